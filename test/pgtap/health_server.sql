-- The server checks of steward.check_health() (src/health/checks_server.cpp) on the running
-- cluster: each is seen OK while its problem is absent, then its problem is provoked for real,
-- with other sessions opened through dblink, and seen reported with its status, object and fix.
--
-- How each problem is provoked:
--   For real, default thresholds: archiving (archive_command fails), replication_slots (an
--     inactive slot), outdated_extensions (hstore 1.7), pg_stat_statements_missing (extension
--     dropped, or track = none), risky_settings (synchronous_commit, zero_damaged_pages),
--     transaction_rollback_ratio (1,000 rolled back transactions), checkpoint_pressure (10
--     CHECKPOINT commands are requested checkpoints).
--   For real, with a lower threshold so that the suite need not wait or repeat: idle_in_transaction,
--     long_running_queries, blocked_queries, prepared_transactions (1 s instead of minutes),
--     deadlocks (1 instead of 10), temp_files (1 kB instead of 10 GB), slow_queries
--     (steward.slow_query_ms = 200 and 1 statement instead of 10).
--   connections: seven real dblink sessions; the warning level is put just below the real count,
--     because the share of max_connections they make depends on the cluster.
--   Threshold only, because the measured value depends on the machine and cannot be pushed on
--     purpose: cache_hit_ratio (real block reads, warning level 100 %: shared buffers cannot be
--     emptied from SQL) and disk_space (warning level 0 %: a real statvfs figure, never asserted).
--   OK only: replication_lag (needs a standby) and checksum_failures (needs a corrupted page and a
--     restart); scenarios cover them.
--
-- Needs the cluster tools/test starts: archive_mode = on with archive_command = '/bin/true',
-- max_prepared_transactions > 0, pg_stat_statements preloaded, run by a superuser.
-- What lives outside this transaction is removed before the end: dblink sessions, the prepared
-- transaction, the slot, the locked table, the ALTER SYSTEM of archive_command. The statistics
-- counters of this database, the checkpoint counters and this database's pg_stat_statements
-- entries are reset at the start (so that the suite does not depend on what ran before) and at
-- the end (so that the suites after it do not see its deadlock, rollbacks and checkpoints).
BEGIN;
SELECT plan(86);
SET LOCAL client_min_messages = warning;  -- dblink_get_result(..., false) reports the deadlock as a NOTICE

-- A connection string to this database through the server's own socket; the application name
-- lets a later run find the sessions of an interrupted one.
CREATE FUNCTION pg_temp.connstr() RETURNS text LANGUAGE sql AS $$
    SELECT format('host=%s port=%s dbname=%s user=%s application_name=steward_tap_health_server',
                  coalesce(nullif(trim(split_part(current_setting('unix_socket_directories'), ',', 1)), ''), 'localhost'),
                  current_setting('port'), current_database(), current_user)
$$;

-- Every finding, with fresh statistics: a transaction otherwise keeps seeing the sessions and
-- counters of its first look at them.
CREATE FUNCTION pg_temp.findings()
RETURNS TABLE (check_name text, status text, object text, value text, threshold text, detail text, fix text)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_stat_clear_snapshot();
    RETURN QUERY SELECT * FROM steward.check_health(true);
END $$;

-- Every finding while the statements run, which are then undone (a rolled back subtransaction).
CREATE FUNCTION pg_temp.findings_after(statements text[])
RETURNS TABLE (check_name text, status text, object text, value text, threshold text, detail text, fix text)
LANGUAGE plpgsql AS $$
DECLARE statement text;
BEGIN
    BEGIN
        FOREACH statement IN ARRAY statements LOOP EXECUTE statement; END LOOP;
        RETURN QUERY SELECT * FROM pg_temp.findings();
        RAISE EXCEPTION 'undo' USING ERRCODE = 'STW01';
    EXCEPTION WHEN SQLSTATE 'STW01' THEN NULL;
    END;
END $$;

-- Whether the boolean SQL expression becomes true within the time given (fresh statistics each time).
CREATE FUNCTION pg_temp.wait_for(condition text, seconds float8) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE deadline timestamptz := clock_timestamp() + seconds * interval '1 s'; result boolean;
BEGIN
    LOOP
        PERFORM pg_stat_clear_snapshot();
        EXECUTE 'SELECT ' || condition INTO result;
        IF result OR clock_timestamp() > deadline THEN RETURN coalesce(result, false); END IF;
        PERFORM pg_sleep(0.05);
    END LOOP;
END $$;

-- The backend pid of a dblink session.
CREATE FUNCTION pg_temp.pid(connection text) RETURNS int LANGUAGE sql AS $$
    SELECT pid FROM dblink($1, 'SELECT pg_backend_pid()') AS t(pid int)
$$;

