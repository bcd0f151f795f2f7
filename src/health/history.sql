-- Health and query history (src/health/): snapshots the scheduler takes (health_snapshot every 5
-- minutes, query_snapshot every 15), the trends read from them, and their retention.

-------------------------------------------------------------------------------------------------
-- Health history.

CREATE TABLE steward.health_history (
    taken_at     timestamptz NOT NULL,
    check_name   text NOT NULL,
    status       text NOT NULL,
    object       text,
    value        text,
    value_number double precision,
    detail       text
);
CREATE INDEX health_history_check ON steward.health_history (check_name, taken_at);
CREATE INDEX health_history_taken ON steward.health_history (taken_at);
COMMENT ON TABLE steward.health_history IS 'Every row of steward.check_health(true) at each snapshot (the health_snapshot job, every 5 minutes), kept steward.health_history_days. Read it with steward.health_trend().';
COMMENT ON COLUMN steward.health_history.taken_at IS 'When the snapshot was taken (one value per snapshot).';
COMMENT ON COLUMN steward.health_history.value IS 'The value as check_health() shows it, with its unit.';
COMMENT ON COLUMN steward.health_history.value_number IS 'The value as a number in base units: bytes for sizes, seconds for durations, percent for %, plain counts otherwise.';

-- '99.0 %' -> 99, '1.5 GB' -> 1610612736, '12 min 5 s' -> 725, '36 rows' -> 36; NULL without a number.
CREATE FUNCTION steward.health_value_number(value text) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT CASE WHEN value ~ '^\s*-?[0-9]' THEN (
        SELECT sum(m[1]::double precision * CASE lower(coalesce(m[2], ''))
            WHEN 'bytes' THEN 1 WHEN 'b' THEN 1 WHEN 'kb' THEN 1024 WHEN 'mb' THEN 1024.0 ^ 2
            WHEN 'gb' THEN 1024.0 ^ 3 WHEN 'tb' THEN 1024.0 ^ 4 WHEN 'pb' THEN 1024.0 ^ 5
            WHEN 'ms' THEN 0.001 WHEN 's' THEN 1 WHEN 'min' THEN 60 WHEN 'h' THEN 3600 WHEN 'd' THEN 86400
            ELSE 1 END)
        FROM regexp_matches(value, '(-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)\s*([A-Za-z]+|%)?', 'g') AS m) END
$$;
COMMENT ON FUNCTION steward.health_value_number(text) IS 'The number in a check_health() value, in base units (bytes, seconds, percent); NULL when the value has no number.';

CREATE FUNCTION steward.snapshot_health() RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    taken timestamptz := clock_timestamp();
    previous timestamptz;
    keep_days integer := coalesce(nullif(current_setting('steward.health_history_days', true), '')::integer, 30);
    stored bigint;
    purged bigint;
    critical_count bigint;
    newly_critical text[] := '{}';
    finding record;
BEGIN
    SELECT max(taken_at) INTO previous FROM steward.health_history;
    INSERT INTO steward.health_history (taken_at, check_name, status, object, value, value_number, detail)
    SELECT taken, h.check_name, h.status, h.object, h.value, steward.health_value_number(h.value), h.detail
      FROM steward.check_health(true) h;
    GET DIAGNOSTICS stored = ROW_COUNT;
    SELECT count(*) INTO critical_count FROM steward.health_history WHERE taken_at = taken AND status = 'CRITICAL';

    -- Announce what became CRITICAL since the previous snapshot, not what stays CRITICAL: one
    -- alert per problem, not one every 5 minutes.
    FOR finding IN
        SELECT n.check_name, n.object, n.value, n.detail FROM steward.health_history n
         WHERE n.taken_at = taken AND n.status = 'CRITICAL'
           AND NOT EXISTS (SELECT FROM steward.health_history p
                            WHERE p.taken_at = previous AND p.check_name = n.check_name
                              AND p.object IS NOT DISTINCT FROM n.object AND p.status = 'CRITICAL')
         ORDER BY n.check_name, n.object
    LOOP
        PERFORM pg_notify('steward_alert', jsonb_build_object(
            'kind', 'health_critical', 'database', current_database(), 'check_name', finding.check_name,
            'object', finding.object, 'value', finding.value, 'detail', left(finding.detail, 2000),
            'at', taken)::text);
        newly_critical := newly_critical || (finding.check_name || coalesce(': ' || finding.object, ''));
    END LOOP;

    DELETE FROM steward.health_history WHERE taken_at < taken - make_interval(days => keep_days);
    GET DIAGNOSTICS purged = ROW_COUNT;
    RETURN jsonb_build_object('stored', stored, 'critical', critical_count,
                              'newly_critical', to_jsonb(newly_critical), 'purged', purged);
