-- Index advisor, planning part (issue 6, src/advisor/): steward.whatif() with hypothetical and
-- hidden indexes, steward.explain_query(), steward.estimate_index_size() against indexes really
-- built. Assertions look for patterns in plans (index names, scan kinds), never whole plans.
--
-- The tables are made before the transaction (VACUUM sets the visibility map that index-only
-- scans need) and dropped at the end; the tests run in one transaction that is rolled back.
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS advisor_tap CASCADE;
CREATE SCHEMA advisor_tap;
CREATE TABLE advisor_tap.orders (
    id bigint PRIMARY KEY, customer_id int NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL,
    total numeric, email text, note text, payload jsonb);
INSERT INTO advisor_tap.orders
SELECT g, (g * 7919) % 20000, (ARRAY['new','paid','shipped','cancelled','pending'])[1 + g % 5],
       timestamptz '2026-01-01' + g * interval '1 minute', g % 1000,
       'User' || g || '@Example.com', CASE WHEN g % 3 = 0 THEN NULL ELSE repeat('n', g % 40) END,
       jsonb_build_object('k', g % 100, 'tag', 't' || g % 7)
  FROM generate_series(1, 200000) g;
VACUUM ANALYZE advisor_tap.orders;

BEGIN;
SELECT plan(62);

CREATE FUNCTION pg_temp.contains(haystack text, needle text, description text) RETURNS text LANGUAGE sql AS $$
    SELECT CASE WHEN strpos(haystack, needle) > 0 THEN ok(true, description)
                ELSE ok(false, description) || E'\n'
                     || diag(format(E'    text: %s\n    lacks: %s', coalesce(haystack, 'NULL'), needle)) END
$$;
CREATE FUNCTION pg_temp.lacks(haystack text, needle text, description text) RETURNS text LANGUAGE sql AS $$
    SELECT CASE WHEN strpos(haystack, needle) = 0 THEN ok(true, description)
                ELSE ok(false, description) || E'\n'
                     || diag(format(E'    text: %s\n    has: %s', coalesce(haystack, 'NULL'), needle)) END
$$;

-------------------------------------------------------------------------------------------------
-- whatif(): hypothetical B-tree, parameters, composite with sort order.

SELECT ok(cost_after < cost_before / 10, 'a hypothetical index on customer_id makes the lookup far cheaper')
  FROM steward.whatif('SELECT * FROM advisor_tap.orders WHERE customer_id = 42',
                      ARRAY['CREATE INDEX ON advisor_tap.orders (customer_id)']);
SELECT is(indexes_used, ARRAY['orders_customer_id_idx'], 'indexes_used names the hypothetical index as CREATE INDEX would')
  FROM steward.whatif('SELECT * FROM advisor_tap.orders WHERE customer_id = 42',
                      ARRAY['CREATE INDEX ON advisor_tap.orders (customer_id)']);
SELECT pg_temp.lacks(plan_before, 'orders_customer_id_idx', 'the plan before does not use it')
  FROM steward.whatif('SELECT * FROM advisor_tap.orders WHERE customer_id = 42',
                      ARRAY['CREATE INDEX ON advisor_tap.orders (customer_id)']);
SELECT pg_temp.contains(plan_after, 'Index Cond: (customer_id = $1)', '$1 parameters are planned with their inferred type')
  FROM steward.whatif('SELECT * FROM advisor_tap.orders WHERE customer_id = $1',
                      ARRAY['CREATE INDEX ON advisor_tap.orders (customer_id)']);
SELECT pg_temp.contains(plan_after, 'Index Scan using by_status_recent on orders', 'a named composite index serves filter plus ORDER BY ... DESC')
  FROM steward.whatif('SELECT * FROM advisor_tap.orders WHERE status = $1 ORDER BY created_at DESC LIMIT 10',
                      ARRAY['CREATE INDEX by_status_recent ON advisor_tap.orders (status, created_at DESC)']);