-- ok() that shows the text when it lacks the expected part.
CREATE FUNCTION pg_temp.contains(haystack text, needle text, description text) RETURNS text LANGUAGE sql AS $$
    SELECT CASE WHEN strpos(haystack, needle) > 0 THEN ok(true, description)
                ELSE ok(false, description) || E'\n'
                     || diag(format(E'    text: %s\n    lacks: %s', coalesce(haystack, 'NULL'), needle)) END
$$;

SELECT ok(current_setting('archive_mode') <> 'off' AND current_setting('max_prepared_transactions')::int > 0
          AND (SELECT rolsuper FROM pg_roles WHERE rolname = current_user),
          'the cluster is set up as tools/test does: archive_mode on, max_prepared_transactions > 0, run by a superuser');

-- Leftovers of an interrupted run: an error ends the suite before its cleanup, and its sessions
-- can outlive it (a pg_sleep(30) does not notice that its client is gone).
DO $$
BEGIN
    PERFORM pg_terminate_backend(pid, 5000) FROM pg_stat_activity
      WHERE application_name = 'steward_tap_health_server' AND datname = current_database() AND pid <> pg_backend_pid();
    PERFORM pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'steward_tap_inactive';
    PERFORM dblink_exec(pg_temp.connstr(), format('ROLLBACK PREPARED %L', gid))
       FROM pg_prepared_xacts WHERE gid = 'steward_tap_forgotten' AND database = current_database();
    PERFORM dblink_exec(pg_temp.connstr(), 'DROP TABLE IF EXISTS public.steward_tap_locked');
    PERFORM pg_stat_reset();                   -- counters of this database
    PERFORM pg_stat_reset_shared('bgwriter');  -- checkpoint counters
    PERFORM pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0);
END $$;
CREATE TEMP TABLE original_archive_command AS
    SELECT setting, coalesce(sourcefile LIKE '%postgresql.auto.conf', false) AS by_alter_system
      FROM pg_settings WHERE name = 'archive_command';

-- 1. Nothing provoked yet: one OK row per check. The levels of the two checks whose value
-- depends on the machine are put where any real value is OK.
UPDATE steward.health_threshold SET warning = 100, critical = NULL WHERE check_name = 'disk_space';
UPDATE steward.health_threshold SET warning = 0, critical = 0 WHERE check_name = 'cache_hit_ratio';
CREATE TEMP TABLE baseline AS SELECT * FROM pg_temp.findings();
SELECT is((SELECT string_agg(b.status, ', ') FROM baseline b WHERE b.check_name = c.name), 'OK',
          c.name || ': one OK row when ' || c.absent)
  FROM (VALUES (1, 'connections', 'few connections are in use'),
               (2, 'idle_in_transaction', 'no other session is idle in a transaction'),
               (3, 'long_running_queries', 'no other statement runs'),
               (4, 'blocked_queries', 'no session waits for a lock'),
               (5, 'replication_slots', 'there is no replication slot'),
               (6, 'replication_lag', 'there is no standby'),
               (7, 'archiving', 'archive_command succeeds'),
               (8, 'prepared_transactions', 'no transaction is prepared'),
               (9, 'checksum_failures', 'no page failed its checksum'),
               (10, 'deadlocks', 'no deadlock happened since the statistics reset'),
               (11, 'temp_files', 'no temporary file was written since the statistics reset'),
               (13, 'slow_queries', 'no statement is slower than steward.slow_query_ms'),
               (14, 'pg_stat_statements_missing', 'pg_stat_statements is loaded, created and tracking'),
               (15, 'risky_settings', 'no risky setting is in effect'),
               (16, 'outdated_extensions', 'every extension is at its default version'),
               (17, 'cache_hit_ratio', 'the ratio is above the levels (set to 0 %) or too few blocks were read'),
               (18, 'checkpoint_pressure', 'fewer than 10 checkpoints ran since the reset'),
               (19, 'transaction_rollback_ratio', 'fewer than 1,000 transactions ran since the reset')) AS c(n, name, absent)
 ORDER BY c.n;
-- A measuring check shows its measurements as OK rows: one per filesystem, with its value.
SELECT is((SELECT string_agg(b.status || ' ' || b.object || ' ' || (b.value ~ '^[0-9.]+ %$')::text, ', ' ORDER BY b.object)
             FROM baseline b WHERE b.check_name = 'disk_space'),
          'OK data directory true, OK pg_wal true',
          'disk_space: one OK row per filesystem, with its real usage (warning level 100 %)');

-- 2. slow_queries, first: the statements of this database since the reset are this suite's.
-- pg_stat_statements records each statement when it ends, so this session's count at once.
SELECT pg_sleep(0.25);
SELECT pg_sleep(0.25);
SELECT pg_sleep(0.25);
SET LOCAL steward.slow_query_ms = 200;
UPDATE steward.health_threshold SET warning = 1 WHERE check_name = 'slow_queries';
CREATE TEMP TABLE slow AS SELECT * FROM pg_temp.findings() WHERE check_name = 'slow_queries';
SELECT is((SELECT string_agg(status || ' ' || object, ', ') FROM slow), 'WARNING database ' || quote_ident(current_database()),
          'slow_queries: statements slower than steward.slow_query_ms are WARNING for this database');
