// Settings shared by the modules of pg_steward (defined in pg_steward.cpp, documented in
// docs/configuration.md).
#pragma once

namespace steward {
extern int slow_query_ms;            // steward.slow_query_ms
extern bool loaded_at_server_start;  // true when in shared_preload_libraries
extern char *app_user;               // steward.app_user
extern bool audit_statement_text;    // steward.audit_statement_text
extern int advisor_planning_ms;      // steward.advisor_planning_ms
extern int max_job_workers;          // steward.max_job_workers
extern bool run_scheduled_jobs;      // steward.run_scheduled_jobs
extern int job_history_days;         // steward.job_history_days
extern int health_history_days;      // steward.health_history_days
extern char *backup_directory;       // steward.backup_directory
extern int backup_keep_count;        // steward.backup_keep_count
extern int backup_keep_days;         // steward.backup_keep_days
}  // namespace steward

namespace steward::audit {
// Hooks and transaction callbacks that write the audit rows pending at the end of each statement
// (src/audit/audit_log.cpp); installed by _PG_init.
void InstallHooks();
}  // namespace steward::audit

namespace steward::advisor {
// The planner hooks that show hypothetical indexes (src/advisor/hypothetical.cpp); installed by
// _PG_init, inert unless a call of whatif() or suggest_indexes() is planning.
void InstallPlannerHooks();
}  // namespace steward::advisor

namespace steward::worker {
// Shared memory, the launcher background worker and the utility hook that keeps schedulers out of
// the way of DROP DATABASE (src/worker/shared.cpp); installed by _PG_init when preloading.
void InstallBackgroundWorker();
}  // namespace steward::worker