SELECT pg_temp.lacks(plan_after, 'Sort', 'no Sort node is left')
  FROM steward.whatif('SELECT * FROM advisor_tap.orders WHERE status = $1 ORDER BY created_at DESC LIMIT 10',
                      ARRAY['CREATE INDEX by_status_recent ON advisor_tap.orders (status, created_at DESC)']);
SELECT is(cost_before, cost_after, 'an index that cannot help leaves the cost as it was')
  FROM steward.whatif('SELECT * FROM advisor_tap.orders WHERE total = 5',
                      ARRAY['CREATE INDEX ON advisor_tap.orders (customer_id)']);
SELECT is(cardinality(indexes_used), 0, 'and is not in indexes_used')
  FROM steward.whatif('SELECT * FROM advisor_tap.orders WHERE total = 5',
                      ARRAY['CREATE INDEX ON advisor_tap.orders (customer_id)']);
SELECT is(array_length(indexes_used, 1), 2, 'two hypothetical indexes on two conditions: a BitmapAnd or both used')
  FROM steward.whatif('SELECT * FROM advisor_tap.orders WHERE customer_id = 42 OR total = 5',
                      ARRAY['CREATE INDEX ON advisor_tap.orders (customer_id)', 'CREATE INDEX ON advisor_tap.orders (total)']);

-- Expression, partial, INCLUDE, GIN, BRIN, hash.
SELECT pg_temp.contains(plan_after, 'orders_lower_idx', 'an expression index serves lower(email) = ...')
  FROM steward.whatif('SELECT * FROM advisor_tap.orders WHERE lower(email) = $1',
                      ARRAY['CREATE INDEX ON advisor_tap.orders (lower(email))']);
SELECT pg_temp.contains(plan_after, 'pending_by_time', 'a partial index serves a query whose filter implies its predicate')
  FROM steward.whatif($q$SELECT id FROM advisor_tap.orders WHERE status = 'pending' AND created_at > timestamptz '2026-04-01'$q$,
                      ARRAY[$i$CREATE INDEX pending_by_time ON advisor_tap.orders (created_at) WHERE status = 'pending'$i$]);
SELECT pg_temp.lacks(plan_after, 'pending_by_time', 'and not a query whose filter does not')
  FROM steward.whatif($q$SELECT id FROM advisor_tap.orders WHERE status = 'paid' AND created_at > timestamptz '2026-04-01'$q$,
                      ARRAY[$i$CREATE INDEX pending_by_time ON advisor_tap.orders (created_at) WHERE status = 'pending'$i$]);
SELECT pg_temp.contains(plan_after, 'Index Only Scan using covering', 'INCLUDE columns give an index-only scan')
  FROM steward.whatif('SELECT customer_id, total FROM advisor_tap.orders WHERE customer_id BETWEEN 10 AND 20',
                      ARRAY['CREATE INDEX covering ON advisor_tap.orders (customer_id) INCLUDE (total)']);
SELECT pg_temp.contains(plan_after, 'Bitmap Index Scan on orders_payload_idx', 'a GIN index serves jsonb containment')
  FROM steward.whatif($q$SELECT * FROM advisor_tap.orders WHERE payload @> '{"k": 5}'$q$,
                      ARRAY['CREATE INDEX ON advisor_tap.orders USING gin (payload)']);
SELECT pg_temp.contains(plan_after, 'orders_created_at_idx', 'a BRIN index serves a narrow time range')
  FROM steward.whatif($q$SELECT count(*) FROM advisor_tap.orders WHERE created_at BETWEEN '2026-02-01' AND '2026-02-02'$q$,
                      ARRAY['CREATE INDEX ON advisor_tap.orders USING brin (created_at)']);
SELECT pg_temp.contains(plan_after, 'orders_email_idx', 'a hash index serves equality')
  FROM steward.whatif('SELECT * FROM advisor_tap.orders WHERE email = $1',
                      ARRAY['CREATE INDEX ON advisor_tap.orders USING hash (email)']);
SELECT pg_temp.contains(plan_after, 'orders_customer_id_idx1', 'two unnamed indexes of the same name get distinct names')
  FROM steward.whatif('SELECT * FROM advisor_tap.orders WHERE customer_id = 1 AND status = $1',
                      ARRAY['CREATE INDEX ON advisor_tap.orders (customer_id) WHERE status = ''zzz''',
                            'CREATE INDEX ON advisor_tap.orders (customer_id)']);

