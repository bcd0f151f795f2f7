// A job worker: one background worker per run, connected as the job's owner. It runs the job's
// command the way a client's simple query runs (one statement is its own transaction, so CALL of
// a procedure may COMMIT; several statements share one), under the job's timeout, and records the
// outcome through steward.finish_job_run().
#include "worker/command.hpp"
#include "worker/scheduler.hpp"

extern "C" {
#include "access/xact.h"
#include "catalog/pg_authid.h"
#include "commands/extension.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "postmaster/bgworker.h"
#include "storage/ipc.h"
#include "tcop/tcopprot.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/timeout.h"
}

namespace {

// Bookkeeping SQL runs as the extension's owner: the job's owner may not write steward.job_run.
Oid ExtensionOwner() {
  Oid owner = InvalidOid;
  if (SPI_execute("SELECT extowner FROM pg_catalog.pg_extension WHERE extname = 'pg_steward'", true,
                  1) == SPI_OK_SELECT &&
      SPI_processed == 1) {
    bool is_null = false;
    owner =
        DatumGetObjectId(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &is_null));
  }
  return owner;
}

// Runs `sql` with text arguments as the extension's owner in a transaction of its own; returns
// the first column of the first row (palloc'd in TopMemoryContext) or nullptr.
char *Bookkeeping(const char *sql, int count, const char **values) {
  SetCurrentStatementStartTimestamp();
  StartTransactionCommand();
  PushActiveSnapshot(GetTransactionSnapshot());
  SPI_connect();
  const Oid owner = ExtensionOwner();
  Oid saved_user;
  int saved_context;
  GetUserIdAndSecContext(&saved_user, &saved_context);
  SetUserIdAndSecContext(owner, saved_context | SECURITY_LOCAL_USERID_CHANGE);
  Oid types[8];
  Datum datums[8];
  char nulls[8];
  for (int i = 0; i < count; ++i) {
    types[i] = TEXTOID;
    nulls[i] = values[i] == nullptr ? 'n' : ' ';
    datums[i] = values[i] == nullptr ? Datum(0) : CStringGetTextDatum(values[i]);
  }
  char *first = nullptr;
  if (SPI_execute_with_args(sql, count, types, datums, nulls, false, 1) >= 0 && SPI_processed > 0 &&
      SPI_tuptable != nullptr) {
    char *value = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
    if (value != nullptr) first = MemoryContextStrdup(TopMemoryContext, value);
  }
  SetUserIdAndSecContext(saved_user, saved_context);
  SPI_finish();
  PopActiveSnapshot();
  CommitTransactionCommand();
  return first;
}

}  // namespace

extern "C" void steward_job_worker_main(Datum) {
  using namespace steward::worker;
  JobWorkerArguments arguments;
  memcpy(&arguments, MyBgworkerEntry->bgw_extra, sizeof(arguments));
  pqsignal(SIGTERM, die);
  BackgroundWorkerUnblockSignals();
  BackgroundWorkerInitializeConnectionByOid(arguments.database, arguments.owner, 0);

  char run_id[32];
  snprintf(run_id, sizeof(run_id), "%lld", static_cast<long long>(arguments.run_id));
  char pid[16];
  snprintf(pid, sizeof(pid), "%d", MyProcPid);
  const char *claim_arguments[] = {run_id, pid};
  // Claims the run (it must still be running: the scheduler may have given up on it) and reads
  // the command.
  char *command = Bookkeeping(
      "UPDATE steward.job_run r SET pid = $2::integer FROM steward.job j "
      "WHERE r.run_id = $1::bigint AND r.status = 'running' AND j.job_id = r.job_id "
      "RETURNING j.command",
      2, claim_arguments);
  if (command == nullptr) proc_exit(0);

  pgstat_report_appname(MyBgworkerEntry->bgw_name);
  const CommandOutcome outcome = RunCommand(command, arguments.timeout_ms);

  const char *finish_arguments[] = {run_id,       outcome.status, outcome.message,
                                    outcome.rows, outcome.tag,    outcome.result};
  Bookkeeping(kFinishRunSql, 6, finish_arguments);
  proc_exit(0);
}
