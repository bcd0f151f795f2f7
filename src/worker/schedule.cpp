// Job schedules (see schedule.hpp): parsing cron expressions and intervals, and finding the next
// due time on the local calendar of a time zone given only by its UTC offsets.
#include "common/cpp_only.hpp"

#include "worker/schedule.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>
#include <optional>
#include <vector>

#include "common/error.hpp"

namespace steward::worker {

namespace {

constexpr const char *kHint =
    "Use 5 cron fields \"minute hour day-of-month month day-of-week\", e.g. '*/5 * * * *' or "
    "'30 2 * * sun', a macro such as '@daily', or an interval such as 'every 30 seconds'.";

[[noreturn]] void Fail(std::string_view text, size_t position, const std::string &what) {
  // The expression and the caret on lines of their own, indented alike, so that they line up
  // whatever the client prints before the first line of the detail.
  std::string detail = "where it fails:\n  ";
  detail += text;
  detail += "\n  ";
  detail += std::string(std::min(position, text.size()), ' ');
  detail += '^';
  throw Error(sqlstate::kInvalidParameterValue,
              "invalid schedule \"" + std::string(text) + "\": " + what, detail, kHint);
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char &c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

struct FieldSpec {
  const char *name;
  int low;
  int high;
  const char *const *names;  // names for low..low+count-1, or nullptr
  int name_count;
  int name_base;  // the value of names[0]
};

constexpr const char *kMonthNames[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                       "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr const char *kDayNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

constexpr FieldSpec kFields[5] = {
    {"minute", 0, 59, nullptr, 0, 0},       {"hour", 0, 23, nullptr, 0, 0},
    {"day of month", 1, 31, nullptr, 0, 0}, {"month", 1, 12, kMonthNames, 12, 1},
    {"day of week", 0, 7, kDayNames, 7, 0},
};

struct Token {
  std::string_view text;
  size_t position;  // in the whole expression
};

// A value of a field: a number or a name, at `position` in `text`.
int ParseValue(std::string_view text, const Token &token, const FieldSpec &spec) {
  const std::string_view value = token.text;
  if (value.empty())
    Fail(text, token.position, std::string("empty value in the ") + spec.name + " field");
  if (std::isdigit(static_cast<unsigned char>(value[0]))) {
    long number = 0;
    for (size_t i = 0; i < value.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(value[i])))
        Fail(text, token.position + i,
             std::string("unexpected character '") + value[i] + "' in the " + spec.name + " field");
      number = number * 10 + (value[i] - '0');
      if (number > 1000000) break;
    }
    if (number < spec.low || number > spec.high)
      Fail(text, token.position,
           std::string(spec.name) + " " + std::string(value) + " is out of range " +
               std::to_string(spec.low) + "-" + std::to_string(spec.high));
    return static_cast<int>(number);
  }
  if (spec.names != nullptr) {
    const std::string lower = Lower(value);
    for (int i = 0; i < spec.name_count; ++i)
      if (lower == spec.names[i]) return spec.name_base + i;
  }
  Fail(text, token.position,
       std::string("\"") + std::string(value) + "\" is not a valid " + spec.name +
           (spec.names != nullptr ? (spec.name_base == 1 ? " (a number 1-12 or JAN-DEC)"
                                                         : " (a number 0-7 or SUN-SAT)")
                                  : " (a number " + std::to_string(spec.low) + "-" +
                                        std::to_string(spec.high) + ")"));
}

// Parses one field into a bit set; `restricted` tells whether it starts with something else
// than '*'; `single` whether it is one plain value.
uint64_t ParseField(std::string_view text, const Token &field, const FieldSpec &spec,
                    bool *restricted, bool *single) {
  uint64_t bits = 0;
  *restricted = field.text.empty() || field.text[0] != '*';
  *single = true;
  size_t start = 0;
  const std::string_view body = field.text;
  while (start <= body.size()) {
    const size_t comma = body.find(',', start);
    const size_t end = comma == std::string_view::npos ? body.size() : comma;
    const Token item{body.substr(start, end - start), field.position + start};
    if (item.text.empty())
      Fail(text, item.position, std::string("empty item in the ") + spec.name + " field");
    if (comma != std::string_view::npos) *single = false;

    std::string_view range = item.text;
    int step = 1;
    const size_t slash = range.find('/');
    if (slash != std::string_view::npos) {
      *single = false;
      const Token step_token{range.substr(slash + 1), item.position + slash + 1};
      if (step_token.text.empty())
        Fail(text, step_token.position,
             std::string("missing step after '/' in the ") + spec.name + " field");
      long number = 0;
      for (size_t i = 0; i < step_token.text.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(step_token.text[i])))
          Fail(text, step_token.position + i,
               std::string("the step in the ") + spec.name + " field must be a number");
        number = std::min(number * 10 + (step_token.text[i] - '0'), 1000000L);
      }
      if (number == 0)
        Fail(text, step_token.position, std::string("a step of 0 in the ") + spec.name + " field");
      step = static_cast<int>(number);
      range = range.substr(0, slash);
    }

