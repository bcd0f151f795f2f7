// Streaming SHA-256 of files and byte streams (pure C++, OpenSSL EVP): backup checksums.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

struct evp_md_ctx_st;

namespace steward {

// Feed it bytes as they come, read the digest at the end. Throws std::runtime_error when OpenSSL
// fails (it does not, short of running out of memory).
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream &) = delete;
  Sha256Stream &operator=(const Sha256Stream &) = delete;

  void Update(const void *data, std::size_t size);
  // The digest in lower-case hexadecimal; the stream cannot be fed after.
  std::string FinalHex();

 private:
  evp_md_ctx_st *context_;
};

// SHA-256 of a whole file, read in 1 MB blocks; std::nullopt (and errno set) when it cannot be
// opened or read. between_blocks, when given, runs after each block (a check for interrupts,
// which may throw).
std::optional<std::string> Sha256OfFile(const std::string &path,
                                        const std::function<void()> &between_blocks = {});

}  // namespace steward