-- DROP INDEX hides an existing index, for this call only.
SELECT pg_temp.contains(plan_before, 'orders_pkey', 'the primary key serves id = 5 ...')
  FROM steward.whatif('SELECT * FROM advisor_tap.orders WHERE id = 5', ARRAY['DROP INDEX advisor_tap.orders_pkey']);
SELECT pg_temp.lacks(plan_after, 'orders_pkey', '... and DROP INDEX hides it from the second plan')
  FROM steward.whatif('SELECT * FROM advisor_tap.orders WHERE id = 5', ARRAY['DROP INDEX advisor_tap.orders_pkey']);
SELECT ok(cost_after > cost_before * 100, 'showing what dropping it would cost')
  FROM steward.whatif('SELECT * FROM advisor_tap.orders WHERE id = 5', ARRAY['DROP INDEX advisor_tap.orders_pkey']);
SELECT pg_temp.contains(steward.explain_query('SELECT * FROM advisor_tap.orders WHERE id = 5'), 'orders_pkey',
                        'after the call, the index is seen again');
SELECT pg_temp.lacks(steward.explain_query('SELECT * FROM advisor_tap.orders WHERE customer_id = 42'), 'orders_customer_id_idx',
                     'and no hypothetical index stays behind');
SELECT ok(NOT EXISTS (SELECT FROM pg_class WHERE relname LIKE 'orders_customer_id_idx%'), 'nothing was built');

-- Data-modifying statements are planned, never run.
SELECT pg_temp.contains(plan_after, 'orders_customer_id_idx', 'an UPDATE is planned with the hypothetical index')
  FROM steward.whatif('UPDATE advisor_tap.orders SET total = 0 WHERE customer_id = 42',
                      ARRAY['CREATE INDEX ON advisor_tap.orders (customer_id)']);
SELECT is((SELECT count(*) FROM advisor_tap.orders WHERE total = 0 AND customer_id = 42), 0::bigint, 'and changed nothing');

-------------------------------------------------------------------------------------------------
-- Partitions (one with a dropped column, so its attribute numbers differ) and quoted names.

CREATE TABLE advisor_tap.events (at timestamptz NOT NULL, "Kind" text, account int) PARTITION BY RANGE (at);
CREATE TABLE advisor_tap.events_2025 PARTITION OF advisor_tap.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE advisor_tap.events_2026 (gone int, at timestamptz NOT NULL, "Kind" text, account int);
ALTER TABLE advisor_tap.events_2026 DROP COLUMN gone;
ALTER TABLE advisor_tap.events ATTACH PARTITION advisor_tap.events_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
INSERT INTO advisor_tap.events SELECT timestamptz '2025-06-01' + g * interval '1 minute', 'k' || g % 50, g % 5000
  FROM generate_series(1, 600000) g;
ANALYZE advisor_tap.events;
SELECT pg_temp.contains(plan_after, 'on events_2025', 'an index on the partitioned table is seen on its first partition')
  FROM steward.whatif('SELECT * FROM advisor_tap.events WHERE account = 7',
                      ARRAY['CREATE INDEX ON advisor_tap.events (account)']);
SELECT ok(strpos(plan_after, 'events_2026') > 0 AND strpos(plan_after, 'Seq Scan') = 0,
          'and on the partition whose columns are numbered differently')
  FROM steward.whatif('SELECT * FROM advisor_tap.events WHERE account = 7',
                      ARRAY['CREATE INDEX ON advisor_tap.events (account)']);
SELECT pg_temp.lacks(plan_after, 'Seq Scan', 'an expression index on a quoted column, across partitions')
  FROM steward.whatif($q$SELECT * FROM advisor_tap.events WHERE upper("Kind") = 'K7'$q$,
                      ARRAY['CREATE INDEX ON advisor_tap.events (upper("Kind"))']);

