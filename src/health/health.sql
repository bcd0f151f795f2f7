-- Health checks: thresholds, statistics helpers for pg_monitor, check_health(), health_status().

CREATE TABLE steward.health_threshold (
    check_name  text PRIMARY KEY,
    warning     float8,
    critical    float8,
    enabled     boolean NOT NULL DEFAULT true,
    unit        text NOT NULL,
    direction   text NOT NULL DEFAULT 'above' CHECK (direction IN ('above', 'below')),
    description text NOT NULL,
    CONSTRAINT health_threshold_not_negative CHECK (warning >= 0 AND critical >= 0),
    CONSTRAINT health_threshold_warning_before_critical CHECK (
        warning IS NULL OR critical IS NULL
        OR (direction = 'above' AND warning <= critical)
        OR (direction = 'below' AND warning >= critical))
);

COMMENT ON TABLE steward.health_threshold IS
    'One row per check of steward.check_health(): the levels at which its value is WARNING and CRITICAL, '
    'and whether it runs. Update it with plain SQL; a NULL level is never reached.';
COMMENT ON COLUMN steward.health_threshold.check_name IS 'Stable name of the check, as check_health() reports it.';
COMMENT ON COLUMN steward.health_threshold.warning IS 'Value (in unit) from which a finding is WARNING; NULL: never.';
COMMENT ON COLUMN steward.health_threshold.critical IS 'Value (in unit) from which a finding is CRITICAL; NULL: never.';
COMMENT ON COLUMN steward.health_threshold.enabled IS 'false skips the check entirely.';
COMMENT ON COLUMN steward.health_threshold.unit IS 'Unit of warning, critical and of the value column of check_health(): %, s, MB, rows, count, or empty.';
COMMENT ON COLUMN steward.health_threshold.direction IS 'above: larger values are worse; below: smaller values are worse (cache_hit_ratio). Fixed by the extension.';
COMMENT ON COLUMN steward.health_threshold.description IS 'What the value measures.';