    int low = spec.low, high = spec.high;
    if (spec.high == 7) high = 6;  // day of week: 7 is Sunday, covered by 0
    if (range == "*") {
      *single = false;
    } else {
      const size_t dash = range.find('-');
      if (dash == std::string_view::npos) {
        low = ParseValue(text, Token{range, item.position}, spec);
        // "a/n": from a to the end of the range.
        if (slash == std::string_view::npos) high = low;
      } else {
        *single = false;
        low = ParseValue(text, Token{range.substr(0, dash), item.position}, spec);
        high = ParseValue(text, Token{range.substr(dash + 1), item.position + dash + 1}, spec);
        if (low > high)
          Fail(text, item.position,
               std::string("the range ") + std::string(range) + " of the " + spec.name +
                   " field runs backwards");
      }
    }
    for (int value = low; value <= high; value += step) bits |= uint64_t{1} << value;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (spec.high == 7 && (bits & (uint64_t{1} << 7))) bits = (bits | 1) & ~(uint64_t{1} << 7);
  return bits;
}

unsigned DaysInMonth(int64_t year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

struct Macro {
  const char *name;
  const char *expression;
};
constexpr Macro kMacros[] = {{"@yearly", "0 0 1 1 *"},  {"@annually", "0 0 1 1 *"},
                             {"@monthly", "0 0 1 * *"}, {"@weekly", "0 0 * * 0"},
                             {"@daily", "0 0 * * *"},   {"@midnight", "0 0 * * *"},
                             {"@hourly", "0 * * * *"}};

Schedule ParseCron(std::string_view text, std::string_view expression, size_t offset) {
  std::vector<Token> fields;
  size_t i = 0;
  while (i < expression.size()) {
    while (i < expression.size() && std::isspace(static_cast<unsigned char>(expression[i]))) ++i;
    if (i >= expression.size()) break;
    const size_t start = i;
    while (i < expression.size() && !std::isspace(static_cast<unsigned char>(expression[i]))) ++i;
    fields.push_back(Token{expression.substr(start, i - start), offset + start});
  }
  if (fields.size() != 5)
    Fail(text, fields.size() > 5 ? fields[5].position : text.size(),
         "it has " + std::to_string(fields.size()) + " field" + (fields.size() == 1 ? "" : "s") +
             ", a cron expression has 5");
  Schedule schedule;
  bool restricted[5], single[5];
  const uint64_t bits[5] = {ParseField(text, fields[0], kFields[0], &restricted[0], &single[0]),
                            ParseField(text, fields[1], kFields[1], &restricted[1], &single[1]),
                            ParseField(text, fields[2], kFields[2], &restricted[2], &single[2]),
                            ParseField(text, fields[3], kFields[3], &restricted[3], &single[3]),
                            ParseField(text, fields[4], kFields[4], &restricted[4], &single[4])};
  schedule.minutes = bits[0];
  schedule.hours = static_cast<uint32_t>(bits[1]);
  schedule.days_of_month = static_cast<uint32_t>(bits[2]);
  schedule.months = static_cast<uint16_t>(bits[3]);
  schedule.days_of_week = static_cast<uint8_t>(bits[4]);
  schedule.day_of_month_restricted = restricted[2];
  schedule.day_of_week_restricted = restricted[4];
  schedule.fixed_time = single[0] && single[1];
  // A day of month that no chosen month has (30 February), with no day of week to fall back on.
  if (!schedule.day_of_week_restricted || !schedule.day_of_month_restricted) {
    bool possible = false;
    for (unsigned month = 1; month <= 12; ++month)
      for (unsigned day = 1; day <= DaysInMonth(2000, month); ++day)
        possible =
            possible || (((schedule.months >> month) & 1) && ((schedule.days_of_month >> day) & 1));
    if (!possible)
      Fail(text, fields[2].position,
           "no chosen month has that day of month, so it never comes due");
  }
  return schedule;
}

Schedule ParseInterval(std::string_view text, std::string_view rest, size_t offset) {
  size_t i = 0;
  while (i < rest.size() && std::isspace(static_cast<unsigned char>(rest[i]))) ++i;
  const size_t number_start = i;
  int64_t number = 0;
  while (i < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i]))) {
    number = number * 10 + (rest[i] - '0');
    if (number > INT_MAX) Fail(text, offset + number_start, "the interval is too long");
    ++i;
  }
  if (i == number_start)
    Fail(text, offset + number_start, "'every' must be followed by a whole number");
  if (number == 0) Fail(text, offset + number_start, "an interval of 0");
  while (i < rest.size() && std::isspace(static_cast<unsigned char>(rest[i]))) ++i;
  const size_t unit_start = i;
  while (i < rest.size() && !std::isspace(static_cast<unsigned char>(rest[i]))) ++i;
  const std::string unit = Lower(rest.substr(unit_start, i - unit_start));
  while (i < rest.size() && std::isspace(static_cast<unsigned char>(rest[i]))) ++i;
  if (i < rest.size()) Fail(text, offset + i, "unexpected text after the interval's unit");
  int64_t seconds = 0;
  if (unit == "second" || unit == "seconds")
    seconds = 1;
  else if (unit == "minute" || unit == "minutes")
    seconds = 60;
  else if (unit == "hour" || unit == "hours")
    seconds = 3600;
  else if (unit == "day" || unit == "days")
    seconds = 86400;
  else
    Fail(text, offset + unit_start,
         unit.empty() ? std::string("the interval has no unit (seconds, minutes, hours or days)")
                      : "unknown unit \"" + unit + "\" (seconds, minutes, hours or days)");
  if (number * seconds > int64_t{10} * 366 * 86400)
    Fail(text, offset + number_start, "an interval longer than 10 years");
  Schedule schedule;
  schedule.interval_seconds = number * seconds;
  return schedule;
}

