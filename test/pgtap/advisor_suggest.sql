-- Index advisor, workload part (issue 6, src/advisor/suggest.cpp): steward.suggest_indexes() on
-- given queries and on pg_stat_statements, suggest_indexes_for(), redundancy, drops, budget,
-- skipped statements, the advice history. Assertions look at statements' shapes, not costs.
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS suggest_tap CASCADE;
CREATE SCHEMA suggest_tap;
CREATE TABLE suggest_tap.customers (id int PRIMARY KEY, country text NOT NULL, name text NOT NULL);
INSERT INTO suggest_tap.customers SELECT g, (ARRAY['fr','de','us','jp'])[1 + g % 4], 'c' || g FROM generate_series(1, 20000) g;
CREATE TABLE suggest_tap.orders (
    id bigint PRIMARY KEY, customer_id int NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL,
    total numeric, email text);
INSERT INTO suggest_tap.orders
SELECT g, 1 + (g * 7919) % 20000, (ARRAY['new','paid','shipped','cancelled','pending'])[1 + g % 5],
       timestamptz '2026-01-01' + g * interval '1 minute', g % 1000, 'User' || g || '@Example.com'
  FROM generate_series(1, 200000) g;
CREATE INDEX orders_total_created ON suggest_tap.orders (total, created_at);
CREATE INDEX orders_total ON suggest_tap.orders (total);  -- redundant next to orders_total_created
VACUUM ANALYZE suggest_tap.customers, suggest_tap.orders;

BEGIN;
SELECT plan(31);

CREATE TEMP TABLE advice AS
SELECT * FROM steward.suggest_indexes(queries => ARRAY[
    'SELECT * FROM suggest_tap.orders WHERE customer_id = $1',
    'SELECT * FROM suggest_tap.orders WHERE lower(email) = $1',
    'SELECT o.id FROM suggest_tap.orders o JOIN suggest_tap.customers c ON c.id = o.customer_id WHERE c.name = $1',
    'SELECT * FROM suggest_tap.orders WHERE total = $1 AND created_at > $2',
    'SELECT count(*) FROM suggest_tap.orders WHERE created_at >= date $1 AND created_at < date $2 + 1',
    'VACUUM suggest_tap.orders',
    'SELECT * FROM suggest_tap.gone WHERE a = 1']);

SELECT ok(EXISTS (SELECT FROM advice WHERE action = 'create' AND statement ~ '^CREATE INDEX CONCURRENTLY \S+ ON suggest_tap\.orders USING btree \(customer_id\)'),
          'an index on the filtered column, as CREATE INDEX CONCURRENTLY');
SELECT ok(EXISTS (SELECT FROM advice WHERE statement ~ 'USING btree \(customer_id\)' AND 3 = ANY (queries)),
          'the join column serves the join (a nested loop over the filtered customers)');
SELECT ok(NOT EXISTS (SELECT FROM advice WHERE action = 'create' AND statement ~ 'USING btree \(total\)'),
          'never an index that an existing one covers (total is the prefix of orders_total_created)');
SELECT is((SELECT count(*) FROM advice WHERE action = 'create'), (SELECT count(DISTINCT statement) FROM advice WHERE action = 'create'),
          'no suggestion twice');
SELECT ok(NOT EXISTS (SELECT FROM advice a, advice b WHERE a.action = 'create' AND b.action = 'create' AND a.statement <> b.statement
                        AND a.relation = b.relation
                        AND substring(b.statement from '\((.*)\)$') LIKE substring(a.statement from '\((.*)\)$') || ',%'),
          'no suggestion is a prefix of another');
SELECT is((SELECT statement FROM advice WHERE action = 'drop'), 'DROP INDEX CONCURRENTLY suggest_tap.orders_total',
          'the redundant existing index is suggested for dropping (given queries: only redundant or invalid ones)');
SELECT ok((SELECT reason FROM advice WHERE action = 'drop') LIKE 'redundant with suggest_tap.orders_total_created%', 'with the reason');
SELECT ok(NOT EXISTS (SELECT FROM advice WHERE statement LIKE '%pkey%'), 'never the primary key');
SELECT ok((SELECT bool_and(estimated_size_bytes > 0 AND cost_saved > 0 AND cardinality(queries) > 0) FROM advice WHERE action = 'create'),
          'each create has a size, a saving and the queries it helps');
