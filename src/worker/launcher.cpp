// The launcher: one background worker per cluster (registered by _PG_init when pg_steward is
// preloaded) that keeps a scheduler running in every database where pg_steward is installed.
// It cannot look inside other databases, so it starts a scheduler in each connectable database;
// a scheduler that finds no pg_steward marks its slot absent and exits, and is tried again when
// CREATE EXTENSION wakes the launcher, or at the next periodic probe.
#include "worker/scheduler.hpp"
#include "worker/shared.hpp"

extern "C" {
#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/pg_database.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "postmaster/bgworker.h"
#include "postmaster/interrupt.h"
#include "storage/ipc.h"
#include "storage/latch.h"
#include "tcop/tcopprot.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"
}

namespace steward::worker {

namespace {

constexpr long kWaitMs = 10000;            // longest sleep between looks at the schedulers
constexpr long kRestartDelayMs = 10000;    // before restarting a scheduler that stopped
constexpr long kProbeIntervalMs = 300000;  // databases without pg_steward are probed this often

// What the launcher knows of one database (in its own memory; the shared slot says what the
// scheduler found).
struct Database {
  Oid oid;
  BackgroundWorkerHandle *scheduler;  // nullptr when none was started or it stopped
  TimestampTz start_after;            // 0: start at the next probe only
  bool seen;                          // still in pg_database at the last listing
};

Database *databases = nullptr;
int database_count = 0;
int database_capacity = 0;

Database *Find(Oid oid) {
  for (int i = 0; i < database_count; ++i)
    if (databases[i].oid == oid) return &databases[i];
  return nullptr;
}

// Refreshes the list from pg_database: connectable, not a template, not half-dropped, not the
// scratch database of a restore drill (steward.restore_drill()). New databases are due at once.
void ListDatabases() {
  for (int i = 0; i < database_count; ++i) databases[i].seen = false;
  StartTransactionCommand();
  PushActiveSnapshot(GetTransactionSnapshot());
  Relation relation = table_open(DatabaseRelationId, AccessShareLock);
  TableScanDesc scan = table_beginscan_catalog(relation, 0, nullptr);
  HeapTuple tuple;
  while ((tuple = heap_getnext(scan, ForwardScanDirection)) != nullptr) {
    Form_pg_database form = reinterpret_cast<Form_pg_database>(GETSTRUCT(tuple));
    if (!form->datallowconn || form->datistemplate || database_is_invalid_form(form) ||
        strncmp(NameStr(form->datname), "steward_drill_", strlen("steward_drill_")) == 0)
      continue;
    Database *database = Find(form->oid);
    if (database == nullptr) {
      if (database_count == database_capacity) {
        database_capacity = database_capacity == 0 ? 16 : database_capacity * 2;
        MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
        databases = databases == nullptr
                        ? static_cast<Database *>(palloc(sizeof(Database) * database_capacity))
                        : static_cast<Database *>(
                              repalloc(databases, sizeof(Database) * database_capacity));
        MemoryContextSwitchTo(old);
      }
      database = &databases[database_count++];
      *database = Database{form->oid, nullptr, 0, false};
    }
    database->seen = true;
    database->start_after = GetCurrentTimestamp();
  }
  table_endscan(scan);
  table_close(relation, AccessShareLock);
  PopActiveSnapshot();
  CommitTransactionCommand();

  // Forget dropped databases (their scheduler stopped for the DROP) and free their slots.
  SharedState *state = Shared();
  for (int i = 0; i < database_count;) {
    if (databases[i].seen || databases[i].scheduler != nullptr) {
      ++i;
      continue;
    }
    SpinLockAcquire(&state->mutex);
    DatabaseSlot *slot = FindSlot(state, databases[i].oid, false);
    if (slot != nullptr && slot->scheduler_pid == 0) slot->database = InvalidOid;
    SpinLockRelease(&state->mutex);
    databases[i] = databases[--database_count];
  }
}

bool StartScheduler(Database *database) {
  char name[BGW_MAXLEN];
  snprintf(name, sizeof(name), "pg_steward scheduler (database %u)", database->oid);
  BackgroundWorkerHandle *handle =
      StartWorker("steward_scheduler_main", name, "pg_steward scheduler",
                  ObjectIdGetDatum(database->oid), nullptr, 0);
  const bool started = handle != nullptr;
  if (!started) {
    ereport(LOG, (errmsg("pg_steward launcher could not start the scheduler of database %u: no "
                         "free background worker slot",
                         database->oid),
                  errhint("Raise max_worker_processes (each database with pg_steward needs one "
                          "slot for its scheduler and up to steward.max_job_workers for jobs).")));
    return false;
  }
  database->scheduler = handle;
  return true;
}

// Looks at the schedulers it started: a stopped one is started again after a delay, unless it
// found no pg_steward (absent) or its database is paused for a DROP DATABASE or the like.
void Supervise(bool probe) {
  SharedState *state = Shared();
  const TimestampTz now = GetCurrentTimestamp();
  for (int i = 0; i < database_count; ++i) {
    Database *database = &databases[i];
    if (database->scheduler != nullptr) {
      pid_t pid;
      if (GetBackgroundWorkerPid(database->scheduler, &pid) != BGWH_STOPPED) continue;
      pfree(database->scheduler);
      database->scheduler = nullptr;
      database->start_after = TimestampTzPlusMilliseconds(now, kRestartDelayMs);
    }
    SpinLockAcquire(&state->mutex);
    DatabaseSlot *slot = FindSlot(state, database->oid, false);
    const bool paused = slot != nullptr && slot->paused;
    const bool absent = slot != nullptr && slot->absent;
    SpinLockRelease(&state->mutex);
    if (paused || !database->seen) continue;
    const bool due =
        probe || (!absent && database->start_after != 0 && now >= database->start_after);
    if (!due) continue;
    if (StartScheduler(database))
      database->start_after = 0;
    else
      database->start_after = TimestampTzPlusMilliseconds(now, kRestartDelayMs);
  }
}

void ForgetLauncher(int, Datum) {
  SharedState *state = Shared();
  SpinLockAcquire(&state->mutex);
  if (state->launcher_pid == MyProcPid) {
    state->launcher_pid = 0;
    state->launcher_latch = nullptr;
  }
  SpinLockRelease(&state->mutex);
}

}  // namespace

void RegisterLauncher() {
  BackgroundWorker worker{};
  worker.bgw_flags = BGWORKER_SHMEM_ACCESS | BGWORKER_BACKEND_DATABASE_CONNECTION;
  // Only on a primary: a standby's postmaster starts it when the server is promoted.
  worker.bgw_start_time = BgWorkerStart_RecoveryFinished;
  worker.bgw_restart_time = 10;
  snprintf(worker.bgw_library_name, BGW_MAXLEN, "pg_steward");
  snprintf(worker.bgw_function_name, BGW_MAXLEN, "steward_launcher_main");
  snprintf(worker.bgw_name, BGW_MAXLEN, "pg_steward launcher");
  snprintf(worker.bgw_type, BGW_MAXLEN, "pg_steward launcher");
  RegisterBackgroundWorker(&worker);
}

}  // namespace steward::worker

