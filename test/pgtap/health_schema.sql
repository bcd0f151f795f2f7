-- The schema checks of steward.check_health() (src/health/checks_schema.cpp), each provoked for
-- real and seen reported with its status, its schema-qualified object and a fix holding the SQL
-- that repairs it, then seen silent once the problem is gone.
--
-- No outer transaction: VACUUM, CREATE INDEX CONCURRENTLY and REINDEX CONCURRENTLY cannot run in
-- a transaction block, and statistics are flushed between statements. Every object lives in the
-- schema "Health Tap", dropped at the start (after an aborted run) and at the end. Thresholds are
-- never changed for anyone else: pg_temp.health() lowers one inside a subtransaction it rolls back.
-- Every table whose statistics matter has autovacuum disabled, so autovacuum cannot interfere.
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS "Health Tap" CASCADE;
CREATE SCHEMA "Health Tap";

SELECT plan(116);
CREATE TEMP TABLE thresholds_before AS SELECT * FROM steward.health_threshold;

-- Fixes are run as they are reported, through \gexec, with ON_ERROR_STOP off: a fix that fails
-- shows its error and makes the test after it fail, and the other tests still run.

-- steward.check_health(); with p_check, that check's levels replaced for this call only.
CREATE FUNCTION pg_temp.health(p_check text DEFAULT NULL, p_warning float8 DEFAULT NULL,
                               p_critical float8 DEFAULT NULL)
RETURNS TABLE (check_name text, status text, object text, value text, threshold text, detail text, fix text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    findings jsonb;
BEGIN
    IF p_check IS NULL THEN
        RETURN QUERY SELECT * FROM steward.check_health();
        RETURN;
    END IF;
    BEGIN
        UPDATE steward.health_threshold t
           SET warning = coalesce(p_warning, t.warning), critical = coalesce(p_critical, t.critical)
         WHERE t.check_name = p_check;
        IF NOT FOUND THEN RAISE EXCEPTION 'no health check %', p_check; END IF;
        SELECT coalesce(jsonb_agg(to_jsonb(h)), '[]') INTO findings FROM steward.check_health() h;
        RAISE EXCEPTION 'undo' USING ERRCODE = 'TAPUN';
    EXCEPTION WHEN SQLSTATE 'TAPUN' THEN NULL;
    END;
    RETURN QUERY SELECT * FROM jsonb_to_recordset(findings) AS r(check_name text, status text, object text,
                 value text, threshold text, detail text, fix text);
END $$;

-- What check p_check says about p_object: its status when it is reported once with a fix that
-- contains p_fix and a detail that contains p_detail, else what went wrong, for the diagnostics.
CREATE FUNCTION pg_temp.finding(p_check text, p_object text, p_fix text DEFAULT '', p_detail text DEFAULT '',
                                p_warning float8 DEFAULT NULL, p_critical float8 DEFAULT NULL)
RETURNS text LANGUAGE sql AS $$
    SELECT CASE WHEN count(*) = 0 THEN 'not reported'
                WHEN count(*) > 1 THEN format('reported %s times', count(*))
                WHEN strpos(min(h.fix), p_fix) = 0 THEN format('%s, but the fix is: %s', min(h.status), min(h.fix))
                WHEN strpos(min(h.detail), p_detail) = 0 THEN format('%s, but the detail is: %s', min(h.status), min(h.detail))
                ELSE min(h.status) END
      FROM pg_temp.health(p_check, p_warning, p_critical) h
     WHERE h.check_name = p_check AND h.object = p_object
$$;

-- How many findings of p_check name an object among p_objects.
CREATE FUNCTION pg_temp.reported(p_check text, p_objects text[], p_warning float8 DEFAULT NULL)
RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*) FROM pg_temp.health(p_check, p_warning) h
     WHERE h.check_name = p_check AND h.object = ANY (p_objects)
$$;

-- A second and a third session, for what one session cannot do to itself.
SELECT dblink_connect(name, format('dbname=%s host=%s port=%s user=%s', current_database(),
                                   split_part(current_setting('unix_socket_directories'), ',', 1),
                                   current_setting('port'), current_user)) || ''
  FROM unnest(ARRAY['health_tap_1', 'health_tap_2']) AS name \g /dev/null
SELECT dblink_exec('health_tap_1', 'SET statement_timeout = ''60s''') \g /dev/null

-------------------------------------------------------------------------------------------------
-- xid_wraparound: a real table needs ~10^9 transactions to come near wraparound, which no test
-- can burn; the warning level is lowered to 0 % so the real (small) ages cross it.
CREATE TABLE "Health Tap"."Wide Rows" (id int, doc text)
    WITH (autovacuum_enabled = false, toast.autovacuum_enabled = false);
ALTER TABLE "Health Tap"."Wide Rows" ALTER COLUMN doc SET STORAGE EXTERNAL;
INSERT INTO "Health Tap"."Wide Rows" SELECT g, repeat(md5(g::text), 100) FROM generate_series(1, 10) g;
-- Burn a few transaction IDs, then freeze the table but not its TOAST table: the TOAST table
-- holds the oldest transaction ID and is what the check must see.
DO $$ BEGIN FOR i IN 1..5 LOOP PERFORM txid_current(); COMMIT; END LOOP; END $$;
VACUUM (FREEZE, PROCESS_TOAST false) "Health Tap"."Wide Rows";

SELECT is(pg_temp.finding('xid_wraparound', '"Health Tap"."Wide Rows"'), 'not reported',
          'xid_wraparound: a young table is not reported at the default 50 %');
SELECT is(pg_temp.finding('xid_wraparound', '"Health Tap"."Wide Rows"',
                          'VACUUM (FREEZE, VERBOSE) "Health Tap"."Wide Rows";', 'transactions old', 0),
          'WARNING', 'xid_wraparound: a table past the warning level is reported with VACUUM (FREEZE)');
SELECT cmp_ok((SELECT age(t.relfrozenxid) FROM pg_class c JOIN pg_class t ON t.oid = c.reltoastrelid
                WHERE c.oid = '"Health Tap"."Wide Rows"'::regclass),
              '>', (SELECT age(relfrozenxid) FROM pg_class WHERE oid = '"Health Tap"."Wide Rows"'::regclass),
              'xid_wraparound: (setup) the TOAST table is older than its frozen table');
SELECT is((SELECT substring(h.detail FROM 'is (\d+) transactions old') FROM pg_temp.health('xid_wraparound', 0) h
            WHERE h.check_name = 'xid_wraparound' AND h.object = '"Health Tap"."Wide Rows"'),
          (SELECT age(t.relfrozenxid)::text FROM pg_class c JOIN pg_class t ON t.oid = c.reltoastrelid
            WHERE c.oid = '"Health Tap"."Wide Rows"'::regclass),
          'xid_wraparound: a table''s age is its TOAST table''s when that is older');
SELECT is(pg_temp.finding('xid_wraparound', 'database postgres',
                          'connect to database postgres and run VACUUM (FREEZE, VERBOSE);', 'of the database', 0),
          'WARNING', 'xid_wraparound: another database gets its own row');
SELECT is(pg_temp.finding('xid_wraparound', format('database %I', current_database()), '', '', 0), 'not reported',
          'xid_wraparound: the current database has no row of its own: its tables are listed');

-------------------------------------------------------------------------------------------------
-- multixact_wraparound: a real multixact (two sessions share a row lock) ages a table by one
-- multixact; a warning level of 1e-8 % (one multixact is 4.7e-8 %) makes that visible.
CREATE TABLE "Health Tap"."Shared Lock" (id int PRIMARY KEY) WITH (autovacuum_enabled = false);
INSERT INTO "Health Tap"."Shared Lock" VALUES (1);
SELECT dblink_exec('health_tap_1', 'BEGIN') || dblink_exec('health_tap_2', 'BEGIN') \g /dev/null
SELECT * FROM dblink('health_tap_1', 'SELECT id FROM "Health Tap"."Shared Lock" FOR SHARE') AS l(id int) \g /dev/null
SELECT * FROM dblink('health_tap_2', 'SELECT id FROM "Health Tap"."Shared Lock" FOR SHARE') AS l(id int) \g /dev/null
SELECT dblink_exec('health_tap_1', 'COMMIT') || dblink_exec('health_tap_2', 'COMMIT') \g /dev/null