INSERT INTO steward.health_threshold (check_name, warning, critical, unit, direction, description) VALUES
    ('connections',               70,    90,    '%',     'above', 'client connections in use, as a share of max_connections'),
    ('idle_in_transaction',       60,    600,   's',     'above', 'time a session has been idle inside an open transaction'),
    ('long_running_queries',      300,   1800,  's',     'above', 'time the current statement of an active session has been running'),
    ('blocked_queries',           10,    120,   's',     'above', 'time a session has been waiting for a lock'),
    ('xid_wraparound',            50,    80,    '%',     'above', 'age of the oldest unfrozen transaction ID of a table or database, as a share of 2^31'),
    ('multixact_wraparound',      50,    80,    '%',     'above', 'age of the oldest multixact ID of a table or database, as a share of 2^31'),
    ('autovacuum_lag',            200,   1000,  '%',     'above', 'dead rows as a share of the count at which autovacuum should start'),
    ('stale_statistics',          200,   1000,  '%',     'above', 'rows changed since the last ANALYZE as a share of the count at which autoanalyze should start'),
    ('never_analyzed',            1000,  1000000, 'rows', 'above', 'estimated rows of a table that has never been analyzed'),
    ('table_bloat',               100,   1024,  'MB',    'above', 'estimated free space inside a table'),
    ('index_bloat',               100,   1024,  'MB',    'above', 'estimated free space inside a B-tree index'),
    ('duplicate_indexes',         0,     NULL,  'MB',    'above', 'size of an index that duplicates or is covered by another'),
    ('unused_indexes',            1,     NULL,  'MB',    'above', 'size of an index never scanned since statistics were reset'),
    ('invalid_indexes',           1,     NULL,  'count', 'above', 'an invalid index (1 per index)'),
    ('missing_primary_keys',      1,     NULL,  'count', 'above', 'a table without a primary key (1 per table)'),
    ('unindexed_foreign_keys',    0,     1000000, 'rows', 'above', 'estimated rows of the referencing table of a foreign key without an index'),
    ('sequence_exhaustion',       75,    90,    '%',     'above', 'share of a sequence''s range already used'),
    ('integer_overflow_risk',     50,    75,    '%',     'above', 'value of the sequence feeding a smallint or integer column, as a share of the type''s maximum'),
    ('cache_hit_ratio',           99,    95,    '%',     'below', 'share of block reads of this database served from shared buffers'),
    ('replication_slots',         1024,  10240, 'MB',    'above', 'WAL kept on disk for a replication slot (inactive slots are at least WARNING, lost ones CRITICAL)'),
    ('replication_lag',           30,    300,   's',     'above', 'replay lag of a standby'),
    ('archiving',                 100,   1000,  'count', 'above', 'WAL files waiting to be archived (a failing archive_command is at least WARNING)'),
    ('prepared_transactions',     300,   3600,  's',     'above', 'age of a prepared transaction'),
    ('checksum_failures',         1,     1,     'count', 'above', 'data page checksum failures recorded for a database'),
    ('deadlocks',                 10,    100,   'count', 'above', 'deadlocks of a database since statistics were reset'),
    ('temp_files',                10240, 102400, 'MB',   'above', 'temporary file bytes written by this database since statistics were reset'),
    ('disk_space',                80,    95,    '%',     'above', 'used share of the filesystem holding the data directory, pg_wal or a tablespace'),
    ('slow_queries',              10,    50,    'count', 'above', 'statements of this database whose mean time exceeds steward.slow_query_ms'),
    ('pg_stat_statements_missing', 1,    NULL,  'count', 'above', 'pg_stat_statements is not loaded, not created or not tracking (1)'),
    ('risky_settings',            NULL,  NULL,  '',      'above', 'a setting that risks data loss or corruption (each setting has its own status)'),
    ('outdated_extensions',       1,     NULL,  'count', 'above', 'an extension older than the version the server ships (1 per extension)'),
    ('unlogged_tables',           1,     NULL,  'count', 'above', 'an unlogged table (1 per table)'),
    ('not_valid_constraints',     1,     NULL,  'count', 'above', 'a constraint added NOT VALID and never validated (1 per constraint)'),
    ('disabled_triggers',         1,     NULL,  'count', 'above', 'a disabled trigger (1 per trigger; disabled foreign key triggers are CRITICAL)'),
    ('checkpoint_pressure',       20,    50,    '%',     'above', 'share of checkpoints forced by WAL volume rather than by checkpoint_timeout'),
    ('transaction_rollback_ratio', 5,    20,    '%',     'above', 'share of transactions of this database that rolled back'),
    ('integrity',                 1,     1,     'count', 'above', 'a relation steward.check_integrity() found corrupted (1 per relation; always CRITICAL)'),
    ('failing_jobs',              1,     5,     'count', 'above', 'runs of a scheduled job that failed or timed out since its last success'),
    ('scheduler_not_running',     1,     NULL,  'count', 'above', 'pg_steward is preloaded but no scheduler runs in this database (1)'),
    ('backups',                   NULL,  NULL,  's',     'above', 'backup_completion_time_seconds: how long the last good backup took (WARNING when it is older than steward.backup_max_age, or the last restore drill failed)'),
    ('pitr_readiness',            NULL,  NULL,  'count', 'above', 'what stands in the way of point-in-time recovery: WAL archiving off or failing, no physical backup (WARNING when archiving is on but fails)');

