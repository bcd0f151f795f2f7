-- Index advisor, query rules (src/advisor/lint.cpp): steward.lint_query() on statements with
-- each rule's shape (the rule, its severity, its rewrite) and on their clean counterparts (no row).
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS lint_tap CASCADE;
CREATE SCHEMA lint_tap;
CREATE TABLE lint_tap.customers (id int PRIMARY KEY, email text NOT NULL, name text, country text);
CREATE INDEX customers_email ON lint_tap.customers (email);
CREATE TABLE lint_tap.orders (
    id bigint PRIMARY KEY, customer_id int NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL,
    shipped_at timestamp, total numeric, quantity int, referrer_id int, note text);
CREATE INDEX orders_created_at ON lint_tap.orders (created_at);
CREATE INDEX orders_shipped_at ON lint_tap.orders (shipped_at);
CREATE INDEX orders_quantity ON lint_tap.orders (quantity);
CREATE INDEX orders_status ON lint_tap.orders (status);
CREATE INDEX orders_lower_note ON lint_tap.orders (lower(note));
CREATE TABLE lint_tap."Order Lines" ("Order Id" bigint NOT NULL, "Product" text, "Amount" int);
CREATE INDEX ON lint_tap."Order Lines" ("Order Id");
INSERT INTO lint_tap.customers SELECT g, 'u' || g || '@example.com', 'c' || g, 'fr' FROM generate_series(1, 100) g;
INSERT INTO lint_tap.orders
SELECT g, 1 + g % 100, (ARRAY['new','paid'])[1 + g % 2], timestamptz '2022-06-01' + g * interval '7 hours',
       timestamp '2022-06-01' + g * interval '5 hours', g % 50, g % 9, CASE WHEN g % 3 = 0 THEN NULL ELSE g % 100 END, 'n' || g
  FROM generate_series(1, 5000) g;