// Calendar arithmetic on "local seconds" (wall-clock time counted as if it were UTC).
constexpr int64_t kDay = 86400;

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Civil {
  int64_t year;
  unsigned month, day, hour, minute;
  unsigned weekday;  // 0 = Sunday
};

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

Civil CivilFromLocal(int64_t local) {
  const int64_t days = FloorDiv(local, kDay);
  const int64_t seconds = local - days * kDay;
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  Civil civil;
  civil.year = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
  civil.month = m;
  civil.day = d;
  civil.hour = static_cast<unsigned>(seconds / 3600);
  civil.minute = static_cast<unsigned>((seconds % 3600) / 60);
  civil.weekday =
      static_cast<unsigned>(FloorDiv(days + 4, 7) * -7 + days + 4);  // 1970-01-01: Thursday
  return civil;
}

int64_t LocalFromCivil(int64_t year, unsigned month, unsigned day, unsigned hour, unsigned minute) {
  return DaysFromCivil(year, month, day) * kDay + hour * 3600 + minute * 60;
}

bool DayMatches(const Schedule &s, const Civil &c) {
  const bool dom = (s.days_of_month >> c.day) & 1;
  const bool dow = (s.days_of_week >> c.weekday) & 1;
  if (s.day_of_month_restricted && s.day_of_week_restricted) return dom || dow;
  return dom && dow;
}

// The first local minute at or after `local` (a whole minute) that the cron fields match;
// nullopt when none within the year `limit_year`.
std::optional<int64_t> NextLocalMatch(const Schedule &s, int64_t local, int64_t limit_year) {
  Civil c = CivilFromLocal(local);
  for (;;) {
    if (c.year > limit_year) return std::nullopt;
    if (!((s.months >> c.month) & 1)) {
      c.month == 12 ? (c.year += 1, c.month = 1) : ++c.month;
      c = CivilFromLocal(LocalFromCivil(c.year, c.month, 1, 0, 0));
      continue;
    }
    if (!DayMatches(s, c)) {
      c = CivilFromLocal(LocalFromCivil(c.year, c.month, c.day, 0, 0) + kDay);
      continue;
    }
    if (!((s.hours >> c.hour) & 1)) {
      c = CivilFromLocal(LocalFromCivil(c.year, c.month, c.day, c.hour, 0) + 3600);
      continue;
    }
    if (!((s.minutes >> c.minute) & 1)) {
      c = CivilFromLocal(LocalFromCivil(c.year, c.month, c.day, c.hour, c.minute) + 60);
      continue;
    }
    return LocalFromCivil(c.year, c.month, c.day, c.hour, c.minute);
  }
}

