// Running a job's command (see command.hpp). C-style: everything between PG_TRY and its handler
// is plain data, so a longjmp skips nothing.
#include "worker/command.hpp"

#include "pg/cancel_timer.hpp"

extern "C" {
#include "access/printtup.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "parser/analyze.h"
#include "pgstat.h"
#include "tcop/pquery.h"
#include "tcop/tcopprot.h"
#include "tcop/utility.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/portal.h"
#include "utils/snapmgr.h"
}

namespace steward::worker {

const char *const kFinishRunSql =
    "SELECT steward.finish_job_run($1::bigint, $2, $3, "
    "CASE WHEN $2 = 'succeeded' THEN jsonb_build_object('rows', $4::bigint, 'command', $5) || "
    "CASE WHEN $6 IS NULL THEN '{}'::jsonb WHEN jsonb_typeof($6::jsonb) = 'object' THEN $6::jsonb "
    "ELSE jsonb_build_object('result', $6::jsonb) END END)";

namespace {

// The job's timeout: Fired() tells it from a cancel by pg_cancel_backend().
pg::CancelTimer job_timer;

char *Keep(const char *text) {
  return text != nullptr ? MemoryContextStrdup(TopMemoryContext, text) : nullptr;
}

CommandOutcome Failure(ErrorData *error) {
  const char *status =
      job_timer.Fired() && error->sqlerrcode == ERRCODE_QUERY_CANCELED ? "timed_out" : "failed";
  StringInfoData message;
  initStringInfo(&message);
  if (strcmp(status, "timed_out") == 0)
    appendStringInfoString(&message, "canceled at the job's timeout");
  else
    appendStringInfo(&message, "%s", error->message != nullptr ? error->message : "unknown error");
  if (error->detail != nullptr) appendStringInfo(&message, " (%s)", error->detail);
  if (error->context != nullptr && strcmp(status, "failed") == 0) {
    // Where in the command it failed; run_job()'s own frames (which follow) say nothing new.
    const char *own = strstr(error->context, "PL/pgSQL function steward.run_job(");
    const int length = own != nullptr ? static_cast<int>(own - error->context)
                                      : static_cast<int>(strlen(error->context));
    if (length > 0) appendStringInfo(&message, "\nCONTEXT: %.*s", length, error->context);
    while (message.len > 0 && message.data[message.len - 1] == '\n')
      message.data[--message.len] = '\0';
  }
  return CommandOutcome{status, Keep(message.data), nullptr, nullptr, nullptr};
}

// A receiver that discards rows but keeps the first row's value when the result is one jsonb
// column (what the built-in jobs return as their figures).
struct CaptureReceiver {
  DestReceiver base;
  char *value;
  bool first_seen;
};

bool CaptureSlot(TupleTableSlot *slot, DestReceiver *self) {
  auto *receiver = reinterpret_cast<CaptureReceiver *>(self);
  if (receiver->first_seen) return true;
  receiver->first_seen = true;
  TupleDesc descriptor = slot->tts_tupleDescriptor;
  if (descriptor->natts != 1 || TupleDescAttr(descriptor, 0)->atttypid != JSONBOID) return true;
  bool is_null = false;
  const Datum value = slot_getattr(slot, 1, &is_null);
  if (is_null) return true;
  Oid output;
  bool varlena;
  getTypeOutputInfo(JSONBOID, &output, &varlena);
  receiver->value = Keep(OidOutputFunctionCall(output, value));
  return true;
}

void CaptureStartup(DestReceiver *self, int, TupleDesc) {
  auto *receiver = reinterpret_cast<CaptureReceiver *>(self);
  receiver->value = nullptr;
  receiver->first_seen = false;
}
void CaptureShutdown(DestReceiver *) {}
void CaptureDestroy(DestReceiver *) {}

CaptureReceiver MakeCaptureReceiver() {
  CaptureReceiver receiver{};
  receiver.base.receiveSlot = CaptureSlot;
  receiver.base.rStartup = CaptureStartup;
  receiver.base.rShutdown = CaptureShutdown;
  receiver.base.rDestroy = CaptureDestroy;
  receiver.base.mydest = DestNone;
  return receiver;
}

}  // namespace

CommandOutcome RunCommand(const char *command, int64 timeout_ms) {
  MemoryContext context =
      AllocSetContextCreate(TopMemoryContext, "pg_steward job command", ALLOCSET_DEFAULT_SIZES);
  CaptureReceiver receiver = MakeCaptureReceiver();
  QueryCompletion completion;
  InitializeQueryCompletion(&completion);
  volatile bool failed = false;
  CommandOutcome outcome{"succeeded", nullptr, nullptr, nullptr, nullptr};

  debug_query_string = command;
  pgstat_report_activity(STATE_RUNNING, command);
  SetCurrentStatementStartTimestamp();
  job_timer.Start(timeout_ms);
  PG_TRY();
  {
    StartTransactionCommand();
    MemoryContext old = MemoryContextSwitchTo(context);
    List *statements = pg_parse_query(command);
    MemoryContextSwitchTo(old);
    const bool implicit_block = list_length(statements) > 1;
    ListCell *cell;
    foreach (cell, statements) {
      RawStmt *statement = lfirst_node(RawStmt, cell);
      const bool last = lnext(statements, cell) == nullptr;
      CommandTag tag = CreateCommandTag(statement->stmt);
      // A statement after one that ended a transaction starts the next one.
      if (!IsTransactionState()) StartTransactionCommand();
      if (implicit_block) BeginImplicitTransactionBlock();
      CHECK_FOR_INTERRUPTS();
      bool snapshot_set = false;
      if (analyze_requires_snapshot(statement)) {
        PushActiveSnapshot(GetTransactionSnapshot());
        snapshot_set = true;
      }
      old = MemoryContextSwitchTo(context);
      List *queries = pg_analyze_and_rewrite_fixedparams(statement, command, nullptr, 0, nullptr);
      List *plans = pg_plan_queries(queries, command, CURSOR_OPT_PARALLEL_OK, nullptr);
      if (snapshot_set) PopActiveSnapshot();
      Portal portal = CreatePortal("", true, true);
      portal->visible = false;
      PortalDefineQuery(portal, nullptr, command, tag, plans, nullptr);
      PortalStart(portal, nullptr, 0, InvalidSnapshot);
      int16 format = 0;
      PortalSetResultFormat(portal, 1, &format);
      MemoryContextSwitchTo(old);
      InitializeQueryCompletion(&completion);
      (void)PortalRun(portal, FETCH_ALL, true, true, &receiver.base, &receiver.base, &completion);
      PortalDrop(portal, false);
      if (last) {
        if (implicit_block) EndImplicitTransactionBlock();
        CommitTransactionCommand();
      } else if (IsA(statement->stmt, TransactionStmt)) {
        CommitTransactionCommand();
      } else {
        CommandCounterIncrement();
      }
    }
    job_timer.Stop();
  }
  PG_CATCH();
  {
    failed = true;
    job_timer.Stop();
    HOLD_INTERRUPTS();
    MemoryContextSwitchTo(TopMemoryContext);
    ErrorData *error = CopyErrorData();
    FlushErrorState();
    AbortCurrentTransaction();
    QueryCancelPending = false;
    RESUME_INTERRUPTS();
    outcome = Failure(error);
  }
  PG_END_TRY();
  debug_query_string = nullptr;
  pgstat_report_activity(STATE_IDLE, nullptr);
  if (!failed) {
    job_timer.Finish();  // withdraws a cancel the timer requested after the work was done
    char rows[32];
    snprintf(rows, sizeof(rows), UINT64_FORMAT, completion.nprocessed);
    outcome.rows = Keep(rows);
    outcome.tag = Keep(GetCommandTagName(completion.commandTag));
    outcome.result = receiver.value;
  }
  MemoryContextDelete(context);
  return outcome;
}

CommandOutcome RunCommandInTransaction(const char *command, int64 timeout_ms, Oid owner) {
  MemoryContext caller_context = CurrentMemoryContext;
  ResourceOwner caller_owner = CurrentResourceOwner;
  CommandOutcome outcome{"succeeded", nullptr, nullptr, nullptr, nullptr};
  Oid saved_user;
  int saved_context;
  GetUserIdAndSecContext(&saved_user, &saved_context);

  BeginInternalSubTransaction(nullptr);
  MemoryContextSwitchTo(caller_context);
  job_timer.Start(timeout_ms);
  PG_TRY();
  {
    // As a SECURITY DEFINER function runs: as the owner, with SET ROLE refused, and with the
    // settings the command changes undone at the end.
    SetUserIdAndSecContext(owner, saved_context | SECURITY_LOCAL_USERID_CHANGE);
    const int guc_level = NewGUCNestLevel();
    if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
    const int result = SPI_execute(command, false, 0);
    if (result < 0) elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(result));
    char rows[32];
    snprintf(rows, sizeof(rows), UINT64_FORMAT, SPI_processed);
    outcome.rows = Keep(rows);
    // "SPI_OK_SELECT" -> "SELECT": the statement kind, as a command tag would say it.
    const char *kind = SPI_result_code_string(result);
    outcome.tag = Keep(strncmp(kind, "SPI_OK_", 7) == 0 ? kind + 7 : kind);
    if (SPI_tuptable != nullptr && SPI_processed > 0 && SPI_tuptable->tupdesc->natts == 1 &&
        TupleDescAttr(SPI_tuptable->tupdesc, 0)->atttypid == JSONBOID)
      outcome.result = Keep(SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1));
    SPI_finish();
    AtEOXact_GUC(false, guc_level);  // false: undo every change, SET included
    SetUserIdAndSecContext(saved_user, saved_context);
    job_timer.Stop();
    ReleaseCurrentSubTransaction();
    MemoryContextSwitchTo(caller_context);
    CurrentResourceOwner = caller_owner;
    job_timer.Finish();
  }
  PG_CATCH();
  {
    job_timer.Stop();
    MemoryContextSwitchTo(caller_context);
    ErrorData *error = CopyErrorData();
    FlushErrorState();
    RollbackAndReleaseCurrentSubTransaction();
    MemoryContextSwitchTo(caller_context);
    CurrentResourceOwner = caller_owner;
    // Cancellation by the user (not our timer) and shutdown are not a job failure: re-raise.
    if ((error->sqlerrcode == ERRCODE_QUERY_CANCELED && !job_timer.Fired()) ||
        error->sqlerrcode == ERRCODE_ADMIN_SHUTDOWN)
      ReThrowError(error);
    outcome = Failure(error);
  }
  PG_END_TRY();
  return outcome;
}

}  // namespace steward::worker