SELECT is(pg_temp.finding('multixact_wraparound', '"Health Tap"."Shared Lock"',
                          'VACUUM (FREEZE, VERBOSE) "Health Tap"."Shared Lock";', 'multixacts old', 1e-8),
          'WARNING', 'multixact_wraparound: a table older than a real multixact is reported with VACUUM (FREEZE)');
VACUUM (FREEZE) "Health Tap"."Shared Lock";
SELECT is(pg_temp.finding('multixact_wraparound', '"Health Tap"."Shared Lock"', '', '', 1e-8), 'not reported',
          'multixact_wraparound: after VACUUM (FREEZE) the table is not reported');
SELECT is(pg_temp.finding('multixact_wraparound', 'database postgres',
                          'connect to database postgres and run VACUUM (FREEZE, VERBOSE);', 'of the database', 0),
          'WARNING', 'multixact_wraparound: another database gets its own row (warning level 0 %)');

-------------------------------------------------------------------------------------------------
-- autovacuum_lag: 15,000 dead rows where autovacuum would start at 50 + 20 % of 20,000 = 4,050.
CREATE TABLE "Health Tap"."Dead Rows" (id int, note text) WITH (autovacuum_enabled = false);
INSERT INTO "Health Tap"."Dead Rows" SELECT g, 'x' FROM generate_series(1, 20000) g;
SELECT pg_stat_force_next_flush() \g /dev/null
ANALYZE "Health Tap"."Dead Rows";
DELETE FROM "Health Tap"."Dead Rows" WHERE id <= 15000;
SELECT pg_stat_force_next_flush() \g /dev/null

SELECT is(pg_stat_get_dead_tuples('"Health Tap"."Dead Rows"'::regclass), 15000::bigint,
          'autovacuum_lag: (setup) the statistics count the 15000 dead rows');
SELECT is(pg_temp.finding('autovacuum_lag', '"Health Tap"."Dead Rows"', 'VACUUM (VERBOSE, ANALYZE) "Health Tap"."Dead Rows";',
                          '15000 dead rows, beyond the 4050 at which autovacuum should have started; last vacuum: never (autovacuum is disabled on this table)'),
          'WARNING', 'autovacuum_lag: dead rows beyond autovacuum''s trigger point are reported');
ALTER TABLE "Health Tap"."Dead Rows" SET (autovacuum_vacuum_scale_factor = 5);
SELECT is(pg_temp.finding('autovacuum_lag', '"Health Tap"."Dead Rows"'), 'not reported',
          'autovacuum_lag: the table''s own autovacuum_vacuum_scale_factor raises its trigger point');
ALTER TABLE "Health Tap"."Dead Rows" RESET (autovacuum_vacuum_scale_factor);
VACUUM "Health Tap"."Dead Rows";
SELECT is(pg_temp.finding('autovacuum_lag', '"Health Tap"."Dead Rows"'), 'not reported',
          'autovacuum_lag: after VACUUM the table is not reported');

-------------------------------------------------------------------------------------------------
-- stale_statistics: 10,000 rows changed since ANALYZE where autoanalyze starts at 1,050.
CREATE TABLE "Health Tap"."Stale Stats" (id int, v int) WITH (autovacuum_enabled = false);
INSERT INTO "Health Tap"."Stale Stats" SELECT g, g FROM generate_series(1, 10000) g;
SELECT pg_stat_force_next_flush() \g /dev/null
ANALYZE "Health Tap"."Stale Stats";
UPDATE "Health Tap"."Stale Stats" SET v = v + 1;
SELECT pg_stat_force_next_flush() \g /dev/null

SELECT is(pg_stat_get_mod_since_analyze('"Health Tap"."Stale Stats"'::regclass), 10000::bigint,
          'stale_statistics: (setup) the statistics count 10000 changed rows');
SELECT is(pg_temp.finding('stale_statistics', '"Health Tap"."Stale Stats"', 'ANALYZE "Health Tap"."Stale Stats";',
                          '10000 rows changed since the last ANALYZE'),
          'WARNING', 'stale_statistics: a table changed well beyond autoanalyze''s trigger is reported');
ALTER TABLE "Health Tap"."Stale Stats" SET (autovacuum_analyze_scale_factor = 20);
SELECT is(pg_temp.finding('stale_statistics', '"Health Tap"."Stale Stats"'), 'not reported',
          'stale_statistics: the table''s own autovacuum_analyze_scale_factor raises its trigger point');
ALTER TABLE "Health Tap"."Stale Stats" RESET (autovacuum_analyze_scale_factor);
\set ON_ERROR_STOP 0
SELECT fix FROM pg_temp.health() WHERE check_name = 'stale_statistics' AND object = '"Health Tap"."Stale Stats"' \gexec
\set ON_ERROR_STOP 1
SELECT is(pg_temp.finding('stale_statistics', '"Health Tap"."Stale Stats"'), 'not reported',
          'stale_statistics: after running the fix the table is not reported');

-------------------------------------------------------------------------------------------------
-- never_analyzed
CREATE TABLE "Health Tap"."Never Analyzed" (id int) WITH (autovacuum_enabled = false);
INSERT INTO "Health Tap"."Never Analyzed" SELECT generate_series(1, 5000);
CREATE TABLE "Health Tap"."Tiny Never Analyzed" (id int) WITH (autovacuum_enabled = false);
INSERT INTO "Health Tap"."Tiny Never Analyzed" SELECT generate_series(1, 10);
-- A partitioned table on two levels; its leaves are analyzed, the partitioned tables never are.
CREATE TABLE "Health Tap".measurements (region text, day int, reading float8) PARTITION BY LIST (region);
CREATE TABLE "Health Tap"."measurements North" PARTITION OF "Health Tap".measurements FOR VALUES IN ('north')
    WITH (autovacuum_enabled = false);
CREATE TABLE "Health Tap"."measurements South" PARTITION OF "Health Tap".measurements FOR VALUES IN ('south')
    PARTITION BY RANGE (day);
CREATE TABLE "Health Tap"."measurements South 1" PARTITION OF "Health Tap"."measurements South"
    FOR VALUES FROM (0) TO (1000) WITH (autovacuum_enabled = false);
INSERT INTO "Health Tap".measurements
SELECT CASE WHEN g <= 2000 THEN 'north' ELSE 'south' END, g % 1000, g FROM generate_series(1, 5000) g;
SELECT pg_stat_force_next_flush() \g /dev/null
ANALYZE "Health Tap"."measurements North", "Health Tap"."measurements South 1";

SELECT is(pg_temp.finding('never_analyzed', '"Health Tap"."Never Analyzed"', 'ANALYZE "Health Tap"."Never Analyzed";',
                          'about 5000 rows and no statistics at all'),
          'WARNING', 'never_analyzed: a table of 5000 rows never analyzed is reported');
SELECT is(pg_temp.finding('never_analyzed', '"Health Tap"."Tiny Never Analyzed"'), 'not reported',
          'never_analyzed: a table of 10 rows is below the warning level');
SELECT is(pg_temp.finding('never_analyzed', '"Health Tap".measurements', 'ANALYZE "Health Tap".measurements;',
                          'about 5000 rows and no statistics at all (autovacuum never analyzes a partitioned table itself)'),
          'WARNING', 'never_analyzed: a partitioned table counts the rows of its partitions at every level');