SELECT matches((SELECT detail FROM slow),
               (SELECT format('the heaviest: (.*; )?%s \([0-9.]+ ms mean, 3 calls\)', queryid) FROM pg_stat_statements
                 WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                   AND query = 'SELECT pg_sleep($1)' AND toplevel),
               'slow_queries: the detail names the slow statement by queryid, with its mean time and calls');
SELECT pg_temp.contains((SELECT fix FROM slow), 'FROM pg_stat_statements WHERE mean_exec_time > 200 ORDER BY total_exec_time DESC;',
                        'slow_queries: the fix lists the statements above steward.slow_query_ms');
RESET steward.slow_query_ms;
UPDATE steward.health_threshold SET warning = 10 WHERE check_name = 'slow_queries';

-- 3. pg_stat_statements dropped, then not tracking (each undone right after).
CREATE TEMP TABLE without_pgss AS
    SELECT * FROM pg_temp.findings_after(ARRAY['DROP EXTENSION pg_stat_statements'])
     WHERE check_name IN ('pg_stat_statements_missing', 'slow_queries');
SELECT is((SELECT string_agg(status || ': ' || detail, ', ') FROM without_pgss WHERE check_name = 'pg_stat_statements_missing'),
          format('WARNING: query statistics are not collected: the extension is not created in database %I; '
                 'slow_queries and index advice need them', current_database()),
          'pg_stat_statements_missing: a dropped extension is WARNING');
SELECT is((SELECT fix FROM without_pgss WHERE check_name = 'pg_stat_statements_missing'), 'CREATE EXTENSION pg_stat_statements;',
          'pg_stat_statements_missing: the fix creates the extension');
SELECT is((SELECT string_agg(status || ': ' || detail, ', ') FROM without_pgss WHERE check_name = 'slow_queries'),
          'WARNING: check could not run: pg_stat_statements is not created in this database',
          'slow_queries: one WARNING row saying it could not run without pg_stat_statements');
CREATE TEMP TABLE untracked AS
    SELECT * FROM pg_temp.findings_after(ARRAY['SET LOCAL pg_stat_statements.track = none'])
     WHERE check_name = 'pg_stat_statements_missing';
SELECT is((SELECT string_agg(status || ': ' || detail, ', ') FROM untracked),
          'WARNING: query statistics are not collected: pg_stat_statements.track is none; slow_queries and index advice need them',
          'pg_stat_statements_missing: track = none is WARNING');
SELECT is((SELECT fix FROM untracked), 'ALTER SYSTEM SET pg_stat_statements.track = ''top''; SELECT pg_reload_conf();',
          'pg_stat_statements_missing: the fix turns tracking on');

-- 4. Risky settings in this session (undone right after).
CREATE TEMP TABLE risky AS
    SELECT * FROM pg_temp.findings_after(ARRAY['SET LOCAL synchronous_commit = off', 'SET LOCAL zero_damaged_pages = on'])
     WHERE check_name = 'risky_settings';
SELECT is((SELECT status FROM risky WHERE object = 'synchronous_commit'), 'WARNING',
          'risky_settings: synchronous_commit = off is WARNING');
SELECT is((SELECT detail FROM risky WHERE object = 'synchronous_commit'),
          'synchronous_commit is set to off: the last transactions reported as committed can be lost in a crash',
          'risky_settings: the detail names the setting, its value and the risk');
SELECT pg_temp.contains((SELECT fix FROM risky WHERE object = 'synchronous_commit'), 'RESET synchronous_commit;',
                        'risky_settings: a setting made by the session is fixed by RESET, not ALTER SYSTEM');
SELECT is((SELECT status FROM risky WHERE object = 'zero_damaged_pages'), 'CRITICAL',
          'risky_settings: zero_damaged_pages = on is CRITICAL');
-- A risky value stored for another role is found too, though this session does not use it.
CREATE ROLE steward_tap_bulk_loader;
ALTER ROLE steward_tap_bulk_loader SET synchronous_commit = false;
CREATE TEMP TABLE risky_role AS
    SELECT * FROM pg_temp.findings() WHERE check_name = 'risky_settings' AND object LIKE '%steward_tap_bulk_loader%';
SELECT is((SELECT string_agg(status || ' ' || object, ', ') FROM risky_role),
          'WARNING synchronous_commit (role steward_tap_bulk_loader)',
          'risky_settings: ALTER ROLE ... SET synchronous_commit = false of another role is WARNING');
SELECT is((SELECT fix FROM risky_role), 'ALTER ROLE steward_tap_bulk_loader RESET synchronous_commit;',
          'risky_settings: the fix resets it for that role');
