// The scheduler's shared memory, the launcher's registration, and the utility hook that stops a
// database's scheduler before commands that need the database without connections.
#include "worker/shared.hpp"

#include "worker/scheduler.hpp"

extern "C" {
#include "access/xact.h"
#include "commands/dbcommands.h"
#include "commands/defrem.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "postmaster/bgworker.h"
#include "storage/ipc.h"
#include "storage/lwlock.h"
#include "storage/proc.h"
#include "storage/procarray.h"
#include "storage/shmem.h"
#include "tcop/utility.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
}

#include <csignal>

namespace steward::worker {

namespace {

SharedState *shared_state = nullptr;
shmem_request_hook_type previous_shmem_request = nullptr;
shmem_startup_hook_type previous_shmem_startup = nullptr;
ProcessUtility_hook_type previous_process_utility = nullptr;
bool wake_at_commit = false;

Size SharedSize() {
  return add_size(offsetof(SharedState, slots),
                  mul_size(sizeof(DatabaseSlot), static_cast<Size>(max_worker_processes)));
}

void RequestShared() {
  if (previous_shmem_request != nullptr) previous_shmem_request();
  RequestAddinShmemSpace(SharedSize());
}

void StartShared() {
  if (previous_shmem_startup != nullptr) previous_shmem_startup();
  LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
  bool found = false;
  shared_state =
      static_cast<SharedState *>(ShmemInitStruct("pg_steward scheduler", SharedSize(), &found));
  if (!found) {
    memset(shared_state, 0, SharedSize());
    SpinLockInit(&shared_state->mutex);
    shared_state->slot_count = max_worker_processes;
  }
  LWLockRelease(AddinShmemInitLock);
}

// At commit: wakes this database's scheduler, or the launcher when the database has none yet
// (the first jobs come with CREATE EXTENSION).
void OnTransactionEnd(XactEvent event, void *) {
  if (event == XACT_EVENT_COMMIT && wake_at_commit) {
    SharedState *state = shared_state;
    SpinLockAcquire(&state->mutex);
    DatabaseSlot *slot = FindSlot(state, MyDatabaseId, false);
    const pid_t scheduler = slot != nullptr ? slot->scheduler_pid : 0;
    SpinLockRelease(&state->mutex);
    PGPROC *proc = scheduler != 0 ? BackendPidGetProc(scheduler) : nullptr;
    if (proc != nullptr)
      SetLatch(&proc->procLatch);
    else
      WakeLauncher();
  }
  if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_ABORT) wake_at_commit = false;
}

// The database a utility command needs without other connections, or InvalidOid.
Oid DatabaseNeedingNoConnections(Node *statement) {
  const char *name = nullptr;
  if (IsA(statement, DropdbStmt)) {
    name = castNode(DropdbStmt, statement)->dbname;
  } else if (IsA(statement, CreatedbStmt)) {
    ListCell *cell;
    foreach (cell, castNode(CreatedbStmt, statement)->options) {
      DefElem *option = lfirst_node(DefElem, cell);
      if (strcmp(option->defname, "template") == 0) name = defGetString(option);
    }
  } else if (IsA(statement, RenameStmt) &&
             castNode(RenameStmt, statement)->renameType == OBJECT_DATABASE) {
    name = castNode(RenameStmt, statement)->subname;
  } else if (IsA(statement, AlterDatabaseStmt)) {
    ListCell *cell;
    foreach (cell, castNode(AlterDatabaseStmt, statement)->options) {
      if (strcmp(lfirst_node(DefElem, cell)->defname, "tablespace") == 0)
        name = castNode(AlterDatabaseStmt, statement)->dbname;
    }
  }
  return name != nullptr ? get_database_oid(name, true) : InvalidOid;
}

// Pauses the database's scheduler (SIGTERM, then wait up to 5 s for it to exit) and tells the
// launcher not to start another one until `paused` is cleared.
void PauseScheduler(Oid database) {
  SharedState *state = shared_state;
  pid_t pid = 0;
  SpinLockAcquire(&state->mutex);
  DatabaseSlot *slot = FindSlot(state, database, false);
  if (slot != nullptr) {
    slot->paused = true;
    pid = slot->scheduler_pid;
  }
  SpinLockRelease(&state->mutex);
  if (pid == 0) return;
  kill(pid, SIGTERM);
  for (int i = 0; i < 500; ++i) {
    SpinLockAcquire(&state->mutex);
    slot = FindSlot(state, database, false);
    const bool gone = slot == nullptr || slot->scheduler_pid == 0;
    SpinLockRelease(&state->mutex);
    if (gone) return;
    CHECK_FOR_INTERRUPTS();
    pg_usleep(10000);
  }
}

void ResumeScheduler(Oid database) {
  SharedState *state = shared_state;
  SpinLockAcquire(&state->mutex);
  DatabaseSlot *slot = FindSlot(state, database, false);
  if (slot != nullptr) slot->paused = false;
  SpinLockRelease(&state->mutex);
  WakeLauncher();
}

// The scheduler holds a connection to its database; DROP DATABASE, CREATE DATABASE ... TEMPLATE,
// ALTER DATABASE ... RENAME and SET TABLESPACE refuse to run while anyone is connected. Stop the
// scheduler first, and let the launcher start it again afterwards.
void ProcessUtilityWithoutScheduler(PlannedStmt *statement, const char *text, bool read_only,
                                    ProcessUtilityContext context, ParamListInfo params,
                                    QueryEnvironment *environment, DestReceiver *destination,
                                    QueryCompletion *completion) {
  const Oid database =
      shared_state != nullptr ? DatabaseNeedingNoConnections(statement->utilityStmt) : InvalidOid;
  if (OidIsValid(database)) PauseScheduler(database);
  PG_TRY();
  {
    if (previous_process_utility != nullptr)
      previous_process_utility(statement, text, read_only, context, params, environment,
                               destination, completion);
    else
      standard_ProcessUtility(statement, text, read_only, context, params, environment, destination,
                              completion);
  }
  PG_FINALLY();
  {
    if (OidIsValid(database)) ResumeScheduler(database);
  }
  PG_END_TRY();
}

}  // namespace