-- Runs a condition on lint_tap.orders: a rewrite must find the rows the original finds.
CREATE FUNCTION lint_tap.count_orders(condition text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    EXECUTE 'SELECT count(*) FROM lint_tap.orders WHERE ' || condition INTO n;
    RETURN n;
END $$;
VACUUM ANALYZE lint_tap.customers, lint_tap.orders, lint_tap."Order Lines";

BEGIN;
SELECT plan(36);

-- function_on_indexed_column
SELECT is((SELECT rule || ' ' || severity || ': ' || rewrite FROM steward.lint_query(
              'SELECT * FROM lint_tap.orders WHERE extract(year from created_at) = 2023')),
          'function_on_indexed_column WARNING: created_at >= ''2023-01-01'' AND created_at < ''2024-01-01''',
          'extract(year from col) = N: a range on the column');
SELECT is(lint_tap.count_orders((SELECT rewrite FROM steward.lint_query(
              'SELECT * FROM lint_tap.orders WHERE extract(year from created_at) = 2023'))),
          lint_tap.count_orders('extract(year from created_at) = 2023'),
          'the extract rewrite finds the same rows');
SELECT is((SELECT rewrite FROM steward.lint_query(
              'SELECT * FROM lint_tap.orders WHERE date(created_at) = ''2023-03-01''')),
          'created_at >= ''2023-03-01''::date AND created_at < ''2023-03-01''::date + 1',
          'date(col) = X: col >= X AND col < X + 1');
SELECT is(lint_tap.count_orders((SELECT rewrite FROM steward.lint_query(
              'SELECT * FROM lint_tap.orders WHERE date(created_at) = ''2023-03-01'''))),
          lint_tap.count_orders('date(created_at) = ''2023-03-01'''),
          'the date rewrite finds the same rows');
SELECT is((SELECT rewrite FROM steward.lint_query('SELECT * FROM lint_tap.orders WHERE created_at::date = $1')),
          'created_at >= ($1)::date AND created_at < ($1)::date + 1',
          'col::date = $1: the parameter keeps its type in the range');
SELECT matches((SELECT rewrite FROM steward.lint_query(
                   'SELECT * FROM lint_tap.orders WHERE date_trunc(''month'', shipped_at) = ''2023-03-01''')),
               '^shipped_at >= .*2023-03-01.* AND shipped_at < .*2023-03-01.* \+ interval ''1 month''$',
               'date_trunc(unit, col) = X: col >= X AND col < X + interval ''1 unit''');
SELECT is(lint_tap.count_orders((SELECT rewrite FROM steward.lint_query(
              'SELECT * FROM lint_tap.orders WHERE date_trunc(''month'', shipped_at) = ''2023-03-01'''))),
          lint_tap.count_orders('date_trunc(''month'', shipped_at) = ''2023-03-01'''),
          'the date_trunc rewrite finds the same rows');
SELECT results_eq($$SELECT rule, rewrite FROM steward.lint_query(
                      'SELECT * FROM lint_tap.orders WHERE date_trunc(''month'', shipped_at) = ''2023-03-05''')$$,
                  $$VALUES ('function_on_indexed_column', NULL::text)$$,
                  'date_trunc(unit, col) = X where X is not the start of a unit: no rewrite (no row matches)');
SELECT results_eq($$SELECT rule, detail ~ 'CREATE INDEX ON lint_tap\.customers \(\(lower\(email\)\)\)', rewrite
                      FROM steward.lint_query('SELECT * FROM lint_tap.customers WHERE lower(email) = $1')$$,
                  $$VALUES ('function_on_indexed_column', true, NULL::text)$$,
                  'lower(col) = $1 without an expression index: the index to create, no rewrite');
SELECT is_empty($$SELECT * FROM steward.lint_query('SELECT * FROM lint_tap.orders WHERE lower(note) = $1')$$,
                'lower(col) with an expression index on lower(col): nothing');
SELECT is_empty($$SELECT * FROM steward.lint_query(
                    'SELECT * FROM lint_tap.orders WHERE created_at >= ''2023-01-01'' AND created_at < ''2024-01-01''')$$,
                'a range on the column itself: nothing');
SELECT is_empty($$SELECT * FROM steward.lint_query('SELECT * FROM lint_tap.orders WHERE abs(total) = 3')$$,
                'a function on a column no index leads: nothing');

-- leading_wildcard_like
SELECT results_eq($$SELECT rule, detail ~ 'USING gin \(email gin_trgm_ops\)' FROM steward.lint_query(
                      'SELECT * FROM lint_tap.customers WHERE email LIKE ''%@example.com''')$$,
                  $$VALUES ('leading_wildcard_like', true)$$,
                  'LIKE ''%...'': a trigram index suggested');
SELECT ok((SELECT detail ~ 'CREATE INDEX ON lint_tap\."Order Lines" USING gin \("Product" gin_trgm_ops\)'
             FROM steward.lint_query('SELECT * FROM lint_tap."Order Lines" WHERE "Product" ILIKE ''_x%''')
            WHERE rule = 'leading_wildcard_like'),
          'ILIKE ''_...'' on quoted identifiers: the names quoted in the suggestion');
SELECT is_empty($$SELECT * FROM steward.lint_query('SELECT * FROM lint_tap.customers WHERE email LIKE ''abc%''')$$,
                'LIKE ''abc%'': nothing');

-- implicit_cast_defeats_index
SELECT results_eq($$SELECT rule, rewrite FROM steward.lint_query('SELECT * FROM lint_tap.orders WHERE quantity = 7::numeric')$$,
                  $$VALUES ('implicit_cast_defeats_index', 'quantity = 7')$$,
                  'int column = numeric constant: the constant as an integer');
SELECT results_eq($$SELECT rule, rewrite FROM steward.lint_query('SELECT * FROM lint_tap.orders WHERE quantity = 1.5')$$,
                  $$VALUES ('implicit_cast_defeats_index', NULL::text)$$,
                  'int column = 1.5: reported, no rewrite (1.5 is no integer)');
SELECT is_empty($$SELECT * FROM steward.lint_query('SELECT * FROM lint_tap.orders WHERE quantity = 7 AND id = 7::smallint')$$,
                'same type or a cross-type operator: nothing');

-- or_across_columns
SELECT results_eq($$SELECT rule, severity FROM steward.lint_query(
                      'SELECT * FROM lint_tap.orders WHERE status = ''new'' OR customer_id = 3')$$,
                  $$VALUES ('or_across_columns', 'NOTICE')$$,
                  'OR over two columns of one table: NOTICE');
SELECT is_empty($$SELECT * FROM steward.lint_query(
                    'SELECT * FROM lint_tap.orders WHERE status = ''new'' OR status = ''paid''')$$,
                'OR over one column: nothing');

-- not_in_nullable_subquery
SELECT results_eq($$SELECT rule, rewrite ~ 'NOT \(EXISTS \( SELECT 1\s+FROM lint_tap\.orders o\s+WHERE .*c\.id = o\.referrer_id'
                      FROM steward.lint_query('SELECT * FROM lint_tap.customers c WHERE c.id NOT IN
                                                 (SELECT referrer_id FROM lint_tap.orders o WHERE o.status = ''paid'')')$$,
                  $$VALUES ('not_in_nullable_subquery', true)$$,
                  'NOT IN (SELECT nullable column): rewritten with NOT EXISTS');
SELECT lives_ok((SELECT rewrite FROM steward.lint_query(
                    'SELECT * FROM lint_tap.customers c WHERE c.id NOT IN (SELECT referrer_id FROM lint_tap.orders o WHERE o.status = ''paid'')')),
                'the NOT EXISTS rewrite runs');
SELECT is_empty($$SELECT * FROM steward.lint_query(
                    'SELECT * FROM lint_tap.customers c WHERE c.id NOT IN (SELECT customer_id FROM lint_tap.orders)')$$,
                'NOT IN over a NOT NULL column: nothing');
SELECT is_empty($$SELECT * FROM steward.lint_query(
                    'SELECT * FROM lint_tap.customers c WHERE c.id NOT IN (SELECT referrer_id FROM lint_tap.orders WHERE referrer_id IS NOT NULL)')$$,
                'NOT IN over a column filtered with IS NOT NULL: nothing');

-- large_offset, order_by_random
SELECT results_eq($$SELECT rule, severity, detail ~ 'keyset' FROM steward.lint_query(
                      'SELECT * FROM lint_tap.orders ORDER BY id LIMIT 10 OFFSET 5000')$$,
                  $$VALUES ('large_offset', 'WARNING', true)$$,
                  'OFFSET 5000: keyset pagination suggested');
SELECT results_eq($$SELECT rule, severity FROM steward.lint_query('SELECT * FROM lint_tap.orders ORDER BY id LIMIT 10 OFFSET $1')$$,
                  $$VALUES ('large_offset', 'NOTICE')$$,
                  'OFFSET $1: NOTICE');
SELECT is_empty($$SELECT * FROM steward.lint_query('SELECT * FROM lint_tap.orders ORDER BY id LIMIT 10 OFFSET 10')$$,
                'OFFSET 10: nothing');
SELECT results_eq($$SELECT rule FROM steward.lint_query(
                      'WITH sample AS (SELECT * FROM lint_tap.orders ORDER BY random() LIMIT 5) SELECT * FROM sample')$$,
                  $$VALUES ('order_by_random')$$,
                  'ORDER BY random(), in a CTE');

-- join_without_condition
SELECT results_eq($$SELECT rule, severity, detail ~ 'no condition links \(o\) and \(c\)' FROM steward.lint_query(
                      'SELECT * FROM lint_tap.orders o, lint_tap.customers c WHERE o.status = ''new''')$$,
                  $$VALUES ('join_without_condition', 'WARNING', true)$$,
                  'FROM a, b without a condition linking them: WARNING');
SELECT results_eq($$SELECT rule, severity FROM steward.lint_query('SELECT * FROM lint_tap.orders o CROSS JOIN lint_tap.customers c')$$,
                  $$VALUES ('join_without_condition', 'NOTICE')$$,
                  'an explicit CROSS JOIN: NOTICE');
SELECT is_empty($$SELECT * FROM steward.lint_query(
                    'SELECT * FROM lint_tap.orders o JOIN lint_tap.customers c ON c.id = o.customer_id, lint_tap."Order Lines" l
                      WHERE l."Order Id" = o.id')$$,
                'joins linked through ON and WHERE (quoted identifiers): nothing');
SELECT is_empty($$SELECT * FROM steward.lint_query(
                    'SELECT * FROM lint_tap.orders o, (SELECT max(id) AS m FROM lint_tap.customers) x WHERE o.id < x.m')$$,
                'a one-row aggregate sub-query: nothing');

-- bad input
SELECT throws_ok($$SELECT * FROM steward.lint_query('SELEC * FROM lint_tap.orders')$$, '42601', NULL,
                 'a syntax error: 42601');
SELECT throws_ok($$SELECT * FROM steward.lint_query(NULL)$$, '22004', 'query must not be NULL', 'NULL: 22004');
SELECT throws_ok($$SELECT * FROM steward.lint_query('VACUUM lint_tap.orders')$$, '0A000', NULL,
                 'a statement the planner does not plan: 0A000');
SELECT throws_ok($$SELECT * FROM steward.lint_query('SELECT * FROM lint_tap.nothing_here')$$, '42P01', NULL,
                 'an unknown table: 42P01');

SELECT * FROM finish();
ROLLBACK;
DROP SCHEMA lint_tap CASCADE;
