// The background workers of the scheduler (src/worker/): a launcher per cluster, a scheduler per
// database with pg_steward, a worker per job run; and what SQL functions share with them.
#pragma once

#include "pg/postgres.hpp"

#include "worker/schedule.hpp"

extern "C" {
#include "pgtime.h"
}

namespace steward::worker {

// Conversions between PostgreSQL timestamps and Unix seconds (what schedule.hpp counts in).
int64_t UnixSeconds(TimestampTz timestamp);
TimestampTz FromUnixSeconds(int64_t seconds);
// The UTC offset function of a PostgreSQL time zone.
UtcOffset ZoneOffset(pg_tz *zone);

// When the current transaction commits, wakes this database's scheduler so that it reloads its
// jobs, or the launcher when the database has no scheduler yet (called when steward.job changes).
void WakeSchedulerAtCommit();

// Registers the launcher (a static background worker); called by InstallBackgroundWorker.
void RegisterLauncher();

// Main functions of the three kinds of background worker (launcher.cpp, scheduler.cpp,
// job_worker.cpp), named in their BackgroundWorker entries.
extern "C" {
PGDLLEXPORT void steward_launcher_main(Datum argument);
PGDLLEXPORT void steward_scheduler_main(Datum database);
PGDLLEXPORT void steward_job_worker_main(Datum run_id);
}

// What a job worker gets from its scheduler (in bgw_extra).
struct JobWorkerArguments {
  Oid database;
  Oid owner;
  int64 run_id;
  int64 timeout_ms;
};

}  // namespace steward::worker
