// Health checks on the server and its sessions: connections, locks, replication, WAL, settings.
#include "common/cpp_only.hpp"  // first: this file must not see PostgreSQL headers
#include "health/checks.hpp"

namespace steward::health {
namespace {

// The check measures the server as a whole; its OK rows show the measurements.
constexpr bool kMeasures = true;

const std::vector<CheckDefinition> kChecks = {
    {"connections",
     R"(SELECT 'max_connections', 100.0 * count(*) / current_setting('max_connections')::int, NULL,
               count(*)::text, current_setting('max_connections'),
               count(*) FILTER (WHERE state = 'active')::text,
               count(*) FILTER (WHERE state = 'idle')::text,
               count(*) FILTER (WHERE state LIKE 'idle in transaction%')::text
          FROM pg_catalog.pg_stat_activity WHERE backend_type = 'client backend')",
     "%1% of %2% connections in use (%3% active, %4% idle, %5% idle in transaction)",
     "Put a connection pooler (PgBouncer in transaction mode) in front of the server or raise "
     "max_connections (restart needed); idle sessions: SELECT pid, usename, application_name, "
     "state_change FROM pg_stat_activity WHERE state = 'idle' ORDER BY state_change;",
     "connection usage is below the warning level", Requirement::kNone,
     kMeasures},
    {"idle_in_transaction",
     R"(SELECT format('pid %s', pid), extract(epoch FROM clock_timestamp() - state_change), NULL,
               pid::text, quote_ident(usename), quote_ident(datname),
               coalesce(nullif(application_name, ''), 'unnamed'), state
          FROM pg_catalog.pg_stat_activity
         WHERE state LIKE 'idle in transaction%' AND pid <> pg_backend_pid())",
     "session %1% (role %2%, database %3%, application %4%) is %5%: it holds its locks and "
     "its snapshot, so VACUUM cannot remove dead rows",
     "SELECT pg_terminate_backend(%1%); and make it automatic: ALTER ROLE %2% SET "
     "idle_in_transaction_session_timeout = '5min';",
     "no session is idle in a transaction beyond the warning level", Requirement::kAllStatistics},
    {"long_running_queries",
     R"(SELECT format('pid %s', pid), extract(epoch FROM clock_timestamp() - query_start), NULL,
               pid::text, quote_ident(usename), quote_ident(datname),
               left(regexp_replace(query, '\s+', ' ', 'g'), 120)
          FROM pg_catalog.pg_stat_activity
         WHERE state = 'active' AND backend_type = 'client backend'
           AND pid <> pg_backend_pid())",
     "session %1% (role %2%, database %3%) has been running one statement: %4%",
     "SELECT pg_cancel_backend(%1%); then tune the statement (EXPLAIN ANALYZE) or bound it: "
     "ALTER ROLE %2% SET statement_timeout = '5min';",
     "no statement runs longer than the warning level", Requirement::kAllStatistics},
    {"blocked_queries",
     R"(SELECT format('pid %s', a.pid),
               extract(epoch FROM clock_timestamp() - coalesce(w.waitstart, a.state_change)), NULL,
               a.pid::text, quote_ident(a.usename), quote_ident(a.datname),
               array_to_string(pg_blocking_pids(a.pid), ', '),
               CASE WHEN coalesce((pg_blocking_pids(a.pid))[1], 0) = 0
                    THEN 'The lock is held by a prepared transaction: see prepared_transactions, '
                         'then COMMIT PREPARED or ROLLBACK PREPARED it'
                    ELSE format('Look at the blocker first: SELECT pid, state, xact_start, query FROM '
                                'pg_stat_activity WHERE pid = %1$s; end it if it must go: SELECT '
                                'pg_terminate_backend(%1$s); set lock_timeout on sessions that run DDL',
                                (pg_blocking_pids(a.pid))[1]) END,
               left(regexp_replace(a.query, '\s+', ' ', 'g'), 120)
          FROM pg_catalog.pg_stat_activity a
          JOIN (SELECT pid, min(waitstart) AS waitstart FROM pg_catalog.pg_locks
                 WHERE NOT granted GROUP BY pid) w ON w.pid = a.pid
         WHERE a.pid <> pg_backend_pid())",
     "session %1% (role %2%, database %3%) waits for a lock held by session(s) %4%: %6%",
     "%5%",
     "no session waits for a lock beyond the warning level", Requirement::kAllStatistics},
    {"cache_hit_ratio",
     R"(SELECT format('database %I', datname), 100.0 * blks_hit / (blks_hit + blks_read), NULL,
               blks_hit::text, blks_read::text, current_setting('shared_buffers')
          FROM pg_catalog.pg_stat_database
         WHERE datname = current_database() AND blks_hit + blks_read >= 10000)",
     "%1% block reads were served from shared buffers and %2% from the operating system or disk",
     "Raise shared_buffers (now %3%; about 25 %% of RAM is usual, restart needed) or shrink the "
     "working set: drop unused indexes, fix bloat, archive cold rows",
     "cache hit ratio is above the warning level, or fewer than 10,000 blocks were read",
     Requirement::kNone,
     kMeasures},
    {"replication_slots",
     R"(SELECT format('slot %I', slot_name),
               pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn()
                                    ELSE pg_current_wal_lsn() END, restart_lsn) / 1048576,
               CASE WHEN wal_status = 'lost' THEN 'CRITICAL'
                    WHEN NOT active OR wal_status = 'unreserved' THEN 'WARNING' END,
               slot_type, CASE WHEN active THEN 'active' ELSE 'inactive' END,
               coalesce(wal_status, 'unknown'), quote_literal(slot_name)
          FROM pg_catalog.pg_replication_slots)",
     "%1% slot is %2% (WAL status %3%) and keeps WAL on disk until its consumer catches up",
     "If its consumer is gone for good: SELECT pg_drop_replication_slot(%4%); and cap what slots "
     "may keep: ALTER SYSTEM SET max_slot_wal_keep_size = '50GB';",
     "no replication slot is inactive or keeps more WAL than the warning level",
     Requirement::kNone},
    {"replication_lag",
     R"(SELECT format('standby %s', coalesce(nullif(application_name, ''), client_addr::text, pid::text)),
               coalesce(extract(epoch FROM greatest(replay_lag, flush_lag, write_lag)), 0), NULL,
               coalesce(state, 'unknown'), coalesce(sync_state, 'unknown'),
               coalesce(pg_size_pretty(pg_wal_lsn_diff(
                 CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn() ELSE pg_current_wal_lsn() END,
                 replay_lsn)), 'unknown')
          FROM pg_catalog.pg_stat_replication
        UNION ALL
        SELECT 'this standby', extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()), NULL,
               'replaying', 'standby',
               pg_size_pretty(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()))
         WHERE pg_is_in_recovery()
           AND pg_last_wal_receive_lsn() IS DISTINCT FROM pg_last_wal_replay_lsn())",
     "replication (%1%, %2%) is behind by %3% of WAL",
     "Check the standby's disk and network (pg_stat_wal_receiver on the standby), and replay "
     "conflicts (pg_stat_database_conflicts); a long query on the standby with "
     "max_standby_streaming_delay = -1 stops replay",
     "every standby is within the warning level", Requirement::kAllStatistics},
    {"archiving",
     R"(SELECT 'archiver', r.ready,
               CASE WHEN a.last_failed_time > coalesce(a.last_archived_time, '-infinity') THEN 'WARNING' END,
               CASE WHEN a.last_failed_time > coalesce(a.last_archived_time, '-infinity')
                    THEN format('archive_command fails: %s failures, the last for WAL file %s at %s; last success: %s. ',
                                a.failed_count, a.last_failed_wal, a.last_failed_time, coalesce(a.last_archived_time::text, 'never'))
                    ELSE '' END,
               r.ready::text
          FROM pg_catalog.pg_stat_archiver a,
               (SELECT count(*) AS ready FROM pg_catalog.pg_ls_archive_statusdir() WHERE name LIKE '%.ready') r
         WHERE current_setting('archive_mode') <> 'off')",
     "%1%%2% WAL files wait to be archived; they stay in pg_wal until archive_command succeeds, "
     "and point-in-time recovery is impossible past the last archived one",
     "Run the archive_command by hand as the server's OS user on the failing file to see its "
     "error, fix it (permissions, space, network), and watch pg_stat_archiver.last_archived_time",
     "WAL archiving is off, or it succeeds and keeps up", Requirement::kNone,
     kMeasures},
    {"prepared_transactions",
     R"(SELECT format('prepared transaction %s', quote_literal(gid)), extract(epoch FROM clock_timestamp() - prepared),
               NULL, quote_literal(gid), quote_ident(database), quote_ident(owner), transaction::text
          FROM pg_catalog.pg_prepared_xacts)",
     "transaction %4% prepared by %3% in database %2% was neither committed nor rolled back: it "
     "holds its locks and holds back VACUUM and transaction ID freezing",
     "In database %2%, after checking with the application that prepared it: ROLLBACK PREPARED "
     "%1%; (or COMMIT PREPARED %1%;)",
     "no prepared transaction is older than the warning level", Requirement::kNone},
    {"checksum_failures",
     R"(SELECT coalesce(format('database %I', datname), 'shared catalogs'), checksum_failures, NULL,
               checksum_failures::text, coalesce(checksum_last_failure::text, 'unknown')
          FROM pg_catalog.pg_stat_database WHERE checksum_failures > 0)",
     "%1% data page checksum failures, the last at %2%: storage returned corrupted pages",
     "Find the damaged relations in the server log (\"invalid page in block\"), check the disks "
     "and controller, restore them from a backup, and run amcheck on the rest",
     "no checksum failure recorded (or data checksums are disabled: see pg_settings "
     "data_checksums)",
     Requirement::kNone},
    {"deadlocks",
     R"(SELECT format('database %I', datname), deadlocks, NULL, deadlocks::text,
               coalesce(stats_reset::text, 'statistics were never reset')
          FROM pg_catalog.pg_stat_database WHERE datname IS NOT NULL AND deadlocks > 0)",
     "%1% deadlocks since %2%: each one aborted a transaction",
     "Turn on log_lock_waits and read the DETAIL of \"deadlock detected\" in the server log; "
     "make the transactions involved lock rows in the same order",
     "no deadlocks recorded beyond the warning level", Requirement::kNone},
    {"temp_files",
     R"(SELECT format('database %I', datname), temp_bytes / 1048576.0, NULL, temp_files::text,
               pg_size_pretty(temp_bytes), coalesce(stats_reset::text, 'statistics were never reset'),
               current_setting('work_mem')
          FROM pg_catalog.pg_stat_database WHERE datname = current_database() AND temp_files > 0)",
     "%1% temporary files (%2%) written since %3%: sorts and hashes spill to disk when they "
     "exceed work_mem (%4%)",
     "Find the statements with SELECT queryid, temp_blks_written, query FROM pg_stat_statements "
     "ORDER BY temp_blks_written DESC; then raise work_mem for them (SET LOCAL work_mem) or "
     "index them; log_temp_files = 0 names them in the log",
     "temporary file usage is below the warning level", Requirement::kNone,
     kMeasures},
    {"disk_space",
     R"(SELECT CASE WHEN spcname = 'pg_default' THEN 'data directory' ELSE format('tablespace %I', spcname) END,
               NULL::float8, NULL, pg_catalog.pg_tablespace_location(oid)
          FROM pg_catalog.pg_tablespace WHERE spcname <> 'pg_global'
        UNION ALL
        SELECT 'pg_wal', NULL, NULL, 'pg_wal')",
     "%1% is on a filesystem %2% full: %3% free of %4%",
     "Free space before it runs out (PostgreSQL stops when WAL cannot be written): remove "
     "bloat, drop unused indexes, archive old data, or grow the filesystem holding %1%",
     "every filesystem is below the warning level", Requirement::kFilesystem,
     kMeasures},
    {"slow_queries",
     R"(SELECT format('database %I', current_database()), count(*), NULL, $3::text,
               coalesce(string_agg(format('%s (%s ms mean, %s calls)', queryid, round(mean_exec_time::numeric, 1), calls), '; ')
                          FILTER (WHERE rank <= 5), 'none')
          FROM (SELECT queryid, mean_exec_time, calls,
                       row_number() OVER (ORDER BY mean_exec_time * calls DESC) AS rank
                  FROM @pgss@
                 WHERE dbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
                   AND mean_exec_time > $3) s)",
     "statements with a mean execution time above %1% ms (steward.slow_query_ms); the heaviest: %2%",
     "EXPLAIN (ANALYZE, BUFFERS) them: SELECT queryid, calls, mean_exec_time, query FROM "
     "pg_stat_statements WHERE mean_exec_time > %1% ORDER BY total_exec_time DESC;",
     "no statement is slow", Requirement::kPgStatStatements,
     kMeasures},
    {"pg_stat_statements_missing",
     R"(SELECT 'pg_stat_statements', 1, NULL, r.reason, r.fix
          FROM (SELECT CASE
                  WHEN NOT 'pg_stat_statements' = ANY (string_to_array(replace(current_setting('shared_preload_libraries'), ' ', ''), ','))
                    THEN 'it is not in shared_preload_libraries'
                  WHEN NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'pg_stat_statements')
                    THEN format('the extension is not created in database %I', current_database())
                  WHEN current_setting('pg_stat_statements.track', true) = 'none'
                    THEN 'pg_stat_statements.track is none' END AS reason,
                CASE
                  WHEN NOT 'pg_stat_statements' = ANY (string_to_array(replace(current_setting('shared_preload_libraries'), ' ', ''), ','))
                    THEN 'ALTER SYSTEM SET shared_preload_libraries = ''pg_stat_statements,...''; (keep the libraries already listed), restart, then CREATE EXTENSION pg_stat_statements;'
                  WHEN NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'pg_stat_statements')
                    THEN 'CREATE EXTENSION pg_stat_statements;'
                  ELSE 'ALTER SYSTEM SET pg_stat_statements.track = ''top''; SELECT pg_reload_conf();' END AS fix) r
         WHERE r.reason IS NOT NULL)",
     "query statistics are not collected: %1%; slow_queries and index advice need them",
     "%2%", "pg_stat_statements is loaded, created and tracking", Requirement::kNone},
    {"risky_settings",
     R"(WITH risky(name, risky, safe, status, why) AS (VALUES
                ('fsync', 'off', 'on', 'CRITICAL', 'a crash can corrupt the whole cluster'),
                ('full_page_writes', 'off', 'on', 'CRITICAL', 'a crash can leave torn pages that recovery cannot repair'),
                ('data_sync_retry', 'on', 'off', 'CRITICAL', 'a failed fsync can silently lose writes'),
                ('zero_damaged_pages', 'on', 'off', 'CRITICAL', 'damaged pages are silently replaced by zeroes, destroying rows'),
                ('ignore_checksum_failure', 'on', 'off', 'CRITICAL', 'corrupted pages are read as if they were fine'),
                ('autovacuum', 'off', 'on', 'CRITICAL', 'dead rows pile up and transaction ID wraparound is only prevented by emergency vacuums'),
                ('track_counts', 'off', 'on', 'CRITICAL', 'autovacuum is blind without table statistics'),
                ('synchronous_commit', 'off', 'on', 'WARNING', 'the last transactions reported as committed can be lost in a crash'),
                ('wal_level', 'minimal', 'replica', 'WARNING', 'no point-in-time recovery, no standby, no logical decoding'),
                ('allow_system_table_mods', 'on', 'off', 'WARNING', 'system catalogs can be changed by hand'),
                ('ignore_system_indexes', 'on', 'off', 'WARNING', 'catalog lookups scan whole tables'),
                ('password_encryption', 'md5', 'scram-sha-256', 'WARNING', 'new passwords are stored as MD5 hashes, weaker than SCRAM')),
        -- Settings stored with ALTER ROLE / ALTER DATABASE ... SET, for every role and database,
        -- not only the ones of this session. Boolean spellings are normalised.
        stored AS (
          SELECT d.setdatabase, d.setrole, lower(split_part(c.entry, '=', 1)) AS name,
                 CASE WHEN lower(substr(c.entry, strpos(c.entry, '=') + 1)) IN ('off', 'false', 'no', '0') THEN 'off'
                      WHEN lower(substr(c.entry, strpos(c.entry, '=') + 1)) IN ('on', 'true', 'yes', '1') THEN 'on'
                      ELSE lower(substr(c.entry, strpos(c.entry, '=') + 1)) END AS setting
            FROM pg_catalog.pg_db_role_setting d CROSS JOIN LATERAL unnest(d.setconfig) AS c(entry))
        SELECT s.name, NULL::float8, r.status, s.name, s.setting, r.why,
               CASE s.source
                 WHEN 'session' THEN format('RESET %s; this session set it: remove the SET from the application', s.name)
                 WHEN 'client' THEN format('RESET %s; this session''s connection options set it (PGOPTIONS or options=): remove them', s.name)
                 ELSE format('ALTER SYSTEM SET %s = %s; then %s', s.name, quote_literal(r.safe),
                             CASE WHEN s.context = 'postmaster' THEN 'restart the server' ELSE 'SELECT pg_reload_conf();' END) END
          FROM risky r
          JOIN pg_catalog.pg_settings s ON s.name = r.name AND s.setting = r.risky
         WHERE s.source NOT IN ('database', 'user', 'database user')
        UNION ALL
        SELECT format('%s (%s)', r.name, w.target), NULL::float8, r.status, r.name, st.setting, r.why,
               format('ALTER %s RESET %s;', w.command, r.name)
          FROM stored st
          JOIN risky r ON r.name = st.name AND r.risky = st.setting
          LEFT JOIN pg_catalog.pg_roles ro ON ro.oid = st.setrole
          LEFT JOIN pg_catalog.pg_database db ON db.oid = st.setdatabase
         CROSS JOIN LATERAL (SELECT
               CASE WHEN st.setrole = 0 AND st.setdatabase = 0 THEN 'all roles'
                    WHEN st.setrole = 0 THEN format('database %I', db.datname)
                    WHEN st.setdatabase = 0 THEN format('role %I', ro.rolname)
                    ELSE format('role %I in database %I', ro.rolname, db.datname) END AS target,
               CASE WHEN st.setrole = 0 AND st.setdatabase = 0 THEN 'ROLE ALL'
                    WHEN st.setrole = 0 THEN format('DATABASE %I', db.datname)
                    WHEN st.setdatabase = 0 THEN format('ROLE %I', ro.rolname)
                    ELSE format('ROLE %I IN DATABASE %I', ro.rolname, db.datname) END AS command) w)",
     "%1% is set to %2%: %3%", "%4%", "no setting risks data loss or corruption",
     Requirement::kNone},
    {"outdated_extensions",
     R"(SELECT format('extension %I', e.extname), 1, NULL, e.extversion, a.default_version,
               format('ALTER EXTENSION %I UPDATE;', e.extname)
          FROM pg_catalog.pg_extension e
          JOIN pg_catalog.pg_available_extensions a ON a.name = e.extname
         WHERE a.default_version IS NOT NULL AND e.extversion <> a.default_version
           AND EXISTS (SELECT 1 FROM pg_catalog.pg_extension_update_paths(e.extname) p
                        WHERE p.source = e.extversion AND p.target = a.default_version
                          AND p.path IS NOT NULL))",
     "installed at version %1% while the server has %2%: fixes and features of the newer "
     "version are not in use",
     "%3%", "every extension is at the version the server ships", Requirement::kNone},
    {"checkpoint_pressure",
     R"(SELECT 'checkpoints', 100.0 * checkpoints_req / (checkpoints_timed + checkpoints_req), NULL,
               checkpoints_req::text, (checkpoints_timed + checkpoints_req)::text,
               current_setting('max_wal_size'), coalesce(stats_reset::text, 'statistics were never reset')
          FROM pg_catalog.pg_stat_bgwriter WHERE checkpoints_timed + checkpoints_req >= 10)",
     "%1% of %2% checkpoints since %4% were requested before checkpoint_timeout, mostly by WAL "
     "volume reaching max_wal_size (CHECKPOINT commands and base backups count too): each one "
     "writes all dirty pages and then full-page images for every page changed next",
     "If the server log says \"checkpoint starting: wal\" (log_checkpoints), raise max_wal_size "
     "(now %3%) so checkpoints happen on time: ALTER SYSTEM SET max_wal_size = '<about twice as "
     "much>'; SELECT pg_reload_conf();",
     "checkpoints happen on schedule, or fewer than 10 have run", Requirement::kNone,
     kMeasures},
    {"transaction_rollback_ratio",
     R"(SELECT format('database %I', datname), 100.0 * xact_rollback / (xact_commit + xact_rollback), NULL,
               xact_rollback::text, (xact_commit + xact_rollback)::text
          FROM pg_catalog.pg_stat_database
         WHERE datname = current_database() AND xact_commit + xact_rollback >= 1000)",
     "%1% of %2% transactions rolled back: failing statements, or an application that rolls "
     "back by design",
     "Find the errors in the server log (log_min_error_statement = error) and fix the "
     "statements; if the application rolls back read-only transactions on purpose, raise this "
     "threshold",
     "rollbacks are below the warning level, or fewer than 1,000 transactions ran",
     Requirement::kNone,
     kMeasures},
};

}  // namespace

const std::vector<CheckDefinition> &ServerChecks() { return kChecks; }

}  // namespace steward::health
