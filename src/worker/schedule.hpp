// Job schedules (pure C++): 5-field cron expressions and fixed intervals, and the next time a
// schedule is due in a time zone given as a UTC-offset function, with defined behaviour across
// daylight-saving changes.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace steward::worker {

// Seconds east of UTC in effect at a UTC instant (seconds since 1970-01-01 00:00 UTC). The
// server passes its time zone (PostgreSQL's pg_localtime); tests pass the C library's zones.
using UtcOffset = std::function<int64_t(int64_t utc_seconds)>;

struct Schedule {
  // Either a fixed interval ("every 30 seconds") or a cron expression.
  int64_t interval_seconds = 0;  // > 0 for an interval schedule, 0 for cron

  // Cron fields as bit sets: bit n set when value n matches.
  uint64_t minutes = 0;        // 0-59
  uint32_t hours = 0;          // 0-23
  uint32_t days_of_month = 0;  // 1-31
  uint16_t months = 0;         // 1-12
  uint8_t days_of_week = 0;    // 0-6, Sunday = 0 (7 is accepted as Sunday)
  // Standard cron: when both day fields are restricted (neither is '*'), a day matches if
  // either field matches; otherwise both must.
  bool day_of_month_restricted = false;
  bool day_of_week_restricted = false;
  // Minute and hour both single values (e.g. "30 2 * * *"): the job is at a fixed wall-clock
  // time, which decides what happens across daylight-saving changes (see NextRun).
  bool fixed_time = false;

  bool IsInterval() const { return interval_seconds > 0; }
};

// Parses a schedule:
//   - cron: 5 fields "minute hour day-of-month month day-of-week", each '*', a value, a range
//     "a-b", a step "*/n" or "a-b/n" or "a/n", or a comma list of those; month names JAN-DEC and
//     day names SUN-SAT (any case); the macros @yearly @annually @monthly @weekly @daily
//     @midnight @hourly;
//   - interval: "every N second(s)|minute(s)|hour(s)|day(s)" (also "sec", "min", "h", "d"
//     abbreviations are NOT accepted: spell the unit), N a positive integer.
// Throws steward::Error with SQLSTATE 22023 (invalid_parameter_value) whose message names the
// expression and the offending field or token, whose detail shows where it fails (the text with a
// caret under the position), and whose hint gives an example.
Schedule ParseSchedule(std::string_view text);

// The first time strictly after `after` (UTC seconds) at which the schedule is due, in the zone
// given by `offset`; cron schedules are due at whole minutes of local wall-clock time.
//   - Interval schedules: after + interval_seconds (time zones do not matter).
//   - Spring forward (a local hour does not exist): a fixed-time job whose time falls in the gap
//     runs once, at the first instant after the gap; other jobs simply have no runs in the gap.
//   - Fall back (a local hour happens twice): a fixed-time job runs once, at the first
//     occurrence; other jobs run in both occurrences (every 5 minutes stays every 5 minutes).
// Throws steward::Error when no time matches within 8 years (e.g. "0 0 30 2 *").
int64_t NextRun(const Schedule &schedule, int64_t after, const UtcOffset &offset);

}  // namespace steward::worker