SELECT is((SELECT queries FROM advice WHERE statement ~ 'USING btree \(customer_id\)'), ARRAY[1::bigint, 3],
          'queries are numbered by their position in the given array');
SELECT ok(EXISTS (SELECT FROM advice WHERE 5 = ANY (queries)), 'the lossy form date $1 was repaired and planned');

-- Skipped statements: counted, listed with reasons, never fatal.
SELECT is((SELECT skipped FROM steward.index_advice_run ORDER BY run_id DESC LIMIT 1), 2, 'two statements skipped');
SELECT is((SELECT array_agg(queryid ORDER BY queryid) FROM steward.index_advice_skipped
            WHERE run_id = (SELECT max(run_id) FROM steward.index_advice_run)), ARRAY[6::bigint, 7],
          'the utility statement and the missing table');
SELECT ok((SELECT reason FROM steward.index_advice_skipped WHERE queryid = 7 ORDER BY run_id DESC LIMIT 1) LIKE '%"suggest_tap.gone" does not exist%',
          'with the reason');

-- History: recorded, and taken once the index exists.
SELECT is((SELECT count(*) FROM steward.index_advice_history WHERE run_id = (SELECT max(run_id) FROM steward.index_advice_run)),
          (SELECT count(*) FROM advice), 'every suggestion is recorded');
SELECT ok(NOT (SELECT taken FROM steward.index_advice_history WHERE statement ~ 'USING btree \(customer_id\)' ORDER BY run_id DESC LIMIT 1),
          'not taken yet');
SELECT lives_ok(format('CREATE INDEX %s ON suggest_tap.orders (customer_id)',
                       (regexp_match((SELECT statement FROM advice WHERE statement ~ 'USING btree \(customer_id\)'), 'CONCURRENTLY (\S+) ON'))[1]),
                'the DBA builds it (without CONCURRENTLY inside this test''s transaction)');
SELECT ok((SELECT taken FROM steward.index_advice_history WHERE statement ~ 'USING btree \(customer_id\)' ORDER BY run_id DESC LIMIT 1),
          'now taken');

-- Budget and threshold.
SELECT is((SELECT count(*) FROM steward.suggest_indexes(storage_budget_mb => 0, queries => ARRAY['SELECT * FROM suggest_tap.orders WHERE email = $1'])
            WHERE action = 'create'), 0::bigint, 'a budget of 0 MB: no index');
SELECT is((SELECT count(*) FROM steward.suggest_indexes(min_improvement => 1.5, queries => ARRAY['SELECT * FROM suggest_tap.orders WHERE email = $1'])
            WHERE action = 'create'), 0::bigint, 'an improvement no index reaches: no index');
SELECT throws_ok($$SELECT * FROM steward.suggest_indexes(storage_budget_mb => -1, queries => ARRAY['SELECT 1'])$$,
                 '22023', 'storage_budget_mb must not be negative, not -1', 'a negative budget');

-- suggest_indexes_for(): one statement.
SELECT ok(EXISTS (SELECT FROM steward.suggest_indexes_for('SELECT * FROM suggest_tap.orders WHERE lower(email) = $1')
                   WHERE statement LIKE '%USING btree ((lower(email)))%'), 'an expression index for lower(email) = $1');
SELECT ok(EXISTS (SELECT FROM steward.suggest_indexes_for($q$SELECT * FROM suggest_tap.orders WHERE status = 'pending' AND created_at > now() - interval '1 day'$q$)
                  WHERE statement LIKE '%WHERE (status = ''pending''::text)%'),
          'a partial index for a literal filter on a column of few values');

SELECT ok(EXISTS (SELECT FROM steward.suggest_indexes_for('SELECT id FROM suggest_tap.orders WHERE total IS NULL ORDER BY created_at LIMIT 10')
                  WHERE statement LIKE '%(created_at) WHERE (total IS NULL)%'),
          'IS NULL: a partial index for a queue-like query');