-- Rejects threshold changes that make no sense, with a message that names the check.
CREATE FUNCTION steward.health_threshold_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'cannot truncate steward.health_threshold'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'It holds one row per check the extension knows; without them the checks cannot run.',
                  HINT = 'To turn checks off: UPDATE steward.health_threshold SET enabled = false;';
    ELSIF TG_OP = 'INSERT' THEN
        RAISE EXCEPTION 'unknown health check "%"', NEW.check_name
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'steward.health_threshold holds one row per check the extension knows; rows cannot be added.',
                  HINT = 'SELECT check_name FROM steward.health_threshold lists the checks.';
    ELSIF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'cannot delete the thresholds of health check "%"', OLD.check_name
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = format('To turn the check off: UPDATE steward.health_threshold SET enabled = false WHERE check_name = %L;', OLD.check_name);
    END IF;
    IF NEW.check_name IS DISTINCT FROM OLD.check_name OR NEW.unit IS DISTINCT FROM OLD.unit
       OR NEW.direction IS DISTINCT FROM OLD.direction THEN
        RAISE EXCEPTION 'cannot change the name, unit or direction of health check "%"', OLD.check_name
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Only warning, critical, enabled and description can be changed.';
    END IF;
    IF NEW.warning < 0 OR NEW.critical < 0 THEN
        RAISE EXCEPTION 'threshold of health check "%" cannot be negative', NEW.check_name
            USING ERRCODE = 'check_violation',
                  DETAIL = format('warning = %s, critical = %s (%s).', NEW.warning, NEW.critical, NEW.unit),
                  HINT = 'Use NULL for a level that should never be reached.';
    END IF;
    IF (NEW.direction = 'above' AND NEW.warning > NEW.critical)
       OR (NEW.direction = 'below' AND NEW.warning < NEW.critical) THEN
        RAISE EXCEPTION 'warning level of health check "%" is beyond its critical level', NEW.check_name
            USING ERRCODE = 'check_violation',
                  DETAIL = format('warning = %s %s, critical = %s %s; %s values are worse for this check.',
                                  NEW.warning, NEW.unit, NEW.critical, NEW.unit,
                                  CASE NEW.direction WHEN 'above' THEN 'larger' ELSE 'smaller' END),
                  HINT = format('Set warning at or %s critical.',
                                CASE NEW.direction WHEN 'above' THEN 'below' ELSE 'above' END);
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION steward.health_threshold_guard() IS
    'Trigger of steward.health_threshold: rejects unknown checks, deletions, TRUNCATE, changes of name, unit or direction, negative levels and a warning level beyond the critical one.';

CREATE TRIGGER health_threshold_guard
    BEFORE INSERT OR UPDATE OR DELETE ON steward.health_threshold
    FOR EACH ROW EXECUTE FUNCTION steward.health_threshold_guard();
CREATE TRIGGER health_threshold_no_truncate
    BEFORE TRUNCATE ON steward.health_threshold
    FOR EACH STATEMENT EXECUTE FUNCTION steward.health_threshold_guard();

-- Column widths and null fractions by OID, for the bloat estimates. pg_statistic is readable by
-- superusers only; this exposes no data values, only sizes, to the roles granted below.
CREATE FUNCTION steward.column_statistics()
RETURNS TABLE (relid oid, attnum int2, null_fraction real, average_width int4)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT starelid, staattnum, stanullfrac, stawidth FROM pg_catalog.pg_statistic WHERE NOT stainherit
$$;
COMMENT ON FUNCTION steward.column_statistics() IS
    'Average width and null fraction of every analyzed column (and index expression), by OID, from pg_statistic; '
    'no data values. Used by the table_bloat and index_bloat checks. Executable by pg_monitor.';