extern "C" void steward_launcher_main(Datum) {
  using namespace steward::worker;
  pqsignal(SIGHUP, SignalHandlerForConfigReload);
  pqsignal(SIGTERM, die);
  BackgroundWorkerUnblockSignals();
  // No database: pg_database is a shared catalog, readable without one.
  BackgroundWorkerInitializeConnection(nullptr, nullptr, 0);
  pgstat_report_appname("pg_steward launcher");

  SharedState *state = Shared();
  SpinLockAcquire(&state->mutex);
  state->launcher_pid = MyProcPid;
  state->launcher_latch = MyLatch;
  state->rescan = true;
  SpinLockRelease(&state->mutex);
  before_shmem_exit(ForgetLauncher, 0);
  ereport(LOG, (errmsg("pg_steward launcher started")));

  TimestampTz next_probe = 0;
  for (;;) {
    CHECK_FOR_INTERRUPTS();
    if (ConfigReloadPending) {
      ConfigReloadPending = false;
      ProcessConfigFile(PGC_SIGHUP);
    }
    SpinLockAcquire(&state->mutex);
    bool probe = state->rescan;
    state->rescan = false;
    SpinLockRelease(&state->mutex);
    const TimestampTz now = GetCurrentTimestamp();
    if (now >= next_probe) probe = true;
    if (probe) {
      ListDatabases();
      next_probe = TimestampTzPlusMilliseconds(now, kProbeIntervalMs);
    }
    Supervise(probe);
    pgstat_report_stat(true);
    (void)WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, kWaitMs,
                    PG_WAIT_EXTENSION);
    ResetLatch(MyLatch);
  }
}