END
$$;
COMMENT ON FUNCTION steward.snapshot_health() IS
    'Stores steward.check_health(true) in steward.health_history, announces findings that became CRITICAL since the previous snapshot with NOTIFY steward_alert, deletes snapshots older than steward.health_history_days, and returns figures: {"stored", "critical", "newly_critical", "purged"}. The health_snapshot job runs it every 5 minutes.';

CREATE FUNCTION steward.health_trend(check_name text, since interval DEFAULT '7 days')
RETURNS TABLE (taken_at timestamptz, object text, status text, value text, value_number double precision)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM steward.health_threshold t WHERE t.check_name = health_trend.check_name) THEN
        RAISE EXCEPTION 'unknown health check "%"', health_trend.check_name
            USING ERRCODE = 'undefined_object',
                  HINT = 'SELECT check_name FROM steward.health_threshold lists the checks.';
    END IF;
    IF since IS NULL OR since <= interval '0' THEN
        RAISE EXCEPTION 'since must be a positive interval, not %', coalesce(since::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Example: since => ''7 days''.';
    END IF;
    RETURN QUERY
    SELECT h.taken_at, h.object, h.status, h.value, h.value_number
      FROM steward.health_history h
     WHERE h.check_name = health_trend.check_name AND h.taken_at >= now() - since
     ORDER BY h.object NULLS FIRST, h.taken_at;
END
$$;
COMMENT ON FUNCTION steward.health_trend(text, interval) IS
    'The values of one health check over time, per object, from steward.health_history: a trend instead of a point. Example: SELECT * FROM steward.health_trend(''disk_space'', ''30 days'').';

-------------------------------------------------------------------------------------------------
-- Query history: differences of pg_stat_statements' counters between snapshots.

CREATE TABLE steward.query_counter (
    userid           oid NOT NULL,
    queryid          bigint NOT NULL,
    calls            bigint NOT NULL,
    total_exec_time  double precision NOT NULL,
    rows             bigint NOT NULL,
    shared_blks_hit  bigint NOT NULL,
    shared_blks_read bigint NOT NULL,
    PRIMARY KEY (queryid, userid)
);
COMMENT ON TABLE steward.query_counter IS 'Internal: pg_stat_statements'' cumulative counters at the last query snapshot, from which the next one computes differences.';

CREATE TABLE steward.query_snapshot (
    taken_at    timestamptz PRIMARY KEY,
    stats_reset timestamptz,
    statements  integer NOT NULL
);
COMMENT ON TABLE steward.query_snapshot IS 'One row per query snapshot: when, pg_stat_statements'' last reset then, and how many statements it saw.';

CREATE TABLE steward.query_history (
    taken_at         timestamptz NOT NULL,
    interval_start   timestamptz NOT NULL,
    userid           oid NOT NULL,
    queryid          bigint NOT NULL,
    calls            bigint NOT NULL,
    total_exec_time  double precision NOT NULL,
    mean_exec_time   double precision NOT NULL,
    rows             bigint NOT NULL,
    shared_blks_hit  bigint NOT NULL,
    shared_blks_read bigint NOT NULL,
    PRIMARY KEY (queryid, taken_at, userid)
);
CREATE INDEX query_history_taken ON steward.query_history (taken_at);
COMMENT ON TABLE steward.query_history IS 'What each statement of this database did between two query snapshots (interval_start .. taken_at): calls, execution time in ms, rows, shared blocks hit and read. Only statements that ran in the interval have a row. Kept steward.health_history_days.';

CREATE TABLE steward.query_text (
    queryid    bigint NOT NULL,
    userid     oid NOT NULL,
    query      text,
    first_seen timestamptz NOT NULL,
    PRIMARY KEY (queryid, userid)
);
COMMENT ON TABLE steward.query_text IS 'The normalised text of each statement in steward.query_history, stored once.';

CREATE FUNCTION steward.snapshot_queries() RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    pgss_schema name;
    taken timestamptz := clock_timestamp();
    previous steward.query_snapshot;
    reset_at timestamptz;
    keep_days integer := coalesce(nullif(current_setting('steward.health_history_days', true), '')::integer, 30);
    statement_count integer;
    stored bigint := 0;
    new_texts bigint := 0;
    purged bigint;
    started_over boolean := false;
BEGIN
    SELECT n.nspname INTO pgss_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'pg_stat_statements';
    IF pgss_schema IS NULL THEN
        RETURN jsonb_build_object('skipped', 'pg_stat_statements is not installed in this database');
    END IF;
    BEGIN
        IF to_regclass('pg_temp.steward_pgss_now') IS NOT NULL THEN  -- called twice in a transaction
            DROP TABLE pg_temp.steward_pgss_now;
        END IF;
        EXECUTE format('CREATE TEMPORARY TABLE steward_pgss_now ON COMMIT DROP AS
            SELECT userid, queryid, sum(calls)::bigint AS calls, sum(total_exec_time) AS total_exec_time,
                   sum(rows)::bigint AS rows, sum(shared_blks_hit)::bigint AS shared_blks_hit,
                   sum(shared_blks_read)::bigint AS shared_blks_read
              FROM %I.pg_stat_statements(false)
             WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND queryid IS NOT NULL
             GROUP BY userid, queryid', pgss_schema);
        EXECUTE format('SELECT stats_reset FROM %I.pg_stat_statements_info()', pgss_schema) INTO reset_at;
    EXCEPTION WHEN object_not_in_prerequisite_state THEN
        RETURN jsonb_build_object('skipped', 'pg_stat_statements is not loaded (shared_preload_libraries)');
    END;
    SELECT count(*) INTO statement_count FROM steward_pgss_now;
    SELECT * INTO previous FROM steward.query_snapshot ORDER BY taken_at DESC LIMIT 1;

    -- A reset since the last snapshot: every counter starts from zero again, so the old counters
    -- say nothing about this interval. Start over from this snapshot.
    IF previous.taken_at IS NOT NULL AND previous.stats_reset IS DISTINCT FROM reset_at THEN
        DELETE FROM steward.query_counter;
        started_over := true;
    END IF;

    IF previous.taken_at IS NOT NULL AND NOT started_over THEN
        -- Counters that went down belong to an entry evicted and created again: what it holds
        -- now was all counted since. An entry the last snapshot did not see is new since then.
        INSERT INTO steward.query_history (taken_at, interval_start, userid, queryid, calls, total_exec_time, mean_exec_time,
                                           rows, shared_blks_hit, shared_blks_read)
        SELECT taken, previous.taken_at, c.userid, c.queryid, d.calls, d.total_exec_time,
               d.total_exec_time / d.calls, d.rows, d.shared_blks_hit, d.shared_blks_read
          FROM steward_pgss_now c
          LEFT JOIN steward.query_counter p ON p.userid = c.userid AND p.queryid = c.queryid
          CROSS JOIN LATERAL (
              SELECT CASE WHEN p.queryid IS NULL OR c.calls < p.calls OR c.total_exec_time < p.total_exec_time
                          THEN c.calls ELSE c.calls - p.calls END AS calls,
                     CASE WHEN p.queryid IS NULL OR c.calls < p.calls OR c.total_exec_time < p.total_exec_time
                          THEN c.total_exec_time ELSE c.total_exec_time - p.total_exec_time END AS total_exec_time,
                     CASE WHEN p.queryid IS NULL OR c.calls < p.calls OR c.total_exec_time < p.total_exec_time
                          THEN c.rows ELSE greatest(c.rows - p.rows, 0) END AS rows,
                     CASE WHEN p.queryid IS NULL OR c.calls < p.calls OR c.total_exec_time < p.total_exec_time
                          THEN c.shared_blks_hit ELSE greatest(c.shared_blks_hit - p.shared_blks_hit, 0) END AS shared_blks_hit,
                     CASE WHEN p.queryid IS NULL OR c.calls < p.calls OR c.total_exec_time < p.total_exec_time
                          THEN c.shared_blks_read ELSE greatest(c.shared_blks_read - p.shared_blks_read, 0) END AS shared_blks_read
          ) d
         WHERE d.calls > 0;
        GET DIAGNOSTICS stored = ROW_COUNT;
    END IF;

    -- The counters the next snapshot starts from.
    DELETE FROM steward.query_counter p
     WHERE NOT EXISTS (SELECT FROM steward_pgss_now c WHERE c.userid = p.userid AND c.queryid = p.queryid);
    INSERT INTO steward.query_counter AS p SELECT userid, queryid, calls, total_exec_time, rows, shared_blks_hit, shared_blks_read
      FROM steward_pgss_now
    ON CONFLICT (queryid, userid) DO UPDATE SET calls = excluded.calls, total_exec_time = excluded.total_exec_time,
        rows = excluded.rows, shared_blks_hit = excluded.shared_blks_hit, shared_blks_read = excluded.shared_blks_read;
    INSERT INTO steward.query_snapshot VALUES (taken, reset_at, statement_count);

    -- Texts of statements seen for the first time (pg_stat_statements reads its text file only
    -- when there are some).
    IF EXISTS (SELECT FROM steward.query_history h WHERE h.taken_at = taken
                AND NOT EXISTS (SELECT FROM steward.query_text t WHERE t.queryid = h.queryid AND t.userid = h.userid)) THEN
        EXECUTE format('INSERT INTO steward.query_text (queryid, userid, query, first_seen)
            SELECT DISTINCT ON (s.queryid, s.userid) s.queryid, s.userid, s.query, $1
              FROM %I.pg_stat_statements(true) s
             WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
               AND EXISTS (SELECT FROM steward.query_history h WHERE h.taken_at = $1 AND h.queryid = s.queryid AND h.userid = s.userid)
            ON CONFLICT DO NOTHING', pgss_schema) USING taken;
        GET DIAGNOSTICS new_texts = ROW_COUNT;
    END IF;

    DELETE FROM steward.query_history WHERE taken_at < taken - make_interval(days => keep_days);
    GET DIAGNOSTICS purged = ROW_COUNT;
    DELETE FROM steward.query_snapshot WHERE taken_at < taken - make_interval(days => keep_days);
    DELETE FROM steward.query_text t
     WHERE NOT EXISTS (SELECT FROM steward.query_history h WHERE h.queryid = t.queryid AND h.userid = t.userid);
    RETURN jsonb_build_object('statements', statement_count, 'stored', stored, 'new_texts', new_texts,
                              'purged', purged, 'started_over', started_over OR previous.taken_at IS NULL);
END
$$;
COMMENT ON FUNCTION steward.snapshot_queries() IS
    'Stores what each statement of this database did since the previous query snapshot (differences of pg_stat_statements'' counters: calls, time, rows, shared blocks) in steward.query_history, without resetting pg_stat_statements. After a reset it starts over; an entry evicted and created again counts from its new start. Does nothing (and says why) without pg_stat_statements. The query_snapshot job runs it every 15 minutes.';

CREATE FUNCTION steward.query_trend(queryid bigint, since interval DEFAULT '7 days')
RETURNS TABLE (taken_at timestamptz, calls bigint, total_exec_time double precision, mean_exec_time double precision,
               rows bigint, shared_blks_hit bigint, shared_blks_read bigint)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT h.taken_at, sum(h.calls)::bigint, sum(h.total_exec_time), sum(h.total_exec_time) / sum(h.calls),
           sum(h.rows)::bigint, sum(h.shared_blks_hit)::bigint, sum(h.shared_blks_read)::bigint
      FROM steward.query_history h
     WHERE h.queryid = query_trend.queryid AND h.taken_at >= now() - since
     GROUP BY h.taken_at
     ORDER BY h.taken_at
$$;
COMMENT ON FUNCTION steward.query_trend(bigint, interval) IS
    'One statement (pg_stat_statements queryid, all roles together) per query snapshot: calls, total and mean execution time (ms), rows and shared blocks in each interval. Example: SELECT * FROM steward.query_trend(-3212345678901, ''1 day'').';

CREATE FUNCTION steward.query_regressions(since interval DEFAULT '7 days', min_calls bigint DEFAULT 50,
                                          min_ratio double precision DEFAULT 1.5)
RETURNS TABLE (queryid bigint, query text, calls_before bigint, mean_ms_before double precision,
               calls_since bigint, mean_ms_since double precision, ratio double precision, extra_ms double precision)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF since IS NULL OR since <= interval '0' THEN
        RAISE EXCEPTION 'since must be a positive interval, not %', coalesce(since::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Example: since => ''7 days''.';
    END IF;
    IF min_calls IS NULL OR min_calls < 1 OR min_ratio IS NULL OR min_ratio <= 1 THEN
        RAISE EXCEPTION 'min_calls must be at least 1 and min_ratio above 1 (got % and %)', min_calls, min_ratio
            USING ERRCODE = 'invalid_parameter_value', HINT = 'The defaults are min_calls => 50, min_ratio => 1.5.';
    END IF;
    RETURN QUERY
    WITH periods AS (
        SELECT h.queryid,
               sum(h.calls) FILTER (WHERE h.taken_at < now() - since) AS calls_before,
               sum(h.total_exec_time) FILTER (WHERE h.taken_at < now() - since) AS time_before,
               sum(h.calls) FILTER (WHERE h.taken_at >= now() - since) AS calls_since,
               sum(h.total_exec_time) FILTER (WHERE h.taken_at >= now() - since) AS time_since
          FROM steward.query_history h
         GROUP BY h.queryid
    )
    SELECT p.queryid, (SELECT t.query FROM steward.query_text t WHERE t.queryid = p.queryid LIMIT 1),
           p.calls_before::bigint, p.time_before / p.calls_before, p.calls_since::bigint, p.time_since / p.calls_since,
           (p.time_since / p.calls_since) / nullif(p.time_before / p.calls_before, 0),
           (p.time_since / p.calls_since - p.time_before / p.calls_before) * p.calls_since
      FROM periods p
     WHERE p.calls_before >= min_calls AND p.calls_since >= min_calls
       AND p.time_since / p.calls_since >= min_ratio * (p.time_before / p.calls_before)
     ORDER BY 8 DESC;
END
$$;
COMMENT ON FUNCTION steward.query_regressions(interval, bigint, double precision) IS
    'Statements that got slower: mean execution time over the last `since` against the history before it, for statements with at least min_calls calls in both and a mean at least min_ratio times the earlier one; ordered by the extra time they cost (ms). Example: SELECT query, mean_ms_before, mean_ms_since FROM steward.query_regressions(''7 days'').';

REVOKE ALL ON steward.health_history, steward.query_counter, steward.query_snapshot, steward.query_history,
    steward.query_text FROM PUBLIC;
GRANT SELECT ON steward.health_history, steward.query_snapshot, steward.query_history, steward.query_text TO pg_monitor;
REVOKE EXECUTE ON FUNCTION steward.snapshot_health(), steward.snapshot_queries(),
    steward.health_trend(text, interval), steward.query_trend(bigint, interval),
    steward.query_regressions(interval, bigint, double precision) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION steward.health_trend(text, interval), steward.query_trend(bigint, interval),
    steward.query_regressions(interval, bigint, double precision) TO pg_monitor;

INSERT INTO steward.job (name, schedule, kind, command, timeout) VALUES
    ('health_snapshot', '*/5 * * * *', 'builtin', 'SELECT steward.snapshot_health()', '2 minutes'),
    ('query_snapshot', '*/15 * * * *', 'builtin', 'SELECT steward.snapshot_queries()', '5 minutes');