\set ON_ERROR_STOP 0
SELECT fix FROM pg_temp.health() WHERE check_name = 'never_analyzed'
   AND object IN ('"Health Tap"."Never Analyzed"', '"Health Tap".measurements') \gexec
\set ON_ERROR_STOP 1
SELECT is(pg_temp.reported('never_analyzed', ARRAY['"Health Tap"."Never Analyzed"', '"Health Tap".measurements',
                                                   '"Health Tap"."measurements South"']), 0::bigint,
          'never_analyzed: after running the fixes neither table nor the sub-partitioned partition is reported');

-------------------------------------------------------------------------------------------------
-- table_bloat and index_bloat, at a warning level of 1 MB: tables of 200,000 rows (TOASTed rows:
-- 40,000) are filled and analyzed, their estimate must match; then 90 % of the rows, spread over
-- every page, are deleted and VACUUM (not FULL) leaves the pages in place.
CREATE TABLE "Health Tap"."Bloated" (id int PRIMARY KEY, payload text) WITH (autovacuum_enabled = false);
INSERT INTO "Health Tap"."Bloated" SELECT g, md5(g::text) FROM generate_series(1, 200000) g;
CREATE INDEX "Bloated lower" ON "Health Tap"."Bloated" (lower(payload));
-- Ten columns mostly NULL: the null bitmap takes the tuple header from 24 to 32 bytes.
CREATE TABLE "Health Tap"."Sparse" (id int, c1 int, c2 int, c3 int, c4 int, c5 int, c6 int, c7 int, c8 int, c9 int)
    WITH (autovacuum_enabled = false);
INSERT INTO "Health Tap"."Sparse" (id, c1, c5) SELECT g, CASE WHEN g % 10 = 0 THEN g END, CASE WHEN g % 3 = 0 THEN g END
  FROM generate_series(1, 200000) g;
-- Nine attributes, one dropped: every row written since stores a null bitmap for it.
CREATE TABLE "Health Tap"."Dropped Column" (c1 int, c2 int, c3 int, c4 int, gone text, c5 int, c6 int, c7 int, c8 int)
    WITH (autovacuum_enabled = false);
ALTER TABLE "Health Tap"."Dropped Column" DROP COLUMN gone;
INSERT INTO "Health Tap"."Dropped Column" SELECT g, g, g, g, g, g, g, g FROM generate_series(1, 200000) g;
-- Values moved out of line: the heap holds 18-byte TOAST pointers.
CREATE TABLE "Health Tap"."Toasted" (id int, doc text) WITH (autovacuum_enabled = false, toast.autovacuum_enabled = false);
ALTER TABLE "Health Tap"."Toasted" ALTER COLUMN doc SET STORAGE EXTERNAL;
INSERT INTO "Health Tap"."Toasted" SELECT g, repeat(md5(g::text), 64) FROM generate_series(1, 40000) g;
SELECT pg_stat_force_next_flush() \g /dev/null
ANALYZE "Health Tap"."Bloated", "Health Tap"."Sparse", "Health Tap"."Dropped Column", "Health Tap"."Toasted";

SELECT is(pg_temp.finding('table_bloat', '"Health Tap"."Bloated"', '', '', 1), 'not reported',
          'table_bloat: a freshly filled and analyzed table is not reported');
SELECT is(pg_temp.finding('table_bloat', '"Health Tap"."Sparse"', '', '', 1), 'not reported',
          'table_bloat: a fresh table of mostly NULL columns is not reported');
SELECT is(pg_temp.finding('table_bloat', '"Health Tap"."Dropped Column"', '', '', 1), 'not reported',
          'table_bloat: a fresh table with a dropped column is not reported');
SELECT is(pg_temp.finding('table_bloat', '"Health Tap"."Toasted"', '', '', 1), 'not reported',
          'table_bloat: a fresh table of TOASTed values is not reported');
SELECT is(pg_temp.reported('index_bloat', ARRAY['"Health Tap"."Bloated_pkey"', '"Health Tap"."Bloated lower"'], 1), 0::bigint,
          'index_bloat: freshly built indexes, on a column and on an expression, are not reported');

DELETE FROM "Health Tap"."Bloated" WHERE id % 10 <> 0;
DELETE FROM "Health Tap"."Sparse" WHERE id % 10 <> 0;
DELETE FROM "Health Tap"."Dropped Column" WHERE c1 % 10 <> 0;
DELETE FROM "Health Tap"."Toasted" WHERE id % 10 <> 0;
VACUUM "Health Tap"."Bloated", "Health Tap"."Sparse", "Health Tap"."Dropped Column", "Health Tap"."Toasted";
SELECT pg_stat_force_next_flush() \g /dev/null
ANALYZE "Health Tap"."Bloated", "Health Tap"."Sparse", "Health Tap"."Dropped Column", "Health Tap"."Toasted";

SELECT is(pg_temp.finding('table_bloat', '"Health Tap"."Bloated"',
                          'VACUUM (FULL, VERBOSE) "Health Tap"."Bloated";', 'of the table is free space', 1),
          'WARNING', 'table_bloat: a table left 90 % empty by DELETE and VACUUM is reported');
SELECT ok((SELECT substring(h.detail FROM '^about (\d+) %')::int BETWEEN 80 AND 95
             FROM pg_temp.health('table_bloat', 1) h
            WHERE h.check_name = 'table_bloat' AND h.object = '"Health Tap"."Bloated"'),
          'table_bloat: the estimate finds 80 to 95 % free space where 90 % of the rows were deleted');
SELECT is(pg_temp.finding('table_bloat', '"Health Tap"."Sparse"', 'VACUUM (FULL, VERBOSE) "Health Tap"."Sparse";', '', 1),
          'WARNING', 'table_bloat: the table of mostly NULL columns is reported once emptied');
SELECT is(pg_temp.finding('table_bloat', '"Health Tap"."Dropped Column"',
                          'VACUUM (FULL, VERBOSE) "Health Tap"."Dropped Column";', '', 1),
          'WARNING', 'table_bloat: the table with a dropped column is still estimated, and reported once emptied');
SELECT is(pg_temp.finding('table_bloat', '"Health Tap"."Toasted"', 'VACUUM (FULL, VERBOSE) "Health Tap"."Toasted";', '', 1),
          'WARNING', 'table_bloat: the table of TOASTed values is reported once emptied');
SELECT is(pg_temp.finding('index_bloat', '"Health Tap"."Bloated_pkey"',
                          'REINDEX INDEX CONCURRENTLY "Health Tap"."Bloated_pkey";', 'of the B-tree index is free space', 1),
          'WARNING', 'index_bloat: an index left 90 % empty is reported');
SELECT is(pg_temp.finding('index_bloat', '"Health Tap"."Bloated lower"',
                          'REINDEX INDEX CONCURRENTLY "Health Tap"."Bloated lower";', '', 1),
          'WARNING', 'index_bloat: an expression index left 90 % empty is reported');
SELECT is(pg_temp.finding('index_bloat', '"Health Tap"."Bloated_pkey"'), 'not reported',
          'index_bloat: a few MB of free space stay below the default warning level of 100 MB');
\set ON_ERROR_STOP 0
SELECT fix FROM pg_temp.health('index_bloat', 1) WHERE check_name = 'index_bloat'
   AND object IN ('"Health Tap"."Bloated_pkey"', '"Health Tap"."Bloated lower"') \gexec
\set ON_ERROR_STOP 1
SELECT is(pg_temp.reported('index_bloat', ARRAY['"Health Tap"."Bloated_pkey"', '"Health Tap"."Bloated lower"'], 1), 0::bigint,
          'index_bloat: after running the fixes (REINDEX CONCURRENTLY) neither index is reported');