SELECT is((SELECT string_agg(status || ' ' || object || ': ' || fix, ', ')
             FROM pg_temp.findings_after(ARRAY['ALTER ROLE ALL SET zero_damaged_pages = true'])
            WHERE check_name = 'risky_settings' AND object LIKE '%all roles%'),
          'CRITICAL zero_damaged_pages (all roles): ALTER ROLE ALL RESET zero_damaged_pages;',
          'risky_settings: a value stored for all roles (ALTER ROLE ALL SET) is reported and reset for all roles');

-- 5. An extension installed at an older version than the server ships (undone right after).
CREATE TEMP TABLE outdated AS
    SELECT * FROM pg_temp.findings_after(ARRAY['CREATE EXTENSION hstore VERSION ''1.7'''])
     WHERE check_name = 'outdated_extensions';
SELECT is((SELECT string_agg(status || ' ' || object, ', ') FROM outdated), 'WARNING extension hstore',
          'outdated_extensions: hstore 1.7 is WARNING');
SELECT is((SELECT detail FROM outdated),
          (SELECT format('installed at version 1.7 while the server has %s: fixes and features of the newer version are not in use',
                         default_version) FROM pg_available_extensions WHERE name = 'hstore'),
          'outdated_extensions: the detail gives both versions');
SELECT is((SELECT fix FROM outdated), 'ALTER EXTENSION hstore UPDATE;', 'outdated_extensions: the fix updates it');
-- No update path from the installed version to the default one: nothing to propose.
SELECT is((SELECT count(*) FROM pg_temp.findings_after(ARRAY['CREATE EXTENSION hstore VERSION ''1.7''',
                                                             'UPDATE pg_extension SET extversion = ''9.9'' WHERE extname = ''hstore'''])
            WHERE check_name = 'outdated_extensions' AND status <> 'OK'), 0::bigint,
          'outdated_extensions: a version with no update path to the default is not reported');

-- 6. Other sessions: one idle in a transaction, one holding a lock and one waiting for it, one
-- running a long statement, one that prepared a transaction and then does the work whose
-- statistics the checks read, two that deadlock.
DO $$
BEGIN
    PERFORM dblink_connect(name, pg_temp.connstr())
       FROM unnest(ARRAY['idle', 'holder', 'waiter', 'sleeper', 'worker', 'deadlock_a', 'deadlock_b']) AS name;
END $$;
CREATE TEMP TABLE pids AS
    SELECT name, pg_temp.pid(name) AS pid
      FROM unnest(ARRAY['idle', 'holder', 'waiter', 'sleeper', 'worker', 'deadlock_a', 'deadlock_b']) AS name;
DO $$
BEGIN
    PERFORM dblink_exec('worker', 'CREATE TABLE public.steward_tap_locked (id int)');  -- committed: both sessions see it
    PERFORM dblink_exec('idle', 'BEGIN');
    PERFORM dblink_exec('holder', 'BEGIN');
    PERFORM dblink_exec('holder', 'LOCK TABLE public.steward_tap_locked IN ACCESS EXCLUSIVE MODE');
    PERFORM dblink_send_query('waiter', 'SELECT count(*) FROM public.steward_tap_locked');
    PERFORM dblink_send_query('sleeper', 'SELECT pg_sleep(30)');
    PERFORM dblink_exec('worker', 'BEGIN');
    PERFORM dblink_exec('worker', 'PREPARE TRANSACTION ''steward_tap_forgotten''');
    PERFORM pg_create_physical_replication_slot('steward_tap_inactive', true);
END $$;
CREATE TEMP TABLE started AS SELECT clock_timestamp() AS at;

-- A deadlock: a locks 1 and waits for 2, b locks 2 and waits for 1.
CREATE TEMP TABLE deadlock_outcome (session text, error text);
DO $$
DECLARE session text;
BEGIN
    PERFORM dblink_exec(name, 'SET deadlock_timeout = ''100ms''') FROM unnest(ARRAY['deadlock_a', 'deadlock_b']) AS name;
    PERFORM dblink_exec('deadlock_a', 'BEGIN');
    PERFORM dblink_exec('deadlock_b', 'BEGIN');
    PERFORM * FROM dblink('deadlock_a', 'SELECT pg_advisory_xact_lock(7311001)::text') AS t(x text);
    PERFORM * FROM dblink('deadlock_b', 'SELECT pg_advisory_xact_lock(7311002)::text') AS t(x text);
    PERFORM dblink_send_query('deadlock_a', 'SELECT pg_advisory_xact_lock(7311002)::text');
    PERFORM pg_temp.wait_for(format('EXISTS (SELECT FROM pg_locks WHERE pid = %s AND NOT granted)',
                                    (SELECT pid FROM pids WHERE name = 'deadlock_a')), 10);
    PERFORM dblink_send_query('deadlock_b', 'SELECT pg_advisory_xact_lock(7311001)::text');
    FOREACH session IN ARRAY ARRAY['deadlock_a', 'deadlock_b'] LOOP  -- the victim fails, the other gets its lock
        PERFORM * FROM dblink_get_result(session, false) AS t(x text);
        INSERT INTO deadlock_outcome VALUES (session, dblink_error_message(session));
        PERFORM * FROM dblink_get_result(session, false) AS t(x text);  -- the end of its results
    END LOOP;
    PERFORM dblink_exec(name, 'ROLLBACK') FROM unnest(ARRAY['deadlock_a', 'deadlock_b']) AS name;
    -- A backend sends its statistics when idle, at most once a second unless asked to.
    PERFORM (SELECT x FROM dblink(name, 'SELECT pg_stat_force_next_flush()::text') AS t(x text))
       FROM unnest(ARRAY['deadlock_a', 'deadlock_b']) AS name;
