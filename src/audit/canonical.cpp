// Pure C++ core of the audit trail's tamper evidence (see canonical.hpp).
#include "common/cpp_only.hpp"  // first: this file must not see PostgreSQL headers
#include "audit/canonical.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>
#include <stdexcept>

namespace steward::audit {

void CanonicalWriter::Add(std::string_view field) {
  char length[24];
  const auto end = std::to_chars(length, length + sizeof length, field.size()).ptr;
  bytes_.append(length, end);
  bytes_ += ':';
  bytes_.append(field.data(), field.size());
}

void CanonicalWriter::AddInteger(long long value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  Add(std::string_view(digits, end - digits));
}

std::string CanonicalRow(const std::vector<std::optional<std::string_view>> &fields) {
  CanonicalWriter writer;
  for (const auto &field : fields) {
    if (field)
      writer.Add(*field);
    else
      writer.AddNull();
  }
  return writer.bytes();
}

Digest Sha256(std::string_view data) {
  // Fetched and allocated once: an implicit fetch and a new context on every call cost more
  // than hashing a log row.
  static EVP_MD *const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  static EVP_MD_CTX *const context = EVP_MD_CTX_new();
  Digest digest{};
  unsigned int length = 0;
  if (sha256 == nullptr || context == nullptr || EVP_DigestInit_ex(context, sha256, nullptr) != 1 ||
      EVP_DigestUpdate(context, data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(context, digest.data(), &length) != 1 || length != digest.size())
    throw std::runtime_error("OpenSSL SHA-256 failed");
  return digest;
}

Digest HmacSha256(std::string_view key, std::string_view data) {
  Digest digest{};
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char *>(data.data()), data.size(), digest.data(),
           &length) == nullptr ||
      length != digest.size())
    throw std::runtime_error("OpenSSL HMAC-SHA-256 failed");
  return digest;
}

std::string Hex(const Digest &digest) {
  return Hex(std::string_view(reinterpret_cast<const char *>(digest.data()), digest.size()));
}

}  // namespace steward::audit