-------------------------------------------------------------------------------------------------
-- duplicate_indexes: any size is reported (warning level 0 MB).
CREATE TABLE "Health Tap".exact (a int, b int);
CREATE INDEX "exact one" ON "Health Tap".exact (a);
CREATE INDEX "exact two" ON "Health Tap".exact (a);
SELECT is(pg_temp.finding('duplicate_indexes', '"Health Tap"."exact two"', 'DROP INDEX CONCURRENTLY "Health Tap"."exact two";',
                          'is a duplicate of "Health Tap"."exact one"'),
          'WARNING', 'duplicate_indexes: of two identical indexes the newer one is reported');
SELECT is(pg_temp.finding('duplicate_indexes', '"Health Tap"."exact one"'), 'not reported',
          'duplicate_indexes: ... and only that one');

CREATE TABLE "Health Tap".with_constraint (a int);
CREATE INDEX "plain a" ON "Health Tap".with_constraint (a);
ALTER TABLE "Health Tap".with_constraint ADD CONSTRAINT "a is unique" UNIQUE (a);
SELECT is(pg_temp.finding('duplicate_indexes', '"Health Tap"."plain a"', 'DROP INDEX CONCURRENTLY "Health Tap"."plain a";',
                          'is a duplicate of "Health Tap"."a is unique"'),
          'WARNING', 'duplicate_indexes: a plain index duplicating a unique constraint is reported, though older');
SELECT is(pg_temp.finding('duplicate_indexes', '"Health Tap"."a is unique"'), 'not reported',
          'duplicate_indexes: the index backing the constraint is never the one reported');

CREATE TABLE "Health Tap".keyed (id int PRIMARY KEY);
ALTER TABLE "Health Tap".keyed ADD CONSTRAINT "id also unique" UNIQUE (id);
SELECT is(pg_temp.finding('duplicate_indexes', '"Health Tap"."id also unique"',
                          'ALTER TABLE "Health Tap".keyed DROP CONSTRAINT "id also unique";'),
          'WARNING', 'duplicate_indexes: a UNIQUE constraint duplicating the primary key is reported with DROP CONSTRAINT');
SELECT is(pg_temp.finding('duplicate_indexes', '"Health Tap".keyed_pkey'), 'not reported',
          'duplicate_indexes: the primary key is kept');
\set ON_ERROR_STOP 0
SELECT fix FROM pg_temp.health() WHERE check_name = 'duplicate_indexes' AND object = '"Health Tap"."id also unique"' \gexec
\set ON_ERROR_STOP 1
SELECT is(pg_temp.reported('duplicate_indexes', ARRAY['"Health Tap"."id also unique"', '"Health Tap".keyed_pkey']), 0::bigint,
          'duplicate_indexes: after running the fix neither is reported');

CREATE TABLE "Health Tap".prefix (a int, b int);
CREATE INDEX "prefix a" ON "Health Tap".prefix (a);
CREATE INDEX "prefix a b" ON "Health Tap".prefix (a, b);
SELECT is(pg_temp.finding('duplicate_indexes', '"Health Tap"."prefix a"', 'DROP INDEX CONCURRENTLY "Health Tap"."prefix a";',
                          'is covered by "Health Tap"."prefix a b"'),
          'WARNING', 'duplicate_indexes: an index on (a) is covered by one on (a, b)');
SELECT is(pg_temp.finding('duplicate_indexes', '"Health Tap"."prefix a b"'), 'not reported',
          'duplicate_indexes: the wider index is kept');

CREATE TABLE "Health Tap".unique_prefix (a int, b int);
CREATE UNIQUE INDEX "unique a" ON "Health Tap".unique_prefix (a);
CREATE INDEX "unique prefix a b" ON "Health Tap".unique_prefix (a, b);
SELECT is(pg_temp.reported('duplicate_indexes', ARRAY['"Health Tap"."unique a"', '"Health Tap"."unique prefix a b"']), 0::bigint,
          'duplicate_indexes: a unique index is not covered by a wider non-unique one');

CREATE TABLE "Health Tap".variants (a int, b int, s text);
CREATE INDEX "a positive" ON "Health Tap".variants (a) WHERE a > 0;
CREATE INDEX "a negative" ON "Health Tap".variants (a) WHERE a < 0;
CREATE INDEX "s lower" ON "Health Tap".variants (lower(s));
CREATE INDEX "s upper" ON "Health Tap".variants (upper(s));
CREATE INDEX "s pattern" ON "Health Tap".variants (s text_pattern_ops);
CREATE INDEX "s" ON "Health Tap".variants (s);
CREATE INDEX "b descending" ON "Health Tap".variants (b DESC);
CREATE INDEX "b" ON "Health Tap".variants (b);
CREATE INDEX "b hash" ON "Health Tap".variants USING hash (b);
SELECT is(pg_temp.reported('duplicate_indexes',
                           ARRAY['"Health Tap"."a positive"', '"Health Tap"."a negative"', '"Health Tap"."s lower"',
                                 '"Health Tap"."s upper"', '"Health Tap"."s pattern"', '"Health Tap".s',
                                 '"Health Tap"."b descending"', '"Health Tap".b', '"Health Tap"."b hash"']), 0::bigint,
          'duplicate_indexes: different predicates, expressions, operator classes, orders or access methods are no duplicates');
CREATE INDEX "a positive again" ON "Health Tap".variants (a) WHERE a > 0;
CREATE INDEX "s lower again" ON "Health Tap".variants (lower(s));
SELECT is(pg_temp.finding('duplicate_indexes', '"Health Tap"."a positive again"', '', 'is a duplicate of "Health Tap"."a positive"'),
          'WARNING', 'duplicate_indexes: the same predicate twice is a duplicate');
SELECT is(pg_temp.finding('duplicate_indexes', '"Health Tap"."s lower again"', '', 'is a duplicate of "Health Tap"."s lower"'),
          'WARNING', 'duplicate_indexes: the same expression twice is a duplicate');

CREATE TABLE "Health Tap".included (a int, b int, c int);
CREATE INDEX "a incl b" ON "Health Tap".included (a) INCLUDE (b);
CREATE INDEX "a incl c" ON "Health Tap".included (a) INCLUDE (c);
SELECT is(pg_temp.reported('duplicate_indexes', ARRAY['"Health Tap"."a incl b"', '"Health Tap"."a incl c"']), 0::bigint,
          'duplicate_indexes: indexes on the same key with different INCLUDE columns are no duplicates');
CREATE TABLE "Health Tap".included_too (a int, b int);
CREATE INDEX "just a" ON "Health Tap".included_too (a);
CREATE INDEX "a including b" ON "Health Tap".included_too (a) INCLUDE (b);
SELECT is(pg_temp.finding('duplicate_indexes', '"Health Tap"."just a"', 'DROP INDEX CONCURRENTLY "Health Tap"."just a";',
                          '"Health Tap"."a including b"'),
          'WARNING', 'duplicate_indexes: (a) is served by (a) INCLUDE (b)');
SELECT is(pg_temp.finding('duplicate_indexes', '"Health Tap"."a including b"'), 'not reported',
          'duplicate_indexes: ... which is kept');

-- Two identical indexes on a partitioned table: each partition gets two identical indexes too,
-- attached to them, which cannot be dropped on their own.
CREATE TABLE "Health Tap".parted (region int, a int) PARTITION BY LIST (region);
CREATE TABLE "Health Tap"."parted 1" PARTITION OF "Health Tap".parted FOR VALUES IN (1) PARTITION BY LIST (a);
CREATE TABLE "Health Tap"."parted 1 1" PARTITION OF "Health Tap"."parted 1" FOR VALUES IN (1);
CREATE TABLE "Health Tap"."parted 2" PARTITION OF "Health Tap".parted FOR VALUES IN (2);
CREATE INDEX "parted a" ON "Health Tap".parted (a);
CREATE INDEX "parted a copy" ON "Health Tap".parted (a);
SELECT is(pg_temp.finding('duplicate_indexes', '"Health Tap"."parted a copy"', 'DROP INDEX "Health Tap"."parted a copy";'),
          'WARNING', 'duplicate_indexes: a duplicate index of a partitioned table is reported with DROP INDEX (not CONCURRENTLY)');
