// Library entry: _PG_init registers the steward.* settings, the audit trail's hooks and the
// advisor's planner hooks.
#include "pg/postgres.hpp"

extern "C" {
#include "utils/guc.h"
}

#include "pg_steward.hpp"

namespace steward {
int slow_query_ms = 1000;
bool loaded_at_server_start = false;
char *app_user = nullptr;
bool audit_statement_text = false;
int advisor_planning_ms = 2000;
int max_job_workers = 2;
bool run_scheduled_jobs = true;
int job_history_days = 30;
int health_history_days = 30;
char *backup_directory = nullptr;
int backup_keep_count = 7;
int backup_keep_days = 14;
int backup_max_age_minutes = 26 * 60;
int retention_batch_ms = 200;
int retention_lock_timeout_ms = 1000;
int retention_max_replica_lag_ms = 10000;
int retention_max_active_sessions = 0;
}  // namespace steward

extern "C" {

PG_MODULE_MAGIC;

PGDLLEXPORT void _PG_init(void);

void _PG_init(void) {
  // Nothing here throws: these are plain PostgreSQL calls made before any C++ object exists.
  steward::loaded_at_server_start = process_shared_preload_libraries_in_progress;

  DefineCustomIntVariable(
      "steward.slow_query_ms",
      "Mean execution time above which steward.check_health() counts a statement as slow.",
      "Read from pg_stat_statements.mean_exec_time by the slow_queries check.",
      &steward::slow_query_ms, 1000, 1, INT_MAX, PGC_USERSET, GUC_UNIT_MS, nullptr, nullptr,
      nullptr);

  DefineCustomStringVariable(
      "steward.app_user",
      "The application's end user, recorded with every audited change "
      "(steward.audit_log.app_user).",
      "Set it per transaction (SET LOCAL) or per session; connection pools should use SET LOCAL.",
      &steward::app_user, "", PGC_USERSET, 0, nullptr, nullptr, nullptr);

  DefineCustomBoolVariable(
      "steward.audit_statement_text", "Records the statement text with every audited change.",
      "Off by default: statements can hold secrets (passwords, keys) in their literals.",
      &steward::audit_statement_text, false, PGC_SUSET, 0, nullptr, nullptr, nullptr);

  DefineCustomIntVariable(
      "steward.advisor_planning_ms",
      "Longest time steward.suggest_indexes() spends analyzing and planning one statement of the "
      "workload; a statement that takes longer is skipped.",
      "0 means no limit. Skipped statements are listed in steward.index_advice_skipped.",
      &steward::advisor_planning_ms, 2000, 0, INT_MAX, PGC_USERSET, GUC_UNIT_MS, nullptr, nullptr,
      nullptr);

  DefineCustomIntVariable(
      "steward.max_job_workers",
      "Most job runs the scheduler of one database runs at the same time, each in its own "
      "background worker.",
      "Job workers count against max_worker_processes; a job that finds no free slot waits.",
      &steward::max_job_workers, 2, 1, 64, PGC_SIGHUP, 0, nullptr, nullptr, nullptr);

  DefineCustomBoolVariable(
      "steward.run_scheduled_jobs",
      "Whether the schedulers start jobs when they are due; off pauses every job of the cluster "
      "(steward.run_job() still works).",
      "Runs due while off are not made up for: jobs resume at their next time after it is on.",
      &steward::run_scheduled_jobs, true, PGC_SIGHUP, 0, nullptr, nullptr, nullptr);

  DefineCustomIntVariable(
      "steward.job_history_days",
      "Days steward.job_run keeps the runs of jobs; the scheduler deletes older runs.", nullptr,
      &steward::job_history_days, 30, 1, 36500, PGC_SUSET, 0, nullptr, nullptr, nullptr);

  DefineCustomIntVariable(
      "steward.health_history_days",
      "Days steward.health_history and steward.query_history keep their snapshots.", nullptr,
      &steward::health_history_days, 30, 1, 36500, PGC_SUSET, 0, nullptr, nullptr, nullptr);

  DefineCustomStringVariable(
      "steward.backup_directory",
      "Server-side directory where steward.backup() writes backups (and the only place it may).",
      "Empty: no backups. It must exist and be writable by the server's OS user; backups go into "
      "it or a directory inside it.",
      &steward::backup_directory, "", PGC_SIGHUP, 0, nullptr, nullptr, nullptr);

  DefineCustomIntVariable(
      "steward.backup_keep_count",
      "Backups of each kind and database steward.prune_backups() keeps, newest first.",
      "The newest backup that passed its restore drill is kept in any case.",
      &steward::backup_keep_count, 7, 1, 100000, PGC_SIGHUP, 0, nullptr, nullptr, nullptr);

  DefineCustomIntVariable(
      "steward.backup_keep_days",
      "Days steward.prune_backups() keeps a backup; 0 keeps them whatever their age.",
      "The newest backup that passed its restore drill is kept in any case.",
      &steward::backup_keep_days, 14, 0, 36500, PGC_SIGHUP, 0, nullptr, nullptr, nullptr);

  DefineCustomIntVariable(
      "steward.backup_max_age",
      "Age of the last good backup beyond which the backups health check is WARNING.",
      "A good backup exists, and its verification and restore drill did not fail.",
      &steward::backup_max_age_minutes, 26 * 60, 1, INT_MAX, PGC_SIGHUP, GUC_UNIT_MIN, nullptr,
      nullptr, nullptr);

  DefineCustomIntVariable(
      "steward.retention_batch_ms",
      "Target duration of one batch of steward.apply_retention(); the batch size adapts to it.",
      "Shorter batches hold row locks for less time and commit more often.",
      &steward::retention_batch_ms, 200, 10, 60000, PGC_USERSET, GUC_UNIT_MS, nullptr, nullptr,
      nullptr);

  DefineCustomIntVariable(
      "steward.retention_lock_timeout",
      "lock_timeout of each statement of steward.apply_retention(): it never waits longer for a "
      "lock.",
      "A batch that times out is retried smaller; a partition that cannot be detached waits for "
      "the next run.",
      &steward::retention_lock_timeout_ms, 1000, 1, 600000, PGC_USERSET, GUC_UNIT_MS, nullptr,
      nullptr, nullptr);

  DefineCustomIntVariable(
      "steward.retention_max_replica_lag",
      "Replication lag above which steward.apply_retention() pauses between batches.",
      "Read from pg_stat_replication (write, flush and replay lag). 0: never pause for lag.",
      &steward::retention_max_replica_lag_ms, 10000, 0, INT_MAX, PGC_USERSET, GUC_UNIT_MS,
      nullptr, nullptr, nullptr);

  DefineCustomIntVariable(
      "steward.retention_max_active_sessions",
      "Active client sessions (pg_stat_activity state = active) above which "
      "steward.apply_retention() pauses between batches.",
      "0: never pause for load.", &steward::retention_max_active_sessions, 0, 0, 100000,
      PGC_USERSET, 0, nullptr, nullptr, nullptr);

  MarkGUCPrefixReserved("steward");

  steward::audit::InstallHooks();
  steward::advisor::InstallPlannerHooks();
  if (process_shared_preload_libraries_in_progress) steward::worker::InstallBackgroundWorker();
}

}  // extern "C"