-- The planning time limit: a statement slow to plan is skipped, the others still advised.
SET LOCAL steward.advisor_planning_ms = 1;
SET LOCAL join_collapse_limit = 16;
SET LOCAL from_collapse_limit = 16;
SET LOCAL geqo_threshold = 20;
SELECT is((SELECT count(*) FROM steward.suggest_indexes(queries => ARRAY[
              'SELECT 1 FROM suggest_tap.orders o1, suggest_tap.orders o2, suggest_tap.orders o3, suggest_tap.orders o4, '
              'suggest_tap.orders o5, suggest_tap.orders o6, suggest_tap.orders o7, suggest_tap.orders o8, suggest_tap.orders o9, '
              'suggest_tap.orders o10, suggest_tap.orders o11, suggest_tap.orders o12 WHERE o1.customer_id = o2.customer_id '
              'AND o2.total = o3.total AND o3.customer_id = o4.customer_id AND o4.total = o5.total AND o5.customer_id = o6.customer_id '
              'AND o6.total = o7.total AND o7.customer_id = o8.customer_id AND o8.total = o9.total AND o9.customer_id = o10.customer_id '
              'AND o10.total = o11.total AND o11.customer_id = o12.customer_id'])), 0::bigint,
          'a statement that takes longer to plan than steward.advisor_planning_ms ...');
SELECT ok((SELECT reason FROM steward.index_advice_skipped ORDER BY run_id DESC LIMIT 1)
            = 'planning took longer than steward.advisor_planning_ms (1 ms)', '... is skipped with that reason');
RESET steward.advisor_planning_ms;

-- pg_stat_statements as the workload.
SELECT pg_stat_statements_reset();
SELECT * FROM suggest_tap.orders WHERE email = 'User5@Example.com';
SELECT * FROM suggest_tap.orders WHERE email = 'User6@Example.com';
SELECT ok(EXISTS (SELECT FROM steward.suggest_indexes()
                   WHERE statement ~ 'USING btree \(email\)'
                     AND queries && ARRAY(SELECT queryid FROM pg_stat_statements WHERE query LIKE '%FROM suggest_tap.orders WHERE email = $1%')),
          'from pg_stat_statements: the normalized statement, by its queryid');

-- LIMIT $n gets the rows per call; the other parameters stay unknown (the planner's average
-- share of rows), never NULL: planned as status = NULL, the filter would find no row and an
-- index on status would look free. A fifth of the rows match: the primary key serves the top-N.
SELECT pg_stat_statements_reset();
SELECT * FROM suggest_tap.orders WHERE status = 'paid' ORDER BY id LIMIT 5;
SELECT * FROM suggest_tap.orders WHERE status = 'new' ORDER BY id LIMIT 5;
SELECT ok(NOT EXISTS (SELECT FROM steward.suggest_indexes() WHERE statement ~ 'USING btree \(status'),
          'a top-N filtering a fifth of the rows gets no index on the filter column');

-- An extension's tables (pg_steward's own, which its worker's statements bring into the
-- workload) get no index added and none dropped.
SELECT pg_stat_statements_reset();
SELECT count(*) FROM steward.job_run WHERE job_name = 'suggest_tap' AND started_at > now() - interval '1 day';
SELECT count(*) FROM steward.job_run WHERE job_name = 'suggest_tap' AND started_at > now() - interval '2 days';
SELECT ok(NOT EXISTS (SELECT FROM steward.suggest_indexes(min_improvement => 0.001)
                       WHERE relation IN (SELECT objid::regclass FROM pg_depend
                                           WHERE classid = 'pg_class'::regclass AND deptype = 'e')),
          'no advice on an extension''s tables');

-- The write penalty: the same lookup, without and with a workload that inserts many rows.
CREATE TABLE suggest_tap.log (id bigint, code int, note text);
INSERT INTO suggest_tap.log SELECT g, g % 5000, 'n' FROM generate_series(1, 50000) g;
ANALYZE suggest_tap.log;
SELECT pg_stat_statements_reset();
SELECT * FROM suggest_tap.log WHERE code = 17;
SELECT * FROM suggest_tap.log WHERE code = 18;
SELECT ok(EXISTS (SELECT FROM steward.suggest_indexes() WHERE statement ~ 'ON suggest_tap\.log USING btree \(code\)'),
          'a read-only workload gets the index on log.code');
INSERT INTO suggest_tap.log SELECT g, g % 5000, 'n' FROM generate_series(1, 100000) g;
INSERT INTO suggest_tap.log SELECT g, g % 5000, 'n' FROM generate_series(1, 100000) g;
SELECT ok(NOT EXISTS (SELECT FROM steward.suggest_indexes() WHERE statement ~ 'ON suggest_tap\.log USING btree \(code\)'),
          'with 200,000 rows inserted for two lookups, the index costs more than it saves: not proposed');

SELECT * FROM finish();
ROLLBACK;
DROP SCHEMA suggest_tap CASCADE;
