// Running a job's SQL command under the job's timeout: at top level in a job worker, or inside
// the caller's transaction for steward.run_job(). Both report the same outcome.
#pragma once

#include "pg/postgres.hpp"

namespace steward::worker {

// Strings are allocated in TopMemoryContext (they outlive the transactions of the run); any may
// be nullptr.
struct CommandOutcome {
  const char *status;   // "succeeded", "failed" or "timed_out"
  const char *message;  // the error message (with detail) of a failure
  const char *rows;     // rows processed by the last statement, as text
  const char *tag;      // the last statement's command tag
  const char *result;   // the jsonb the last statement returned, when one jsonb column
};

// In a job worker, outside any transaction: runs `command` like a client's simple query
// (PostgreSQL's exec_simple_query): one statement runs in its own transaction and may control
// transactions (CALL of a procedure that commits); several statements share one transaction.
CommandOutcome RunCommand(const char *command, int64 timeout_ms);

// In the caller's transaction, in a subtransaction rolled back on failure, as `owner`, with the
// settings the command changes restored afterwards.
CommandOutcome RunCommandInTransaction(const char *command, int64 timeout_ms, Oid owner);

// The SQL that records an outcome: $1 run_id, $2 status, $3 message, $4 rows, $5 tag, $6 result.
extern const char *const kFinishRunSql;

}  // namespace steward::worker