CREATE TABLE advisor_tap."Order Items" ("Item Id" int, "Order" bigint);
INSERT INTO advisor_tap."Order Items" SELECT g, g / 3 FROM generate_series(1, 100000) g;
ANALYZE advisor_tap."Order Items";
SELECT pg_temp.contains(plan_after, 'Index Scan using "by order"', 'quoted table, column and index names')
  FROM steward.whatif('SELECT * FROM advisor_tap."Order Items" WHERE "Order" = 77',
                      ARRAY['CREATE INDEX "by order" ON advisor_tap."Order Items" ("Order")']);

-------------------------------------------------------------------------------------------------
-- explain_query().

SELECT pg_temp.contains(steward.explain_query('SELECT * FROM advisor_tap.orders WHERE id = $1'), 'Index Cond: (id = $1)',
                        'explain_query plans a statement with parameters');
SELECT pg_temp.contains(steward.explain_query('DELETE FROM advisor_tap.orders WHERE id < 100', true), 'actual time',
                        'with analyze, the statement runs (actual times) ...');
SELECT is((SELECT count(*) FROM advisor_tap.orders WHERE id < 100), 99::bigint, '... and its changes are rolled back');
SELECT pg_temp.contains(steward.explain_query('SELECT count(*) FROM advisor_tap.orders', true), 'Buffers:',
                        'with analyze, buffers are shown');
SELECT throws_ok($$SELECT steward.explain_query('SELECT 1 / (id - id) FROM advisor_tap.orders WHERE id = 1', true)$$,
                 '22012', NULL, 'an error while it runs is the statement''s error');
SELECT is((SELECT count(*) FROM advisor_tap.orders), 200000::bigint, 'and the transaction goes on, nothing lost');
SELECT throws_ok($$SELECT steward.explain_query('SELECT * FROM advisor_tap.orders WHERE id = $1', true)$$,
                 '22023', 'query has parameters ($1 ...) and cannot run with analyze', 'analyze refuses parameters');

-------------------------------------------------------------------------------------------------
-- Bad input.

SELECT throws_ok($$SELECT * FROM steward.whatif('SELEC * FROM advisor_tap.orders', '{}')$$,
                 '42601', 'query: syntax error at or near "SELEC"', 'an unparsable query: the parser''s message');
SELECT throws_like($$SELECT steward.explain_query('SELECT * FROM advisor_tap.orders WHERE')$$,
                   '%syntax error at end of input%', 'explain_query too');
SELECT throws_ok($$SELECT * FROM steward.whatif('SELECT 1; SELECT 2', '{}')$$,
                 '22023', 'query must be one SQL statement, not 2', 'two statements');
SELECT throws_ok($$SELECT * FROM steward.whatif('VACUUM advisor_tap.orders', '{}')$$,
                 '0A000', NULL, 'a utility statement');
SELECT throws_ok($$SELECT * FROM steward.whatif(NULL, '{}')$$, '22004', 'query must not be NULL', 'NULL query');
SELECT throws_ok($$SELECT * FROM steward.whatif('SELECT 1', ARRAY['CREATE TABLE x (a int)'])$$,
                 '22023', 'index statement "CREATE TABLE x (a int)" is neither CREATE INDEX nor DROP INDEX',
                 'an entry that is no index statement, named');
SELECT throws_ok($$SELECT * FROM steward.whatif('SELECT 1', ARRAY['CREATE INDEX ON advisor_tap.nothing (a)'])$$,
                 '22023', 'index statement "CREATE INDEX ON advisor_tap.nothing (a)" names table "nothing", which does not exist',
                 'a CREATE INDEX on a missing table, named');
SELECT throws_ok($$SELECT * FROM steward.whatif('SELECT 1', ARRAY['CREATE INDEX ON advisor_tap.orders (nope)'])$$,
                 '22023', 'index statement "CREATE INDEX ON advisor_tap.orders (nope)" names column "nope", which table "orders" does not have',
                 'a missing column, named');