// The UTC instants whose wall-clock time is `local`: one, two (a repeated hour) or none (a
// skipped hour, then `gap_end` is the first instant after it).
struct Instants {
  std::array<int64_t, 2> utc;
  int count;
  int64_t gap_end;
};

Instants ToUtc(int64_t local, const UtcOffset &offset) {
  const int64_t before = offset(local - kDay);
  const int64_t after = offset(local + kDay);
  Instants result{{0, 0}, 0, 0};
  for (const int64_t candidate_offset : {before, after}) {
    const int64_t u = local - candidate_offset;
    if (u + offset(u) != local) continue;
    if (result.count == 1 && result.utc[0] == u) continue;
    result.utc[result.count++] = u;
  }
  if (result.count == 2 && result.utc[0] > result.utc[1]) std::swap(result.utc[0], result.utc[1]);
  if (result.count == 0) {
    // Spring forward: the offset grows from `before` to `after` somewhere in
    // [local - after, local - before]; find the first instant with the new offset.
    int64_t low = local - std::max(before, after) - kDay,
            high = local - std::min(before, after) + kDay;
    const int64_t first_offset = offset(low);
    while (high - low > 1) {
      const int64_t middle = low + (high - low) / 2;
      if (offset(middle) == first_offset && middle + offset(middle) < local)
        low = middle;
      else
        high = middle;
    }
    result.gap_end = high;
  }
  return result;
}

}  // namespace

Schedule ParseSchedule(std::string_view text) {
  size_t start = 0, end = text.size();
  while (start < end && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
  while (end > start && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  const std::string_view body = text.substr(start, end - start);
  if (body.empty()) Fail(text, 0, "it is empty");
  if (body[0] == '@') {
    const std::string lower = Lower(body);
    for (const Macro &macro : kMacros)
      if (lower == macro.name) return ParseCron(macro.expression, macro.expression, 0);
    Fail(text, start,
         "unknown macro " + std::string(body) +
             " (@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly)");
  }
  if (body.size() > 5 && Lower(body.substr(0, 5)) == "every" &&
      std::isspace(static_cast<unsigned char>(body[5])))
    return ParseInterval(text, body.substr(5), start + 5);
  if (Lower(body) == "every") Fail(text, end, "'every' must be followed by a number and a unit");
  return ParseCron(text, body, start);
}

int64_t NextRun(const Schedule &schedule, int64_t after, const UtcOffset &offset) {
  if (schedule.IsInterval()) return after + schedule.interval_seconds;
  const int64_t local_after = after + offset(after);
  const int64_t limit_year = CivilFromLocal(local_after).year + 8;
  // A local time earlier than local_after can still come later in UTC when the clock is set back
  // within the next day (the repeated hour), so the search starts at the earliest wall-clock time
  // still to come.
  int64_t local = FloorDiv(after + std::min(offset(after), offset(after + kDay)), 60) * 60;
  std::optional<int64_t> best;
  int64_t best_local = 0;
  int64_t best_shift = 0;  // how much later a wall-clock time may still come earlier in UTC
  for (;;) {
    const std::optional<int64_t> match = NextLocalMatch(schedule, local, limit_year);
    if (!match) break;
    if (best && *match > best_local + best_shift) break;
    const Instants instants = ToUtc(*match, offset);
    std::optional<int64_t> candidate;
    if (instants.count == 0) {
      if (schedule.fixed_time) candidate = instants.gap_end;  // runs once, when the gap ends
    } else if (schedule.fixed_time) {
      candidate = instants.utc[0];  // a repeated hour: the first occurrence only
    } else {
      for (int i = instants.count - 1; i >= 0; --i)
        if (instants.utc[i] > after) candidate = instants.utc[i];
    }
    if (candidate && *candidate > after && (!best || *candidate < *best)) {
      best = candidate;
      best_local = *match;
      const int64_t here = offset(*best);
      best_shift = std::max({offset(*best - kDay), offset(*best + kDay), here}) - here;
    }
    local = *match + 60;
  }
  if (!best)
    throw Error(
        sqlstate::kInvalidParameterValue,
        "schedule never comes due: no time matches it within 8 years", "",
        "Check the day of month against the month (e.g. '0 0 30 2 *' asks for 30 February).");
  return *best;
}

}  // namespace steward::worker
