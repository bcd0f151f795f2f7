// Filesystem usage of a path (see filesystem.hpp).
#include "common/cpp_only.hpp"  // first: this file must not see PostgreSQL headers
#include "health/filesystem.hpp"

#include <sys/statvfs.h>

#include <boost/format.hpp>

namespace steward::health {

std::optional<FilesystemUsage> MeasureFilesystem(const std::string &path) {
  struct statvfs info {};
  if (statvfs(path.c_str(), &info) != 0) return std::nullopt;
  const std::uint64_t block = info.f_frsize ? info.f_frsize : info.f_bsize;
  const std::uint64_t used = (info.f_blocks - info.f_bfree) * block;
  const std::uint64_t available = info.f_bavail * block;
  const std::uint64_t total = used + available;
  if (total == 0) return std::nullopt;
  return FilesystemUsage{total, available, 100.0 * static_cast<double>(used) / static_cast<double>(total)};
}

std::string HumanBytes(std::uint64_t bytes) {
  static const char *const kUnits[] = {"bytes", "kB", "MB", "GB", "TB", "PB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < sizeof kUnits / sizeof kUnits[0]) {
    value /= 1024;
    ++unit;
  }
  return unit == 0 ? (boost::format("%1% bytes") % bytes).str()
                   : (boost::format("%.1f %s") % value % kUnits[unit]).str();
}

}  // namespace steward::health
