// The scheduler of one database: reads steward.job, starts each due run in a job worker of its own
// (at most steward.max_job_workers at a time), cancels runs past their timeout, retries failures
// with exponential backoff, applies the overlap policy, marks runs a crash left 'running' as
// failed, and purges old history. All state changes of runs are SQL on steward.job_run, made
// through steward.finish_job_run() once a run has started.
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "pg/boundary.hpp"
#include "pg/spi.hpp"
#include "pg_steward.hpp"
#include "worker/scheduler.hpp"
#include "worker/shared.hpp"

extern "C" {
#include "access/xact.h"
#include "catalog/namespace.h"
#include "commands/dbcommands.h"
#include "commands/extension.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "postmaster/bgworker.h"
#include "postmaster/interrupt.h"
#include "storage/ipc.h"
#include "storage/latch.h"
#include "storage/proc.h"
#include "storage/procarray.h"
#include "tcop/tcopprot.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"
}

namespace steward::worker {

namespace {

constexpr long kLongestWaitMs = 10000;
constexpr long kTimeoutGraceMs = 10000;  // after the job's own timer, the scheduler terminates it
constexpr long kPurgeIntervalMs = 3600 * 1000L;
constexpr long kErrorPauseMs = 10000;

struct Job {
  int64 id = 0;
  std::string name;
  std::string schedule_text;
  Schedule schedule;
  bool enabled = true;
  int64 timeout_ms = 0;
  int max_retries = 0;
  int64 backoff_ms = 0;
  bool queue_overlap = false;
  Oid owner = InvalidOid;
  TimestampTz next_due = 0;
  bool present = true;  // still in steward.job

  // The run in progress (run_id 0: none). A run inherited from an earlier scheduler has no
  // handle; it is watched through its process ID.
  int64 run_id = 0;
  int attempt = 0;
  BackgroundWorkerHandle *handle = nullptr;
  pid_t pid = 0;
  TimestampTz run_started = 0;
  bool terminated = false;  // the scheduler stopped it at its timeout

