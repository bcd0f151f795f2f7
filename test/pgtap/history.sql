-- Health and query history (issue 7, src/health/history.sql): snapshot_health(), health_trend(),
-- snapshot_queries() over real pg_stat_statements counters, query_trend(), query_regressions(),
-- retention and the alert rule. One transaction, rolled back.
BEGIN;
SET LOCAL client_min_messages = warning;
SELECT plan(28);

-------------------------------------------------------------------------------------------------
-- Values as numbers.
SELECT is(steward.health_value_number('99.0 %'), 99::float8, 'a percentage');
SELECT is(steward.health_value_number('1.5 GB'), 1.5 * 1024 ^ 3, 'a size in bytes');
SELECT is(steward.health_value_number('12 min 5 s'), 725::float8, 'a duration in seconds, all its parts');
SELECT is(steward.health_value_number('36 rows'), 36::float8, 'a count');
SELECT is(steward.health_value_number(NULL), NULL, 'no value, no number');

-------------------------------------------------------------------------------------------------
-- Health snapshots.
CREATE TEMPORARY TABLE tap_snapshot AS SELECT steward.snapshot_health() AS figures;
SELECT is((SELECT (figures ->> 'stored')::int FROM tap_snapshot), (SELECT count(*)::int FROM steward.health_history
            WHERE taken_at = (SELECT max(taken_at) FROM steward.health_history)),
          'snapshot_health stores every row of check_health(true) and says how many');
SELECT ok((SELECT count(DISTINCT check_name) FROM steward.health_history) = (SELECT count(*) FROM steward.health_threshold WHERE enabled),
          'every enabled check has a row in the snapshot');

-- A check made CRITICAL is announced once, when it becomes CRITICAL.
UPDATE steward.health_threshold SET warning = 0, critical = 0 WHERE check_name = 'connections';
SELECT ok(steward.snapshot_health() -> 'newly_critical' ? 'connections: max_connections',
          'a finding that became CRITICAL is announced');
SELECT ok(NOT (steward.snapshot_health() -> 'newly_critical' ? 'connections: max_connections'),
          '... and not again while it stays CRITICAL');
SELECT ok((SELECT count(*) >= 3 FROM steward.health_trend('connections')), 'health_trend returns the points of a check');
SELECT is((SELECT array_agg(status ORDER BY taken_at) FROM steward.health_trend('connections'))[2:3], ARRAY['CRITICAL', 'CRITICAL'],
          '... in time order, with their status');
SELECT ok((SELECT bool_and(value_number IS NOT NULL) FROM steward.health_trend('connections')), '... and their value as a number');
SELECT throws_ok($$SELECT * FROM steward.health_trend('no_such_check')$$, '42704', 'unknown health check "no_such_check"',
                 'an unknown check is named');
SELECT throws_ok($$SELECT * FROM steward.health_trend('connections', '-1 day')$$, '22023', NULL, 'a negative period is an error');

-- Retention.
INSERT INTO steward.health_history (taken_at, check_name, status) VALUES (now() - interval '40 days', 'connections', 'OK');
SET LOCAL steward.health_history_days = 30;
SELECT ok((steward.snapshot_health() ->> 'purged')::int >= 1, 'snapshots older than steward.health_history_days are purged');
SELECT is((SELECT count(*)::int FROM steward.health_history WHERE taken_at < now() - interval '30 days'), 0, '... none is left');

-------------------------------------------------------------------------------------------------
-- Query snapshots: differences of real pg_stat_statements counters.
CREATE SCHEMA history_tap;
CREATE TABLE history_tap.items AS SELECT g AS id FROM generate_series(1, 100) g;
SELECT steward.snapshot_queries() \g /dev/null
SELECT count(*) FROM history_tap.items WHERE id < 10 \g /dev/null
SELECT count(*) FROM history_tap.items WHERE id < 20 \g /dev/null
SELECT count(*) FROM history_tap.items WHERE id < 30 \g /dev/null
SELECT ok((SELECT (steward.snapshot_queries() ->> 'stored')::int) >= 1, 'a query snapshot stores the statements that ran');
-- The statement's queryid (it changes from run to run: the table is new each time).
CREATE TEMPORARY TABLE tap_query AS
    SELECT DISTINCT s.queryid FROM pg_stat_statements s JOIN steward.query_history h ON h.queryid = s.queryid
     WHERE s.query = 'SELECT count(*) FROM history_tap.items WHERE id < $1'
       AND h.taken_at = (SELECT max(taken_at) FROM steward.query_history);
