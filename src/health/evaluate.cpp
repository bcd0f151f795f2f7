// Pure C++ evaluation of health findings (see evaluate.hpp).
#include "common/cpp_only.hpp"  // first: this file must not see PostgreSQL headers
#include "health/evaluate.hpp"

#include <boost/format.hpp>
#include <cmath>
#include <cstdlib>

#include "common/error.hpp"

namespace steward::health {

const char *StatusName(Status status) {
  switch (status) {
    case Status::kOk:
      return "OK";
    case Status::kWarning:
      return "WARNING";
    case Status::kCritical:
      return "CRITICAL";
  }
  return "OK";
}

std::optional<Status> ParseStatus(const std::string &text) {
  if (text == "OK") return Status::kOk;
  if (text == "WARNING") return Status::kWarning;
  if (text == "CRITICAL") return Status::kCritical;
  return std::nullopt;
}

namespace {

bool Reaches(double value, double level, Direction direction) {
  return direction == Direction::kAbove ? value >= level : value <= level;
}

// Shortest of "%.0f", "%.1f", "%.2f" that does not lose the value's visible precision.
std::string Number(double value) {
  const double magnitude = std::fabs(value);
  const char *format = magnitude >= 100 || value == std::floor(value) ? "%.0f"
                       : magnitude >= 1                              ? "%.1f"
                                                                     : "%.2f";
  return (boost::format(format) % value).str();
}

std::string Duration(double seconds) {
  if (seconds < 60) return (boost::format("%1% s") % Number(seconds)).str();
  const long long total = std::llround(seconds);
  const long long days = total / 86400, hours = total % 86400 / 3600;
  const long long minutes = total % 3600 / 60, rest = total % 60;
  // Two units at most, and no trailing zero unit: "2 d 3 h", "1 h", "5 min 30 s".
  const auto pair = [](long long big, const char *big_unit, long long small, const char *small_unit) {
    return small == 0 ? (boost::format("%1% %2%") % big % big_unit).str()
                      : (boost::format("%1% %2% %3% %4%") % big % big_unit % small % small_unit).str();
  };
  if (days > 0) return pair(days, "d", hours, "h");
  if (hours > 0) return pair(hours, "h", minutes, "min");
  return pair(minutes, "min", rest, "s");
}

std::string Megabytes(double megabytes) {
  static const char *const kUnits[] = {"MB", "GB", "TB", "PB"};
  if (std::fabs(megabytes) < 1) return (boost::format("%1% kB") % Number(megabytes * 1024)).str();
  std::size_t unit = 0;
  while (std::fabs(megabytes) >= 1024 && unit + 1 < sizeof kUnits / sizeof kUnits[0]) {
    megabytes /= 1024;
    ++unit;
  }
  return (boost::format("%1% %2%") % Number(megabytes) % kUnits[unit]).str();
}

}  // namespace

Status Classify(std::optional<double> value, const Threshold &threshold) {
  if (!value || std::isnan(*value)) return Status::kOk;
  if (threshold.critical && Reaches(*value, *threshold.critical, threshold.direction))
    return Status::kCritical;
  if (threshold.warning && Reaches(*value, *threshold.warning, threshold.direction))
    return Status::kWarning;
  return Status::kOk;
}

std::string FormatValue(std::optional<double> value, const std::string &unit) {
  if (!value) return {};
  if (unit == "s") return Duration(*value);
  if (unit == "MB") return Megabytes(*value);
  if (unit == "%") return Number(*value) + " %";
  if (unit.empty() || unit == "count") return Number(*value);
  return Number(*value) + " " + unit;
}

std::string FormatThreshold(const Threshold &threshold) {
  const char *comparison = threshold.direction == Direction::kAbove ? ">=" : "<=";
  std::string text;
  if (threshold.warning)
    text = (boost::format("warning %1% %2%") % comparison %
            FormatValue(threshold.warning, threshold.unit))
               .str();
  if (threshold.critical) {
    if (!text.empty()) text += ", ";
    text += (boost::format("critical %1% %2%") % comparison %
             FormatValue(threshold.critical, threshold.unit))
                .str();
  }
  return text;
}

std::string FormatText(const std::string &format, const std::vector<std::string> &arguments) {
  try {
    boost::format formatter(format);
    formatter.exceptions(boost::io::all_error_bits ^ boost::io::too_many_args_bit);
    for (const std::string &argument : arguments) formatter % argument;
    return formatter.str();
  } catch (const boost::io::format_error &error) {
    throw Error(sqlstate::kInternalError,
                (boost::format("pg_steward text template \"%1%\" cannot be filled with %2% "
                               "arguments: %3%") %
                 format % arguments.size() % error.what())
                    .str());
  }
}

Finding EvaluateRow(const std::string &check_name, const std::string &detail_format,
                    const std::string &fix_format, const Threshold &threshold, const QueryRow &row) {
  if (row.size() < 3)
    throw Error(sqlstate::kInternalError,
                (boost::format("health check \"%1%\" returned %2% columns, expected at least 3") %
                 check_name % row.size())
                    .str());
  const std::optional<double> value = ParseNumber(row[1]);
  Status status = Classify(value, threshold);
  if (row[2]) {
    const std::optional<Status> minimum = ParseStatus(*row[2]);
    if (!minimum)
      throw Error(sqlstate::kInternalError,
                  (boost::format("health check \"%1%\" returned unknown status \"%2%\"") %
                   check_name % *row[2])
                      .str());
    if (*minimum > status) status = *minimum;
  }
  std::vector<std::string> arguments;
  for (std::size_t i = 3; i < row.size(); ++i) arguments.push_back(row[i].value_or(""));

  Finding finding;
  finding.check_name = check_name;
  finding.status = status;
  finding.object = row[0];
  if (value) finding.value = FormatValue(value, threshold.unit);
  const std::string threshold_text = FormatThreshold(threshold);
  if (!threshold_text.empty()) finding.threshold = threshold_text;
  finding.detail = FormatText(detail_format, arguments);
  finding.fix = FormatText(fix_format, arguments);
  return finding;
}

std::optional<double> ParseNumber(const std::optional<std::string> &text) {
  if (!text || text->empty()) return std::nullopt;
  char *end = nullptr;
  const double value = std::strtod(text->c_str(), &end);
  if (end == text->c_str()) return std::nullopt;
  return value;
}

}  // namespace steward::health
