// Pure C++ core of the audit trail's tamper evidence: the canonical form of a log row, SHA-256
// and HMAC-SHA-256 (OpenSSL).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/hex.hpp"

namespace steward::audit {

using Digest = std::array<unsigned char, 32>;

// The bytes that a log row's hash covers: every field in order, each written as its length in
// decimal, a colon and its bytes, and a NULL field as a single "N". The encoding is unambiguous
// (no field can run into the next), so no two different rows share a canonical form.
// The fields and their text forms are listed in docs/audit.md; the trigger and verify_audit()
// produce the same texts.
std::string CanonicalRow(const std::vector<std::optional<std::string_view>> &fields);

// Writes the same canonical form field by field into a buffer it keeps (no allocation once the
// buffer has grown): the trigger's hot path.
class CanonicalWriter {
 public:
  void Clear() { bytes_.clear(); }
  void Add(std::string_view field);
  void AddInteger(long long value);  // in decimal
  void AddNull() { bytes_ += 'N'; }
  const std::string &bytes() const { return bytes_; }

 private:
  std::string bytes_;
};

// SHA-256 of the bytes.
Digest Sha256(std::string_view data);

// HMAC-SHA-256 of the bytes under the key.
Digest HmacSha256(std::string_view key, std::string_view data);

// Lower-case hexadecimal (the byte-string forms are in common/hex.hpp).
std::string Hex(const Digest &digest);
using steward::FromHex;
using steward::Hex;

}  // namespace steward::audit
