-- Integrity checks (issue 7, src/integrity/): steward.check_integrity() over amcheck on healthy
-- tables, indexes, partitions, TOAST and quoted names; what it skips and why; bad input; what it
-- records; the integrity health check. Real corruption is in test/scenarios/integrity_corruption.sh.
-- One transaction, rolled back (amcheck included).
BEGIN;
SET LOCAL client_min_messages = warning;
SELECT plan(28);

CREATE SCHEMA "Integrity Tap";
CREATE TABLE "Integrity Tap"."odd name" (id int PRIMARY KEY, note text);
INSERT INTO "Integrity Tap"."odd name" SELECT g, repeat(md5(g::text), 400) FROM generate_series(1, 300) g;  -- TOASTed notes
CREATE INDEX "odd index" ON "Integrity Tap"."odd name" (note);
CREATE INDEX odd_hash ON "Integrity Tap"."odd name" USING hash (id);
CREATE TABLE "Integrity Tap".measures (at date NOT NULL, v int) PARTITION BY RANGE (at);
CREATE TABLE "Integrity Tap".measures_2025 PARTITION OF "Integrity Tap".measures FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE "Integrity Tap".measures_2026 PARTITION OF "Integrity Tap".measures FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
INSERT INTO "Integrity Tap".measures SELECT date '2025-06-01' + g, g FROM generate_series(1, 400) g;
CREATE INDEX ON "Integrity Tap".measures (at);
CREATE VIEW "Integrity Tap".a_view AS SELECT 1 AS one;
CREATE TABLE "Integrity Tap".empty (id int);

-- Without amcheck: a clear error.
SELECT throws_ok($$SELECT * FROM steward.check_integrity()$$, '55000', NULL, 'without amcheck: object_not_in_prerequisite_state');
SELECT is((steward_test.error_fields('SELECT * FROM steward.check_integrity()'))[4], 'CREATE EXTENSION amcheck;', '... whose hint is the fix');
CREATE EXTENSION amcheck;

CREATE TEMPORARY TABLE tap_result AS
SELECT relation::text AS relation, kind, status, detail
  FROM steward.check_integrity('5 minutes', ARRAY['"Integrity Tap"."odd name"', '"Integrity Tap"."odd index"', '"Integrity Tap"."odd name_pkey"',
                                                 '"Integrity Tap".odd_hash', '"Integrity Tap".measures', '"Integrity Tap".measures_2025',
                                                 '"Integrity Tap".measures_2025_at_idx', '"Integrity Tap".a_view', '"Integrity Tap".empty',
                                                 (SELECT reltoastrelid FROM pg_class WHERE oid = '"Integrity Tap"."odd name"'::regclass)::regclass]::regclass[]);

SELECT is((SELECT status FROM tap_result WHERE relation = '"Integrity Tap"."odd name"'), 'OK', 'a healthy table with TOAST data is OK');
SELECT is((SELECT kind || ' ' || status FROM tap_result WHERE relation = '"Integrity Tap"."odd index"'), 'btree index OK', 'a healthy B-tree index is OK');
SELECT is((SELECT status FROM tap_result WHERE relation = '"Integrity Tap"."odd name_pkey"'), 'OK', 'a primary key index is OK');
SELECT is((SELECT status FROM tap_result WHERE relation LIKE 'pg_toast.%'), 'OK', 'the TOAST table is checked too');
SELECT is((SELECT status FROM tap_result WHERE relation = '"Integrity Tap".measures_2025'), 'OK', 'a partition is checked as a table');
SELECT is((SELECT status FROM tap_result WHERE relation = '"Integrity Tap".measures_2025_at_idx'), 'OK', 'a partition''s index is checked');
SELECT is((SELECT status FROM tap_result WHERE relation = '"Integrity Tap".empty'), 'OK', 'an empty table is OK');
SELECT is((SELECT status || ': ' || detail FROM tap_result WHERE relation = '"Integrity Tap".measures'),
          'SKIPPED: a partitioned table has no storage to check', 'a partitioned table is skipped, with the reason');
SELECT is((SELECT status || ': ' || detail FROM tap_result WHERE relation = '"Integrity Tap".odd_hash'),
          'SKIPPED: amcheck checks B-tree indexes only (this one is hash)', 'a hash index is skipped, with the reason');
