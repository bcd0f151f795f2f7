-- The C++/PostgreSQL error boundary: SQLSTATEs survive both ways, destructors run, no leaks.
BEGIN;
SELECT plan(13);

-- A C++ exception thrown deep inside a SQL function surfaces with its SQLSTATE and texts.
SELECT throws_ok($$ SELECT steward_test.raise_cpp_error('22023', 'bad value for "x"') $$,
                 '22023', 'bad value for "x"', 'a C++ exception keeps its SQLSTATE and message');
SELECT throws_ok($$ SELECT steward_test.raise_cpp_error('P0001', 'custom') $$,
                 'P0001', 'custom', 'any SQLSTATE travels, not just XX000');

SELECT is(steward_test.error_fields($$ SELECT steward_test.raise_cpp_error('42P01', 'no table "t"', 'the detail', 'the hint') $$),
          ARRAY['42P01', 'no table "t"', 'the detail', 'the hint'],
          'detail and hint of a C++ exception reach the client');

-- A PostgreSQL error raised under C++ frames keeps its original SQLSTATE and message.
SELECT throws_ok($$ SELECT steward_test.run_query('SELECT 1/0') $$,
                 '22012', 'division by zero', 'a PostgreSQL error through SPI keeps 22012 and its message');
SELECT is(steward_test.error_fields($$ SELECT steward_test.run_query('SELECT * FROM no_such_table') $$)::text[],
          ARRAY['42P01', 'relation "no_such_table" does not exist', '', ''],
          'an undefined table error keeps 42P01');
CREATE FUNCTION pg_temp.raise_deep() RETURNS int LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'deep' USING ERRCODE = '22P02', DETAIL = 'dd', HINT = 'hh'; END $$;
SELECT is(steward_test.error_fields($$ SELECT steward_test.run_query('SELECT pg_temp.raise_deep()') $$),
          ARRAY['22P02', 'deep', 'dd', 'hh'],
          'detail and hint of a PostgreSQL error survive the C++ round trip');
SELECT is(steward_test.run_query('SELECT 40 + 2'), '42', 'a query that succeeds returns its value');

-- Destructors of every C++ frame run before the error is raised.
CREATE TEMP TABLE marks AS SELECT steward_test.destructor_runs() AS before;
SELECT steward_test.error_fields($$ SELECT steward_test.raise_cpp_error('22023', 'x') $$);
SELECT is(steward_test.destructor_runs() - (SELECT before FROM marks), 12::bigint,
          'all 12 objects of the 12 frames a C++ exception crossed were destroyed');
UPDATE marks SET before = steward_test.destructor_runs();
SELECT steward_test.error_fields($$ SELECT steward_test.run_query('SELECT 1/0') $$);
SELECT is(steward_test.destructor_runs() - (SELECT before FROM marks), 4::bigint,
          'the 4 objects alive around a failing SPI query were destroyed');

-- A subtransaction turns a failure into a value and the transaction carries on.
SELECT is(steward_test.catch_in_subtransaction('SELECT 1/0'), '22012: division by zero',
          'an error inside a subtransaction is caught and reported');
SELECT is(steward_test.catch_in_subtransaction('SELECT 1'), 'ok', 'a subtransaction that succeeds');

-- 10,000 failing calls in one session do not grow memory: PostgreSQL contexts nor the C++ heap.
-- A first batch warms the caches (library, plans, catalog); the second must add next to nothing
-- (what measuring itself allocates varies by some kB). A skipped destructor would leak 4 kB a
-- call: 20 MB over the batch.
CREATE FUNCTION pg_temp.fail_many(n int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    FOR i IN 1..n LOOP
        BEGIN
            IF i % 2 = 0 THEN PERFORM steward_test.raise_cpp_error('22023', 'x');
            ELSE PERFORM steward_test.run_query('SELECT 1/0'); END IF;
        EXCEPTION WHEN OTHERS THEN NULL;
        END;
    END LOOP;
END $$;
CREATE TEMP TABLE memory (batch int, contexts bigint, heap bigint);
SELECT pg_temp.fail_many(10000);
INSERT INTO memory SELECT 1, steward_test.context_bytes(), steward_test.heap_bytes();
SELECT pg_temp.fail_many(10000);
INSERT INTO memory SELECT 2, steward_test.context_bytes(), steward_test.heap_bytes();
SELECT cmp_ok((SELECT max(contexts) FILTER (WHERE batch = 2) - max(contexts) FILTER (WHERE batch = 1) FROM memory),
              '<', 1048576::bigint, 'PostgreSQL memory contexts grow less than 1 MB (100 bytes a call) over 10,000 more failing calls');
SELECT cmp_ok((SELECT max(heap) FILTER (WHERE batch = 2) - max(heap) FILTER (WHERE batch = 1) FROM memory),
              '<', 1048576::bigint, 'the C++ heap grows less than 1 MB (100 bytes a call) over 10,000 more failing calls');

SELECT * FROM finish();
ROLLBACK;
