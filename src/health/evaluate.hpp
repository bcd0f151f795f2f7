// Pure C++ evaluation of health findings: statuses, thresholds, and the texts users read.
#pragma once


#include <optional>
#include <string>
#include <vector>

namespace steward::health {

enum class Status { kOk = 0, kWarning = 1, kCritical = 2 };

const char *StatusName(Status status);
// Parses "OK", "WARNING", "CRITICAL"; anything else is std::nullopt.
std::optional<Status> ParseStatus(const std::string &text);

// Whether a larger value is worse (connections) or a smaller one (cache hit ratio).
enum class Direction { kAbove, kBelow };

// One row of steward.health_threshold.
struct Threshold {
  std::string check_name;
  std::optional<double> warning;
  std::optional<double> critical;
  bool enabled = true;
  std::string unit;
  Direction direction = Direction::kAbove;
};

// The status a value earns under a threshold: CRITICAL at or beyond `critical`, WARNING at or
// beyond `warning`, OK otherwise (and when the value is unknown).
Status Classify(std::optional<double> value, const Threshold &threshold);

// A value as users read it, in the threshold's unit: "87.5 %", "12 min 5 s", "1.2 GB".
std::string FormatValue(std::optional<double> value, const std::string &unit);

// "warning >= 70 %, critical >= 90 %"; empty when neither level is set.
std::string FormatThreshold(const Threshold &threshold);

// Fills a Boost.Format template with the given arguments (%1%, %2%, ...). Arguments a template
// does not use are allowed; a template that asks for more arguments than given throws Error.
std::string FormatText(const std::string &format, const std::vector<std::string> &arguments);

// One row of steward.check_health().
struct Finding {
  std::string check_name;
  Status status = Status::kOk;
  std::optional<std::string> object, value, threshold, detail, fix;
};

// A check query's row: object, value, minimum status, then the template arguments.
using QueryRow = std::vector<std::optional<std::string>>;

// Turns one query row into a finding: status from the value and the threshold, raised to the
// row's minimum status; detail and fix filled from the templates with the row's arguments.
Finding EvaluateRow(const std::string &check_name, const std::string &detail_format,
                    const std::string &fix_format, const Threshold &threshold, const QueryRow &row);

// Parses a number printed by PostgreSQL (float8 output, "Infinity", "NaN" included).
std::optional<double> ParseNumber(const std::optional<std::string> &text);

}  // namespace steward::health