SELECT is((SELECT status || ': ' || detail FROM tap_result WHERE relation = '"Integrity Tap".a_view'),
          'SKIPPED: a view has no storage to check', 'a view is skipped, with the reason');

-- What it records.
SELECT is((SELECT status || ' ' || schema_name || '.' || relation_name || ' ' || (last_checked_at IS NOT NULL) || ' ' || (next_block IS NULL)
             FROM steward.integrity_status WHERE relation = '"Integrity Tap"."odd name"'::regclass),
          'OK Integrity Tap.odd name true true', 'the outcome is recorded with the names and the time');
SELECT ok((SELECT pages > 0 FROM steward.integrity_status WHERE relation = '"Integrity Tap"."odd name"'::regclass), '... and the pages');
SELECT ok(NOT EXISTS (SELECT FROM steward.integrity_status WHERE relation = '"Integrity Tap".a_view'::regclass),
          'what cannot be checked is not recorded');

-- The whole database within a budget; with none left, everything is skipped and nothing recorded.
SELECT ok((SELECT count(*) FILTER (WHERE status = 'CORRUPTED') = 0 AND count(*) FILTER (WHERE status = 'OK') > 100
             FROM steward.check_integrity('5 minutes')), 'a healthy database is OK throughout (catalogs included)');
SELECT is((SELECT array_agg(DISTINCT detail) FROM steward.check_integrity('1 microsecond')),
          ARRAY['the time budget was used up; the next run checks it first'], 'an exhausted budget skips the rest, saying why');

-- A table larger than one range (4,096 blocks) is checked in parts when the budget runs out, and
-- the next run continues where this one stopped.
CREATE TABLE "Integrity Tap".big AS SELECT g AS id, g AS a, g AS b FROM generate_series(1, 1200000) g;
SELECT ok(pg_relation_size('"Integrity Tap".big') / 8192 > 4096, 'the big table has more than one range of blocks');
SELECT alike((SELECT status || ': ' || detail FROM steward.check_integrity('5 milliseconds', ARRAY['"Integrity Tap".big'::regclass])),
            'SKIPPED: checked up to block 4095 of % when the time budget ran out; the next run continues from block 4096',
            'a budget that runs out inside a table stops after the range it checked');
SELECT is((SELECT next_block FROM steward.integrity_status WHERE relation = '"Integrity Tap".big'::regclass), 4096::bigint,
          '... and records where to continue');
SELECT is((SELECT status FROM steward.check_integrity('5 minutes', ARRAY['"Integrity Tap".big'::regclass])), 'OK',
          'the next run finishes it');
SELECT is((SELECT next_block FROM steward.integrity_status WHERE relation = '"Integrity Tap".big'::regclass), NULL,
          '... and the resume point is cleared');

-- Bad input.
SELECT throws_ok($$SELECT * FROM steward.check_integrity('0 seconds')$$, '22023', NULL, 'a zero budget is an error');
SELECT throws_ok($$SELECT * FROM steward.check_integrity(NULL)$$, '22023', NULL, 'a NULL budget is an error');

-- The health check: a relation recorded as corrupted is CRITICAL.
UPDATE steward.integrity_status SET status = 'CORRUPTED', detail = 'block 0, offset 3: line pointer out of range', corrupted_since = now()
 WHERE relation = '"Integrity Tap"."odd name"'::regclass;
SELECT is((SELECT status || ' ' || object FROM steward.check_health() WHERE check_name = 'integrity'),
          'CRITICAL "Integrity Tap"."odd name"', 'a corrupted relation is a CRITICAL integrity finding');
SELECT ok((SELECT detail LIKE '%line pointer out of range%' FROM steward.check_health() WHERE check_name = 'integrity'), '... with what was found');
SELECT is((SELECT status FROM steward.check_integrity(relations => ARRAY['"Integrity Tap"."odd name"'::regclass])), 'OK', 'a check that passes again clears it');
SELECT is((SELECT count(*)::int FROM steward.check_health() WHERE check_name = 'integrity'), 0, '... and the finding is gone');

SELECT * FROM finish();
ROLLBACK;
