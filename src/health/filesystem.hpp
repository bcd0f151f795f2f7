// Filesystem usage of a path, as df reports it (pure C++, POSIX statvfs).
#pragma once


#include <cstdint>
#include <optional>
#include <string>

namespace steward::health {

struct FilesystemUsage {
  std::uint64_t total_bytes;      // usable by unprivileged users: used + available
  std::uint64_t available_bytes;  // free for unprivileged users
  double used_percent;            // as df's Use%
};

// std::nullopt when the path cannot be examined (missing, no permission).
std::optional<FilesystemUsage> MeasureFilesystem(const std::string &path);

// "1.5 GB", "512 MB", "12 kB"
std::string HumanBytes(std::uint64_t bytes);

}  // namespace steward::health