  bool queued = false;    // due while running, overlap = queue
  int retry_attempt = 0;  // > 0: a retry with this attempt number is pending
  TimestampTz retry_at = 0;
};

std::vector<Job> *jobs = nullptr;  // lives as long as the process (never destroyed)
Oid job_table = InvalidOid;
volatile bool jobs_changed = true;

void OnRelationChange(Datum, Oid relation) {
  if (relation == job_table || relation == InvalidOid) jobs_changed = true;
}

TimestampTz Now() { return GetCurrentTimestamp(); }

int64 MillisecondsUntil(TimestampTz moment) {
  const TimestampTz now = Now();
  return moment <= now ? 0 : (moment - now) / 1000;
}

TimestampTz NextDue(const Job &job, TimestampTz after) {
  const int64 next = NextRun(job.schedule, UnixSeconds(after), ZoneOffset(session_timezone));
  return FromUnixSeconds(next);
}

// Runs fn(spi) in a transaction of its own, with a snapshot; aborts it on error.
template <typename Fn>
void InTransaction(Fn &&fn) {
  pg::Call([] {
    SetCurrentStatementStartTimestamp();
    StartTransactionCommand();
    PushActiveSnapshot(GetTransactionSnapshot());
  });
  try {
    {
      pg::Spi spi;
      fn(spi);
    }
    pg::Call([] {
      PopActiveSnapshot();
      CommitTransactionCommand();
    });
  } catch (...) {
    pg::Call([] { AbortCurrentTransaction(); });
    throw;
  }
}

char database_name[NAMEDATALEN];

bool ExtensionInstalled() {
  return pg::Call([] {
    SetCurrentStatementStartTimestamp();
    StartTransactionCommand();
    const char *name = get_database_name(MyDatabaseId);
    strlcpy(database_name, name != nullptr ? name : "?", sizeof(database_name));
    const bool installed = OidIsValid(get_extension_oid("pg_steward", true));
    if (installed) {
      const Oid schema = get_namespace_oid("steward", true);
      job_table = OidIsValid(schema) ? get_relname_relid("job", schema) : InvalidOid;
    }
    CommitTransactionCommand();
    return installed && OidIsValid(job_table);
  });
}

pg::Parameter Text(const std::string &value) { return pg::Parameter::Text(value); }
pg::Parameter Number(double value) { return pg::Parameter::Float8(value); }

// Runs a crash left 'running' (its process is gone) are failed; runs of a live process (started
// by an earlier scheduler of this database) are watched until they end.
void RecoverRuns() {
  InTransaction([](const pg::Spi &spi) {
    spi.Execute(
        "SELECT steward.finish_job_run(r.run_id, 'failed', "
        "'crashed: the run''s process ended without recording an outcome (server crash or "
        "restart, or the process was killed)', NULL) "
        "FROM steward.job_run r WHERE r.status = 'running' AND NOT EXISTS ("
        "SELECT FROM pg_stat_activity a WHERE a.pid = r.pid AND a.backend_start <= r.started_at)");
  });
}

void LoadJobs() {
  std::vector<Job> loaded;
  InTransaction([&](const pg::Spi &spi) {
    const pg::QueryResult result = spi.Query(
        "SELECT j.job_id, j.name, j.schedule, j.enabled, "
        "extract(epoch FROM j.timeout) * 1000, j.max_retries, "
        "extract(epoch FROM j.retry_backoff) * 1000, j.overlap = 'queue', j.owner::oid, "
        "extract(epoch FROM coalesce((SELECT max(r.started_at) FROM steward.job_run r "
        "  WHERE r.job_id = j.job_id AND r.trigger IN ('schedule', 'queue')), j.created_at)), "
        "(SELECT r.run_id || ' ' || r.attempt || ' ' || coalesce(r.pid, 0) || ' ' || "
        "  extract(epoch FROM r.started_at) FROM steward.job_run r "
        "  WHERE r.job_id = j.job_id AND r.status = 'running' ORDER BY r.run_id DESC LIMIT 1) "
        "FROM steward.job j ORDER BY j.job_id");
    for (const pg::Row &row : result.rows) {
      Job job;
      job.id = std::stoll(*row[0]);
      job.name = *row[1];
      job.schedule_text = *row[2];
      job.enabled = *row[3] == "t";
      job.timeout_ms = static_cast<int64>(std::stod(*row[4]));
      job.max_retries = std::stoi(*row[5]);
      job.backoff_ms = static_cast<int64>(std::stod(*row[6]));
      job.queue_overlap = *row[7] == "t";
      job.owner = static_cast<Oid>(std::stoul(*row[8]));
      const double last_start = std::stod(*row[9]);
      try {
        job.schedule = ParseSchedule(job.schedule_text);
      } catch (const Error &error) {
        ereport(WARNING, (errmsg("pg_steward: job \"%s\" has an invalid schedule: %s",
                                 job.name.c_str(), error.what())));
        job.enabled = false;
      }
      Job *known = nullptr;
      for (Job &candidate : *jobs)
        if (candidate.id == job.id) known = &candidate;
      if (known != nullptr) {
        // Keep what is running and pending; recompute the next time only if the schedule changed.
        job.run_id = known->run_id;
        job.attempt = known->attempt;
        job.handle = known->handle;
        job.pid = known->pid;
        job.run_started = known->run_started;
        job.terminated = known->terminated;
        job.queued = known->queued;
        job.retry_attempt = known->retry_attempt;
        job.retry_at = known->retry_at;
        job.next_due = known->schedule_text == job.schedule_text ? known->next_due : 0;
        known->present = false;
      } else if (row[10]) {
        // A run of this job is going on in a process an earlier scheduler started.
        std::istringstream running(*row[10]);
        double started = 0;
        running >> job.run_id >> job.attempt >> job.pid >> started;
        job.run_started = FromUnixSeconds(static_cast<int64>(started));
      }
      if (job.next_due == 0 && job.enabled) {
        const TimestampTz now = Now();
        if (job.schedule.IsInterval()) {
          // One interval after the last scheduled start (or the job's creation), at the latest now.
          const TimestampTz last = FromUnixSeconds(static_cast<int64>(std::floor(last_start)));
          const TimestampTz due = last + job.schedule.interval_seconds * USECS_PER_SEC;
          job.next_due = due > now ? due : now;
        } else {
          job.next_due = NextDue(job, now);
        }
      }
      loaded.push_back(std::move(job));
    }
  });
  // Jobs unscheduled while running are kept until their run ends.
  for (Job &old : *jobs) {
    bool still_listed = false;
    for (const Job &job : loaded) still_listed = still_listed || job.id == old.id;
    if (!still_listed && old.run_id != 0) {
      old.present = false;
      old.enabled = false;
      old.queued = false;
      old.retry_attempt = 0;
      loaded.push_back(old);
    }
  }
  jobs->swap(loaded);
}

int RunningCount() {
  int running = 0;
  for (const Job &job : *jobs) running += job.run_id != 0 ? 1 : 0;
  return running;
}

void RecordSkipped(const Job &job) {
  InTransaction([&](const pg::Spi &spi) {
    spi.Execute(
        "INSERT INTO steward.job_run (job_id, job_name, attempt, trigger, finished_at, status, "
        "message) VALUES ($1::bigint, $2, 1, 'schedule', clock_timestamp(), 'skipped', "
        "'the previous run (run_id ' || $3 || ') was still running; overlap = skip')",
        {Number(static_cast<double>(job.id)), Text(job.name), Text(std::to_string(job.run_id))});
  });
}

void FinishRun(int64 run_id, const char *status, const std::string &message) {
  InTransaction([&](const pg::Spi &spi) {
    spi.Execute("SELECT steward.finish_job_run($1::bigint, $2, $3, NULL)",
                {Text(std::to_string(run_id)), Text(status), Text(message)});
  });
}

// After attempt `attempt` failed: the next attempt is due after retry_backoff × 2^(attempt-1),
// unless the job has no retries left.
void ScheduleRetry(Job &job, int attempt) {
  if (attempt > job.max_retries || !job.present) {
    job.retry_attempt = 0;
    return;
  }
  const double factor = std::ldexp(1.0, attempt - 1);  // 1, 2, 4, ...
  job.retry_attempt = attempt + 1;
  job.retry_at = TimestampTzPlusMilliseconds(Now(), static_cast<int64>(job.backoff_ms * factor));
}

// Starts a run of the job in a new job worker. Without a free worker slot the run is recorded as
// failed (and retried if the job has retries).
void StartRun(Job &job, int attempt, const char *trigger) {
  int64 run_id = 0;
  InTransaction([&](const pg::Spi &spi) {
    const pg::QueryResult result = spi.Execute(
        "INSERT INTO steward.job_run (job_id, job_name, attempt, trigger, status) "
        "VALUES ($1::bigint, $2, $3::integer, $4, 'running') RETURNING run_id",
        {Text(std::to_string(job.id)), Text(job.name), Number(attempt), Text(trigger)});
    run_id = std::stoll(*result.rows.at(0).at(0));
  });

  const JobWorkerArguments arguments{MyDatabaseId, job.owner, run_id, job.timeout_ms};
  static_assert(sizeof(arguments) <= BGW_EXTRALEN);
  const std::string name = "pg_steward job " + job.name;
  BackgroundWorkerHandle *handle =
      StartWorker("steward_job_worker_main", name.c_str(), "pg_steward job", Int64GetDatum(run_id),
                  &arguments, sizeof(arguments));
  const bool started = handle != nullptr;
  if (!started) {
    FinishRun(run_id, "failed",
              "no free background worker slot to run the job (raise max_worker_processes)");
    ScheduleRetry(job, attempt);
    return;
  }
  job.run_id = run_id;
  job.attempt = attempt;
  job.handle = handle;
  job.pid = 0;
  job.run_started = Now();
  job.terminated = false;
}

bool RunEnded(Job &job) {
  if (job.handle != nullptr) {
    pid_t pid = 0;
    const BgwHandleStatus status = GetBackgroundWorkerPid(job.handle, &pid);
    if (status == BGWH_POSTMASTER_DIED) proc_exit(1);
    if (status == BGWH_STARTED) job.pid = pid;
    return status == BGWH_STOPPED;
  }
  return job.pid == 0 || BackendPidGetProc(job.pid) == nullptr;
}

// Finishes the bookkeeping of a run whose worker has stopped: a worker that died before recording
// its outcome leaves the run failed (or timed_out, when the scheduler stopped it); then retries
// and queued runs.
void Reap(Job &job) {
  const int64 run_id = job.run_id;
  std::string status;
  InTransaction([&](const pg::Spi &spi) {
    const pg::QueryResult result =
        spi.Query("SELECT status FROM steward.job_run WHERE run_id = $1::bigint",
                  {Text(std::to_string(run_id))});
    status = result.rows.empty() || !result.rows[0][0] ? "gone" : *result.rows[0][0];
  });
  if (status == "running") {
    if (job.terminated) {
      status = "timed_out";
      FinishRun(run_id, "timed_out",
                "timed out: the run did not stop when canceled at its timeout (" +
                    std::to_string(job.timeout_ms / 1000) + " s) and was terminated " +
                    std::to_string(kTimeoutGraceMs / 1000) + " s later");
    } else {
      status = "failed";
      FinishRun(run_id, "failed",
                "the job worker exited without recording an outcome (terminated, or it could not "
                "connect as the job's owner; see the server log)");
    }
  }
  if (job.handle != nullptr) pfree(job.handle);
  job.handle = nullptr;
  job.run_id = 0;
  job.pid = 0;
  if (status == "failed" || status == "timed_out")
    ScheduleRetry(job, job.attempt);
  else
    job.retry_attempt = 0;
}

void Supervise() {
  for (Job &job : *jobs) {
    if (job.run_id == 0) continue;
    if (RunEnded(job)) {
      Reap(job);
      continue;
    }
    const TimestampTz deadline =
        TimestampTzPlusMilliseconds(job.run_started, job.timeout_ms + kTimeoutGraceMs);
    if (!job.terminated && job.handle != nullptr && Now() >= deadline) {
      ereport(LOG, (errmsg("pg_steward: terminating job \"%s\" (run %lld): past its timeout",
                           job.name.c_str(), static_cast<long long>(job.run_id))));
      TerminateBackgroundWorker(job.handle);
      job.terminated = true;
    }
  }
  // Jobs unscheduled while they ran are forgotten once the run is over.
  std::vector<Job> kept;
  for (Job &job : *jobs)
    if (job.present || job.run_id != 0) kept.push_back(std::move(job));
  jobs->swap(kept);
}

// Starts what is due: queued runs first, then retries, then scheduled runs, within
// steward.max_job_workers.
void StartDue() {
  const TimestampTz now = Now();
  if (!steward::run_scheduled_jobs) {
    // Paused: due times pass without runs; nothing is made up for later.
    for (Job &job : *jobs) {
      if (job.next_due != 0 && now >= job.next_due) job.next_due = NextDue(job, now);
      job.queued = false;
      job.retry_attempt = 0;
    }
    return;
  }
  for (Job &job : *jobs) {
    if (!job.present) continue;
    if (job.run_id == 0 && job.queued) {
      if (RunningCount() >= steward::max_job_workers) return;
      job.queued = false;
      StartRun(job, 1, "queue");
      continue;
    }
    if (job.run_id == 0 && job.retry_attempt > 0 && now >= job.retry_at) {
      if (RunningCount() >= steward::max_job_workers) return;
      const int attempt = job.retry_attempt;
      job.retry_attempt = 0;
      StartRun(job, attempt, "retry");
      continue;
    }
    if (job.next_due == 0 || now < job.next_due) continue;
    if (!job.enabled) {
      job.next_due = NextDue(job, now);  // enabled again later, it waits for its next time
      continue;
    }
    if (job.run_id != 0) {
      if (job.queue_overlap)
        job.queued = true;
      else
        RecordSkipped(job);
      job.next_due = NextDue(job, now);
      continue;
    }
    if (RunningCount() >= steward::max_job_workers) continue;  // waits for a free worker
    job.retry_attempt = 0;  // the scheduled run replaces a pending retry
    job.next_due = NextDue(job, now);
    StartRun(job, 1, "schedule");
  }
}

void PurgeHistory() {
  InTransaction([](const pg::Spi &spi) {
    spi.Execute(
        "DELETE FROM steward.job_run WHERE status <> 'running' AND started_at < now() - "
        "make_interval(days => $1::integer)",
        {Number(steward::job_history_days)});
  });
}

long WaitMs() {
  int64 wait = kLongestWaitMs;
  // With every worker busy, due jobs wait for one to end, which sets the latch.
  const bool busy = RunningCount() >= steward::max_job_workers;
  for (const Job &job : *jobs) {
    if (job.enabled && job.next_due != 0 && job.present && !(busy && job.run_id == 0))
      wait = std::min<int64>(wait, MillisecondsUntil(job.next_due));
    if (job.retry_attempt > 0 && !busy)
      wait = std::min<int64>(wait, MillisecondsUntil(job.retry_at));
    if (job.run_id != 0 && job.handle == nullptr) wait = std::min<int64>(wait, 1000);
    if (job.run_id != 0 && !job.terminated)  // the run's deadline, to terminate it on time
      wait = std::min<int64>(wait, MillisecondsUntil(TimestampTzPlusMilliseconds(
                                       job.run_started, job.timeout_ms + kTimeoutGraceMs)));
  }
  return static_cast<long>(std::max<int64>(wait, 0));
}

void ReleaseSlot(int, Datum) {
  SharedState *state = Shared();
  SpinLockAcquire(&state->mutex);
  DatabaseSlot *slot = FindSlot(state, MyDatabaseId, false);
  if (slot != nullptr && slot->scheduler_pid == MyProcPid) slot->scheduler_pid = 0;
  SpinLockRelease(&state->mutex);
}

// Claims the database's slot; false when another scheduler already serves it, or a command that
// needs the database without connections is running.
bool ClaimSlot() {
  SharedState *state = Shared();
  SpinLockAcquire(&state->mutex);
  DatabaseSlot *slot = FindSlot(state, MyDatabaseId, true);
  bool claimed = false;
  if (slot != nullptr && !slot->paused &&
      (slot->scheduler_pid == 0 || slot->scheduler_pid == MyProcPid)) {
    slot->scheduler_pid = MyProcPid;
    claimed = true;
  }
  SpinLockRelease(&state->mutex);
  return claimed;
}

void MarkAbsent(bool absent) {
  SharedState *state = Shared();
  SpinLockAcquire(&state->mutex);
  DatabaseSlot *slot = FindSlot(state, MyDatabaseId, false);
  if (slot != nullptr) slot->absent = absent;
  SpinLockRelease(&state->mutex);
}

void Run() {
  if (!ClaimSlot()) return;
  pg::Call([] { before_shmem_exit(ReleaseSlot, 0); });
  if (!ExtensionInstalled()) {
    MarkAbsent(true);
    return;
  }
  MarkAbsent(false);
  pg::Call([] { CacheRegisterRelcacheCallback(OnRelationChange, 0); });
  jobs = new std::vector<Job>();
  ereport(LOG, (errmsg("pg_steward scheduler started in database \"%s\"", database_name)));
  RecoverRuns();

  TimestampTz next_purge = 0;
  for (;;) {
    pg::Call([] {
      CHECK_FOR_INTERRUPTS();
      if (ConfigReloadPending) {
        ConfigReloadPending = false;
        ProcessConfigFile(PGC_SIGHUP);
      }
      AcceptInvalidationMessages();
    });
    long wait = kErrorPauseMs;
    try {
      if (jobs_changed) {
        jobs_changed = false;
        if (!ExtensionInstalled()) {
          ereport(LOG, (errmsg("pg_steward scheduler stops: the extension was dropped from "
                               "database \"%s\"",
                               database_name)));
          MarkAbsent(true);
          return;
        }
        LoadJobs();
      }
      Supervise();
      StartDue();
      if (Now() >= next_purge) {
        PurgeHistory();
        next_purge = TimestampTzPlusMilliseconds(Now(), kPurgeIntervalMs);
      }
      wait = WaitMs();
    } catch (const Error &error) {
      if (error.SqlStateClass() == "57") throw;  // shutdown, cancel: let it end the process
      ereport(WARNING, (errmsg("pg_steward scheduler: %s", error.what()),
                        error.Detail().empty() ? 0 : errdetail("%s", error.Detail().c_str())));
      jobs_changed = true;  // start again from the tables
    }
    pg::Call([] { pgstat_report_stat(true); });
    const int events = WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, wait,
                                 PG_WAIT_EXTENSION);
    ResetLatch(MyLatch);
    (void)events;
  }
}

}  // namespace

}  // namespace steward::worker

extern "C" void steward_scheduler_main(Datum database) {
  pqsignal(SIGHUP, SignalHandlerForConfigReload);
  pqsignal(SIGTERM, die);
  BackgroundWorkerUnblockSignals();
  BackgroundWorkerInitializeConnectionByOid(DatumGetObjectId(database), InvalidOid, 0);
  pgstat_report_appname("pg_steward scheduler");
  steward::pg::GuardEntry([] {
    steward::worker::Run();
    return Datum(0);
  });
  proc_exit(0);
}
