#include "common/cpp_only.hpp"  // first: this file must not see PostgreSQL headers
#include "common/sha256.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <vector>

#include "common/hex.hpp"

namespace steward {

Sha256Stream::Sha256Stream() : context_(EVP_MD_CTX_new()) {
  if (context_ == nullptr || EVP_DigestInit_ex(context_, EVP_sha256(), nullptr) != 1) {
    EVP_MD_CTX_free(context_);
    throw std::runtime_error("OpenSSL SHA-256 failed to start");
  }
}

Sha256Stream::~Sha256Stream() { EVP_MD_CTX_free(context_); }

void Sha256Stream::Update(const void *data, std::size_t size) {
  if (EVP_DigestUpdate(context_, data, size) != 1)
    throw std::runtime_error("OpenSSL SHA-256 failed");
}

std::string Sha256Stream::FinalHex() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(context_, digest, &length) != 1)
    throw std::runtime_error("OpenSSL SHA-256 failed");
  return Hex(std::string_view(reinterpret_cast<const char *>(digest), length));
}

namespace {
// Closes the file however the reading ends (between_blocks may throw).
struct FileDescriptor {
  int fd;
  ~FileDescriptor() {
    if (fd >= 0) close(fd);
  }
};
}  // namespace

std::optional<std::string> Sha256OfFile(const std::string &path,
                                        const std::function<void()> &between_blocks) {
  const FileDescriptor file{open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) return std::nullopt;
  Sha256Stream stream;
  std::vector<char> buffer(1 << 20);
  for (;;) {
    const ssize_t n = read(file.fd, buffer.data(), buffer.size());
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::nullopt;
    }
    stream.Update(buffer.data(), static_cast<std::size_t>(n));
    if (between_blocks) between_blocks();
  }
  return stream.FinalHex();
}

}  // namespace steward
