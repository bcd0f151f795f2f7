// GoogleTest tests of job schedules (src/worker/schedule.hpp): cron and interval parsing, errors
// that point at the fault, and next due times in real time zones across daylight-saving changes.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <string>

#include "common/error.hpp"
#include "worker/schedule.hpp"

namespace steward::worker {
namespace {

// UTC seconds of a UTC date and time.
int64_t Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<int64_t>(timegm(&tm));
}

const UtcOffset kUtc = [](int64_t) -> int64_t { return 0; };

// The offsets of a zone of the C library's tz database (setting TZ for the call).
UtcOffset Zone(const std::string &name) {
  return [name](int64_t utc) -> int64_t {
    const char *saved = std::getenv("TZ");
    const std::string restore = saved != nullptr ? saved : "";
    setenv("TZ", name.c_str(), 1);
    tzset();
    const std::time_t time = static_cast<std::time_t>(utc);
    std::tm local{};
    localtime_r(&time, &local);
    if (saved != nullptr)
      setenv("TZ", restore.c_str(), 1);
    else
      unsetenv("TZ");
    tzset();
    return local.tm_gmtoff;
  };
}

// Every run in [from, to), in order.
std::vector<int64_t> Runs(const std::string &text, int64_t from, int64_t to,
                          const UtcOffset &zone) {
  const Schedule schedule = ParseSchedule(text);
  std::vector<int64_t> runs;
  for (int64_t t = NextRun(schedule, from - 1, zone); t < to; t = NextRun(schedule, t, zone))
    runs.push_back(t);
  return runs;
}

// The error ParseSchedule throws (fails the test when none).
Error ParseError(const std::string &text) {
  try {
    ParseSchedule(text);
  } catch (const Error &error) {
    return error;
  }
  ADD_FAILURE() << "no error for \"" << text << "\"";
  return Error("00000", "");
}

// The column of the caret in an error's detail.
size_t CaretColumn(const Error &error) {
  const std::string &detail = error.Detail();
  const size_t newline = detail.rfind('\n');
  return detail.find('^', newline) - newline - 3;  // the lines are indented by 2
}

TEST(WorkerSchedule, ParsesCronFields) {
  const Schedule s = ParseSchedule("*/15 0-6/2 1,15 jan-MAR,12 mon-fri");
  EXPECT_FALSE(s.IsInterval());
  EXPECT_EQ(s.minutes, (1ull << 0) | (1ull << 15) | (1ull << 30) | (1ull << 45));
  EXPECT_EQ(s.hours, (1u << 0) | (1u << 2) | (1u << 4) | (1u << 6));
  EXPECT_EQ(s.days_of_month, (1u << 1) | (1u << 15));
  EXPECT_EQ(s.months, (1u << 1) | (1u << 2) | (1u << 3) | (1u << 12));
  EXPECT_EQ(s.days_of_week, 0b0111110);
  EXPECT_TRUE(s.day_of_month_restricted);
  EXPECT_TRUE(s.day_of_week_restricted);
  EXPECT_FALSE(s.fixed_time);
}

TEST(WorkerSchedule, StepFromAValueRunsToTheEnd) {
  EXPECT_EQ(ParseSchedule("50/5 * * * *").minutes, (1ull << 50) | (1ull << 55));
  EXPECT_EQ(ParseSchedule("* * * * 7").days_of_week, 1u);            // 7 is Sunday
  EXPECT_EQ(ParseSchedule("* * * * 5-7").days_of_week, 0b1100001u);  // Fri, Sat, Sun
}

TEST(WorkerSchedule, FixedTimeAndRestrictedDays) {
  EXPECT_TRUE(ParseSchedule("30 2 * * *").fixed_time);
  EXPECT_FALSE(ParseSchedule("30 2,3 * * *").fixed_time);
  EXPECT_FALSE(ParseSchedule("30 * * * *").fixed_time);
  EXPECT_FALSE(ParseSchedule("*/30 2 * * *").fixed_time);
  const Schedule s = ParseSchedule("0 0 * * sun");
  EXPECT_FALSE(s.day_of_month_restricted);
  EXPECT_TRUE(s.day_of_week_restricted);
}

TEST(WorkerSchedule, MacrosAndIntervals) {
  EXPECT_EQ(NextRun(ParseSchedule("@hourly"), Utc(2026, 1, 1, 10, 5), kUtc), Utc(2026, 1, 1, 11));
  EXPECT_EQ(NextRun(ParseSchedule("@DAILY"), Utc(2026, 1, 1, 10, 5), kUtc), Utc(2026, 1, 2));
  EXPECT_EQ(NextRun(ParseSchedule("@midnight"), Utc(2026, 1, 1, 10, 5), kUtc), Utc(2026, 1, 2));
  EXPECT_EQ(NextRun(ParseSchedule("@weekly"), Utc(2026, 1, 1), kUtc), Utc(2026, 1, 4));  // Sunday
  EXPECT_EQ(NextRun(ParseSchedule("@monthly"), Utc(2026, 1, 31), kUtc), Utc(2026, 2, 1));
  EXPECT_EQ(NextRun(ParseSchedule("@yearly"), Utc(2026, 1, 1), kUtc), Utc(2027, 1, 1));
  EXPECT_EQ(NextRun(ParseSchedule("@annually"), Utc(2026, 1, 1), kUtc), Utc(2027, 1, 1));
  EXPECT_EQ(ParseSchedule("every 30 seconds").interval_seconds, 30);
  EXPECT_EQ(ParseSchedule("  EVERY  1   minute ").interval_seconds, 60);
  EXPECT_EQ(ParseSchedule("every 2 hours").interval_seconds, 7200);
  EXPECT_EQ(ParseSchedule("every 1 day").interval_seconds, 86400);
  EXPECT_EQ(NextRun(ParseSchedule("every 45 seconds"), 1000, kUtc), 1045);
}

TEST(WorkerSchedule, ErrorsNameTheFaultAndPointAtIt) {
  Error e = ParseError("*/5 25 * * *");
  EXPECT_EQ(e.SqlState(), "22023");
  EXPECT_NE(
      std::string(e.what()).find("invalid schedule \"*/5 25 * * *\": hour 25 is out of range 0-23"),
      std::string::npos)
      << e.what();
  EXPECT_EQ(CaretColumn(e), 4u);
  EXPECT_NE(e.Hint().find("'*/5 * * * *'"), std::string::npos);

  e = ParseError("* * *");
  EXPECT_NE(std::string(e.what()).find("3 fields"), std::string::npos) << e.what();
  e = ParseError("* * * * * *");
  EXPECT_NE(std::string(e.what()).find("6 fields"), std::string::npos);
  EXPECT_EQ(CaretColumn(e), 10u);

  e = ParseError("0 0 * * 5-3");
  EXPECT_NE(std::string(e.what()).find("runs backwards"), std::string::npos);
  EXPECT_EQ(CaretColumn(e), 8u);
  e = ParseError("*/0 * * * *");
  EXPECT_NE(std::string(e.what()).find("a step of 0"), std::string::npos);
  EXPECT_EQ(CaretColumn(e), 2u);
  e = ParseError("1,,2 * * * *");
  EXPECT_NE(std::string(e.what()).find("empty item"), std::string::npos);
  EXPECT_EQ(CaretColumn(e), 2u);
  e = ParseError("0 0 * foo *");
  EXPECT_NE(std::string(e.what()).find("\"foo\" is not a valid month"), std::string::npos);
  EXPECT_EQ(CaretColumn(e), 6u);
  e = ParseError("0 0 * * 8");
  EXPECT_NE(std::string(e.what()).find("day of week 8 is out of range 0-7"), std::string::npos);
  e = ParseError("0 0 0 * *");
  EXPECT_NE(std::string(e.what()).find("day of month 0 is out of range 1-31"), std::string::npos);
  e = ParseError("0 1x * * *");
  EXPECT_NE(std::string(e.what()).find("unexpected character 'x'"), std::string::npos);
  EXPECT_EQ(CaretColumn(e), 3u);
  e = ParseError("0 0 30 2 *");
  EXPECT_NE(std::string(e.what()).find("never comes due"), std::string::npos);
  e = ParseError("0 0 31 4,6,9,11 *");
  EXPECT_NE(std::string(e.what()).find("never comes due"), std::string::npos);
  e = ParseError("");
  EXPECT_NE(std::string(e.what()).find("empty"), std::string::npos);
  e = ParseError("@fortnightly");
  EXPECT_NE(std::string(e.what()).find("unknown macro"), std::string::npos);
}

TEST(WorkerSchedule, IntervalErrors) {
  Error e = ParseError("every 0 seconds");
  EXPECT_NE(std::string(e.what()).find("an interval of 0"), std::string::npos);
  EXPECT_EQ(CaretColumn(e), 6u);
  e = ParseError("every 5 fortnights");
  EXPECT_NE(std::string(e.what()).find("unknown unit \"fortnights\""), std::string::npos);
  EXPECT_EQ(CaretColumn(e), 8u);
  e = ParseError("every five minutes");
  EXPECT_NE(std::string(e.what()).find("whole number"), std::string::npos);
  e = ParseError("every 5");
  EXPECT_NE(std::string(e.what()).find("no unit"), std::string::npos);
  e = ParseError("every 5 minutes please");
  EXPECT_NE(std::string(e.what()).find("unexpected text"), std::string::npos);
  e = ParseError("every 99999999999 seconds");
  EXPECT_NE(std::string(e.what()).find("too long"), std::string::npos);
  e = ParseError("every 5000 days");
  EXPECT_NE(std::string(e.what()).find("longer than 10 years"), std::string::npos);
  ParseError("every");
}

TEST(WorkerSchedule, NextRunInUtc) {
  EXPECT_EQ(NextRun(ParseSchedule("*/5 * * * *"), Utc(2026, 1, 1, 10, 2, 30), kUtc),
            Utc(2026, 1, 1, 10, 5));
  EXPECT_EQ(NextRun(ParseSchedule("*/5 * * * *"), Utc(2026, 1, 1, 10, 5), kUtc),
            Utc(2026, 1, 1, 10, 10));
  EXPECT_EQ(NextRun(ParseSchedule("59 23 31 12 *"), Utc(2026, 1, 1), kUtc),
            Utc(2026, 12, 31, 23, 59));
  EXPECT_EQ(NextRun(ParseSchedule("0 0 31 * *"), Utc(2026, 4, 1), kUtc), Utc(2026, 5, 31));
  EXPECT_EQ(NextRun(ParseSchedule("0 0 29 2 *"), Utc(2026, 1, 1), kUtc), Utc(2028, 2, 29));
  EXPECT_EQ(NextRun(ParseSchedule("0 0 29 2 *"), Utc(2096, 3, 1), kUtc),
            Utc(2104, 2, 29));  // 2100 is not leap
  EXPECT_EQ(NextRun(ParseSchedule("0 9 * * mon-fri"), Utc(2026, 1, 2, 10), kUtc),
            Utc(2026, 1, 5, 9));
  // Day of month OR day of week when both are restricted: the 13th, or any Friday.
  EXPECT_EQ(Runs("0 0 13 * fri", Utc(2026, 2, 1), Utc(2026, 2, 28), kUtc),
            (std::vector<int64_t>{Utc(2026, 2, 6), Utc(2026, 2, 13), Utc(2026, 2, 20),
                                  Utc(2026, 2, 27)}));
  // Only one restricted: both must match ("*/2" starts with '*': not restricted).
  EXPECT_EQ(Runs("0 0 */10 * fri", Utc(2026, 1, 1), Utc(2026, 12, 31), kUtc).size(), 5u);
  EXPECT_EQ(NextRun(ParseSchedule("0 0 1 1 *"), Utc(2026, 12, 31, 23, 59, 59), kUtc),
            Utc(2027, 1, 1));
}

// Europe/Berlin, 2026: spring forward 29 March 02:00 CET -> 03:00 CEST (01:00 UTC); fall back
// 25 October 03:00 CEST -> 02:00 CET (01:00 UTC).
TEST(WorkerSchedule, SpringForwardFixedTimeRunsOnceWhenTheGapEnds) {
  const UtcOffset berlin = Zone("Europe/Berlin");
  // 02:30 does not exist that night: the job runs at 03:00 CEST (01:00 UTC), once.
  EXPECT_EQ(Runs("30 2 * * *", Utc(2026, 3, 28, 12), Utc(2026, 3, 30, 12), berlin),
            (std::vector<int64_t>{Utc(2026, 3, 29, 1), Utc(2026, 3, 30, 0, 30)}));
}

TEST(WorkerSchedule, SpringForwardWildcardJobsSkipTheMissingHour) {
  const UtcOffset berlin = Zone("Europe/Berlin");
  const std::vector<int64_t> runs =
      Runs("*/15 * * * *", Utc(2026, 3, 29, 0, 30), Utc(2026, 3, 29, 1, 31), berlin);
  // 01:30 01:45 CET, then 03:00 03:15 03:30 CEST: every 15 real minutes, none lost or doubled.
  EXPECT_EQ(runs, (std::vector<int64_t>{Utc(2026, 3, 29, 0, 30), Utc(2026, 3, 29, 0, 45),
                                        Utc(2026, 3, 29, 1), Utc(2026, 3, 29, 1, 15),
                                        Utc(2026, 3, 29, 1, 30)}));
  // An hourly job has no 02:00 run that night.
  EXPECT_EQ(Runs("0 * * * *", Utc(2026, 3, 28, 23), Utc(2026, 3, 29, 2, 1), berlin),
            (std::vector<int64_t>{Utc(2026, 3, 28, 23), Utc(2026, 3, 29, 0), Utc(2026, 3, 29, 1),
                                  Utc(2026, 3, 29, 2)}));
}

TEST(WorkerSchedule, FallBackFixedTimeRunsOnceAtTheFirstOccurrence) {
  const UtcOffset berlin = Zone("Europe/Berlin");
  // 02:30 happens twice: 00:30 UTC (CEST) and 01:30 UTC (CET). Only the first counts.
  EXPECT_EQ(Runs("30 2 * * *", Utc(2026, 10, 24, 12), Utc(2026, 10, 26, 12), berlin),
            (std::vector<int64_t>{Utc(2026, 10, 25, 0, 30), Utc(2026, 10, 26, 1, 30)}));
}

TEST(WorkerSchedule, FallBackWildcardJobsRunInBothPasses) {
  const UtcOffset berlin = Zone("Europe/Berlin");
  const std::vector<int64_t> runs =
      Runs("*/15 * * * *", Utc(2026, 10, 24, 23, 45), Utc(2026, 10, 25, 1, 31), berlin);
  std::vector<int64_t> expected;
  for (int64_t t = Utc(2026, 10, 24, 23, 45); t < Utc(2026, 10, 25, 1, 31); t += 900)
    expected.push_back(t);
  EXPECT_EQ(runs, expected);  // every 15 real minutes through both 02:xx passes
  // An hourly job runs at 02:00 CEST and again at 02:00 CET.
  EXPECT_EQ(
      Runs("0 * * * *", Utc(2026, 10, 24, 23, 30), Utc(2026, 10, 25, 2, 30), berlin),
      (std::vector<int64_t>{Utc(2026, 10, 25, 0), Utc(2026, 10, 25, 1), Utc(2026, 10, 25, 2)}));
}

TEST(WorkerSchedule, NewYorkAndLordHowe) {
  // New York, 8 March 2026: 02:00 EST -> 03:00 EDT (07:00 UTC).
  const UtcOffset new_york = Zone("America/New_York");
  EXPECT_EQ(NextRun(ParseSchedule("15 2 * * *"), Utc(2026, 3, 8, 5), new_york), Utc(2026, 3, 8, 7));
  EXPECT_EQ(NextRun(ParseSchedule("15 2 * * *"), Utc(2026, 3, 8, 7), new_york),
            Utc(2026, 3, 9, 6, 15));
  // 1 November 2026: 02:00 EDT -> 01:00 EST (06:00 UTC); 01:30 happens at 05:30 and 06:30 UTC.
  EXPECT_EQ(Runs("30 1 * * *", Utc(2026, 10, 31, 12), Utc(2026, 11, 2, 12), new_york),
            (std::vector<int64_t>{Utc(2026, 11, 1, 5, 30), Utc(2026, 11, 2, 6, 30)}));
  // Lord Howe moves its clock by 30 minutes: 5 April 2026 02:00 (+11) -> 01:30 (+10:30).
  const UtcOffset lord_howe = Zone("Australia/Lord_Howe");
  EXPECT_EQ(Runs("45 1 * * *", Utc(2026, 4, 4, 6), Utc(2026, 4, 5, 20), lord_howe),
            (std::vector<int64_t>{Utc(2026, 4, 4, 14, 45), Utc(2026, 4, 5, 15, 15)}));
  // 01:30-02:00 happens twice: */20 runs at 01:40 in both passes, then 02:00 once.
  EXPECT_EQ(Runs("*/20 * * * *", Utc(2026, 4, 4, 14, 40), Utc(2026, 4, 4, 15, 41), lord_howe),
            (std::vector<int64_t>{Utc(2026, 4, 4, 14, 40), Utc(2026, 4, 4, 15, 10),
                                  Utc(2026, 4, 4, 15, 30)}));
  // Its spring forward, 4 October 2026 02:00 (+10:30) -> 02:30 (+11): 02:10 does not exist.
  EXPECT_EQ(NextRun(ParseSchedule("10 2 * * *"), Utc(2026, 10, 3, 12), lord_howe),
            Utc(2026, 10, 3, 15, 30));
}

TEST(WorkerSchedule, ZoneWithoutDaylightSaving) {
  const UtcOffset tokyo = Zone("Asia/Tokyo");
  EXPECT_EQ(NextRun(ParseSchedule("0 9 * * *"), Utc(2026, 3, 29), tokyo), Utc(2026, 3, 30, 0));
}

TEST(WorkerSchedule, NextRunIsFast) {
  const UtcOffset berlin = Zone("Europe/Berlin");
  for (const char *text : {"0 0 29 2 *", "*/5 * * * *"}) {
    const Schedule schedule = ParseSchedule(text);
    const auto start = std::chrono::steady_clock::now();
    int64_t t = Utc(2026, 1, 1);
    for (int i = 0; i < 10000; ++i) t = NextRun(schedule, Utc(2026, 1, 1) + i * 3600, kUtc);
    const auto utc_us = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - start)
                            .count();
    const auto zone_start = std::chrono::steady_clock::now();
    for (int i = 0; i < 1000; ++i) t = NextRun(schedule, Utc(2026, 1, 1) + i * 3600, berlin);
    const auto zone_us = std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::steady_clock::now() - zone_start)
                             .count();
    std::cout << "NextRun(\"" << text << "\"): " << utc_us / 10000.0 << " us per call in UTC, "
              << zone_us / 1000.0 << " us per call in Europe/Berlin (libc offsets) (last " << t
              << ")\n";
  }
}

}  // namespace
}  // namespace steward::worker