SELECT is((SELECT count(*) FROM pg_temp.health() h
             JOIN pg_class i ON format('%I.%I', 'Health Tap', i.relname) = h.object
            WHERE h.check_name = 'duplicate_indexes' AND i.relispartition
              AND i.relnamespace = '"Health Tap"'::regnamespace), 0::bigint,
          'duplicate_indexes: the indexes of the partitions, attached to those, are not reported');
\set ON_ERROR_STOP 0
SELECT fix FROM pg_temp.health() WHERE check_name = 'duplicate_indexes' AND object = '"Health Tap"."parted a copy"' \gexec
\set ON_ERROR_STOP 1
SELECT is(pg_temp.reported('duplicate_indexes', ARRAY['"Health Tap"."parted a copy"', '"Health Tap"."parted a"']), 0::bigint,
          'duplicate_indexes: after running the fix neither partitioned index is reported');

-------------------------------------------------------------------------------------------------
-- unused_indexes: indexes of more than 1 MB (the default warning level) never scanned.
CREATE TABLE "Health Tap"."Lookups" (id int, code int) WITH (autovacuum_enabled = false);
INSERT INTO "Health Tap"."Lookups" SELECT g, g % 100000 FROM generate_series(1, 200000) g;
CREATE INDEX "Lookups code" ON "Health Tap"."Lookups" (code);
CREATE UNIQUE INDEX "Lookups id" ON "Health Tap"."Lookups" (id);
CREATE TABLE "Health Tap".events (id int, day int, code int) PARTITION BY RANGE (day);
CREATE TABLE "Health Tap"."events early" PARTITION OF "Health Tap".events FOR VALUES FROM (0) TO (50)
    WITH (autovacuum_enabled = false);
CREATE TABLE "Health Tap"."events late" PARTITION OF "Health Tap".events FOR VALUES FROM (50) TO (100)
    WITH (autovacuum_enabled = false);
INSERT INTO "Health Tap".events SELECT g, g % 100, g % 100000 FROM generate_series(1, 200000) g;
CREATE INDEX "events code" ON "Health Tap".events (code);
ANALYZE "Health Tap"."Lookups", "Health Tap"."events early", "Health Tap"."events late";

SELECT is(pg_temp.finding('unused_indexes', '"Health Tap"."Lookups code"', 'DROP INDEX CONCURRENTLY "Health Tap"."Lookups code";',
                          'index on "Health Tap"."Lookups" has not been scanned'),
          'WARNING', 'unused_indexes: an index of several MB never scanned is reported');
SELECT is(pg_temp.finding('unused_indexes', '"Health Tap"."Lookups id"'), 'not reported',
          'unused_indexes: a unique index is never reported: it enforces something');
SELECT is(pg_temp.finding('unused_indexes', '"Health Tap"."events code"', 'DROP INDEX "Health Tap"."events code";',
                          'index on "Health Tap".events'),
          'WARNING', 'unused_indexes: an index of a partitioned table none of whose partitions scanned it is reported');
SELECT is((SELECT count(*) FROM pg_temp.health() h
             JOIN pg_class i ON format('%I.%I', 'Health Tap', i.relname) = h.object
            WHERE h.check_name = 'unused_indexes' AND i.relispartition
              AND i.relnamespace = '"Health Tap"'::regnamespace), 0::bigint,
          'unused_indexes: the partitions'' indexes are not reported on their own');
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SELECT count(*) FROM "Health Tap"."Lookups" WHERE code = 42 \g /dev/null
SELECT count(*) FROM "Health Tap".events WHERE code = 42 AND day = 60 \g /dev/null
RESET enable_seqscan;
RESET enable_bitmapscan;
SELECT pg_stat_force_next_flush() \g /dev/null
SELECT is(pg_temp.finding('unused_indexes', '"Health Tap"."Lookups code"'), 'not reported',
          'unused_indexes: after a scan uses it the index is not reported');
SELECT is(pg_temp.finding('unused_indexes', '"Health Tap"."events code"'), 'not reported',
          'unused_indexes: after a scan of one partition uses it the partitioned index is not reported');

-------------------------------------------------------------------------------------------------
-- invalid_indexes and unindexed_foreign_keys
CREATE TABLE "Health Tap".orders (id int PRIMARY KEY);
INSERT INTO "Health Tap".orders SELECT generate_series(1, 10);
CREATE TABLE "Health Tap"."Order Lines" (id int PRIMARY KEY, "Order Id" int REFERENCES "Health Tap".orders);
INSERT INTO "Health Tap"."Order Lines" SELECT g, 1 + g % 10 FROM generate_series(1, 1000) g;