SELECT is((SELECT calls FROM steward.query_history WHERE queryid = (SELECT queryid FROM tap_query) ORDER BY taken_at DESC LIMIT 1), 3::bigint,
          'the calls since the previous snapshot');
SELECT is((SELECT query FROM steward.query_text WHERE queryid = (SELECT queryid FROM tap_query)),
          'SELECT count(*) FROM history_tap.items WHERE id < $1', 'its text is kept once');
SELECT count(*) FROM history_tap.items WHERE id < 40 \g /dev/null
SELECT count(*) FROM history_tap.items WHERE id < 50 \g /dev/null
SELECT steward.snapshot_queries() \g /dev/null
SELECT is((SELECT calls FROM steward.query_history WHERE queryid = (SELECT queryid FROM tap_query) ORDER BY taken_at DESC LIMIT 1), 2::bigint,
          'the next snapshot counts only what ran since');
SELECT is((SELECT array_agg(calls ORDER BY taken_at) FROM steward.query_trend((SELECT queryid FROM tap_query))), ARRAY[3, 2]::bigint[],
          'query_trend returns the intervals in order');
-- The entry is evicted (reset alone) and counts from 1 again: the snapshot starts over, no negative delta.
SELECT pg_stat_statements_reset(0, 0, (SELECT queryid FROM tap_query)) \g /dev/null
SELECT count(*) FROM history_tap.items WHERE id < 60 \g /dev/null
SELECT steward.snapshot_queries() \g /dev/null
SELECT is((SELECT calls FROM steward.query_history WHERE queryid = (SELECT queryid FROM tap_query) ORDER BY taken_at DESC LIMIT 1), 1::bigint,
          'an entry evicted and created again counts from its new start');
SELECT is((SELECT count(*)::int FROM steward.query_history WHERE calls <= 0 OR total_exec_time < 0), 0, 'no negative or empty interval is stored');

-- Regressions, on a history whose figures are known.
INSERT INTO steward.query_history (taken_at, interval_start, userid, queryid, calls, total_exec_time, mean_exec_time, rows, shared_blks_hit, shared_blks_read) VALUES
    (now() - interval '10 days', now() - interval '11 days', 10, 4242, 100, 100, 1, 0, 0, 0),    -- 1 ms, then 3 ms: slower
    (now() - interval '1 day',   now() - interval '2 days',  10, 4242, 100, 300, 3, 0, 0, 0),
    (now() - interval '10 days', now() - interval '11 days', 10, 4343, 100, 100, 1, 0, 0, 0),    -- 1 ms, then 1.2 ms: noise
    (now() - interval '1 day',   now() - interval '2 days',  10, 4343, 100, 120, 1.2, 0, 0, 0),
    (now() - interval '10 days', now() - interval '11 days', 10, 4444, 10, 10, 1, 0, 0, 0),      -- too few calls
    (now() - interval '1 day',   now() - interval '2 days',  10, 4444, 10, 100, 10, 0, 0, 0);
SELECT results_eq($$SELECT queryid, calls_before, mean_ms_before, calls_since, mean_ms_since, ratio, extra_ms
                      FROM steward.query_regressions('7 days') WHERE queryid IN (4242, 4343, 4444)$$,
                  $$VALUES (4242::bigint, 100::bigint, 1::float8, 100::bigint, 3::float8, 3::float8, 200::float8)$$,
                  'query_regressions finds the statement that got 3 times slower, not the noise nor the rare one');
SELECT throws_ok($$SELECT * FROM steward.query_regressions('7 days', min_ratio => 0.5)$$, '22023', NULL, 'a ratio below 1 is an error');

-- Without pg_stat_statements the snapshot says why and fails nothing.
SAVEPOINT without_pgss;
DROP EXTENSION pg_stat_statements;
SELECT is(steward.snapshot_queries() ->> 'skipped', 'pg_stat_statements is not installed in this database',
          'without pg_stat_statements the snapshot is skipped, with the reason');
ROLLBACK TO SAVEPOINT without_pgss;

-------------------------------------------------------------------------------------------------
-- Privileges.
SELECT ok(NOT has_function_privilege('public', 'steward.snapshot_health()', 'EXECUTE'), 'PUBLIC cannot take snapshots');
SELECT ok(has_function_privilege('pg_monitor', 'steward.health_trend(text, interval)', 'EXECUTE')
          AND has_table_privilege('pg_monitor', 'steward.query_history', 'SELECT'), 'pg_monitor reads the history');

SELECT * FROM finish();
ROLLBACK;