-- Current values of the sequences that can realistically run out, or that feed a smallint or
-- integer column. Reading a sequence needs SELECT or USAGE on it, which pg_monitor does not
-- have; this exposes positions only. Other sequences (more than 10^15 steps in their range, such
-- as a default bigint sequence: 292,000 years at a million values a second) are skipped, because
-- reading a sequence opens it, and opening every sequence of a large schema fills the relation
-- cache. A sequence not called since RESTART or setval(..., false) has no last value (NULL).
CREATE FUNCTION steward.sequence_values()
RETURNS TABLE (sequence_oid oid, last_value bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT s.seqrelid, pg_catalog.pg_sequence_last_value(s.seqrelid)
      FROM pg_catalog.pg_sequence s
      JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
     WHERE c.relpersistence <> 't'
       AND ((s.seqmax::numeric - s.seqmin::numeric) / abs(s.seqincrement) < 1e15
            -- or it feeds a smallint or integer column: owned by it (serial, identity) or used by
            -- its default. Scalar subqueries, so that each is two index lookups per sequence,
            -- never a scan of pg_depend and pg_attribute.
            OR (SELECT a.atttypid FROM pg_catalog.pg_depend d
                  JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                 WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = s.seqrelid AND d.objsubid = 0
                   AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i')
                 LIMIT 1) IN ('int2'::regtype, 'int4'::regtype)
            OR (SELECT bool_or(a.atttypid IN ('int2'::regtype, 'int4'::regtype)) FROM pg_catalog.pg_depend d
                  JOIN pg_catalog.pg_attrdef ad ON ad.oid = d.objid
                  JOIN pg_catalog.pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
                 WHERE d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = s.seqrelid
                   AND d.refobjsubid = 0 AND d.classid = 'pg_catalog.pg_attrdef'::regclass))
$$;
COMMENT ON FUNCTION steward.sequence_values() IS
    'Last value of every sequence whose range could run out (fewer than 10^15 steps) or that feeds a smallint or integer column, '
    'without needing privileges on it. Used by the sequence_exhaustion and integer_overflow_risk checks. Executable by pg_monitor.';

-- The columns of indexes as users write them, e.g. (lower(email), created_at DESC) INCLUDE (id)
-- WHERE NOT deleted: cheaper than pg_get_indexdef, which deparses the whole statement, and one
-- pass for all the indexes a check reports.
CREATE FUNCTION steward.index_columns(index_oids oid[])
RETURNS TABLE (index_oid oid, columns text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT x.indexrelid,
           format('(%s)%s%s',
                  string_agg(CASE WHEN k.attnum = 0 THEN pg_catalog.pg_get_indexdef(x.indexrelid, k.n::int, true)
                                  ELSE quote_ident(a.attname) END
                             -- indoption bit 1: DESC, bit 2: NULLS FIRST (written only when not the default)
                             || CASE (x.indoption::int2[])[k.n - 1] & 3
                                     WHEN 1 THEN ' DESC NULLS LAST' WHEN 2 THEN ' NULLS FIRST'
                                     WHEN 3 THEN ' DESC' ELSE '' END,
                             ', ' ORDER BY k.n) FILTER (WHERE k.n <= x.indnkeyatts),
                  ' INCLUDE (' || string_agg(quote_ident(a.attname), ', ' ORDER BY k.n) FILTER (WHERE k.n > x.indnkeyatts) || ')',
                  ' WHERE ' || pg_catalog.pg_get_expr(x.indpred, x.indrelid, true))
      FROM pg_catalog.pg_index x
     CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
      LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
     WHERE x.indexrelid = ANY (index_oids)
     GROUP BY x.indexrelid, x.indrelid, x.indpred, x.indnkeyatts
$$;
COMMENT ON FUNCTION steward.index_columns(oid[]) IS
    'The columns of each index, as written in CREATE INDEX: key columns and expressions with DESC, INCLUDE columns and the '
    'partial index predicate, e.g. (lower(email), created_at DESC) INCLUDE (id) WHERE NOT deleted. Unknown OIDs are skipped.';

CREATE FUNCTION steward.check_health(include_ok boolean DEFAULT false)
RETURNS TABLE (check_name text, status text, object text, value text, threshold text, detail text, fix text)
LANGUAGE c VOLATILE
-- One consistent statistics snapshot for the whole call, freed at transaction end; the default
-- (cache) would keep a reference to the shared entry of every relation in the backend for good.
-- No JIT: on a big catalog the planner's cost estimates cross jit_above_cost, and compiling
-- the catalog queries takes longer than running them.
SET stats_fetch_consistency = 'snapshot'
SET jit = off
-- The checks' SQL resolves names the same way whatever the caller's search_path.
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'check_health';
COMMENT ON FUNCTION steward.check_health(boolean) IS
    'Runs every enabled health check and returns its findings, CRITICAL first: status (OK, WARNING, CRITICAL), '
    'the affected object, its value and the thresholds in steward.health_threshold, what it means (detail) and '
    'the SQL or action that fixes it (fix). include_ok => true also returns one OK row per check that found nothing. '
    'A check that cannot run (privilege, missing pg_stat_statements) returns one WARNING row saying why. See docs/health.md.';

CREATE FUNCTION steward.health_status()
RETURNS text
LANGUAGE c VOLATILE
SET stats_fetch_consistency = 'snapshot'
SET jit = off
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'health_status';
COMMENT ON FUNCTION steward.health_status() IS
    'The worst status of steward.check_health(): OK, WARNING or CRITICAL, for monitoring one-liners.';

-- Least privilege: monitoring roles read health, only the owner changes thresholds.
REVOKE ALL ON FUNCTION steward.column_statistics(), steward.sequence_values(),
    steward.check_health(boolean), steward.health_status() FROM PUBLIC;
GRANT USAGE ON SCHEMA steward TO pg_monitor;
GRANT EXECUTE ON FUNCTION steward.column_statistics(), steward.sequence_values(),
    steward.check_health(boolean), steward.health_status() TO pg_monitor;
GRANT SELECT ON steward.health_threshold TO pg_monitor;