SharedState *Shared() { return shared_state; }

DatabaseSlot *FindSlot(SharedState *state, Oid database, bool create) {
  DatabaseSlot *free_slot = nullptr;
  for (int i = 0; i < state->slot_count; ++i) {
    DatabaseSlot *slot = &state->slots[i];
    if (slot->database == database) return slot;
    if (slot->database == InvalidOid && free_slot == nullptr) free_slot = slot;
  }
  if (!create || free_slot == nullptr) return nullptr;
  *free_slot = DatabaseSlot{database, 0, false, false};
  return free_slot;
}

BackgroundWorkerHandle *StartWorker(const char *function, const char *name, const char *type,
                                    Datum argument, const void *extra, size_t extra_size) {
  BackgroundWorker worker{};
  worker.bgw_flags = BGWORKER_SHMEM_ACCESS | BGWORKER_BACKEND_DATABASE_CONNECTION;
  worker.bgw_start_time = BgWorkerStart_RecoveryFinished;
  worker.bgw_restart_time = BGW_NEVER_RESTART;  // whoever started it decides about a restart
  strlcpy(worker.bgw_library_name, "pg_steward", BGW_MAXLEN);
  strlcpy(worker.bgw_function_name, function, BGW_MAXLEN);
  strlcpy(worker.bgw_name, name, BGW_MAXLEN);
  strlcpy(worker.bgw_type, type, BGW_MAXLEN);
  worker.bgw_main_arg = argument;
  worker.bgw_notify_pid = MyProcPid;
  if (extra != nullptr)
    memcpy(worker.bgw_extra, extra, Min(extra_size, static_cast<size_t>(BGW_EXTRALEN)));
  BackgroundWorkerHandle *handle = nullptr;
  MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
  const bool started = RegisterDynamicBackgroundWorker(&worker, &handle);
  MemoryContextSwitchTo(old);
  return started ? handle : nullptr;
}

void WakeLauncher() {
  SharedState *state = shared_state;
  if (state == nullptr) return;
  SpinLockAcquire(&state->mutex);
  state->rescan = true;
  Latch *latch = state->launcher_latch;
  SpinLockRelease(&state->mutex);
  if (latch != nullptr) SetLatch(latch);
}

void WakeSchedulerAtCommit() {
  if (shared_state == nullptr) return;
  static bool registered = false;
  if (!registered) {
    RegisterXactCallback(OnTransactionEnd, nullptr);
    registered = true;
  }
  wake_at_commit = true;
}

void InstallBackgroundWorker() {
  previous_shmem_request = shmem_request_hook;
  shmem_request_hook = RequestShared;
  previous_shmem_startup = shmem_startup_hook;
  shmem_startup_hook = StartShared;
  previous_process_utility = ProcessUtility_hook;
  ProcessUtility_hook = ProcessUtilityWithoutScheduler;
  RegisterLauncher();
}

}  // namespace steward::worker
