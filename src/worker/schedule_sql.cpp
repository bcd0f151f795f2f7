// SQL functions of the scheduler that need no background worker: steward.next_run(), and the
// trigger and function that wake the scheduler.
#include "pg/arguments.hpp"
#include "pg/boundary.hpp"
#include "worker/scheduler.hpp"
#include "worker/schedule.hpp"

extern "C" {
#include "commands/trigger.h"
#include "pgtime.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/timestamp.h"
}

namespace steward::worker {

namespace {

constexpr int64_t kUnixEpochInPostgresSeconds =
    static_cast<int64_t>(POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY;

Datum NextRunSql(FunctionCallInfo fcinfo) {
  const std::string text = *pg::TextArgument(fcinfo, 0);
  const TimestampTz after = PG_GETARG_TIMESTAMPTZ(1);
  const Schedule schedule = ParseSchedule(text);
  // The server's time zone: the reset value of TimeZone (postgresql.conf, ALTER DATABASE or
  // ALTER ROLE), which is what the scheduler's own session uses; a SET in this session does not
  // move the schedule.
  pg_tz *zone = pg::Call([] {
    const char *name = GetConfigOptionResetString("TimeZone");
    pg_tz *found = pg_tzset(name);
    return found != nullptr ? found : session_timezone;
  });
  const int64_t next = NextRun(schedule, UnixSeconds(after), ZoneOffset(zone));
  return TimestampTzGetDatum(FromUnixSeconds(next));
}

Datum JobChangedSql(FunctionCallInfo fcinfo) {
  if (!CALLED_AS_TRIGGER(fcinfo))
    throw Error(sqlstate::kObjectNotInPrerequisiteState,
                "steward.job_changed() is a trigger function");
  const Oid relation =
      RelationGetRelid(reinterpret_cast<TriggerData *>(fcinfo->context)->tg_relation);
  pg::Call([relation] { CacheInvalidateRelcacheByRelid(relation); });
  WakeSchedulerAtCommit();
  return PointerGetDatum(nullptr);
}

Datum WakeSchedulerSql(FunctionCallInfo) {
  WakeSchedulerAtCommit();
  PG_RETURN_VOID();
}

}  // namespace

int64_t UnixSeconds(TimestampTz timestamp) {
  // Floor division: timestamps before 2000 are negative.
  int64_t seconds = timestamp / USECS_PER_SEC;
  if (timestamp % USECS_PER_SEC < 0) --seconds;
  return seconds + kUnixEpochInPostgresSeconds;
}

TimestampTz FromUnixSeconds(int64_t seconds) {
  return (seconds - kUnixEpochInPostgresSeconds) * USECS_PER_SEC;
}

UtcOffset ZoneOffset(pg_tz *zone) {
  return [zone](int64_t utc_seconds) -> int64_t {
    const pg_time_t time = utc_seconds;
    const struct pg_tm *local = pg_localtime(&time, zone);
    return local != nullptr ? local->tm_gmtoff : 0;
  };
}

}  // namespace steward::worker

STEWARD_SQL_FUNCTION(steward_next_run, steward::worker::NextRunSql)
STEWARD_SQL_FUNCTION(steward_job_changed, steward::worker::JobChangedSql)
STEWARD_SQL_FUNCTION(steward_wake_scheduler, steward::worker::WakeSchedulerSql)