END $$;
SELECT is((SELECT string_agg(outcome, ', ' ORDER BY outcome COLLATE "C")
             FROM (SELECT CASE WHEN error LIKE '%deadlock detected%' THEN 'deadlock detected' ELSE error END AS outcome
                     FROM deadlock_outcome) o),
          'OK, deadlock detected',
          'the two sessions deadlocked: one was aborted, the other went on');

-- Temporary files, block reads, rolled back transactions, checkpoints.
DO $$
BEGIN
    PERFORM dblink_exec('worker', 'SET work_mem = ''64kB''');
    PERFORM * FROM dblink('worker', 'SELECT count(*) FROM (SELECT g FROM generate_series(1, 100000) g ORDER BY g DESC) s')
                AS t(n bigint);
    PERFORM dblink_exec('worker', 'RESET work_mem');
    -- 20,000 index lookups: well over the 10,000 block reads cache_hit_ratio wants before judging.
    PERFORM * FROM dblink('worker', 'SELECT count((SELECT relname FROM pg_catalog.pg_class WHERE oid = g::oid))
                                       FROM generate_series(1, 20000) g') AS t(n bigint);
    PERFORM dblink_exec('worker', 'DO $do$ BEGIN FOR i IN 1..1000 LOOP ROLLBACK; END LOOP; END $do$');
    PERFORM * FROM dblink('worker', 'SELECT pg_stat_force_next_flush()::text') AS t(x text);
END $$;
DO $$ BEGIN FOR i IN 1..10 LOOP CHECKPOINT; END LOOP; END $$;

SELECT ok(pg_temp.wait_for($$ (SELECT deadlocks >= 1 AND temp_files > 0 AND xact_rollback >= 1000
                                      AND blks_hit + blks_read >= 10000
                                 FROM pg_stat_database WHERE datname = current_database()) $$, 15),
          'the other sessions'' deadlock, temporary files, block reads and rollbacks reached pg_stat_database');

-- 7. archive_command fails: changed through the worker (ALTER SYSTEM cannot run in a transaction
-- block), WAL switched until the archiver has failed, the finding kept, the command restored.
CREATE FUNCTION pg_temp.restore_archive_command() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM dblink_exec(pg_temp.connstr(),
                        CASE WHEN by_alter_system THEN format('ALTER SYSTEM SET archive_command = %L', setting)
                             ELSE 'ALTER SYSTEM RESET archive_command' END)
       FROM original_archive_command;
    PERFORM * FROM dblink(pg_temp.connstr(), 'SELECT pg_reload_conf()') AS t(reloaded boolean);
END $$;
CREATE TEMP TABLE archive_failing (check_name text, status text, object text, value text, threshold text, detail text, fix text);
DO $$
DECLARE
    failures bigint;
    deadline timestamptz := clock_timestamp() + interval '20 s';
    next_switch timestamptz := clock_timestamp();
BEGIN
    PERFORM pg_stat_clear_snapshot();
    failures := (SELECT failed_count FROM pg_stat_archiver);
    PERFORM dblink_exec(pg_temp.connstr(), 'ALTER SYSTEM SET archive_command = ''/bin/false''');
    PERFORM * FROM dblink(pg_temp.connstr(), 'SELECT pg_reload_conf()') AS t(reloaded boolean);
    LOOP
        IF clock_timestamp() >= next_switch THEN  -- again, in case the archiver read the new command late
            PERFORM * FROM dblink('worker', 'SELECT txid_current()::text') AS t(x text);  -- some WAL to switch away from
            PERFORM * FROM dblink('worker', 'SELECT pg_switch_wal()::text') AS t(x text);
            next_switch := clock_timestamp() + interval '2 s';
        END IF;
        PERFORM pg_sleep(0.1);
        PERFORM pg_stat_clear_snapshot();
        EXIT WHEN (SELECT failed_count FROM pg_stat_archiver) > failures OR clock_timestamp() > deadline;
    END LOOP;
    INSERT INTO archive_failing SELECT * FROM pg_temp.findings() f WHERE f.check_name = 'archiving';
    PERFORM pg_temp.restore_archive_command();
EXCEPTION WHEN OTHERS THEN
    PERFORM pg_temp.restore_archive_command();
    RAISE;
END $$;
SELECT is((SELECT string_agg(status || ' ' || object, ', ') FROM archive_failing), 'WARNING archiver',
          'archiving: a failing archive_command is WARNING');
SELECT pg_temp.contains((SELECT detail FROM archive_failing), 'archive_command fails: ',
                        'archiving: the detail says archive_command fails, with the failures');
SELECT pg_temp.contains((SELECT fix FROM archive_failing), 'watch pg_stat_archiver.last_archived_time',
                        'archiving: the fix says how to find the error and follow the recovery');
SELECT ok(pg_temp.wait_for('(SELECT last_archived_time > last_failed_time FROM pg_stat_archiver)', 20)
          AND (SELECT status FROM pg_temp.findings() f WHERE f.check_name = 'archiving') = 'OK',
          'archiving: OK again once archive_command is restored and the waiting WAL is archived');

-- 8. Everything at once, after the sessions have been in their state for over a second.
SELECT pg_sleep(greatest(0, 1.2 - extract(epoch FROM clock_timestamp() - at))) FROM started;
SELECT pg_stat_clear_snapshot();
CREATE TEMP TABLE connection_count AS
    SELECT count(*) AS n, current_setting('max_connections')::int AS max
      FROM pg_stat_activity WHERE backend_type = 'client backend';
UPDATE steward.health_threshold SET warning = 1, critical = 3600
 WHERE check_name IN ('idle_in_transaction', 'blocked_queries', 'prepared_transactions');
UPDATE steward.health_threshold SET warning = 1, critical = 1 WHERE check_name = 'long_running_queries';
UPDATE steward.health_threshold SET warning = 1 WHERE check_name = 'deadlocks';
UPDATE steward.health_threshold SET warning = 0.001 WHERE check_name = 'temp_files';             -- MB
UPDATE steward.health_threshold SET warning = 100, critical = NULL WHERE check_name = 'cache_hit_ratio';
UPDATE steward.health_threshold SET warning = 0, critical = NULL WHERE check_name = 'disk_space';
UPDATE steward.health_threshold SET warning = 100.0 * (n - 0.5) / max, critical = NULL
  FROM connection_count WHERE check_name = 'connections';
CREATE TEMP TABLE provoked AS SELECT * FROM pg_temp.findings();
CREATE FUNCTION pg_temp.finding(check_name text, object text) RETURNS provoked LANGUAGE sql AS $$
    SELECT * FROM provoked p WHERE p.check_name = $1 AND p.object = $2
$$;
CREATE FUNCTION pg_temp.session(name text) RETURNS text LANGUAGE sql AS $$
    SELECT format('pid %s', pid) FROM pids WHERE pids.name = $1
$$;
CREATE FUNCTION pg_temp.pid_of(name text) RETURNS int LANGUAGE sql AS $$
    SELECT pid FROM pids WHERE pids.name = $1
$$;

SELECT is((pg_temp.finding('connections', 'max_connections')).status, 'WARNING',
          'connections: WARNING once the real sessions reach the warning level');
SELECT pg_temp.contains((pg_temp.finding('connections', 'max_connections')).detail,
                        (SELECT format('%s of %s connections in use', n, max) FROM connection_count),
                        'connections: the detail counts the real sessions');
SELECT pg_temp.contains((pg_temp.finding('connections', 'max_connections')).fix,
                        'SELECT pid, usename, application_name, state_change FROM pg_stat_activity WHERE state = ''idle''',
                        'connections: the fix lists the idle sessions');

SELECT is((pg_temp.finding('idle_in_transaction', pg_temp.session('idle'))).status, 'WARNING',
          'idle_in_transaction: a session idle in its transaction is WARNING, named by its pid');
SELECT pg_temp.contains((pg_temp.finding('idle_in_transaction', pg_temp.session('idle'))).fix,
                        format('SELECT pg_terminate_backend(%s); and make it automatic: ALTER ROLE %s SET idle_in_transaction_session_timeout',
                               pg_temp.pid_of('idle'), quote_ident(current_user)),
                        'idle_in_transaction: the fix terminates that pid and sets a timeout for its role');

SELECT is((pg_temp.finding('long_running_queries', pg_temp.session('sleeper'))).status, 'CRITICAL',
          'long_running_queries: a running pg_sleep(30) is CRITICAL past the critical level');
SELECT pg_temp.contains((pg_temp.finding('long_running_queries', pg_temp.session('sleeper'))).detail,
                        'has been running one statement: SELECT pg_sleep(30)',
                        'long_running_queries: the detail shows the statement');
SELECT pg_temp.contains((pg_temp.finding('long_running_queries', pg_temp.session('sleeper'))).fix,
                        format('SELECT pg_cancel_backend(%s);', pg_temp.pid_of('sleeper')),
                        'long_running_queries: the fix cancels that pid');

SELECT is((pg_temp.finding('blocked_queries', pg_temp.session('waiter'))).status, 'WARNING',
          'blocked_queries: a session waiting for a lock is WARNING');
SELECT pg_temp.contains((pg_temp.finding('blocked_queries', pg_temp.session('waiter'))).detail,
                        format('waits for a lock held by session(s) %s: SELECT count(*) FROM public.steward_tap_locked',
                               pg_temp.pid_of('holder')),
                        'blocked_queries: the detail names the blocking session and the waiting statement');
SELECT pg_temp.contains((pg_temp.finding('blocked_queries', pg_temp.session('waiter'))).fix,
                        format('WHERE pid = %1$s; end it if it must go: SELECT pg_terminate_backend(%1$s);', pg_temp.pid_of('holder')),
                        'blocked_queries: the fix looks at and terminates the blocker');

SELECT is((pg_temp.finding('replication_slots', 'slot steward_tap_inactive')).status, 'WARNING',
          'replication_slots: an inactive slot is WARNING');
SELECT pg_temp.contains((pg_temp.finding('replication_slots', 'slot steward_tap_inactive')).fix,
                        'SELECT pg_drop_replication_slot(''steward_tap_inactive'');',
                        'replication_slots: the fix drops the slot');

SELECT is((pg_temp.finding('prepared_transactions', 'prepared transaction ''steward_tap_forgotten''')).status, 'WARNING',
          'prepared_transactions: a forgotten prepared transaction is WARNING');
SELECT pg_temp.contains((pg_temp.finding('prepared_transactions', 'prepared transaction ''steward_tap_forgotten''')).fix,
                        'ROLLBACK PREPARED ''steward_tap_forgotten'';',
                        'prepared_transactions: the fix rolls it back by its gid');

SELECT is((pg_temp.finding('deadlocks', 'database ' || quote_ident(current_database()))).status, 'WARNING',
          'deadlocks: the deadlock is WARNING for this database');
SELECT is((pg_temp.finding('deadlocks', 'database ' || quote_ident(current_database()))).value, '1',
          'deadlocks: exactly the one deadlock since the reset is counted');
SELECT pg_temp.contains((pg_temp.finding('deadlocks', 'database ' || quote_ident(current_database()))).fix,
                        'Turn on log_lock_waits', 'deadlocks: the fix says how to find the transactions');

SELECT is((pg_temp.finding('temp_files', 'database ' || quote_ident(current_database()))).status, 'WARNING',
          'temp_files: a sort spilled to disk is WARNING for this database');
SELECT pg_temp.contains((pg_temp.finding('temp_files', 'database ' || quote_ident(current_database()))).fix,
                        'SELECT queryid, temp_blks_written, query FROM pg_stat_statements ORDER BY temp_blks_written DESC;',
                        'temp_files: the fix finds the statements');

SELECT is((pg_temp.finding('cache_hit_ratio', 'database ' || quote_ident(current_database()))).status, 'WARNING',
          'cache_hit_ratio: WARNING once the real ratio reaches the level');
SELECT pg_temp.contains((pg_temp.finding('cache_hit_ratio', 'database ' || quote_ident(current_database()))).fix,
                        format('Raise shared_buffers (now %s; about 25 %% of RAM', current_setting('shared_buffers')),
                        'cache_hit_ratio: the fix names shared_buffers and its value');

SELECT is((pg_temp.finding('transaction_rollback_ratio', 'database ' || quote_ident(current_database()))).status, 'CRITICAL',
          'transaction_rollback_ratio: 1,000 rollbacks are CRITICAL at the default levels');
SELECT pg_temp.contains((pg_temp.finding('transaction_rollback_ratio', 'database ' || quote_ident(current_database()))).fix,
                        'log_min_error_statement = error', 'transaction_rollback_ratio: the fix says how to find the errors');

SELECT is((pg_temp.finding('checkpoint_pressure', 'checkpoints')).status, 'CRITICAL',
          'checkpoint_pressure: 10 requested checkpoints are CRITICAL at the default levels');
SELECT pg_temp.contains((pg_temp.finding('checkpoint_pressure', 'checkpoints')).fix,
                        format('raise max_wal_size (now %s)', current_setting('max_wal_size')),
                        'checkpoint_pressure: the fix raises max_wal_size');

SELECT is((SELECT string_agg(object || ' ' || status, ', ' ORDER BY object) FROM provoked
            WHERE check_name = 'disk_space' AND object IN ('data directory', 'pg_wal')),
          'data directory WARNING, pg_wal WARNING',
          'disk_space: the data directory and pg_wal are measured and reach a 0 % level');
SELECT is((SELECT count(*) FROM provoked WHERE check_name = 'disk_space' AND object IN ('data directory', 'pg_wal')
                                           AND value ~ '^[0-9.]+ %$' AND detail !~ 'unknown'),
          2::bigint, 'disk_space: both values are real statvfs percentages');
SELECT pg_temp.contains((pg_temp.finding('disk_space', 'pg_wal')).fix, current_setting('data_directory') || '/pg_wal',
                        'disk_space: the fix names the full path');

-- 9. Roles: pg_monitor is enough; without it check_health() is refused; without
-- pg_read_all_stats the checks of other sessions say they could not run.
CREATE ROLE steward_tap_monitor IN ROLE pg_monitor;
CREATE ROLE steward_tap_nobody;
CREATE ROLE steward_tap_blind;
GRANT USAGE ON SCHEMA steward TO steward_tap_nobody, steward_tap_blind;
GRANT EXECUTE ON FUNCTION steward.check_health(boolean) TO steward_tap_blind;
GRANT SELECT ON steward.health_threshold TO steward_tap_blind;
CREATE TEMP TABLE as_monitor AS
    SELECT * FROM jsonb_to_recordset(steward_test.run_as('steward_tap_monitor',
                                                    'SELECT * FROM pg_temp.findings()'))
             AS f(check_name text, status text, object text, detail text);
SELECT is((SELECT string_agg(check_name || ': ' || detail, E'\n') FROM as_monitor WHERE detail LIKE 'check could not run%'),
          NULL, 'a pg_monitor member that is not superuser runs every check');
SELECT is((SELECT status FROM as_monitor WHERE check_name = 'idle_in_transaction' AND object = pg_temp.session('idle')),
          'WARNING', 'a pg_monitor member sees the sessions of other roles');
SELECT is(steward_test.run_as('steward_tap_monitor', 'SELECT steward.health_status() AS status') ->0->>'status', 'CRITICAL',
          'a pg_monitor member gets health_status(), the worst status');
SELECT throws_ok($$ SELECT steward_test.run_as('steward_tap_nobody', 'SELECT * FROM steward.check_health()') $$,
                 '42501', 'permission denied for function check_health',
                 'a role without pg_monitor cannot run check_health()');
SELECT throws_ok($$ SELECT steward_test.run_as('steward_tap_nobody', 'SELECT steward.health_status()') $$,
                 '42501', 'permission denied for function health_status',
                 'a role without pg_monitor cannot run health_status()');
SELECT is((SELECT string_agg(f->>'check_name' || ' ' || (f->>'status') || ': ' || (f->>'detail') || ' / ' || (f->>'fix'),
                             E'\n' ORDER BY f->>'check_name')
             FROM jsonb_array_elements(steward_test.run_as('steward_tap_blind', 'SELECT * FROM pg_temp.findings()')) f
            WHERE f->>'check_name' IN ('idle_in_transaction', 'long_running_queries', 'blocked_queries', 'replication_lag')),
          (SELECT string_agg(name || ' WARNING: check could not run: role steward_tap_blind cannot see other roles'' sessions'
                             || ' / GRANT pg_monitor TO steward_tap_blind;', E'\n' ORDER BY name)
             FROM unnest(ARRAY['idle_in_transaction', 'long_running_queries', 'blocked_queries', 'replication_lag']) name),
          'without pg_read_all_stats each session check returns one WARNING row saying it could not run, and nothing else');

-- 10. The causes removed, with the lowered levels still in place: OK again.
DO $$
BEGIN
    PERFORM dblink_cancel_query('sleeper');
    PERFORM * FROM dblink_get_result('sleeper', false) AS t(x text);
    PERFORM * FROM dblink_get_result('sleeper', false) AS t(x text);
    PERFORM dblink_exec('holder', 'ROLLBACK');
    PERFORM * FROM dblink_get_result('waiter', false) AS t(n bigint);
    PERFORM * FROM dblink_get_result('waiter', false) AS t(n bigint);
    PERFORM dblink_exec('idle', 'ROLLBACK');
    PERFORM dblink_exec('worker', 'ROLLBACK PREPARED ''steward_tap_forgotten''');
    PERFORM dblink_exec('worker', 'DROP TABLE public.steward_tap_locked');
    PERFORM pg_drop_replication_slot('steward_tap_inactive');
END $$;
CREATE TEMP TABLE resolved AS SELECT * FROM pg_temp.findings();
SELECT is((SELECT string_agg(r.status, ', ') FROM resolved r WHERE r.check_name = c), 'OK',
          c || ': OK again once the cause is gone, at the same level')
  FROM unnest(ARRAY['idle_in_transaction', 'long_running_queries', 'blocked_queries', 'prepared_transactions',
                    'replication_slots']) WITH ORDINALITY AS u(c, n)
 ORDER BY n;
DO $$ BEGIN PERFORM dblink_disconnect(name) FROM unnest(dblink_get_connections()) AS name; END $$;
SELECT ok(pg_temp.wait_for($$ (SELECT count(*) < (SELECT n FROM connection_count)
                                 FROM pg_stat_activity WHERE backend_type = 'client backend') $$, 10)
          AND (SELECT status FROM pg_temp.findings() f WHERE f.check_name = 'connections') = 'OK',
          'connections: OK again once the sessions are closed, at the same level');

-- Statistics back to a clean state for the suites that follow.
DO $$
BEGIN
    PERFORM pg_stat_reset();
    PERFORM pg_stat_reset_shared('bgwriter');
    PERFORM pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0);
END $$;

SELECT * FROM finish();
ROLLBACK;
