// What the launcher, the schedulers and ordinary backends share: a small shared-memory area (one
// slot per database that has a scheduler), present only when pg_steward is preloaded.
#pragma once

#include "pg/postgres.hpp"

extern "C" {
#include "postmaster/bgworker.h"
#include "storage/latch.h"
#include "storage/spin.h"
}

namespace steward::worker {

struct DatabaseSlot {
  Oid database;         // InvalidOid: the slot is free
  pid_t scheduler_pid;  // the scheduler serving the database, 0 when none
  bool paused;          // a command (DROP DATABASE, ...) needs the database without connections
  bool absent;          // the last scheduler started here found no pg_steward
};

struct SharedState {
  slock_t mutex;  // protects everything below; held for a few instructions only
  pid_t launcher_pid;
  Latch *launcher_latch;
  bool rescan;  // look for databases again (CREATE EXTENSION, paused database released)
  int slot_count;
  DatabaseSlot slots[FLEXIBLE_ARRAY_MEMBER];
};

// The shared state, or nullptr when pg_steward was not preloaded (no background worker).
SharedState *Shared();

// Called by _PG_init while preloading: requests the shared memory, registers the launcher and the
// hook that keeps schedulers out of the way of DROP DATABASE and similar commands.
void InstallBackgroundWorker();

// Sets the launcher's latch after asking it to rescan; a no-op without a launcher.
void WakeLauncher();

// Starts a dynamic background worker of pg_steward that connects to a database and reports to
// this process (its latch is set when the worker starts and stops): `function` is its main
// function, `name` and `type` what pg_stat_activity shows, `extra` up to BGW_EXTRALEN bytes for
// bgw_extra. Returns the handle (in TopMemoryContext), or nullptr when no slot is free. Never
// ereports.
BackgroundWorkerHandle *StartWorker(const char *function, const char *name, const char *type,
                                    Datum argument, const void *extra, size_t extra_size);

// The slot of a database, creating it when `create`; nullptr when none (or full). Call with the
// mutex held.
DatabaseSlot *FindSlot(SharedState *state, Oid database, bool create);

}  // namespace steward::worker
