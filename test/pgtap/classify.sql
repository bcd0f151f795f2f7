-- Data classification (issue 4, src/classify/): steward.classify_data(), set_classification(),
-- reset_classification(), the rule and category tables and the event trigger that forgets dropped
-- tables and columns, against real tables of unambiguous generated data.
--
-- Everything runs in one transaction that is rolled back: schemas classify_tap*, roles
-- steward_tap_classify_* and every change to steward's tables vanish with it. Assertions are on
-- categories, sensitivities, presence and key words of the evidence, never on exact confidences
-- (the tuning changes them). Tests about a product behaviour that is still wrong would be marked TODO (none is now).
BEGIN;
SET LOCAL client_min_messages = warning;
SELECT plan(153);

-------------------------------------------------------------------------------------------------
-- Helpers.

-- Runs a statement as another role.
CREATE FUNCTION pg_temp.exec_as(role name, statement text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('SET LOCAL ROLE %I', role);
    EXECUTE statement;
    RESET ROLE;
END $$;

-- ok() that shows the text when it lacks the expected part.
CREATE FUNCTION pg_temp.contains(haystack text, needle text, description text) RETURNS text LANGUAGE sql AS $$
    SELECT CASE WHEN strpos(haystack, needle) > 0 THEN ok(true, description)
                ELSE ok(false, description) || E'\n'
                     || diag(format(E'    text: %s\n    lacks: %s', coalesce(haystack, 'NULL'), needle)) END
$$;

-- Card numbers: the digits followed by their Luhn check digit.
CREATE FUNCTION pg_temp.luhn(digits text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT digits || ((10 - sum(CASE WHEN (length(digits) - i) % 2 = 0
                                     THEN d * 2 - CASE WHEN d * 2 > 9 THEN 9 ELSE 0 END
                                     ELSE d END) % 10) % 10)::text
      FROM (SELECT i, substr(digits, i, 1)::int AS d FROM generate_series(1, length(digits)) i) s
$$;
-- A Visa number (prefix 4, 16 digits) and an e-mail address for row g.
CREATE FUNCTION pg_temp.visa(g int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT pg_temp.luhn('4' || lpad((g * 7919 + 1000003)::text, 14, '0'))
$$;
CREATE FUNCTION pg_temp.email(g int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT format('%s.%s%s@%s', (ARRAY['anna', 'jean', 'maria', 'li', 'omar'])[g % 5 + 1],
                  (ARRAY['schmidt', 'dupont', 'garcia', 'wang', 'haddad'])[g % 5 + 1], g,
                  (ARRAY['example.com', 'mail.example.org', 'example.net'])[g % 3 + 1])
$$;
CREATE FUNCTION pg_temp.description(g int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT format('%s oak %s, %s cm wide, ships in %s days', (ARRAY['Sturdy', 'Light', 'Classic'])[g % 3 + 1],
                  (ARRAY['table', 'shelf', 'chair', 'desk'])[g % 4 + 1], 40 + g % 60, 1 + g % 9)
$$;

-- Every run of classify_data() whose rows a test looks at, under a label.
CREATE TEMP TABLE runs (label text, schema_name name, table_name name, column_name name,
                        category text, sensitivity text, confidence real, evidence text);
CREATE FUNCTION pg_temp.classify(label text, target name, sample_rows int DEFAULT 1000) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    INSERT INTO runs SELECT label, c.* FROM steward.classify_data(target, sample_rows) c;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;
-- What run `label` said of a column: 'category/sensitivity', or 'absent'.
CREATE FUNCTION pg_temp.got(p_label text, p_table name, p_column name, p_schema name DEFAULT 'classify_tap')
RETURNS text LANGUAGE sql AS $$
    SELECT coalesce((SELECT string_agg(r.category || '/' || r.sensitivity, ', ') FROM runs r
                      WHERE r.label = p_label AND r.schema_name = p_schema AND r.table_name = p_table
                        AND r.column_name = p_column), 'absent')
$$;
-- What steward.classified_columns holds for a column: 'category/sensitivity/source', or 'absent'.
CREATE FUNCTION pg_temp.stored(rel regclass, col name) RETURNS text LANGUAGE sql AS $$
    SELECT coalesce((SELECT string_agg(coalesce(v.category, 'not sensitive') || '/'
                                       || coalesce(v.sensitivity::text, '-') || '/' || v.source, ', ')
                       FROM steward.classified_columns v WHERE v.relation = rel AND v.column_name = col),
                    'absent')
$$;
-- How many rows steward.data_classification holds for a relation (by OID: it may be dropped).
CREATE FUNCTION pg_temp.rows_of(rel oid) RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*) FROM steward.data_classification WHERE relation = rel
$$;

-- Roles of this test; EXECUTE on the functions is revoked from PUBLIC, so each gets what it needs.
CREATE ROLE steward_tap_classify_owner;     -- owns some tables, not the extension
CREATE ROLE steward_tap_classify_stranger;  -- owns nothing
CREATE ROLE steward_tap_classify_reader;    -- SELECT on some tables and columns only
CREATE ROLE steward_tap_classify_analyst IN ROLE pg_read_all_data;
CREATE ROLE steward_tap_classify_nobody;    -- no EXECUTE at all
GRANT USAGE ON SCHEMA steward TO steward_tap_classify_owner, steward_tap_classify_stranger,
      steward_tap_classify_reader, steward_tap_classify_nobody;
GRANT EXECUTE ON FUNCTION steward.set_classification(regclass, name, text, text),
                          steward.reset_classification(regclass, name)
   TO steward_tap_classify_owner, steward_tap_classify_stranger;
GRANT EXECUTE ON FUNCTION steward.classify_data(name, integer) TO steward_tap_classify_reader;

-------------------------------------------------------------------------------------------------
-- Data.

CREATE SCHEMA classify_tap;
CREATE SCHEMA classify_tap_other;

-- Two sensitive columns among tricky negatives.
CREATE TABLE classify_tap.customers (
    id int PRIMARY KEY, email text, c9 text, notes text, created_at timestamptz,
    email_verified boolean, order_number bigint, product_name text, phone_count int);
INSERT INTO classify_tap.customers
SELECT g, pg_temp.email(g), pg_temp.visa(g), pg_temp.description(g),
       timestamptz '2024-01-01 00:00+00' + g * interval '7 hours', g % 3 = 0, 20240000 + g * 7,
       (ARRAY['Oak Table', 'Pine Shelf', 'Desk Lamp', 'Bar Stool'])[g % 4 + 1] || ' ' || g, g % 4
  FROM generate_series(1, 150) g;

-- Inheritance: the parent's own rows are product texts, the child's e-mail addresses. Sampling
-- the parent without ONLY would see 90 % e-mail addresses.
CREATE TABLE classify_tap.contacts_parent (id int, c1 text);
CREATE TABLE classify_tap.contacts_child (extra int) INHERITS (classify_tap.contacts_parent);
INSERT INTO classify_tap.contacts_parent SELECT g, pg_temp.description(g) FROM generate_series(1, 20) g;
INSERT INTO classify_tap.contacts_child SELECT g, pg_temp.email(g), g FROM generate_series(1, 180) g;

-- A partitioned table, one of its partitions in another schema.
CREATE TABLE classify_tap.events (id int, email text, c9 text, label text) PARTITION BY RANGE (id);
CREATE TABLE classify_tap.events_1 PARTITION OF classify_tap.events FOR VALUES FROM (1) TO (100);
CREATE TABLE classify_tap.events_2 PARTITION OF classify_tap.events FOR VALUES FROM (100) TO (200);
CREATE TABLE classify_tap_other.events_3 PARTITION OF classify_tap.events FOR VALUES FROM (200) TO (300);
INSERT INTO classify_tap.events SELECT g, pg_temp.email(g), pg_temp.visa(g), pg_temp.description(g)
  FROM generate_series(1, 299) g;

CREATE TABLE classify_tap_other.other_customers (id int, email text);
INSERT INTO classify_tap_other.other_customers SELECT g, pg_temp.email(g) FROM generate_series(1, 60) g;

-- A dropped column before the sensitive ones.
CREATE TABLE classify_tap.with_dropped (id int, old_stuff text, email text, c9 text);
INSERT INTO classify_tap.with_dropped SELECT g, pg_temp.visa(g), pg_temp.email(g), pg_temp.visa(g + 1)
  FROM generate_series(1, 80) g;
ALTER TABLE classify_tap.with_dropped DROP COLUMN old_stuff;

-- NULL-only columns and an empty table: names alone speak.
CREATE TABLE classify_tap.sparse (id int, email text, c2 text);
INSERT INTO classify_tap.sparse SELECT g, NULL, NULL FROM generate_series(1, 100) g;
CREATE TABLE classify_tap.empty_table (id int, email text, c9 text, notes text);

-- TOAST: 1 MB values stored uncompressed out of line, and jsonb documents with a nested e-mail key.
CREATE TABLE classify_tap.documents (id int, body text, profile jsonb, sku text);
ALTER TABLE classify_tap.documents ALTER COLUMN body SET STORAGE EXTERNAL;
INSERT INTO classify_tap.documents
SELECT g, repeat(md5(g::text), 32768),
       jsonb_build_object('customer', jsonb_build_object('contact', jsonb_build_object('email', pg_temp.email(g)),
                                                          'tier', 'gold'),
                          'sku', 'SKU-' || g, 'pad', repeat('x', 3000)),
       'SKU-' || g
  FROM generate_series(1, 50) g;

-- A table to rename.
CREATE TABLE classify_tap.to_rename (id int, email text, c9 text);
INSERT INTO classify_tap.to_rename SELECT g, pg_temp.email(g), pg_temp.visa(g) FROM generate_series(1, 60) g;

-- Quoted identifiers: spaces, capitals and double quotes.
CREATE SCHEMA "Classify ""Odd"" Tap";
CREATE TABLE "Classify ""Odd"" Tap"."Customer List" ("Id" int, "E-Mail Address" text, "Card ""No""" text,
                                                      "Notes\" text);
INSERT INTO "Classify ""Odd"" Tap"."Customer List"
SELECT g, pg_temp.email(g), pg_temp.visa(g), pg_temp.description(g) FROM generate_series(1, 70) g;

-------------------------------------------------------------------------------------------------
-- Detection basics.

SELECT cmp_ok(pg_temp.classify('basic', 'classify_tap'), '>', 0::bigint, 'classify_data(''classify_tap'') returns rows');
SELECT is(pg_temp.got('basic', 'customers', 'email'), 'email/CONFIDENTIAL', 'a column email of e-mail addresses: email, CONFIDENTIAL');
SELECT is(pg_temp.got('basic', 'customers', 'c9'), 'credit_card/RESTRICTED', 'a column c9 of Visa numbers: credit_card, RESTRICTED');
SELECT is((SELECT array_agg(column_name ORDER BY column_name) FROM runs
            WHERE label = 'basic' AND table_name = 'customers'),
          ARRAY['c9', 'email']::name[],
          'no other column of customers is returned (id, notes, created_at, email_verified, order_number, product_name, phone_count)');
SELECT ok((SELECT bool_and(confidence > 0 AND confidence <= 1) FROM runs WHERE label = 'basic'),
          'every confidence is in (0, 1]');
SELECT is((SELECT count(*) FROM runs r LEFT JOIN steward.category_sensitivity m USING (category)
            WHERE r.label = 'basic' AND r.sensitivity IS DISTINCT FROM m.sensitivity::text), 0::bigint,
          'every sensitivity returned is its category''s in steward.category_sensitivity');
SELECT pg_temp.contains((SELECT evidence FROM runs WHERE label = 'basic' AND table_name = 'customers' AND column_name = 'email'),
                        'e-mail', 'the evidence of email says e-mail addresses were seen');
SELECT pg_temp.contains((SELECT evidence FROM runs WHERE label = 'basic' AND table_name = 'customers' AND column_name = 'c9'),
                        'Luhn', 'the evidence of c9 says the values pass Luhn');
SELECT is(pg_temp.stored('classify_tap.customers', 'email'), 'email/CONFIDENTIAL/detected',
          'email is recorded in steward.classified_columns as detected');
SELECT is((SELECT encryption_required::text || ' ' || classified_by FROM steward.data_classification
            WHERE relation = 'classify_tap.customers'::regclass AND attnum = 3),
          'true ' || current_user, 'the credit card column is recorded with encryption_required and the caller''s name');
SELECT set_eq($$ SELECT schema_name, table_name, column_name, category, sensitivity::text, evidence
                   FROM steward.classified_columns WHERE schema_name = 'classify_tap' $$,
              $$ SELECT schema_name, table_name, column_name, category, sensitivity, evidence
                   FROM runs WHERE label = 'basic' $$,
              'steward.classified_columns holds exactly the rows classify_data() returned');
SELECT is((SELECT count(*) FROM steward.data_classification d JOIN pg_class c ON c.oid = d.relation
            WHERE c.relnamespace = 'classify_tap'::regnamespace AND d.source <> 'detected'), 0::bigint,
          'every row recorded by classify_data() has source detected');

-------------------------------------------------------------------------------------------------
-- Scope.

SELECT is((SELECT count(*) FROM runs WHERE label = 'basic' AND schema_name <> 'classify_tap'), 0::bigint,
          'classify_data(''classify_tap'') returns only columns of classify_tap');
SELECT is(pg_temp.stored('classify_tap_other.other_customers', 'email'), 'absent',
          'it records nothing for another schema');

-- Partitioned tables: once, at the parent.
SELECT is(pg_temp.got('basic', 'events', 'email') || ' ' || pg_temp.got('basic', 'events', 'c9'),
          'email/CONFIDENTIAL credit_card/RESTRICTED', 'a partitioned table is classified at its parent');
SELECT is((SELECT count(*) FROM runs WHERE label = 'basic' AND table_name IN ('events_1', 'events_2', 'events_3')),
          0::bigint, 'its partitions are not listed');
SELECT is((SELECT count(*) FROM steward.data_classification
            WHERE relation IN ('classify_tap.events_1'::regclass, 'classify_tap.events_2'::regclass,
                               'classify_tap_other.events_3'::regclass)), 0::bigint,
          'nor recorded');
-- A table classified on its own, then attached as a partition.
CREATE SCHEMA classify_tap_attach;
CREATE TABLE classify_tap_attach.parted (id int, email text) PARTITION BY RANGE (id);
CREATE TABLE classify_tap_attach.standalone (id int, email text);
INSERT INTO classify_tap_attach.standalone SELECT g, pg_temp.email(g) FROM generate_series(1, 50) g;
SELECT pg_temp.classify('attach1', 'classify_tap_attach') \g /dev/null
SELECT is(pg_temp.stored('classify_tap_attach.standalone', 'email'), 'email/CONFIDENTIAL/detected',
          'a table classified on its own');
ALTER TABLE classify_tap_attach.parted ATTACH PARTITION classify_tap_attach.standalone FOR VALUES FROM (1) TO (1000);
SELECT pg_temp.classify('attach2', 'classify_tap_attach') \g /dev/null
SELECT is(pg_temp.got('attach2', 'parted', 'email', 'classify_tap_attach'), 'email/CONFIDENTIAL',
          'once attached as a partition, it is classified at its parent');
SELECT is(pg_temp.stored('classify_tap_attach.standalone', 'email'), 'absent',
          'and its own classification is forgotten by the rerun (partitions are never listed)');
SELECT is(pg_temp.classify('other', 'classify_tap_other'), 1::bigint,
          'classify_data(''classify_tap_other'') returns one row: not the partition that lives there');
SELECT is(pg_temp.got('other', 'other_customers', 'email', 'classify_tap_other'), 'email/CONFIDENTIAL',
          'the one row is other_customers.email');
SELECT is(pg_temp.stored('classify_tap.customers', 'email'), 'email/CONFIDENTIAL/detected',
          'classifying another schema leaves the detections of classify_tap alone');

-- Inheritance: each table on its own, the parent sampled with ONLY.
SELECT is(pg_temp.got('basic', 'contacts_child', 'c1'), 'email/CONFIDENTIAL',
          'an inheritance child of e-mail addresses is classified as its own table');
SELECT is(pg_temp.got('basic', 'contacts_parent', 'c1'), 'absent',
          'its parent, whose own rows are product texts, is not (sampled with ONLY)');

-- A dropped column, NULL-only columns, an empty table.
SELECT is(pg_temp.got('basic', 'with_dropped', 'email') || ' ' || pg_temp.got('basic', 'with_dropped', 'c9'),
          'email/CONFIDENTIAL credit_card/RESTRICTED', 'a dropped column does not shift the columns after it');
SELECT is((SELECT array_agg(attnum ORDER BY attnum) FROM steward.data_classification
            WHERE relation = 'classify_tap.with_dropped'::regclass), ARRAY[3, 4]::int2[],
          'their rows are keyed on their real attribute numbers');
SELECT is(pg_temp.got('basic', 'sparse', 'email'), 'email/CONFIDENTIAL',
          'a NULL-only column named email is classified by its name');
SELECT is(pg_temp.got('basic', 'sparse', 'c2'), 'absent', 'a NULL-only column c2 is not');
SELECT is(pg_temp.got('basic', 'empty_table', 'email'), 'email/CONFIDENTIAL',
          'an empty table: the column email is classified by its name');
SELECT pg_temp.contains((SELECT evidence FROM runs WHERE label = 'basic' AND table_name = 'empty_table' AND column_name = 'email'),
                        '"email"', 'and the evidence names the column');
SELECT is(pg_temp.got('basic', 'empty_table', 'c9') || ' ' || pg_temp.got('basic', 'empty_table', 'notes'),
          'absent absent', 'an empty table: names that say nothing are not classified');

-- TOAST and jsonb.
SELECT is(pg_temp.got('basic', 'documents', 'profile'), 'email/CONFIDENTIAL',
          'a jsonb column with a nested e-mail key is email');
SELECT pg_temp.contains((SELECT evidence FROM runs WHERE label = 'basic' AND table_name = 'documents' AND column_name = 'profile'),
                        'profile->customer->contact->email', 'its evidence names the key path column->key');
SELECT is(pg_temp.got('basic', 'documents', 'body') || ' ' || pg_temp.got('basic', 'documents', 'sku'),
          'absent absent', '1 MB out-of-line values and SKUs beside it are classified not sensitive');

-- Quoted identifiers.
SELECT is(pg_temp.classify('odd', 'Classify "Odd" Tap'), 2::bigint,
          'a schema with spaces, capitals and quotes in its name is classified');
SELECT set_eq($$ SELECT schema_name::text, table_name::text, column_name::text, category FROM runs WHERE label = 'odd' $$,
              $$ VALUES ('Classify "Odd" Tap', 'Customer List', 'E-Mail Address', 'email'),
                        ('Classify "Odd" Tap', 'Customer List', 'Card "No"', 'credit_card') $$,
              'with its names as they are: table Customer List, columns E-Mail Address and Card "No"');

-- Every user schema: never pg_catalog, information_schema, steward.
SELECT cmp_ok(pg_temp.classify('all', NULL), '>', 0::bigint, 'classify_data(NULL) classifies every user schema');
SELECT ok((SELECT count(DISTINCT schema_name) FROM runs WHERE label = 'all'
            AND schema_name IN ('classify_tap', 'classify_tap_other', 'Classify "Odd" Tap')) = 3,
          'classify_data(NULL) covers classify_tap, classify_tap_other and "Classify ""Odd"" Tap"');
SELECT is((SELECT count(*) FROM runs WHERE label = 'all'
            AND (schema_name IN ('pg_catalog', 'information_schema', 'steward') OR schema_name LIKE 'pg\_%')), 0::bigint,
          'classify_data(NULL) returns nothing from pg_catalog, information_schema, steward or pg_toast');
SELECT is((SELECT count(*) FROM steward.data_classification d JOIN pg_class c ON c.oid = d.relation
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname IN ('pg_catalog', 'information_schema', 'steward') OR n.nspname LIKE 'pg\_%'), 0::bigint,
          'nor records anything there');
SELECT is((SELECT count(*) FROM runs WHERE label = 'all' AND table_name IN ('events_1', 'events_2', 'events_3')),
          0::bigint, 'classify_data(NULL) does not list partitions either');
SELECT lives_ok($$ SELECT count(*) FROM steward.classify_data() $$, 'classify_data() with its defaults runs');

-------------------------------------------------------------------------------------------------
-- Reruns, manual decisions, renames.

-- Data that is no longer sensitive loses its detection.
UPDATE classify_tap.customers SET c9 = pg_temp.description(id);
SELECT pg_temp.classify('rerun', 'classify_tap') \g /dev/null
SELECT is(pg_temp.got('rerun', 'customers', 'c9') || ' ' || pg_temp.stored('classify_tap.customers', 'c9'),
          'absent absent', 'a column whose values are no longer card numbers loses its detected row');
SELECT is(pg_temp.stored('classify_tap.customers', 'email'), 'email/CONFIDENTIAL/detected',
          'the other detections stay');

-- Manual decisions survive reruns.
SELECT lives_ok($$ SELECT steward.set_classification('classify_tap.customers', 'notes', 'street_address', 'RESTRICTED') $$,
                'set_classification() with an explicit sensitivity');
SELECT lives_ok($$ SELECT steward.set_classification('classify_tap.customers', 'email', NULL) $$,
                'set_classification() with category NULL: not sensitive');
SELECT is(pg_temp.stored('classify_tap.customers', 'email'), 'not sensitive/-/manual',
          'category NULL is recorded as a manual "not sensitive" decision');
SELECT pg_temp.classify('manual', 'classify_tap') \g /dev/null
SELECT is(pg_temp.stored('classify_tap.customers', 'notes'), 'street_address/RESTRICTED/manual',
          'a manual decision survives a rerun, with its own sensitivity');
SELECT is(pg_temp.got('manual', 'customers', 'notes'), 'street_address/RESTRICTED',
          'and is what classify_data() reports for the column');
SELECT is(pg_temp.got('manual', 'customers', 'email'), 'absent',
          'a column decided not sensitive is never returned, though full of e-mail addresses');
SELECT is((SELECT source || ' ' || evidence || ' ' || confidence FROM steward.data_classification
            WHERE relation = 'classify_tap.customers'::regclass AND attnum = 2),
          'manual manual decision: not sensitive 1', 'nor detected: its manual row stays as it was');

-- Renames: the classification follows the table and the column.
ALTER TABLE classify_tap.to_rename RENAME COLUMN email TO "Primary Contact";
ALTER TABLE classify_tap.to_rename RENAME TO "Renamed Table";
SELECT is((SELECT table_name || '.' || column_name || ' ' || category FROM steward.classified_columns
            WHERE relation = 'classify_tap."Renamed Table"'::regclass AND attnum = 2),
          'Renamed Table.Primary Contact email', 'a renamed table and column keep their classification, shown with the new names');
SELECT pg_temp.classify('renamed', 'classify_tap') \g /dev/null
SELECT is(pg_temp.got('renamed', 'Renamed Table', 'Primary Contact'), 'email/CONFIDENTIAL',
          'a rerun reports the renamed column under its new name');
SELECT is((SELECT count(*) FROM runs WHERE label = 'renamed' AND table_name = 'to_rename'), 0::bigint,
          'and never under the old one');
ALTER SCHEMA "Classify ""Odd"" Tap" RENAME TO "Classify Renamed";
SELECT is((SELECT string_agg(DISTINCT schema_name, ',') FROM steward.classified_columns
            WHERE relation = '"Classify Renamed"."Customer List"'::regclass),
          'Classify Renamed', 'a renamed schema shows its new name');

-------------------------------------------------------------------------------------------------
-- Dropped tables, columns and schemas are forgotten (event trigger).

CREATE SCHEMA classify_tap_drop;
CREATE SCHEMA classify_tap_gone;
CREATE TABLE classify_tap_drop.drop_col (id int, email text, c9 text);
CREATE TABLE classify_tap_drop.drop_table (id int, email text, c9 text);
CREATE TABLE classify_tap_drop.owned (id int, email text, c9 text);
CREATE TABLE classify_tap_drop.owned_too (id int, email text);
CREATE TABLE classify_tap_gone.inside (id int, email text);
CREATE TABLE classify_tap_drop.dropped_parts (id int, email text) PARTITION BY LIST (id);
CREATE TABLE classify_tap_drop.dropped_parts_1 PARTITION OF classify_tap_drop.dropped_parts DEFAULT;
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['classify_tap_drop.drop_col', 'classify_tap_drop.drop_table', 'classify_tap_drop.owned'] LOOP
        EXECUTE format('INSERT INTO %s SELECT g, pg_temp.email(g), pg_temp.visa(g) FROM generate_series(1, 50) g', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['classify_tap_drop.owned_too', 'classify_tap_gone.inside', 'classify_tap_drop.dropped_parts'] LOOP
        EXECUTE format('INSERT INTO %s SELECT g, pg_temp.email(g) FROM generate_series(1, 50) g', t);
    END LOOP;
END $$;
ALTER TABLE classify_tap_drop.owned OWNER TO steward_tap_classify_owner;
ALTER TABLE classify_tap_drop.owned_too OWNER TO steward_tap_classify_owner;
GRANT USAGE ON SCHEMA classify_tap_drop TO steward_tap_classify_owner, steward_tap_classify_stranger,
      steward_tap_classify_nobody;
GRANT SELECT ON classify_tap_drop.owned TO steward_tap_classify_stranger;
CREATE TEMP TABLE dropped AS
    SELECT 'classify_tap_drop.drop_table'::regclass::oid AS drop_table, 'classify_tap_gone.inside'::regclass::oid AS inside,
           'classify_tap_drop.owned_too'::regclass::oid AS owned_too,
           'classify_tap_drop.dropped_parts'::regclass::oid AS dropped_parts;
SELECT pg_temp.classify('drop', 'classify_tap_drop') \g /dev/null
SELECT pg_temp.classify('gone', 'classify_tap_gone') \g /dev/null
SELECT lives_ok($$ SELECT steward.set_classification('classify_tap_drop.drop_table', 'id', 'national_id') $$,
                'a manual decision on a table about to be dropped');
SELECT is((SELECT pg_temp.rows_of(drop_table) || ' ' || pg_temp.rows_of(inside) || ' ' || pg_temp.rows_of(owned_too)
                  || ' ' || pg_temp.rows_of(dropped_parts) FROM dropped),
          '3 1 1 1', 'before the drops: 3 rows for drop_table, 1 for inside, owned_too and dropped_parts');

ALTER TABLE classify_tap_drop.drop_col DROP COLUMN c9;
SELECT is(pg_temp.stored('classify_tap_drop.drop_col', 'email') || ' ' || pg_temp.rows_of('classify_tap_drop.drop_col'::regclass),
          'email/CONFIDENTIAL/detected 1', 'ALTER TABLE DROP COLUMN forgets that column only');
DROP TABLE classify_tap_drop.drop_table;
SELECT is((SELECT pg_temp.rows_of(drop_table) FROM dropped), 0::bigint,
          'DROP TABLE forgets its columns, manual decisions included');
DROP SCHEMA classify_tap_gone CASCADE;
SELECT is((SELECT pg_temp.rows_of(inside) FROM dropped), 0::bigint, 'DROP SCHEMA CASCADE forgets its tables');
DROP TABLE classify_tap_drop.dropped_parts;
SELECT is((SELECT pg_temp.rows_of(dropped_parts) FROM dropped), 0::bigint, 'DROP TABLE of a partitioned table forgets it');

-- A non-superuser owner drops.
SELECT lives_ok($$ SELECT pg_temp.exec_as('steward_tap_classify_owner', 'ALTER TABLE classify_tap_drop.owned DROP COLUMN c9') $$,
                'the owner (not a superuser, not the extension''s owner) drops a classified column');
SELECT is(pg_temp.stored('classify_tap_drop.owned', 'c9') || ' ' || pg_temp.rows_of('classify_tap_drop.owned'::regclass),
          'absent 1', 'and its classification is forgotten');
SELECT lives_ok($$ SELECT pg_temp.exec_as('steward_tap_classify_owner', 'DROP TABLE classify_tap_drop.owned_too') $$,
                'the owner drops a classified table');
SELECT is((SELECT pg_temp.rows_of(owned_too) FROM dropped), 0::bigint, 'and its classification is forgotten');

-- A temporary table dropped at commit, in a second session (it must commit): no event trigger
-- fires for it. Whether set_classification() refuses it or its row is forgotten, none may be left.
SELECT dblink_connect('classify_tap', format('dbname=%s host=%s port=%s user=%s', current_database(),
                      split_part(current_setting('unix_socket_directories'), ',', 1),
                      current_setting('port'), current_user)) \g /dev/null
SELECT dblink_exec('classify_tap', 'BEGIN') || dblink_exec('classify_tap',
           'CREATE TEMP TABLE classify_tap_temp (id int, email text) ON COMMIT DROP') \g /dev/null
CREATE TEMP TABLE temp_table AS
    SELECT oid FROM dblink('classify_tap', 'SELECT ''classify_tap_temp''::regclass::oid') AS t(oid oid);
SELECT dblink_exec('classify_tap', $sql$DO $do$ BEGIN
           PERFORM steward.set_classification('classify_tap_temp', 'email', 'email');
       EXCEPTION WHEN OTHERS THEN NULL; END $do$ $sql$) || dblink_exec('classify_tap', 'COMMIT') \g /dev/null
SELECT is((SELECT pg_temp.rows_of(oid) FROM temp_table), 0::bigint,
          'no classification outlives a temporary table dropped at commit');
SELECT dblink_exec('classify_tap', format('DELETE FROM steward.data_classification WHERE relation = %s', oid))
  FROM temp_table \g /dev/null
SELECT dblink_disconnect('classify_tap') \g /dev/null

-------------------------------------------------------------------------------------------------
-- set_classification() and reset_classification().

SELECT steward.set_classification('classify_tap.customers', 'order_number', 'credit_card') \g /dev/null
SELECT is((SELECT category || '/' || sensitivity || '/' || source || '/' || confidence || '/' || encryption_required
             FROM steward.classified_columns WHERE relation = 'classify_tap.customers'::regclass AND column_name = 'order_number'),
          'credit_card/RESTRICTED/manual/1/true',
          'set_classification() without sensitivity takes the category''s from steward.category_sensitivity');
SELECT steward.set_classification('classify_tap.customers', 'order_number', 'phone', 'PUBLIC') \g /dev/null
SELECT is(pg_temp.stored('classify_tap.customers', 'order_number'), 'phone/PUBLIC/manual',
          'a second call replaces the decision, with the explicit sensitivity');
SELECT steward.set_classification('"Classify Renamed"."Customer List"', 'E-Mail Address', 'secret') \g /dev/null
SELECT is(pg_temp.stored('"Classify Renamed"."Customer List"', 'E-Mail Address'), 'secret/RESTRICTED/manual',
          'a manual decision replaces a detection, on a column with a quoted name passed as stored');
SELECT steward.set_classification('classify_tap.events', 'label', 'person_name') \g /dev/null
SELECT is(pg_temp.stored('classify_tap.events', 'label'), 'person_name/CONFIDENTIAL/manual', 'set_classification() on a partitioned table');

-- Errors.
SELECT throws_ok($$ SELECT steward.set_classification('classify_tap.customers', 'email', 'creditcard') $$,
                 '22023', 'unknown category "creditcard" in steward.set_classification()', 'an unknown category: 22023');
SELECT pg_temp.contains((steward_test.error_fields($$ SELECT steward.set_classification('classify_tap.customers', 'email', 'creditcard') $$))[3],
                        'email, phone, credit_card, iban, national_id, ip_address, person_name, street_address, postal_code, date_of_birth, password_hash, secret, geolocation',
                        'its detail lists the allowed categories');
SELECT throws_ok($$ SELECT steward.set_classification('classify_tap.customers', 'email', 'email', 'SECRET') $$,
                 '22023', 'unknown sensitivity "SECRET" in steward.set_classification()', 'an unknown sensitivity: 22023');
SELECT pg_temp.contains((steward_test.error_fields($$ SELECT steward.set_classification('classify_tap.customers', 'email', 'email', 'restricted') $$))[3],
                        'PUBLIC, INTERNAL, CONFIDENTIAL, RESTRICTED', 'a sensitivity in lower case is refused, the detail listing the allowed ones');
SELECT throws_ok($$ SELECT steward.set_classification('classify_tap.customers', 'email', NULL, 'PUBLIC') $$,
                 '22023', 'a column that is not sensitive has no sensitivity', 'a sensitivity without a category: 22023');
SELECT throws_ok($$ SELECT steward.set_classification('classify_tap.customers', 'no_such_column', 'email') $$,
                 '42703', 'column "no_such_column" of table "classify_tap.customers" does not exist', 'an unknown column: 42703');
SELECT throws_ok($$ SELECT steward.set_classification('classify_tap.customers', 'EMAIL', 'email') $$,
                 '42703', NULL, 'column names are case-sensitive: EMAIL is not email');
CREATE VIEW classify_tap.customer_view AS SELECT id, email FROM classify_tap.customers;
CREATE SEQUENCE classify_tap.some_sequence;
SELECT throws_ok($$ SELECT steward.set_classification('classify_tap.customer_view', 'email', 'email') $$,
                 '42809', '"classify_tap.customer_view" is not a table', 'a view: 42809');
SELECT throws_ok($$ SELECT steward.set_classification('classify_tap.some_sequence', 'last_value', 'secret') $$,
                 '42809', '"classify_tap.some_sequence" is not a table', 'a sequence: 42809');
SELECT throws_ok($$ SELECT steward.set_classification('classify_tap.events_1', 'email', 'email') $$,
                 '42809', 'table "classify_tap.events_1" is a partition', 'a partition: 42809');
SELECT pg_temp.contains((steward_test.error_fields($$ SELECT steward.set_classification('classify_tap.events_1', 'email', 'email') $$))[4],
                        'classify_tap.events', 'the hint names the parent table');
SELECT is(steward.reset_classification('classify_tap_other.events_3'), 0,
          'reset_classification() accepts a partition (its rows may date from before ATTACH)');
SELECT throws_ok($$ SELECT steward.set_classification(NULL, 'email', 'email') $$, '22004', NULL, 'a NULL relation: 22004');

-- Who may decide: the owner of the table or of the extension.
SELECT lives_ok($$ SELECT pg_temp.exec_as('steward_tap_classify_owner',
                       'SELECT steward.set_classification(''classify_tap_drop.owned'', ''id'', ''national_id'')') $$,
                'the table''s owner may set its classification');
SELECT is((SELECT classified_by::text || ' ' || category FROM steward.classified_columns
            WHERE relation = 'classify_tap_drop.owned'::regclass AND column_name = 'id'),
          'steward_tap_classify_owner national_id', 'and is recorded as classified_by');
SELECT throws_ok($$ SELECT pg_temp.exec_as('steward_tap_classify_stranger',
                        'SELECT steward.set_classification(''classify_tap_drop.owned'', ''email'', NULL)') $$,
                 '42501', 'permission denied to classify table "classify_tap_drop.owned"',
                 'a role that owns neither the table nor the extension: 42501, though it may read the table');
SELECT throws_ok($$ SELECT pg_temp.exec_as('steward_tap_classify_stranger',
                        'SELECT steward.reset_classification(''classify_tap_drop.owned'')') $$,
                 '42501', NULL, 'nor reset it');
SELECT throws_ok($$ SELECT pg_temp.exec_as('steward_tap_classify_nobody',
                        'SELECT steward.set_classification(''classify_tap_drop.owned'', ''email'', NULL)') $$,
                 '42501', 'permission denied for function set_classification', 'PUBLIC may not call set_classification()');

-- reset_classification(): counts, then detection again.
SELECT is(steward.reset_classification('classify_tap.customers', 'order_number'), 1, 'reset of one column returns 1');
SELECT is(steward.reset_classification('classify_tap.customers', 'order_number'), 0, 'again: 0');
CREATE TEMP TABLE before_reset AS SELECT pg_temp.rows_of('classify_tap.customers'::regclass) AS n;
SELECT is(steward.reset_classification('classify_tap.customers')::bigint, (SELECT n FROM before_reset),
          'reset of a whole table returns the number of its rows, manual ones included');
SELECT is(pg_temp.rows_of('classify_tap.customers'::regclass), 0::bigint, 'none is left');
SELECT pg_temp.classify('after_reset', 'classify_tap') \g /dev/null
SELECT is(pg_temp.got('after_reset', 'customers', 'email'), 'email/CONFIDENTIAL',
          'after a reset the column decided not sensitive is detected again');
SELECT is(pg_temp.got('after_reset', 'customers', 'notes'), 'absent', 'and the former manual street_address is gone');

-------------------------------------------------------------------------------------------------
-- classify_data(): bad input.

SELECT throws_ok($$ SELECT * FROM steward.classify_data('no_such_schema') $$,
                 '3F000', 'schema "no_such_schema" does not exist', 'a schema that does not exist: 3F000');
SELECT isnt((steward_test.error_fields($$ SELECT * FROM steward.classify_data('no_such_schema') $$))[4], '',
            'with a hint');
SELECT throws_ok($$ SELECT * FROM steward.classify_data('pg_catalog') $$,
                 '22023', 'schema "pg_catalog" is not classified', 'pg_catalog: 22023');
SELECT throws_ok($$ SELECT * FROM steward.classify_data('information_schema') $$,
                 '22023', 'schema "information_schema" is not classified', 'information_schema: 22023');
SELECT throws_ok($$ SELECT * FROM steward.classify_data('steward') $$,
                 '22023', 'schema "steward" is not classified', 'steward: 22023');
SELECT throws_ok($$ SELECT * FROM steward.classify_data('classify_tap', 0) $$,
                 '22023', 'sample_rows must be between 1 and 10000, not 0', 'sample_rows 0: 22023');
SELECT throws_ok($$ SELECT * FROM steward.classify_data('classify_tap', -1) $$,
                 '22023', 'sample_rows must be between 1 and 10000, not -1', 'sample_rows -1: 22023');
SELECT throws_ok($$ SELECT * FROM steward.classify_data('classify_tap', NULL) $$,
                 '22023', 'sample_rows must be between 1 and 10000, not NULL', 'sample_rows NULL: 22023');
SELECT throws_ok($$ SELECT * FROM steward.classify_data('classify_tap', 10001) $$,
                 '22023', 'sample_rows must be between 1 and 10000, not 10001', 'sample_rows 10001: 22023');
SELECT lives_ok($$ SELECT * FROM steward.classify_data('classify_tap', 10000) $$, 'sample_rows 10000 is allowed');
SELECT lives_ok($$ SELECT * FROM steward.classify_data('classify_tap', 1) $$, 'sample_rows 1 is allowed');

-------------------------------------------------------------------------------------------------
-- Privileges: classify_data() runs with the caller's.

CREATE SCHEMA classify_tap_priv;
CREATE TABLE classify_tap_priv.readable (id int, email text, c9 text);
CREATE TABLE classify_tap_priv.unreadable (id int, email text, c9 text);
CREATE TABLE classify_tap_priv.some_columns (id int, email text, c9 text);
INSERT INTO classify_tap_priv.readable SELECT g, pg_temp.email(g), pg_temp.visa(g) FROM generate_series(1, 50) g;
INSERT INTO classify_tap_priv.unreadable SELECT * FROM classify_tap_priv.readable;
INSERT INTO classify_tap_priv.some_columns SELECT * FROM classify_tap_priv.readable;
-- A table whose scan fails for the reader: a row-level security policy divides by zero.
CREATE TABLE classify_tap_priv.failing (id int, email text);
INSERT INTO classify_tap_priv.failing SELECT g, pg_temp.email(g) FROM generate_series(1, 50) g;
ALTER TABLE classify_tap_priv.failing ENABLE ROW LEVEL SECURITY;
CREATE POLICY boom ON classify_tap_priv.failing USING (1 / (id - id) = 1);
GRANT SELECT ON classify_tap_priv.failing TO steward_tap_classify_reader;
GRANT USAGE ON SCHEMA classify_tap_priv TO steward_tap_classify_reader;
GRANT SELECT ON classify_tap_priv.readable TO steward_tap_classify_reader;
GRANT SELECT (id, email) ON classify_tap_priv.some_columns TO steward_tap_classify_reader;
-- What a superuser finds first.
SELECT is(pg_temp.classify('priv_super', 'classify_tap_priv'), 7::bigint, 'a superuser finds 7 sensitive columns in classify_tap_priv');

SELECT lives_ok($$
    CREATE TEMP TABLE reader_run AS
    SELECT r.* FROM jsonb_to_recordset(steward_test.run_as('steward_tap_classify_reader',
                                                      'SELECT * FROM steward.classify_data(''classify_tap_priv'')'))
                    AS r(schema_name name, table_name name, column_name name, category text, sensitivity text) $$,
    'a role that may read only some of the tables and columns runs classify_data() without an error');
SELECT is((SELECT string_agg(table_name || '.' || column_name || ' ' || category, ', ' ORDER BY table_name, column_name)
             FROM reader_run WHERE table_name = 'readable'),
          'readable.c9 credit_card, readable.email email',
          'a role with SELECT on one table classifies it');
SELECT is((SELECT count(*) FROM reader_run WHERE table_name = 'unreadable'), 0::bigint,
          'the table it may not read is skipped (with a NOTICE), not an error');
SELECT is((SELECT category FROM reader_run WHERE table_name = 'some_columns' AND column_name = 'email'), 'email',
          'with SELECT on some columns of a table, those columns are classified');
SELECT is((SELECT classified_by::text FROM steward.data_classification
            WHERE relation = 'classify_tap_priv.readable'::regclass AND attnum = 2),
          'steward_tap_classify_reader', 'its detections are recorded in its name');
SELECT is(pg_temp.stored('classify_tap_priv.unreadable', 'c9'), 'credit_card/RESTRICTED/detected',
          'the detections of a table it could not read stay');
SELECT is(pg_temp.stored('classify_tap_priv.failing', 'email'), 'email/CONFIDENTIAL/detected',
          'a table whose scan fails (division by zero in a policy) is skipped, its detections kept, the others classified');
SELECT is(pg_temp.stored('classify_tap_priv.some_columns', 'c9'), 'credit_card/RESTRICTED/detected',
          'the detection of a column it could not read stays');

-- Row-level security: a role that sees no row of the table cannot refute a detection.
CREATE SCHEMA classify_tap_rls;
CREATE TABLE classify_tap_rls.cards (id int, c9 text);
INSERT INTO classify_tap_rls.cards SELECT g, pg_temp.visa(g) FROM generate_series(1, 60) g;
ALTER TABLE classify_tap_rls.cards ENABLE ROW LEVEL SECURITY;
CREATE POLICY nothing ON classify_tap_rls.cards FOR SELECT USING (false);
GRANT USAGE ON SCHEMA classify_tap_rls TO steward_tap_classify_reader;
GRANT SELECT ON classify_tap_rls.cards TO steward_tap_classify_reader;
SELECT pg_temp.classify('rls', 'classify_tap_rls') \g /dev/null
SELECT steward_test.run_as('steward_tap_classify_reader', 'SELECT * FROM steward.classify_data(''classify_tap_rls'')') \g /dev/null
SELECT is(pg_temp.stored('classify_tap_rls.cards', 'c9'), 'credit_card/RESTRICTED/detected',
          'a rerun by a role whose row-level security policy hides every row keeps the detection');

SELECT is((SELECT count(*) FROM jsonb_array_elements(steward_test.run_as('steward_tap_classify_analyst',
              'SELECT * FROM steward.classify_data(''classify_tap_priv'')')) r
            WHERE r->>'table_name' = 'unreadable'), 2::bigint,
          'a member of pg_read_all_data may run classify_data() without any grant, and reads every table');
SELECT throws_ok($$ SELECT steward_test.run_as('steward_tap_classify_nobody', 'SELECT * FROM steward.classify_data(''classify_tap_priv'')') $$,
                 '42501', 'permission denied for function classify_data', 'PUBLIC may not run classify_data()');
SELECT throws_ok($$ SELECT steward_test.run_as('steward_tap_classify_reader', 'SELECT * FROM steward.data_classification') $$,
                 '42501', NULL, 'PUBLIC may not read steward.data_classification directly');
SELECT throws_ok($$ SELECT pg_temp.exec_as('steward_tap_classify_reader',
                      'INSERT INTO steward.data_classification (relation, attnum, column_name, category, sensitivity, evidence, source, classified_by)
                       VALUES (''classify_tap_priv.readable'', 2, ''email'', NULL, NULL, ''forged'', ''manual'', current_user)') $$,
                 '42501', NULL, 'a role that may run classify_data() still cannot write steward.data_classification directly');

-- A table that another session keeps locked is skipped after lock_timeout (2 s), not waited for.
-- The tables must be committed for the other session to see them: dblink creates and drops them.
SELECT dblink_connect('classify_lock', format('dbname=%s host=%s port=%s user=%s', current_database(),
                      split_part(current_setting('unix_socket_directories'), ',', 1),
                      current_setting('port'), current_user)) \g /dev/null
SELECT dblink_exec('classify_lock', $sql$
    DROP SCHEMA IF EXISTS classify_tap_lock CASCADE;
    CREATE SCHEMA classify_tap_lock;
    CREATE TABLE classify_tap_lock.locked AS SELECT 'locked' || g || '@example.org' AS contact FROM generate_series(1, 50) g;
    CREATE TABLE classify_tap_lock.free AS SELECT 'free' || g || '@example.org' AS contact FROM generate_series(1, 50) g $sql$) \g /dev/null
SELECT dblink_exec('classify_lock', 'BEGIN') || dblink_exec('classify_lock',
           'LOCK TABLE classify_tap_lock.locked IN ACCESS EXCLUSIVE MODE') \g /dev/null
SELECT is((SELECT string_agg(table_name || '.' || column_name, ' ') FROM steward.classify_data('classify_tap_lock')),
          'free.contact', 'a table locked by another session is skipped after the lock timeout, the others are classified');
-- (The schema is dropped after the test transaction: it holds a lock on classify_tap_lock.free.)
SELECT dblink_exec('classify_lock', 'ROLLBACK') \g /dev/null
SELECT dblink_disconnect('classify_lock') \g /dev/null

-------------------------------------------------------------------------------------------------
-- User rules.

CREATE SCHEMA classify_tap_rules;
CREATE TABLE classify_tap_rules.loyalty (id int, c1 text, c2 text, c3 text, legacy_email text, zz_loy text, zz_code text);
INSERT INTO classify_tap_rules.loyalty
SELECT g, 'LOY-' || lpad((g * 7717)::text, 8, '0'), 'GFT-' || lpad(g::text, 6, '0'),
       CASE WHEN g % 2 = 0 THEN 'VIP-' || lpad(g::text, 4, '0') ELSE pg_temp.description(g) END,
       pg_temp.email(g), 'LOY-' || lpad((g * 7717)::text, 8, '0'), 'GFT-' || lpad(g::text, 6, '0')
  FROM generate_series(1, 120) g;

SELECT throws_ok($$ INSERT INTO steward.classification_rule (category, name_pattern) VALUES ('secret', '(unclosed') $$,
                 '2201B', 'invalid name_pattern ''(unclosed'' in steward.classification_rule', 'an invalid name_pattern is refused at INSERT: 2201B');
SELECT throws_ok($$ INSERT INTO steward.classification_rule (category, value_pattern) VALUES ('secret', '[a-') $$,
                 '2201B', 'invalid value_pattern ''[a-'' in steward.classification_rule', 'an invalid value_pattern is refused at INSERT: 2201B');
SELECT throws_ok($$ INSERT INTO steward.classification_rule (category, value_pattern) VALUES ('secret', '(?=LOY)LOY-[0-9]+') $$,
                 '2201B', NULL, 'lookahead, which RE2 lacks, is refused: 2201B');
SELECT throws_ok($$ INSERT INTO steward.classification_rule (category, value_pattern) VALUES ('loyalty', '^LOY-[0-9]{8}$') $$,
                 '22023', 'unknown category "loyalty" in steward.classification_rule', 'an unknown category in a rule: 22023');
SELECT throws_ok($$ INSERT INTO steward.classification_rule (category) VALUES ('secret') $$,
                 '23514', NULL, 'a rule without any pattern is refused');

INSERT INTO steward.classification_rule (rule_id, category, value_pattern, description)
    VALUES (9001, 'national_id', '^LOY-[0-9]{8}$', 'loyalty card number');
INSERT INTO steward.classification_rule (rule_id, category, value_pattern, enabled)
    VALUES (9002, 'secret', '^GFT-[0-9]{6}$', false);
INSERT INTO steward.classification_rule (rule_id, category, value_pattern, min_share)
    VALUES (9003, 'national_id', '^VIP-[0-9]{4}$', 0.9);
INSERT INTO steward.classification_rule (rule_id, category, name_pattern)
    VALUES (9004, 'secret', '^legacy_email$');
INSERT INTO steward.classification_rule (rule_id, category, name_pattern, value_pattern, confidence)
    VALUES (9005, 'phone', '^ZZ_', '^LOY-[0-9]{8}$', 0.95);
SELECT throws_ok($$ UPDATE steward.classification_rule SET value_pattern = '(' WHERE rule_id = 9001 $$,
                 '2201B', 'invalid value_pattern ''('' in steward.classification_rule', 'an invalid pattern is refused at UPDATE too');
SELECT throws_ok($$ UPDATE steward.classification_rule SET category = 'loyalty' WHERE rule_id = 9001 $$,
                 '22023', NULL, 'and an unknown category');

SELECT pg_temp.classify('rules', 'classify_tap_rules') \g /dev/null
SELECT is(pg_temp.got('rules', 'loyalty', 'c1', 'classify_tap_rules'), 'national_id/RESTRICTED',
          'a value-pattern rule classifies a column c1 of loyalty numbers');
SELECT pg_temp.contains((SELECT evidence FROM runs WHERE label = 'rules' AND table_name = 'loyalty' AND column_name = 'c1'),
                        'rule 9001 (loyalty card number)', 'its evidence names the rule and its description');
SELECT is(pg_temp.got('rules', 'loyalty', 'c2', 'classify_tap_rules'), 'absent', 'a disabled rule is ignored');
SELECT is(pg_temp.got('rules', 'loyalty', 'c3', 'classify_tap_rules'), 'absent',
          'a rule wanting 90 % of matches does not classify a column with 50 %');
SELECT is(pg_temp.got('rules', 'loyalty', 'legacy_email', 'classify_tap_rules'), 'secret/RESTRICTED',
          'a name-pattern rule wins over the built-in detection (e-mail addresses)');
SELECT is(pg_temp.got('rules', 'loyalty', 'zz_loy', 'classify_tap_rules'), 'phone/CONFIDENTIAL',
          'among matching rules the most confident wins; name patterns ignore case');
SELECT is(pg_temp.got('rules', 'loyalty', 'zz_code', 'classify_tap_rules'), 'absent',
          'a rule with name and value patterns does not apply when only the name matches');
UPDATE steward.classification_rule SET min_share = 0.5 WHERE rule_id = 9003;
UPDATE steward.classification_rule SET enabled = true WHERE rule_id = 9002;
SELECT pg_temp.classify('rules2', 'classify_tap_rules') \g /dev/null
SELECT is(pg_temp.got('rules2', 'loyalty', 'c3', 'classify_tap_rules'), 'national_id/RESTRICTED',
          'with min_share 0.5 the same column (50 % of matches) is classified: the bound is inclusive');
SELECT is(pg_temp.got('rules2', 'loyalty', 'c2', 'classify_tap_rules'), 'secret/RESTRICTED', 'an enabled rule applies');
UPDATE steward.classification_rule SET enabled = false WHERE rule_id = 9004;
SELECT pg_temp.classify('rules3', 'classify_tap_rules') \g /dev/null
SELECT is(pg_temp.got('rules3', 'loyalty', 'legacy_email', 'classify_tap_rules'), 'email/CONFIDENTIAL',
          'once the name rule is disabled, the built-in detection speaks again');

-------------------------------------------------------------------------------------------------
-- steward.category_sensitivity.

SELECT steward.set_classification('classify_tap.sparse', 'email', 'email') \g /dev/null
UPDATE steward.category_sensitivity SET sensitivity = 'RESTRICTED', encryption_required = true WHERE category = 'email';
SELECT pg_temp.classify('mapping', 'classify_tap') \g /dev/null
SELECT is(pg_temp.got('mapping', 'customers', 'email'), 'email/RESTRICTED',
          'an UPDATE of a category''s sensitivity is applied by the next classify_data()');
SELECT is((SELECT encryption_required FROM steward.classified_columns
            WHERE relation = 'classify_tap.customers'::regclass AND column_name = 'email'), true,
          'and so is encryption_required');
SELECT is(pg_temp.stored('classify_tap.sparse', 'email'), 'email/CONFIDENTIAL/manual',
          'a manual decision keeps the sensitivity it was given');
SELECT throws_ok($$ INSERT INTO steward.category_sensitivity VALUES ('loyalty', 'RESTRICTED', true, 'loyalty cards') $$,
                 '22023', 'unknown category "loyalty" in steward.category_sensitivity', 'INSERT of a new category: 22023');
SELECT throws_ok($$ INSERT INTO steward.category_sensitivity VALUES ('email', 'RESTRICTED', true, 'again') $$,
                 '22023', 'category "email" already has its row in steward.category_sensitivity', 'INSERT of a known category: 22023');
SELECT throws_ok($$ DELETE FROM steward.category_sensitivity WHERE category = 'phone' $$,
                 '22023', 'cannot delete rows of steward.category_sensitivity', 'DELETE: 22023');
SELECT throws_ok($$ TRUNCATE steward.category_sensitivity $$,
                 '22023', 'cannot delete rows of steward.category_sensitivity', 'TRUNCATE: 22023');
SELECT throws_ok($$ UPDATE steward.category_sensitivity SET category = 'e_mail' WHERE category = 'email' $$,
                 '22023', 'cannot rename category "email"', 'renaming a category: 22023');
UPDATE steward.category_sensitivity SET sensitivity = 'CONFIDENTIAL', encryption_required = false WHERE category = 'email';

-------------------------------------------------------------------------------------------------
-- Sampling is bounded by sample_rows.

CREATE SCHEMA classify_tap_bound;
-- 5000 rows written in order: the first 100 hold product texts, the others e-mail addresses.
CREATE TABLE classify_tap_bound.ordered (id int, c5 text);
INSERT INTO classify_tap_bound.ordered
SELECT g, CASE WHEN g <= 100 THEN pg_temp.description(g) ELSE pg_temp.email(g) END FROM generate_series(1, 5000) g;
-- More than 8 MB (1024 pages): sampled by blocks. fillfactor 10 keeps the rows few.
CREATE TABLE classify_tap_bound.big (id int, c6 text, pad text) WITH (fillfactor = 10, autovacuum_enabled = false);
INSERT INTO classify_tap_bound.big SELECT g, pg_temp.email(g), repeat('p', 120) FROM generate_series(1, 9000) g;
SELECT cmp_ok(pg_relation_size('classify_tap_bound.big'), '>', 1024 * 8192::bigint, 'the table big takes more than 1024 pages');

SELECT pg_temp.classify('bound100', 'classify_tap_bound', 100) \g /dev/null
SELECT is(pg_temp.got('bound100', 'ordered', 'c5', 'classify_tap_bound'), 'absent',
          'sample_rows 100 reads only the first 100 rows of a small table: no e-mail address among them');
SELECT pg_temp.contains((SELECT evidence FROM runs WHERE label = 'bound100' AND table_name = 'big'),
                        '100% of 100 sampled values', 'a big table sampled by blocks yields exactly 100 rows');
SELECT pg_temp.classify('bound1000', 'classify_tap_bound', 1000) \g /dev/null
SELECT is(pg_temp.got('bound1000', 'ordered', 'c5', 'classify_tap_bound'), 'email/CONFIDENTIAL',
          'sample_rows 1000 reads e-mail addresses in 900 of 1000 rows');
SELECT pg_temp.contains((SELECT evidence FROM runs WHERE label = 'bound1000' AND table_name = 'ordered'),
                        '% of 1000 sampled values', 'the evidence counts 1000 sampled values');
SELECT pg_temp.contains((SELECT evidence FROM runs WHERE label = 'bound1000' AND table_name = 'big'),
                        '100% of 1000 sampled values', 'a big table sampled by blocks yields exactly 1000 rows');
ANALYZE classify_tap_bound.big;
SELECT pg_temp.classify('bound_analyzed', 'classify_tap_bound', 1000) \g /dev/null
SELECT pg_temp.contains((SELECT evidence FROM runs WHERE label = 'bound_analyzed' AND table_name = 'big'),
                        '100% of 1000 sampled values', 'and so it does once analyzed');

SELECT * FROM finish();
ROLLBACK;
DROP SCHEMA classify_tap_lock CASCADE;