-- CREATE INDEX CONCURRENTLY cannot run in a transaction block: a second session runs it, on
-- data with duplicates for a UNIQUE index, so it fails and leaves an invalid index behind.
SELECT throws_ok($$ SELECT dblink_exec('health_tap_1', 'CREATE UNIQUE INDEX CONCURRENTLY "Order Lines one per order"
                                                        ON "Health Tap"."Order Lines" ("Order Id")') $$,
                 '23505', NULL, 'invalid_indexes: (setup) CREATE UNIQUE INDEX CONCURRENTLY fails on duplicates');
SELECT is(pg_temp.finding('invalid_indexes', '"Health Tap"."Order Lines one per order"',
                          'REINDEX INDEX CONCURRENTLY "Health Tap"."Order Lines one per order"; or, when the data prevents it (duplicates for a unique index), DROP INDEX CONCURRENTLY "Health Tap"."Order Lines one per order";',
                          'index on "Health Tap"."Order Lines" is invalid'),
          'WARNING', 'invalid_indexes: the index a failed CREATE INDEX CONCURRENTLY left is reported');
SELECT is(pg_temp.finding('unindexed_foreign_keys', '"Health Tap"."Order Lines"',
                          'CREATE INDEX CONCURRENTLY ON "Health Tap"."Order Lines" ("Order Id");',
                          'foreign key "Order Lines_Order Id_fkey" ("Order Id") references "Health Tap".orders'),
          'WARNING', 'unindexed_foreign_keys: a foreign key whose only index is invalid is reported');
\set ON_ERROR_STOP 0
SELECT fix FROM pg_temp.health() WHERE check_name = 'unindexed_foreign_keys' AND object = '"Health Tap"."Order Lines"' \gexec
\set ON_ERROR_STOP 1
SELECT is(pg_temp.finding('unindexed_foreign_keys', '"Health Tap"."Order Lines"'), 'not reported',
          'unindexed_foreign_keys: after running the fix (CREATE INDEX CONCURRENTLY) the foreign key is not reported');
DROP INDEX CONCURRENTLY "Health Tap"."Order Lines one per order";
SELECT is(pg_temp.finding('invalid_indexes', '"Health Tap"."Order Lines one per order"'), 'not reported',
          'invalid_indexes: after DROP INDEX CONCURRENTLY nothing is reported');

-- An index created ON ONLY a partitioned table stays invalid until every partition's is attached.
CREATE INDEX "events day" ON ONLY "Health Tap".events (day);
SELECT is(pg_temp.finding('invalid_indexes', '"Health Tap"."events day"',
                          'ALTER INDEX "Health Tap"."events day" ATTACH PARTITION'),
          'WARNING', 'invalid_indexes: a partitioned index missing its partitions'' indexes is reported');
CREATE INDEX "events early day" ON "Health Tap"."events early" (day);
CREATE INDEX "events late day" ON "Health Tap"."events late" (day);
ALTER INDEX "Health Tap"."events day" ATTACH PARTITION "Health Tap"."events early day";
ALTER INDEX "Health Tap"."events day" ATTACH PARTITION "Health Tap"."events late day";
SELECT is(pg_temp.finding('invalid_indexes', '"Health Tap"."events day"'), 'not reported',
          'invalid_indexes: once every partition''s index is attached it is valid and not reported');

-- Foreign keys of two columns.
CREATE TABLE "Health Tap".warehouses (site int, aisle int, PRIMARY KEY (site, aisle));
CREATE TABLE "Health Tap".reordered (site int, aisle int, FOREIGN KEY (site, aisle) REFERENCES "Health Tap".warehouses);
CREATE INDEX ON "Health Tap".reordered (aisle, site);
CREATE TABLE "Health Tap".partial (site int, aisle int, FOREIGN KEY (site, aisle) REFERENCES "Health Tap".warehouses);
CREATE INDEX ON "Health Tap".partial (site, aisle) WHERE site > 0;
CREATE TABLE "Health Tap".not_leading (other int, site int, aisle int, FOREIGN KEY (site, aisle) REFERENCES "Health Tap".warehouses);
CREATE INDEX ON "Health Tap".not_leading (other, site, aisle);
SELECT is(pg_temp.finding('unindexed_foreign_keys', '"Health Tap".reordered'), 'not reported',
          'unindexed_foreign_keys: an index on the same columns in another order covers the foreign key');
SELECT is(pg_temp.finding('unindexed_foreign_keys', '"Health Tap".partial',
                          'CREATE INDEX CONCURRENTLY ON "Health Tap".partial (site, aisle);'),
          'WARNING', 'unindexed_foreign_keys: a partial index does not cover the foreign key');
SELECT is(pg_temp.finding('unindexed_foreign_keys', '"Health Tap".not_leading',
                          'CREATE INDEX CONCURRENTLY ON "Health Tap".not_leading (site, aisle);'),
          'WARNING', 'unindexed_foreign_keys: an index where the columns do not come first does not cover it');

-- A foreign key of a partitioned table: reported once, at the partitioned table, with the rows
-- of all its partitions.
ALTER TABLE "Health Tap".events ADD FOREIGN KEY (id) REFERENCES "Health Tap"."Lookups" (id);
SELECT is(pg_temp.finding('unindexed_foreign_keys', '"Health Tap".events', 'CREATE INDEX ON "Health Tap".events (id);',
                          'foreign key events_id_fkey (id) references "Health Tap"."Lookups"', 0, 1000),
          'CRITICAL', 'unindexed_foreign_keys: a partitioned table counts its partitions'' rows (critical level 1000 rows)');
SELECT is(pg_temp.reported('unindexed_foreign_keys', ARRAY['"Health Tap"."events early"', '"Health Tap"."events late"']), 0::bigint,
          'unindexed_foreign_keys: the partitions'' copies of the foreign key are not reported');
\set ON_ERROR_STOP 0
SELECT fix FROM pg_temp.health() WHERE check_name = 'unindexed_foreign_keys' AND object = '"Health Tap".events' \gexec
\set ON_ERROR_STOP 1
SELECT is(pg_temp.finding('unindexed_foreign_keys', '"Health Tap".events'), 'not reported',
          'unindexed_foreign_keys: after running the fix (CREATE INDEX on the partitioned table) it is not reported');
SELECT is(pg_temp.finding('unused_indexes', '"Health Tap".events_id_idx'), 'not reported',
          'unused_indexes: an index that serves a foreign key is not reported, though never scanned');

-------------------------------------------------------------------------------------------------
-- missing_primary_keys
CREATE TABLE "Health Tap"."No Key" (note text);
SELECT is(pg_temp.finding('missing_primary_keys', '"Health Tap"."No Key"',
                          'ALTER TABLE "Health Tap"."No Key" ADD PRIMARY KEY (<columns that identify a row>);',
                          'table has no primary key'),
          'WARNING', 'missing_primary_keys: a table without a primary key is reported');
CREATE TABLE "Health Tap"."Natural Key" (code int NOT NULL, note text);
CREATE UNIQUE INDEX "Natural Key code" ON "Health Tap"."Natural Key" (code);
SELECT is(pg_temp.finding('missing_primary_keys', '"Health Tap"."Natural Key"',
                          'ALTER TABLE "Health Tap"."Natural Key" ADD CONSTRAINT "Natural Key code" PRIMARY KEY USING INDEX "Natural Key code";'),
          'WARNING', 'missing_primary_keys: a unique index on NOT NULL columns is offered as the primary key');
\set ON_ERROR_STOP 0
SELECT fix FROM pg_temp.health() WHERE check_name = 'missing_primary_keys' AND object = '"Health Tap"."Natural Key"' \gexec
\set ON_ERROR_STOP 1
SELECT is(pg_temp.finding('missing_primary_keys', '"Health Tap"."Natural Key"'), 'not reported',
          'missing_primary_keys: after running the fix (PRIMARY KEY USING INDEX) it is not reported');
-- ADD PRIMARY KEY USING INDEX refuses an index that already backs a constraint or is sorted DESC.
CREATE TABLE "Health Tap".unique_constraint (code int NOT NULL UNIQUE);
CREATE TABLE "Health Tap".descending_key (code int NOT NULL);
CREATE UNIQUE INDEX ON "Health Tap".descending_key (code DESC);
SELECT is(pg_temp.finding('missing_primary_keys', '"Health Tap".unique_constraint',
                          'ALTER TABLE "Health Tap".unique_constraint ADD PRIMARY KEY (<columns that identify a row>);'),
          'WARNING', 'missing_primary_keys: the index of a UNIQUE constraint is not offered for USING INDEX');
SELECT is(pg_temp.finding('missing_primary_keys', '"Health Tap".descending_key',
                          'ALTER TABLE "Health Tap".descending_key ADD PRIMARY KEY (<columns that identify a row>);'),
          'WARNING', 'missing_primary_keys: a DESC unique index is not offered for USING INDEX');
-- "Health Tap".measurements: two levels of partitions, no primary key anywhere.
SELECT is(pg_temp.finding('missing_primary_keys', '"Health Tap".measurements',
                          'ALTER TABLE "Health Tap".measurements ADD PRIMARY KEY (<columns that identify a row>, region);',
                          'partitioned table has no primary key'),
          'WARNING', 'missing_primary_keys: a partitioned table is reported, with its partition key in the fix');
SELECT is(pg_temp.reported('missing_primary_keys', ARRAY['"Health Tap"."measurements North"', '"Health Tap"."measurements South"',
                                                         '"Health Tap"."measurements South 1"']), 0::bigint,
          'missing_primary_keys: its partitions, at every level, are not reported');
ALTER TABLE "Health Tap".measurements ADD PRIMARY KEY (reading, region, day);
SELECT is(pg_temp.finding('missing_primary_keys', '"Health Tap".measurements'), 'not reported',
          'missing_primary_keys: once it has a primary key the partitioned table is not reported');
-- Inheritance: a child does not inherit its parent's primary key.
CREATE TABLE "Health Tap".animals (id int PRIMARY KEY, name text);
CREATE TABLE "Health Tap".dogs (breed text) INHERITS ("Health Tap".animals);
SELECT is(pg_temp.finding('missing_primary_keys', '"Health Tap".dogs', 'ALTER TABLE "Health Tap".dogs ADD PRIMARY KEY'),
          'WARNING', 'missing_primary_keys: an inheritance child without its own primary key is reported');
SELECT is(pg_temp.finding('missing_primary_keys', '"Health Tap".animals'), 'not reported',
          'missing_primary_keys: its parent, which has one, is not');
CREATE TEMP TABLE no_key_but_temporary (note text);
SELECT is(pg_temp.reported('missing_primary_keys', ARRAY[(SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c
                                                            JOIN pg_namespace n ON n.oid = c.relnamespace
                                                           WHERE c.oid = 'pg_temp.no_key_but_temporary'::regclass)]), 0::bigint,
          'missing_primary_keys: a temporary table is not reported');

-------------------------------------------------------------------------------------------------
-- sequence_exhaustion (warning 75 %, critical 90 %)
CREATE SEQUENCE "Health Tap"."Ticket Numbers" MAXVALUE 1000;
SELECT setval('"Health Tap"."Ticket Numbers"', 800) \g /dev/null
SELECT is(pg_temp.finding('sequence_exhaustion', '"Health Tap"."Ticket Numbers"',
                          'ALTER SEQUENCE "Health Tap"."Ticket Numbers" MAXVALUE <higher limit>;',
                          'sequence of type bigint is at 800, limit 1000'),
          'WARNING', 'sequence_exhaustion: a sequence 80 % through its custom MAXVALUE is reported');
CREATE SEQUENCE "Health Tap".countdown AS integer INCREMENT BY -1;
SELECT setval('"Health Tap".countdown', -2000000000) \g /dev/null
SELECT is(pg_temp.finding('sequence_exhaustion', '"Health Tap".countdown', 'ALTER SEQUENCE "Health Tap".countdown AS bigint;',
                          'sequence of type integer is at -2000000000, limit -2147483648'),
          'CRITICAL', 'sequence_exhaustion: a descending integer sequence 93 % of the way down is reported');
CREATE SEQUENCE "Health Tap"."Short Countdown" INCREMENT BY -1 MINVALUE 1 MAXVALUE 1000 START 1000;
SELECT setval('"Health Tap"."Short Countdown"', 150) \g /dev/null
SELECT is(pg_temp.finding('sequence_exhaustion', '"Health Tap"."Short Countdown"', '', 'is at 150, limit 1'),
          'WARNING', 'sequence_exhaustion: a descending sequence 85 % of the way down to its MINVALUE is reported');
CREATE SEQUENCE "Health Tap".wheel MAXVALUE 1000 CYCLE;
SELECT setval('"Health Tap".wheel', 990) \g /dev/null
SELECT is(pg_temp.finding('sequence_exhaustion', '"Health Tap".wheel'), 'not reported',
          'sequence_exhaustion: a cycling sequence is not reported');
CREATE SEQUENCE "Health Tap".roomy MAXVALUE 1000;
SELECT setval('"Health Tap".roomy', 100) \g /dev/null
SELECT is(pg_temp.finding('sequence_exhaustion', '"Health Tap".roomy'), 'not reported',
          'sequence_exhaustion: a sequence 10 % through its range is not reported');
-------------------------------------------------------------------------------------------------
-- integer_overflow_risk (warning 50 %, critical 75 % of the column type's maximum)
CREATE TABLE "Health Tap".tickets ("Ticket Id" serial PRIMARY KEY);
SELECT setval(pg_get_serial_sequence('"Health Tap".tickets', 'Ticket Id'), 1200000000) \g /dev/null
SELECT is(pg_temp.finding('integer_overflow_risk', '"Health Tap".tickets."Ticket Id"',
                          'ALTER TABLE "Health Tap".tickets ALTER COLUMN "Ticket Id" TYPE bigint;',
                          'column of type integer is fed by sequence "Health Tap"."tickets_Ticket Id_seq", now at 1200000000'),
          'WARNING', 'integer_overflow_risk: a serial column at 56 % is reported');
CREATE TABLE "Health Tap"."Identity Rows" (id int GENERATED ALWAYS AS IDENTITY);
SELECT setval(pg_get_serial_sequence('"Health Tap"."Identity Rows"', 'id'), 1700000000) \g /dev/null
SELECT is(pg_temp.finding('integer_overflow_risk', '"Health Tap"."Identity Rows".id',
                          'ALTER TABLE "Health Tap"."Identity Rows" ALTER COLUMN id TYPE bigint;'),
          'CRITICAL', 'integer_overflow_risk: an identity column at 79 % is reported');
CREATE SEQUENCE "Health Tap"."Plain Counter" AS integer;
CREATE TABLE "Health Tap".counted (n int DEFAULT nextval('"Health Tap"."Plain Counter"'));
SELECT setval('"Health Tap"."Plain Counter"', 1100000000) \g /dev/null
SELECT is(pg_temp.finding('integer_overflow_risk', '"Health Tap".counted.n', 'ALTER TABLE "Health Tap".counted ALTER COLUMN n TYPE bigint;',
                          'fed by sequence "Health Tap"."Plain Counter"'),
          'WARNING', 'integer_overflow_risk: a column with a plain DEFAULT nextval() is reported');
CREATE TABLE "Health Tap".small_counted (n smallserial);
SELECT setval(pg_get_serial_sequence('"Health Tap".small_counted', 'n'), 25000) \g /dev/null
SELECT is(pg_temp.finding('integer_overflow_risk', '"Health Tap".small_counted.n', '', 'column of type smallint'),
          'CRITICAL', 'integer_overflow_risk: a smallserial column at 76 % of 32767 is reported');
CREATE TABLE "Health Tap".serial_parted (id serial, region int) PARTITION BY LIST (region);
CREATE TABLE "Health Tap"."serial_parted 1" PARTITION OF "Health Tap".serial_parted FOR VALUES IN (1) PARTITION BY LIST (id);
CREATE TABLE "Health Tap"."serial_parted 1 1" PARTITION OF "Health Tap"."serial_parted 1" FOR VALUES IN (1);
CREATE TABLE "Health Tap"."serial_parted 2" PARTITION OF "Health Tap".serial_parted FOR VALUES IN (2);
SELECT setval(pg_get_serial_sequence('"Health Tap".serial_parted', 'id'), 1200000000) \g /dev/null
SELECT is(pg_temp.finding('integer_overflow_risk', '"Health Tap".serial_parted.id',
                          'ALTER TABLE "Health Tap".serial_parted ALTER COLUMN id TYPE bigint;'),
          'WARNING', 'integer_overflow_risk: a serial column of a partitioned table is reported at the partitioned table');
SELECT is(pg_temp.reported('integer_overflow_risk', ARRAY['"Health Tap"."serial_parted 1".id', '"Health Tap"."serial_parted 1 1".id',
                                                          '"Health Tap"."serial_parted 2".id']), 0::bigint,
          'integer_overflow_risk: ... and not again for each partition, whose column cannot be altered alone');
CREATE SEQUENCE "Health Tap"."Wide Counter" AS integer;
CREATE TABLE "Health Tap".wide_counted (n bigint DEFAULT nextval('"Health Tap"."Wide Counter"'));
SELECT setval('"Health Tap"."Wide Counter"', 2000000000) \g /dev/null
SELECT is(pg_temp.finding('integer_overflow_risk', '"Health Tap".wide_counted.n'), 'not reported',
          'integer_overflow_risk: a bigint column is not at risk (sequence_exhaustion reports its integer sequence)');
ALTER TABLE "Health Tap".tickets ALTER COLUMN "Ticket Id" TYPE bigint;
SELECT is(pg_temp.finding('integer_overflow_risk', '"Health Tap".tickets."Ticket Id"'), 'not reported',
          'integer_overflow_risk: after the fix (ALTER COLUMN TYPE bigint) the column is not reported');
CREATE SEQUENCE "Health Tap"."Big Counter";
CREATE TABLE "Health Tap".big_counted (n int DEFAULT nextval('"Health Tap"."Big Counter"'));
SELECT setval('"Health Tap"."Big Counter"', 2000000000) \g /dev/null
SELECT is(pg_temp.finding('integer_overflow_risk', '"Health Tap".big_counted.n'), 'CRITICAL',
          'integer_overflow_risk: an integer column fed by a bigint sequence at 93 % of its maximum is reported');

-------------------------------------------------------------------------------------------------
-- unlogged_tables
CREATE UNLOGGED TABLE "Health Tap"."Scratch Pad" (id int PRIMARY KEY);
SELECT is(pg_temp.finding('unlogged_tables', '"Health Tap"."Scratch Pad"', 'ALTER TABLE "Health Tap"."Scratch Pad" SET LOGGED;',
                          'unlogged table'),
          'WARNING', 'unlogged_tables: an unlogged table is reported');
CREATE UNLOGGED TABLE "Health Tap"."events unlogged" PARTITION OF "Health Tap".events FOR VALUES FROM (100) TO (200);
SELECT is(pg_temp.finding('unlogged_tables', '"Health Tap"."events unlogged"', 'ALTER TABLE "Health Tap"."events unlogged" SET LOGGED;'),
          'WARNING', 'unlogged_tables: an unlogged partition of a logged partitioned table is reported');
SELECT is(pg_temp.finding('unlogged_tables', '"Health Tap".events'), 'not reported',
          'unlogged_tables: its logged partitioned table is not');
ALTER TABLE "Health Tap"."Scratch Pad" SET LOGGED;
SELECT is(pg_temp.finding('unlogged_tables', '"Health Tap"."Scratch Pad"'), 'not reported',
          'unlogged_tables: after SET LOGGED the table is not reported');

-------------------------------------------------------------------------------------------------
-- not_valid_constraints
CREATE TABLE "Health Tap".payments (id int PRIMARY KEY, amount numeric, order_id int);
ALTER TABLE "Health Tap".payments ADD CONSTRAINT "Positive Amount" CHECK (amount > 0) NOT VALID;
ALTER TABLE "Health Tap".payments ADD CONSTRAINT "Paid Order" FOREIGN KEY (order_id) REFERENCES "Health Tap".orders NOT VALID;
SELECT is((SELECT array_agg(status || ': ' || detail || ' | ' || fix ORDER BY detail) FROM pg_temp.health() h
            WHERE h.check_name = 'not_valid_constraints' AND h.object = '"Health Tap".payments'),
          ARRAY['WARNING: check constraint "Positive Amount" was added NOT VALID: rows written before it may violate it, and the planner cannot rely on it | ALTER TABLE "Health Tap".payments VALIDATE CONSTRAINT "Positive Amount"; (takes a SHARE UPDATE EXCLUSIVE lock: writes continue)',
                'WARNING: foreign key constraint "Paid Order" was added NOT VALID: rows written before it may violate it, and the planner cannot rely on it | ALTER TABLE "Health Tap".payments VALIDATE CONSTRAINT "Paid Order"; (takes a SHARE UPDATE EXCLUSIVE lock: writes continue)'],
          'not_valid_constraints: a CHECK and a foreign key added NOT VALID are reported');
ALTER TABLE "Health Tap".payments VALIDATE CONSTRAINT "Positive Amount";
ALTER TABLE "Health Tap".payments VALIDATE CONSTRAINT "Paid Order";
SELECT is(pg_temp.finding('not_valid_constraints', '"Health Tap".payments'), 'not reported',
          'not_valid_constraints: after VALIDATE CONSTRAINT the table is not reported');
-- On a partitioned table (two levels) and on an inheritance parent: once, where VALIDATE recurses from.
ALTER TABLE "Health Tap".measurements ADD CONSTRAINT "Plausible Reading" CHECK (reading < 1e6) NOT VALID;
ALTER TABLE "Health Tap".animals ADD CONSTRAINT "Named" CHECK (name <> '') NOT VALID;
SELECT is(pg_temp.finding('not_valid_constraints', '"Health Tap".measurements',
                          'ALTER TABLE "Health Tap".measurements VALIDATE CONSTRAINT "Plausible Reading";'),
          'WARNING', 'not_valid_constraints: a NOT VALID check on a partitioned table is reported there');
SELECT is(pg_temp.finding('not_valid_constraints', '"Health Tap".animals', 'ALTER TABLE "Health Tap".animals VALIDATE CONSTRAINT "Named";'),
          'WARNING', 'not_valid_constraints: a NOT VALID check on an inheritance parent is reported there');
SELECT is(pg_temp.reported('not_valid_constraints', ARRAY['"Health Tap"."measurements North"', '"Health Tap"."measurements South"',
                                                          '"Health Tap"."measurements South 1"', '"Health Tap".dogs']), 0::bigint,
          'not_valid_constraints: partitions and inheritance children are not reported again');
ALTER TABLE "Health Tap".measurements VALIDATE CONSTRAINT "Plausible Reading";
ALTER TABLE "Health Tap".animals VALIDATE CONSTRAINT "Named";
SELECT is(pg_temp.reported('not_valid_constraints', ARRAY['"Health Tap".measurements', '"Health Tap".animals']), 0::bigint,
          'not_valid_constraints: after VALIDATE CONSTRAINT neither parent is reported');

-------------------------------------------------------------------------------------------------
-- disabled_triggers
CREATE FUNCTION "Health Tap".keep_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER "Audit Trigger" BEFORE INSERT ON "Health Tap".payments FOR EACH ROW EXECUTE FUNCTION "Health Tap".keep_row();
ALTER TABLE "Health Tap".payments DISABLE TRIGGER "Audit Trigger";
SELECT is(pg_temp.finding('disabled_triggers', '"Health Tap".payments',
                          'ALTER TABLE "Health Tap".payments ENABLE TRIGGER "Audit Trigger";', 'trigger "Audit Trigger" is disabled'),
          'WARNING', 'disabled_triggers: a disabled trigger is reported');
\set ON_ERROR_STOP 0
SELECT fix FROM pg_temp.health() WHERE check_name = 'disabled_triggers' AND object = '"Health Tap".payments' \gexec
\set ON_ERROR_STOP 1
SELECT is(pg_temp.finding('disabled_triggers', '"Health Tap".payments'), 'not reported',
          'disabled_triggers: after running the fix the trigger is not reported');
ALTER TABLE "Health Tap"."Order Lines" DISABLE TRIGGER ALL;
SELECT results_eq($$ SELECT DISTINCT status, fix FROM pg_temp.health() h
                      WHERE h.check_name = 'disabled_triggers' AND h.object = '"Health Tap"."Order Lines"' $$,
                  $$ VALUES ('CRITICAL', 'ALTER TABLE "Health Tap"."Order Lines" ENABLE TRIGGER ALL; then look for rows that violate the foreign keys') $$,
                  'disabled_triggers: the disabled triggers that enforce a foreign key are CRITICAL');
ALTER TABLE "Health Tap"."Order Lines" ENABLE TRIGGER ALL;
SELECT is(pg_temp.finding('disabled_triggers', '"Health Tap"."Order Lines"'), 'not reported',
          'disabled_triggers: after ENABLE TRIGGER ALL the table is not reported');
CREATE TRIGGER "Measure" BEFORE INSERT ON "Health Tap".measurements FOR EACH ROW EXECUTE FUNCTION "Health Tap".keep_row();
ALTER TABLE "Health Tap".measurements DISABLE TRIGGER "Measure";
SELECT is(pg_temp.finding('disabled_triggers', '"Health Tap".measurements',
                          'ALTER TABLE "Health Tap".measurements ENABLE TRIGGER "Measure";'),
          'WARNING', 'disabled_triggers: a disabled trigger of a partitioned table is reported there');
SELECT is(pg_temp.reported('disabled_triggers', ARRAY['"Health Tap"."measurements North"', '"Health Tap"."measurements South"',
                                                      '"Health Tap"."measurements South 1"']), 0::bigint,
          'disabled_triggers: ... and not again for each partition');

-------------------------------------------------------------------------------------------------
SELECT results_eq('SELECT * FROM steward.health_threshold ORDER BY check_name',
                  'SELECT * FROM thresholds_before ORDER BY check_name',
                  'the thresholds lowered for single calls are as they were for everyone else');
SELECT * FROM finish();

SELECT dblink_disconnect(name) FROM unnest(ARRAY['health_tap_1', 'health_tap_2']) AS name \g /dev/null
DROP SCHEMA "Health Tap" CASCADE;