SELECT throws_ok($$SELECT * FROM steward.whatif('SELECT 1', ARRAY['DROP INDEX advisor_tap.nothing_idx'])$$,
                 '42704', 'index statement "DROP INDEX advisor_tap.nothing_idx" names index "advisor_tap.nothing_idx", which does not exist',
                 'DROP INDEX of a missing index, named');
SELECT throws_ok($$SELECT * FROM steward.whatif('SELECT 1', ARRAY['CREATE INDEX ON advisor_tap.orders (created_at) INCLUDE (total) WHERE false', 'CREATE INDEX ON advisor_tap.orders USING brin (id) INCLUDE (total)'])$$,
                 '22023', NULL, 'INCLUDE on BRIN');
SELECT throws_ok($$SELECT * FROM steward.whatif('SELECT 1', ARRAY['CREATE INDEX ON advisor_tap.orders ((random() > 0.5))'])$$,
                 '22023', NULL, 'a volatile expression');

-- Privileges: planning reveals statistics; it needs what the statement needs.
CREATE ROLE steward_tap_advisor;
GRANT USAGE ON SCHEMA advisor_tap TO steward_tap_advisor;
SET LOCAL ROLE steward_tap_advisor;
SELECT throws_ok($$SELECT * FROM steward.whatif('SELECT * FROM advisor_tap.orders WHERE id = 1', '{}')$$,
                 '42501', NULL, 'whatif needs SELECT on the tables of the query');
SELECT throws_ok($$SELECT steward.explain_query('SELECT * FROM advisor_tap.orders')$$,
                 '42501', NULL, 'explain_query too');
RESET ROLE;

-- After an error inside whatif(), nothing hypothetical stays active.
SAVEPOINT before_error;
SELECT throws_ok($$SELECT * FROM steward.whatif('SELECT * FROM advisor_tap.orders WHERE customer_id = 1', ARRAY['CREATE INDEX ON advisor_tap.orders (customer_id)', 'CREATE INDEX ON advisor_tap.orders (nope)'])$$,
                 '22023', NULL, 'a whatif() that fails halfway');
ROLLBACK TO SAVEPOINT before_error;
SELECT pg_temp.lacks(steward.explain_query('SELECT * FROM advisor_tap.orders WHERE customer_id = 1'), 'orders_customer_id_idx',
                     'leaves no hypothetical index behind');

-------------------------------------------------------------------------------------------------
-- estimate_index_size(): within 30 % of the index built, on several shapes.

CREATE FUNCTION pg_temp.size_ratio(statement text) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE estimated bigint; built bigint;
BEGIN
    estimated := steward.estimate_index_size(statement);
    EXECUTE regexp_replace(statement, '^CREATE INDEX ON', 'CREATE INDEX size_probe ON');
    built := pg_relation_size('advisor_tap.size_probe');
    DROP INDEX advisor_tap.size_probe;
    RETURN round(estimated::numeric / built, 2);
END $$;
SELECT ok(ratio BETWEEN 0.7 AND 1.3, format('size estimate within 30 %%: %s (ratio %s)', statement, ratio))
  FROM (SELECT statement, pg_temp.size_ratio(statement) AS ratio FROM unnest(ARRAY[
      'CREATE INDEX ON advisor_tap.orders (customer_id)',
      'CREATE INDEX ON advisor_tap.orders (status)',
      'CREATE INDEX ON advisor_tap.orders (email)',
      'CREATE INDEX ON advisor_tap.orders (lower(email))',
      'CREATE INDEX ON advisor_tap.orders (customer_id, created_at DESC)',
      'CREATE INDEX ON advisor_tap.orders (customer_id) INCLUDE (total, status)',
      'CREATE INDEX ON advisor_tap.orders (created_at) WHERE status = ''pending''',
      'CREATE INDEX ON advisor_tap.orders (note)',
      'CREATE INDEX ON advisor_tap.orders USING hash (customer_id)',
      'CREATE INDEX ON advisor_tap.orders USING brin (created_at)',
      'CREATE INDEX ON advisor_tap.orders USING gin (payload)']) statement) s;

SELECT * FROM finish();
ROLLBACK;
DROP SCHEMA advisor_tap CASCADE;
