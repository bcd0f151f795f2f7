-- Audit trail (issue 5, src/audit/): enable_audit(), disable_audit(), audited_tables, the C++ row
-- and TRUNCATE triggers, the DDL event triggers, row_history(), masking, the append-only guard,
-- seal_audit(), verify_audit() and audit_digest().
--
-- Everything in this database runs in one transaction that is rolled back: schema audit_tap,
-- roles steward_tap_audit_* and every log row vanish with it. Sealing cannot be tested in one
-- transaction: every log row of it carries the same transaction id, and seal_audit() seals by
-- transaction. So the hash chain and the tampering are tested in a database of their own,
-- steward_tap_audit_chain, written by committed transactions through dblink and dropped at the
-- end (and at the start, should a failed run have left it). Tests about a product behaviour that
-- is still wrong would be marked TODO (none is now).
BEGIN;
SET LOCAL client_min_messages = warning;
SELECT plan(129);

-------------------------------------------------------------------------------------------------
-- Helpers.

-- Runs a statement as another role.
CREATE FUNCTION pg_temp.exec_as(role name, statement text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('SET LOCAL ROLE %I', role);
    EXECUTE statement;
    RESET ROLE;
END $$;

-- The log rows of a table's row changes and TRUNCATEs (not its DDL rows), oldest first.
CREATE FUNCTION pg_temp.log_of(rel regclass) RETURNS SETOF steward.audit_log LANGUAGE sql AS $$
    SELECT * FROM steward.audit_log WHERE relation = rel AND operation <> 'DDL' ORDER BY id
$$;
-- Their operations, in order: 'INSERT INSERT UPDATE ...'.
CREATE FUNCTION pg_temp.ops(rel regclass) RETURNS text LANGUAGE sql AS $$
    SELECT coalesce(string_agg(operation, ' ' ORDER BY id), '') FROM pg_temp.log_of(rel)
$$;
-- The last of them.
CREATE FUNCTION pg_temp.last_of(rel regclass) RETURNS steward.audit_log LANGUAGE sql AS $$
    SELECT * FROM pg_temp.log_of(rel) ORDER BY id DESC LIMIT 1
$$;
-- The DDL rows of a table (by OID: it may be dropped), oldest first.
CREATE FUNCTION pg_temp.ddl_of(rel regclass) RETURNS SETOF steward.audit_log LANGUAGE sql AS $$
    SELECT * FROM steward.audit_log WHERE relation = rel AND operation = 'DDL' ORDER BY id
$$;

-- A connection string to a database of this cluster, as the current (super)user.
-- In the chain database: one value of a query, a statement, the problems verify_audit() reports.
CREATE FUNCTION pg_temp.r(query text) RETURNS text LANGUAGE sql AS $$
    SELECT v FROM dblink('audit_chain', query) AS t(v text)
$$;
CREATE FUNCTION pg_temp.rx(statement text) RETURNS text LANGUAGE sql AS $$
    SELECT dblink_exec('audit_chain', statement)
$$;
-- The distinct problems: 'block/log_id status; ...' ('-' for NULL), ordered.
CREATE FUNCTION pg_temp.problems(arguments text DEFAULT '') RETURNS text LANGUAGE sql AS $$
    SELECT pg_temp.r(format($q$SELECT string_agg(coalesce(block_id::text, '-') || '/' || coalesce(log_id::text, '-') || ' ' || status,
                                               '; ' ORDER BY block_id NULLS FIRST, log_id NULLS FIRST, status)
                                 FROM (SELECT DISTINCT block_id, log_id, status FROM steward.verify_audit(%s)) p$q$, arguments))
$$;
-- Tampers with the chain database as a superuser who disables the guard triggers, reports what
-- verify_audit() finds, and rolls the tampering back.
CREATE FUNCTION pg_temp.tampered(tampering text, arguments text DEFAULT '') RETURNS text LANGUAGE plpgsql AS $$
DECLARE found text;
BEGIN
    PERFORM pg_temp.rx('BEGIN');
    PERFORM pg_temp.rx('ALTER TABLE steward.audit_record DISABLE TRIGGER audit_record_append_only');
    PERFORM pg_temp.rx('ALTER TABLE steward.audit_block DISABLE TRIGGER audit_block_append_only');
    PERFORM pg_temp.rx(tampering);
    found := pg_temp.problems(arguments);
    PERFORM pg_temp.rx('ROLLBACK');
    RETURN found;
EXCEPTION WHEN OTHERS THEN
    PERFORM dblink_exec('audit_chain', 'ROLLBACK', false);
    RAISE;
END $$;

-- The NOTICEs a statement raises, run by psql in the chain database in a transaction rolled
-- back (pgTAP cannot see notices; COPY FROM PROGRAM, as the superuser, can).
CREATE TEMP TABLE psql_output (line text);
CREATE FUNCTION pg_temp.notices(statement text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    shell text := 'psql -X -q -h %s -p %s -U %s -d steward_tap_audit_chain -c BEGIN -c %s -c ROLLBACK 2>&1';
    found text;
BEGIN
    TRUNCATE psql_output;
    EXECUTE format('COPY psql_output FROM PROGRAM %L WITH (FORMAT csv, DELIMITER %L, QUOTE %L)',
                   format(shell, split_part(current_setting('unix_socket_directories'), ',', 1), current_setting('port'),
                          current_user, '''' || replace(statement, '''', '''\''''') || ''''),
                   E'\x01', E'\x02');
    SELECT string_agg(line, E'\n') INTO found FROM psql_output WHERE line LIKE 'NOTICE:%' OR line LIKE 'ERROR:%';
    RETURN coalesce(found, '');
END $$;

-- The canonical form whose SHA-256 is a log row's row_hash, as src/audit/verify.cpp reads it
-- (kCanonicalColumns): each field as <length in bytes>:<bytes>, or N for NULL; old_row and new_row
-- in jsonb's binary form. Created in the chain database, where tampering recomputes hashes with it.
CREATE FUNCTION pg_temp.canonical_sql() RETURNS text LANGUAGE sql AS $$ SELECT $f$
CREATE FUNCTION pg_temp.canonical(l steward.audit_record) RETURNS bytea LANGUAGE sql AS $c$
    SELECT string_agg(CASE WHEN f IS NULL THEN 'N'::bytea ELSE convert_to(length(f) || ':', 'UTF8') || f END, ''::bytea ORDER BY n)
      FROM unnest(ARRAY[convert_to(l.id::text, 'UTF8'), convert_to((extract(epoch FROM l.occurred_at) * 1000000)::bigint::text, 'UTF8'),
                        convert_to((extract(epoch FROM l.recorded_at) * 1000000)::bigint::text, 'UTF8'),
                        convert_to(l.txid::text, 'UTF8'), convert_to(l.relation::text, 'UTF8'), convert_to(l.schema_name, 'UTF8'),
                        convert_to(l.table_name, 'UTF8'), convert_to(l.operation, 'UTF8'), steward.jsonb_bytes(l.old_row),
                        steward.jsonb_bytes(l.new_row), convert_to(l.db_user::text, 'UTF8'), convert_to(l.session_user_name::text, 'UTF8'), convert_to(l.app_user, 'UTF8'),
                        convert_to(l.application_name, 'UTF8'), convert_to(host(l.client_addr), 'UTF8'),
                        convert_to(l.client_port::text, 'UTF8'), convert_to(l.backend_pid::text, 'UTF8'),
                        convert_to(l.statement, 'UTF8')]) WITH ORDINALITY AS u(f, n)
$c$ $f$ $$;

CREATE ROLE steward_tap_audit_writer;   -- writes audited tables, nothing else
CREATE ROLE steward_tap_audit_owner;    -- owns an audited table
CREATE ROLE steward_tap_audit_nobody;   -- USAGE on schema steward, no grant on its tables
GRANT USAGE ON SCHEMA steward TO steward_tap_audit_writer, steward_tap_audit_owner, steward_tap_audit_nobody;

CREATE SCHEMA audit_tap;
GRANT USAGE, CREATE ON SCHEMA audit_tap TO steward_tap_audit_writer, steward_tap_audit_owner;
CREATE EXTENSION pgcrypto SCHEMA audit_tap;   -- hmac(), to check the masked values

-------------------------------------------------------------------------------------------------
-- enable_audit(), audited_tables, what a row change logs.

CREATE TABLE audit_tap.items (id int PRIMARY KEY, legacy text, name text, price numeric, secret_note text, obsolete text);
ALTER TABLE audit_tap.items DROP COLUMN legacy;
SELECT steward.enable_audit('audit_tap.items', '{secret_note}');
SELECT is((SELECT format('%s %s %s %s', schema_name, table_name, operations, ignore_columns) || ' ' || partitioned
             FROM steward.audited_tables WHERE relation = 'audit_tap.items'::regclass),
          'audit_tap items {INSERT,UPDATE,DELETE,TRUNCATE} {secret_note} false',
          'audited_tables lists it with every operation and the ignored column');

INSERT INTO audit_tap.items VALUES (1, 'chair', 49.90, 'only for staff', 'x'), (2, 'table', 120, NULL, 'y');
SELECT is((SELECT string_agg(operation || ' ' || coalesce(old_row::text, '-') || ' ' || coalesce(changed_columns::text, '-'), ', ' ORDER BY id)
             FROM pg_temp.log_of('audit_tap.items')),
          'INSERT - -, INSERT - -', 'an INSERT of two rows logs two INSERT rows, without old_row or changed_columns');
SELECT is((SELECT new_row FROM pg_temp.log_of('audit_tap.items') LIMIT 1),
          '{"id": 1, "name": "chair", "price": 49.90, "obsolete": "x"}'::jsonb,
          'new_row is the inserted row as jsonb, without the ignored column nor the column dropped before');

UPDATE audit_tap.items SET name = 'armchair', price = 89 WHERE id = 1;
SELECT is((SELECT format('%s | %s | %s', old_row, new_row, changed_columns) FROM pg_temp.last_of('audit_tap.items')),
          '{"id": 1, "name": "chair", "price": 49.90, "obsolete": "x"} | {"id": 1, "name": "armchair", "price": 89, "obsolete": "x"} | {name,price}',
          'an UPDATE logs the old and the new row and the changed columns (in jsonb''s key order: shorter names first)');
SELECT is((SELECT r.old_row FROM steward.audit_record r WHERE r.id = (SELECT id FROM pg_temp.last_of('audit_tap.items'))),
          '{"name": "chair", "price": 49.90}'::jsonb,
          'its stored row keeps the old values of the changed columns only (steward.audit_log completes them from new_row)');
UPDATE audit_tap.items SET name = name, price = price WHERE id = 1;
UPDATE audit_tap.items SET id = id;
SELECT is(pg_temp.ops('audit_tap.items'), 'INSERT INSERT UPDATE', 'an UPDATE that changes nothing is not logged');
UPDATE audit_tap.items SET secret_note = 'changed behind the log' WHERE id = 2;
SELECT is(pg_temp.ops('audit_tap.items'), 'INSERT INSERT UPDATE', 'an UPDATE of an ignored column only is not logged');
UPDATE audit_tap.items SET secret_note = 'again', price = 130 WHERE id = 2;
SELECT is((pg_temp.last_of('audit_tap.items')).changed_columns, '{price}'::text[],
          'an UPDATE of an ignored and a logged column logs only the logged one as changed');

ALTER TABLE audit_tap.items DROP COLUMN obsolete;
UPDATE audit_tap.items SET price = 140 WHERE id = 2;
SELECT is((pg_temp.last_of('audit_tap.items')).new_row, '{"id": 2, "name": "table", "price": 140}'::jsonb,
          'a column dropped after enable_audit() no longer appears');
DELETE FROM audit_tap.items WHERE id = 2;
SELECT is((SELECT format('%s %s %s', operation, old_row, coalesce(new_row::text, 'NULL')) FROM pg_temp.last_of('audit_tap.items')),
          'DELETE {"id": 2, "name": "table", "price": 140} NULL', 'a DELETE logs the old row');
TRUNCATE audit_tap.items;
SELECT is((SELECT format('%s %s %s %s', operation, relation::regclass, coalesce(old_row::text, 'NULL'), coalesce(new_row::text, 'NULL'))
             FROM pg_temp.last_of('audit_tap.items')),
          'TRUNCATE audit_tap.items NULL NULL', 'a TRUNCATE logs one row without data');
SELECT is((SELECT count(*) FROM pg_temp.log_of('audit_tap.items')
            WHERE old_row ? 'secret_note' OR new_row ? 'secret_note' OR 'secret_note' = ANY (changed_columns)
               OR old_row::text LIKE '%staff%' OR new_row::text LIKE '%staff%' OR old_row ? 'legacy' OR new_row ? 'legacy'),
          0::bigint, 'the ignored column and its values never appear, nor the column dropped before');

-- A subset of operations (in any case).
CREATE TABLE audit_tap.subset (id int PRIMARY KEY, v text);
SELECT steward.enable_audit('audit_tap.subset', operations => '{insert,Delete}');
SELECT is((SELECT operations FROM steward.audited_tables WHERE relation = 'audit_tap.subset'::regclass), '{INSERT,DELETE}'::text[],
          'operations {insert,Delete}: audited_tables shows INSERT and DELETE');
INSERT INTO audit_tap.subset VALUES (1, 'a'), (2, 'b');
UPDATE audit_tap.subset SET v = 'c';
DELETE FROM audit_tap.subset WHERE id = 1;
TRUNCATE audit_tap.subset;
SELECT is(pg_temp.ops('audit_tap.subset'), 'INSERT INSERT DELETE', 'only INSERT and DELETE are logged, not UPDATE nor TRUNCATE');

-- Twice, and with other arguments.
SELECT steward.enable_audit('audit_tap.subset', operations => '{DELETE,INSERT}');
SELECT is((SELECT string_agg(tgname || ':' || tgtype, ' ' ORDER BY tgname) FROM pg_trigger WHERE tgrelid = 'audit_tap.subset'::regclass),
          'steward_audit:13', 'enable_audit() again with the same arguments creates no second trigger');
SELECT steward.enable_audit('audit_tap.subset', '{v}', '{UPDATE,TRUNCATE}');
SELECT is((SELECT format('%s %s ', operations, ignore_columns) FROM steward.audited_tables WHERE relation = 'audit_tap.subset'::regclass)
          || (SELECT string_agg(tgname || ':' || tgtype || ':' || tgnargs, ' ' ORDER BY tgname) FROM pg_trigger
               WHERE tgrelid = 'audit_tap.subset'::regclass),
          '{UPDATE,TRUNCATE} {v} steward_audit:17:1 steward_audit_truncate:32:0',
          'enable_audit() with other arguments re-creates the triggers: AFTER UPDATE with one argument, TRUNCATE');
INSERT INTO audit_tap.subset VALUES (5, 'e');
UPDATE audit_tap.subset SET v = 'f';
UPDATE audit_tap.subset SET id = 6;
TRUNCATE audit_tap.subset;
SELECT is(pg_temp.ops('audit_tap.subset'), 'INSERT INSERT DELETE UPDATE TRUNCATE',
          'the new operations are logged: the UPDATE of the key is, that of the ignored column is not, the INSERT neither');

-- disable_audit().
SELECT steward.disable_audit('audit_tap.subset');
SELECT is((SELECT count(*) FROM steward.audited_tables WHERE relation = 'audit_tap.subset'::regclass)
          + (SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_tap.subset'::regclass), 0::bigint,
          'after disable_audit() audited_tables no longer lists the table, and its triggers are gone');
CREATE TEMP TABLE counted AS SELECT count(*) AS n FROM pg_temp.log_of('audit_tap.subset'::regclass);
INSERT INTO audit_tap.subset VALUES (7, 'g');
TRUNCATE audit_tap.subset;
SELECT is((SELECT count(*) FROM pg_temp.log_of('audit_tap.subset'::regclass)), (SELECT n FROM counted),
          'changes after disable_audit() are not logged');

-- Bad input.
CREATE VIEW audit_tap.items_view AS SELECT * FROM audit_tap.items;
CREATE SEQUENCE audit_tap.some_sequence;
CREATE INDEX items_name ON audit_tap.items (name);
CREATE TEMP TABLE scratch (id int);
SELECT throws_ok($$ SELECT steward.enable_audit('audit_tap.items_view') $$, '42809', '"audit_tap.items_view" is not a table', 'a view: 42809 naming it');
SELECT throws_ok($$ SELECT steward.enable_audit('audit_tap.some_sequence') $$, '42809', '"audit_tap.some_sequence" is not a table', 'a sequence: 42809');
SELECT throws_ok($$ SELECT steward.enable_audit('audit_tap.items_name') $$, '42809', '"audit_tap.items_name" is not a table', 'an index: 42809');
SELECT throws_ok($$ SELECT steward.enable_audit('audit_tap.items', '{name,no_such_column}') $$,
                 '42703', 'column "no_such_column" of table audit_tap.items does not exist', 'an unknown ignore column: 42703 naming it');
SELECT throws_ok($$ SELECT steward.enable_audit('audit_tap.items', '{}', '{INSERT,MERGE}') $$,
                 '22023', 'unknown operation "MERGE" for audit_tap.items', 'an unknown operation: 22023');
SELECT throws_ok($$ SELECT steward.enable_audit('steward.audit_record') $$, '0A000', NULL, 'auditing the audit log''s table: 0A000');
SELECT throws_ok($$ SELECT steward.enable_audit(NULL) $$, '22004', 'target must not be NULL', 'a NULL target: 22004');
SELECT throws_ok($$ SELECT steward.enable_audit('scratch') $$, '0A000', NULL, 'a temporary table: 0A000');
SELECT throws_ok($$ SELECT pg_temp.exec_as('steward_tap_audit_writer', 'SELECT steward.enable_audit(''audit_tap.subset'')') $$,
                 '42501', NULL, 'PUBLIC may not call enable_audit()');

-------------------------------------------------------------------------------------------------
-- Values in the jsonb.

CREATE DOMAIN audit_tap.positive AS int CHECK (VALUE > 0);
CREATE DOMAIN audit_tap.label AS text;
CREATE TYPE audit_tap.mood AS ENUM ('sad', 'happy');
CREATE TABLE audit_tap.types (
    id int PRIMARY KEY, small int2, big bigint, num numeric, num_nan numeric, num_inf numeric, dbl float8, dbl_nan float8,
    dbl_inf float8, yes bool, no bool, nothing text, doc jsonb, doc_json json, at timestamptz, words text,
    pos audit_tap.positive, lbl audit_tap.label, ints int[], texts text[], feeling audit_tap.mood);
CREATE TABLE audit_tap.days (id int PRIMARY KEY, day date);
CREATE TABLE audit_tap.dates (id int PRIMARY KEY, day date, local_time timestamp, at timestamptz);
SELECT steward.enable_audit('audit_tap.types');
SELECT steward.enable_audit('audit_tap.days');
SELECT steward.enable_audit('audit_tap.dates');
SET LOCAL datestyle = 'SQL, DMY';
SET LOCAL timezone = 'Asia/Kolkata';
INSERT INTO audit_tap.types VALUES (
    1, -32768, 9223372036854775807, 12345678901234567890.000100, 'NaN', '-Infinity', 0.1, 'NaN',
    'Infinity', true, false, NULL, '{"a": [1, {"b": null}], "c": {"d": "e"}}', '{"k": [1, 2], "z": null}',
    '2024-02-29 23:59:59.5+00', E'say "hi"\nnew line\ttab \\ backslash, ünïcödé €, emoji 🙂', 5, 'a label', '{1,2,3}',
    '{"a b",c,NULL}', 'happy');
INSERT INTO audit_tap.days VALUES (1, '2024-02-29');
INSERT INTO audit_tap.dates VALUES (1, '2024-02-29', '2024-03-01 08:09:10', '2024-12-31 23:59:59+00');
RESET datestyle;
RESET timezone;
CREATE TEMP TABLE typed AS SELECT new_row AS r FROM pg_temp.last_of('audit_tap.types');

SELECT is((SELECT format('%s %s %s %s / %s %s %s %s', jsonb_typeof(r->'small'), jsonb_typeof(r->'big'), jsonb_typeof(r->'num'),
                         jsonb_typeof(r->'dbl'), r->'small', r->'big', r->'num', r->'dbl') FROM typed),
          'number number number number / -32768 9223372036854775807 12345678901234567890.000100 0.1',
          'int2, bigint, numeric and float8 are JSON numbers, with their exact values');
SELECT is((SELECT format('%s %s %s %s', r->'num_nan', r->'num_inf', r->'dbl_nan', r->'dbl_inf') FROM typed),
          '"NaN" "-Infinity" "NaN" "Infinity"', 'NaN and infinities of numeric and float8 are strings');
SELECT is((SELECT format('%s %s %s %s ', r->'yes', r->'no', jsonb_typeof(r->'yes'), jsonb_typeof(r->'no'))
                  || (r ? 'nothing') || ' ' || jsonb_typeof(r->'nothing') FROM typed),
          'true false boolean boolean true null', 'booleans are JSON booleans; a NULL is a JSON null, its key present');
SELECT is((SELECT jsonb_build_array(r->'doc', r->'doc_json') FROM typed),
          '[{"a": [1, {"b": null}], "c": {"d": "e"}}, {"k": [1, 2], "z": null}]'::jsonb,
          'jsonb and json values are nested as they are, not strings');
SELECT is((SELECT r->>'at' FROM typed), '2024-03-01T05:29:59.5+05:30',
          'a timestamptz is ISO 8601 under DateStyle SQL, DMY (in the session''s time zone)');
SELECT is((pg_temp.last_of('audit_tap.days')).new_row->>'day', '2024-02-29', 'a date is ISO 8601 under DateStyle SQL, DMY');
SELECT is((pg_temp.last_of('audit_tap.dates')).new_row,
          '{"id": 1, "day": "2024-02-29", "local_time": "2024-03-01T08:09:10", "at": "2025-01-01T05:29:59+05:30"}'::jsonb,
          'a row with a date, a timestamp and a timestamptz logs each of them');
SELECT is((SELECT r->>'words' FROM typed), E'say "hi"\nnew line\ttab \\ backslash, ünïcödé €, emoji 🙂',
          'text with quotes, a newline, a tab, a backslash and unicode is logged as it is');
SELECT is((SELECT format('%s %s %s %s', jsonb_typeof(r->'pos'), r->'pos', jsonb_typeof(r->'lbl'), r->'lbl') FROM typed),
          'number 5 string "a label"', 'a domain is logged as its base type: over int a number, over text a string');
SELECT is((SELECT format('%s %s %s', r->'ints', r->'texts', r->'feeling') FROM typed), '"{1,2,3}" "{\"a b\",c,NULL}" "happy"',
          'arrays are strings in their PostgreSQL text form, an enum is a string');

-- The jsonb is written by the trigger itself in jsonb's binary form (the row hash covers those
-- bytes): byte for byte what PostgreSQL writes for the same value. 21 columns: 42 JEntries, past
-- the stride at which JEntries hold offsets; scalar, empty and nested documents; an UPDATE's old
-- values.
INSERT INTO audit_tap.types (id, doc, doc_json, words, num, dbl) VALUES
    (2, '5', '"x"', '', 0, -0.0), (3, '[]', '{}', NULL, -1.5, 1e300), (4, 'null', 'true', 'é', 1e-20, NULL);
UPDATE audit_tap.types SET words = 'changed', doc = '{"n": 1}' WHERE id = 1;
SELECT is((SELECT format('%s %s', count(*),
                         count(*) FILTER (WHERE steward.jsonb_bytes(new_row) IS DISTINCT FROM steward.jsonb_bytes(new_row::text::jsonb)
                                             OR steward.jsonb_bytes(old_row) IS DISTINCT FROM steward.jsonb_bytes(old_row::text::jsonb)))
             FROM steward.audit_record WHERE relation = 'audit_tap.types'::regclass AND operation <> 'DDL'),
          '5 0', 'the logged jsonb is byte for byte what PostgreSQL writes for the same document');

-- TOAST: 1 MB stored out of line, and an UPDATE that leaves it unchanged.
CREATE TABLE audit_tap.documents (id int PRIMARY KEY, body text, title text);
ALTER TABLE audit_tap.documents ALTER COLUMN body SET STORAGE EXTERNAL;
SELECT steward.enable_audit('audit_tap.documents');
INSERT INTO audit_tap.documents SELECT 1, string_agg(md5(g::text), '' ORDER BY g), 'draft' FROM generate_series(1, 32768) g;
UPDATE audit_tap.documents SET title = 'final';
UPDATE audit_tap.documents SET body = body || '!';
SELECT is((SELECT string_agg(length(coalesce(new_row->>'body', '')) || '/' || (md5(new_row->>'body') = md5(d.body)), ' ' ORDER BY l.id)
             FROM pg_temp.log_of('audit_tap.documents') l, audit_tap.documents d),
          '1048576/false 1048576/false 1048577/true', 'a TOASTed 1 MB value is logged in full (length and md5)');
SELECT is((SELECT string_agg(coalesce(changed_columns::text, '-'), ' ' ORDER BY id) FROM pg_temp.log_of('audit_tap.documents')),
          '- {title} {body}', 'an UPDATE that leaves a TOASTed value alone does not count it as changed');

-- Quoted identifiers.
CREATE SCHEMA "Audit ""Odd"" Tap";
CREATE TABLE "Audit ""Odd"" Tap"."Order Lines" ("Id" int PRIMARY KEY, "Unit ""Price""" numeric, "Skip Me" text, "note" text);
SELECT steward.enable_audit('"Audit ""Odd"" Tap"."Order Lines"', '{"Skip Me"}');
INSERT INTO "Audit ""Odd"" Tap"."Order Lines" VALUES (1, 9.5, 'hidden', 'n');
UPDATE "Audit ""Odd"" Tap"."Order Lines" SET "Unit ""Price""" = 10;
SELECT is((SELECT format('%s|%s|%s|%s', schema_name, table_name, new_row, changed_columns)
             FROM pg_temp.last_of('"Audit ""Odd"" Tap"."Order Lines"')),
          'Audit "Odd" Tap|Order Lines|{"Id": 1, "note": "n", "Unit \"Price\"": 10}|{"Unit \"Price\""}',
          'a schema, table and columns with spaces, capitals and quotes: names logged as they are, the ignored one left out');

-------------------------------------------------------------------------------------------------
-- Context: who, from where, when.

CREATE TABLE audit_tap.context (id int PRIMARY KEY, v text);
SELECT steward.enable_audit('audit_tap.context');
GRANT INSERT, UPDATE, SELECT ON audit_tap.context TO steward_tap_audit_writer;
SET LOCAL application_name = 'audit tap';
INSERT INTO audit_tap.context VALUES (1, 'a');
SELECT is((SELECT format('%s %s %s %s %s', db_user, session_user_name, coalesce(app_user, 'NULL'), application_name,
                         coalesce(statement, 'NULL'))
             FROM pg_temp.last_of('audit_tap.context')),
          format('%s %s NULL audit tap NULL', current_user, session_user),
          'db_user and session_user_name; app_user NULL when unset; application_name; no statement by default');
SELECT ok((SELECT backend_pid = pg_backend_pid() AND txid = pg_current_xact_id() AND occurred_at = transaction_timestamp()
                  AND recorded_at >= occurred_at AND recorded_at <= clock_timestamp()
                  AND client_addr IS NOT DISTINCT FROM inet_client_addr() AND client_port IS NOT DISTINCT FROM inet_client_port()
             FROM pg_temp.last_of('audit_tap.context')),
          'backend_pid, txid, occurred_at (transaction start), recorded_at, client address and port');
SET LOCAL steward.app_user = 'alice@example.com';
SELECT pg_temp.exec_as('steward_tap_audit_writer', 'INSERT INTO audit_tap.context VALUES (2, ''b'')');
SELECT is((SELECT format('%s %s %s', db_user, session_user_name, app_user) FROM pg_temp.last_of('audit_tap.context')),
          format('steward_tap_audit_writer %s alice@example.com', session_user),
          'under SET ROLE: db_user is the role, session_user_name the login; app_user from SET LOCAL steward.app_user');
RESET steward.app_user;
SET LOCAL steward.audit_statement_text = on;
UPDATE audit_tap.context SET v = 'logged with its text' WHERE id = 1;
RESET steward.audit_statement_text;
SELECT is((pg_temp.last_of('audit_tap.context')).statement, $$UPDATE audit_tap.context SET v = 'logged with its text' WHERE id = 1;$$,
          'with steward.audit_statement_text on, the statement text is logged');
UPDATE audit_tap.context SET v = 'without its text' WHERE id = 1;
SELECT is((SELECT coalesce(app_user, 'NULL') || ' ' || coalesce(statement, 'NULL') FROM pg_temp.last_of('audit_tap.context')), 'NULL NULL',
          'after RESET app_user is NULL again, and with steward.audit_statement_text off no statement is logged');
SELECT throws_ok($$ SELECT pg_temp.exec_as('steward_tap_audit_writer', 'SET steward.audit_statement_text = on') $$,
                 '42501', NULL, 'steward.audit_statement_text is a superuser setting');

-------------------------------------------------------------------------------------------------
-- Partitioned tables.

CREATE TABLE audit_tap.events (id int, k int, v text) PARTITION BY RANGE (k);
CREATE TABLE audit_tap.events_1 PARTITION OF audit_tap.events FOR VALUES FROM (0) TO (10);
SELECT steward.enable_audit('audit_tap.events');
CREATE TABLE audit_tap.events_2 PARTITION OF audit_tap.events FOR VALUES FROM (10) TO (20);
CREATE TABLE audit_tap.events_3 (id int, k int, v text);
ALTER TABLE audit_tap.events ATTACH PARTITION audit_tap.events_3 FOR VALUES FROM (20) TO (30);
INSERT INTO audit_tap.events VALUES (1, 1, 'a'), (2, 11, 'b'), (3, 21, 'c');
UPDATE audit_tap.events SET v = v || '!';
SELECT is((SELECT string_agg(relation::regclass || ' ' || operation, ', ' ORDER BY id) FROM steward.audit_log
            WHERE relation IN ('audit_tap.events_1'::regclass, 'audit_tap.events_2'::regclass, 'audit_tap.events_3'::regclass)
              AND operation <> 'DDL'),
          'audit_tap.events_1 INSERT, audit_tap.events_2 INSERT, audit_tap.events_3 INSERT, audit_tap.events_1 UPDATE, '
          'audit_tap.events_2 UPDATE, audit_tap.events_3 UPDATE',
          'rows of every partition are logged with the partition as relation, also of partitions created or attached later');
SELECT is((SELECT string_agg(table_name || ' ' || partitioned, ', ') FROM steward.audited_tables WHERE schema_name = 'audit_tap'
              AND table_name LIKE 'events%'),
          'events true', 'audited_tables lists the partitioned parent only');
TRUNCATE audit_tap.events_1;
TRUNCATE audit_tap.events_2;
SELECT is((SELECT string_agg(relation::regclass || ' ' || operation, ', ' ORDER BY id) FROM steward.audit_log
            WHERE relation IN ('audit_tap.events_1'::regclass, 'audit_tap.events_2'::regclass) AND operation = 'TRUNCATE'),
          'audit_tap.events_1 TRUNCATE, audit_tap.events_2 TRUNCATE',
          'a TRUNCATE of one partition is logged, also of a partition created after enable_audit()');
TRUNCATE audit_tap.events_3;
SELECT is((SELECT count(*) FROM steward.audit_log WHERE relation = 'audit_tap.events_3'::regclass AND operation = 'TRUNCATE'),
          1::bigint, 'a TRUNCATE of a partition attached after enable_audit() is logged');
SELECT steward.enable_audit('audit_tap.events_2');
SELECT is((SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_tap.events_2'::regclass AND tgname = 'steward_audit'), 1::bigint,
          'enable_audit() on a partition of an audited table (a NOTICE says it is covered) creates no second trigger');
SELECT is((SELECT string_agg(operation || ' ' || relation::regclass, ', ' ORDER BY id) FROM steward.row_history('audit_tap.events', '{"id": 2}')),
          'INSERT audit_tap.events_2, UPDATE audit_tap.events_2', 'row_history() of the parent finds a row''s versions in its partition');

-------------------------------------------------------------------------------------------------
-- Transactions: only what commits is logged.

CREATE TABLE audit_tap.tx (id int PRIMARY KEY, v text);
SELECT steward.enable_audit('audit_tap.tx');
INSERT INTO audit_tap.tx VALUES (1, 'outer');
SELECT throws_ok($$ INSERT INTO audit_tap.tx VALUES (10, 'first of a failing statement'), (1, 'duplicate') $$, '23505',
                 NULL, 'a statement that fails half-way (a duplicate key in its second row)');
SELECT is(pg_temp.ops('audit_tap.tx'), 'INSERT', 'leaves no log row, not even for the row it inserted before failing');
SAVEPOINT before_inner;
INSERT INTO audit_tap.tx VALUES (2, 'inner, rolled back');
UPDATE audit_tap.tx SET v = 'changed, rolled back' WHERE id = 1;
ROLLBACK TO SAVEPOINT before_inner;
SAVEPOINT kept;
INSERT INTO audit_tap.tx VALUES (3, 'inner, released');
RELEASE SAVEPOINT kept;
INSERT INTO audit_tap.tx VALUES (4, 'outer again');
SELECT is((SELECT string_agg(new_row->>'v', ', ' ORDER BY id) FROM pg_temp.log_of('audit_tap.tx')),
          'outer, inner, released, outer again',
          'a subtransaction rolled back leaves none of its rows; the outer ones and a released one stay');

-- Log rows wait in batches of their (sub)transaction and are written when a batch is full and
-- when the statement ends: 2,500 rows cross two batches, each row's trigger writes a row of another
-- audited table in a subtransaction of its own (an exception block), every second one rolled back.
CREATE TABLE audit_tap.side (id int);
CREATE TABLE audit_tap.bulk (id int PRIMARY KEY);
-- Fires after the audit trigger of side (by name): the row it rejects is logged, then rolled back.
CREATE FUNCTION audit_tap.reject_even() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id % 2 = 0 THEN
        RAISE EXCEPTION 'even';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER z_reject AFTER INSERT ON audit_tap.side FOR EACH ROW EXECUTE FUNCTION audit_tap.reject_even();
CREATE FUNCTION audit_tap.bulk_side() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        INSERT INTO audit_tap.side VALUES (NEW.id);
    EXCEPTION WHEN raise_exception THEN
        NULL;
    END;
    RETURN NULL;
END $$;
CREATE TRIGGER a_side AFTER INSERT ON audit_tap.bulk FOR EACH ROW EXECUTE FUNCTION audit_tap.bulk_side();
CREATE TRIGGER z_side AFTER INSERT ON audit_tap.bulk FOR EACH ROW EXECUTE FUNCTION audit_tap.bulk_side();
SELECT steward.enable_audit('audit_tap.side');
SELECT steward.enable_audit('audit_tap.bulk');
INSERT INTO audit_tap.bulk SELECT g FROM generate_series(1, 2500) g;
SELECT is((SELECT format('%s %s %s', count(*), count(DISTINCT new_row->>'id'), sum((new_row->>'id')::int))
             FROM pg_temp.log_of('audit_tap.bulk')),
          '2500 2500 3126250', 'a statement of 2,500 rows: each row logged once, visible when the statement ends');
SELECT is((SELECT format('%s %s', count(*), count(*) FILTER (WHERE (new_row->>'id')::int % 2 = 1)) FROM pg_temp.log_of('audit_tap.side')),
          '2500 2500',
          'rows written by triggers in subtransactions: those rolled back leave none, the others one each (two triggers)');
COPY audit_tap.bulk FROM STDIN;
5001
5002
\.
SELECT is((SELECT string_agg(new_row->>'id', ' ' ORDER BY id) FROM pg_temp.log_of('audit_tap.bulk') WHERE (new_row->>'id')::int > 5000),
          '5001 5002', 'COPY FROM: its rows are logged when it ends');
-- An index of the administrator's own on the log, with an expression and a predicate, is kept.
CREATE INDEX audit_record_bulk_id ON steward.audit_record (((new_row->>'id')::int)) WHERE table_name = 'bulk';
INSERT INTO audit_tap.bulk SELECT g FROM generate_series(6001, 6010) g;
SET LOCAL enable_seqscan = off;
SET LOCAL enable_bitmapscan = off;
SELECT is((SELECT count(*) FROM steward.audit_record WHERE table_name = 'bulk' AND (new_row->>'id')::int BETWEEN 6001 AND 6100),
          10::bigint, 'an expression index with a predicate on steward.audit_record gets the new rows');
RESET enable_seqscan;
RESET enable_bitmapscan;
-- The log's BRIN index on (id, txid) is written once per page range and batch, with the least
-- and the greatest values: rows added to a range already summarized are still found through it.
SELECT brin_summarize_new_values('steward.audit_record_range'::regclass) \g /dev/null
CREATE TEMP TABLE before_range AS SELECT max(id) AS id FROM steward.audit_record;
CREATE TABLE audit_tap.ranges (id int);
SELECT steward.enable_audit('audit_tap.ranges');
INSERT INTO audit_tap.ranges SELECT g FROM generate_series(1, 300) g;
SET LOCAL enable_seqscan = off;
SET LOCAL enable_indexscan = off;
CREATE TEMP TABLE top_ids AS SELECT id FROM steward.audit_record ORDER BY id DESC LIMIT 10;
SELECT is((SELECT count(*) FROM steward.audit_record WHERE id >= (SELECT min(id) FROM top_ids))
           || ' ' || (SELECT count(*) FROM steward.audit_record
                       WHERE txid >= pg_current_xact_id() AND table_name = 'ranges' AND operation <> 'DDL'),
          '10 300',
          'a BRIN scan of the log by id and by txid finds every row, also those added after the last range was summarized');
RESET enable_seqscan;
RESET enable_indexscan;

-------------------------------------------------------------------------------------------------
-- DDL on audited tables.

CREATE TABLE audit_tap.ddl (id int PRIMARY KEY, v text);
SELECT steward.enable_audit('audit_tap.ddl');
CREATE TEMP TABLE ddl_table AS SELECT 'audit_tap.ddl'::regclass::oid AS oid;
SELECT is((SELECT string_agg(format('%s %s', new_row->>'command_tag', new_row->>'object_identity'), ', ' ORDER BY id)
             FROM pg_temp.ddl_of('audit_tap.ddl')),
          'CREATE TRIGGER steward_audit on audit_tap.ddl, CREATE TRIGGER steward_audit_truncate on audit_tap.ddl',
          'enable_audit() logs a DDL row for each audit trigger it creates: when the audit of a table started');
ALTER TABLE audit_tap.ddl ADD COLUMN w int;
SELECT is((SELECT format('%s %s %s %s', operation, schema_name, table_name, coalesce(new_row, old_row)) FROM pg_temp.ddl_of('audit_tap.ddl')
            ORDER BY id DESC LIMIT 1),
          'DDL audit_tap ddl {"command_tag": "ALTER TABLE", "object_identity": "audit_tap.ddl"}',
          'ALTER TABLE on an audited table logs a DDL row with the command tag and the object identity');
CREATE TABLE audit_tap.not_audited (id int);
ALTER TABLE audit_tap.not_audited ADD COLUMN w int;
SELECT is((SELECT count(*) FROM steward.audit_log WHERE relation = 'audit_tap.not_audited'::regclass OR table_name = 'not_audited'),
          0::bigint, 'DDL on a table that is not audited is not logged');
DROP TABLE audit_tap.ddl;
SELECT is((SELECT format('%s %s %s %s', operation, schema_name, table_name, coalesce(new_row, old_row))
             FROM pg_temp.ddl_of((SELECT oid FROM ddl_table)) ORDER BY id DESC LIMIT 1),
          'DDL audit_tap ddl {"command_tag": "DROP TABLE", "object_identity": "audit_tap.ddl"}',
          'DROP TABLE of an audited table logs a DDL row that keeps the relation''s OID, schema and name');

CREATE TABLE audit_tap.disabled (id int);
SELECT steward.enable_audit('audit_tap.disabled');
CREATE TEMP TABLE disabled_table AS SELECT 'audit_tap.disabled'::regclass::oid AS oid, (SELECT max(id) FROM steward.audit_log) AS mark;
SELECT steward.disable_audit('audit_tap.disabled');
SELECT is((SELECT count(*) FROM steward.audit_log, disabled_table
            WHERE operation = 'DDL' AND schema_name = 'audit_tap' AND table_name = 'disabled' AND id > mark),
          1::bigint, 'disable_audit() logs one DDL row');
SELECT is((SELECT count(*) FROM pg_temp.ddl_of((SELECT oid FROM disabled_table)), disabled_table WHERE id > mark), 1::bigint,
          'that row names the table''s OID in relation');

-- DDL by the table's owner, who is neither the extension's owner nor a superuser.
SELECT pg_temp.exec_as('steward_tap_audit_owner', 'CREATE TABLE audit_tap.owned (id int)');
SELECT steward.enable_audit('audit_tap.owned');
SELECT pg_temp.exec_as('steward_tap_audit_owner', 'ALTER TABLE audit_tap.owned ADD COLUMN v text');
SELECT pg_temp.exec_as('steward_tap_audit_owner', 'INSERT INTO audit_tap.owned VALUES (1, ''x'')');
SELECT is((SELECT db_user::text FROM pg_temp.last_of('audit_tap.owned')), 'steward_tap_audit_owner',
          'a row changed by the table''s owner is logged with db_user = that role');
SELECT is((SELECT db_user::text FROM pg_temp.ddl_of('audit_tap.owned') ORDER BY id DESC LIMIT 1),
          'steward_tap_audit_owner', 'its ALTER TABLE is logged with db_user = that role');

-------------------------------------------------------------------------------------------------
-- Append-only, and who may read.

SELECT throws_ok($$ UPDATE steward.audit_log SET app_user = 'mallory' $$, '42501', 'steward.audit_log is append-only: UPDATE is not allowed',
                 'UPDATE of steward.audit_log is refused, even for the superuser');
SELECT throws_ok($$ DELETE FROM steward.audit_log $$, '42501', 'steward.audit_log is append-only: DELETE is not allowed', 'DELETE too');
SELECT throws_ok($$ INSERT INTO steward.audit_record SELECT * FROM steward.audit_record LIMIT 1 $$, '42501',
                 'steward.audit_log is append-only: INSERT is not allowed', 'INSERT into its table too');
SELECT throws_ok($$ TRUNCATE steward.audit_record $$, '42501', 'steward.audit_log is append-only: TRUNCATE is not allowed', 'TRUNCATE too');
SELECT throws_ok($$ UPDATE steward.audit_record SET app_user = 'mallory' $$, '42501', 'steward.audit_log is append-only: UPDATE is not allowed',
                 'UPDATE of its table too');
-- (UPDATE and DELETE of steward.audit_block: below, on sealed blocks; the row guard needs rows.)
SELECT throws_ok($$ SELECT steward_test.run_as('steward_tap_audit_nobody', 'SELECT * FROM steward.audit_log') $$, '42501',
                 'permission denied for view audit_log', 'a role without grants cannot read steward.audit_log');

-------------------------------------------------------------------------------------------------
-- row_history().

CREATE TABLE audit_tap.customers (id int PRIMARY KEY, name text);
SELECT steward.enable_audit('audit_tap.customers');
INSERT INTO audit_tap.customers VALUES (1, 'Ann'), (2, 'Bob'), (11, 'Ann');
UPDATE audit_tap.customers SET name = 'Anne' WHERE id = 1;
UPDATE audit_tap.customers SET name = 'Bobby' WHERE id = 2;
UPDATE audit_tap.customers SET id = 12 WHERE id = 1;
DELETE FROM audit_tap.customers WHERE id = 12;
SELECT is((SELECT string_agg(operation || ' ' || coalesce(old_row->>'name', '-') || '>' || coalesce(new_row->>'name', '-'), ', ' ORDER BY id)
             FROM steward.row_history('audit_tap.customers', '{"id": 1}')),
          'INSERT ->Ann, UPDATE Ann>Anne, UPDATE Anne>Anne',
          'row_history(t, ''{"id": 1}'') returns the versions of row 1 in order, up to the change of its key');
SELECT is((SELECT string_agg(operation, ' ' ORDER BY id) FROM steward.row_history('audit_tap.customers', '{"id": 12}')),
          'UPDATE DELETE', 'and under its new key the change of key and the DELETE');

-------------------------------------------------------------------------------------------------
-- Masking of RESTRICTED columns.

CREATE TABLE audit_tap.payments (id int PRIMARY KEY, card text, holder text, pin text);
SELECT steward.enable_audit('audit_tap.payments');
INSERT INTO audit_tap.payments VALUES (1, '4111111111111111', 'Ann', '1234');
SELECT is((pg_temp.last_of('audit_tap.payments')).new_row->>'card', '4111111111111111',
          'before the column is classified its values are logged as they are');
SELECT steward.set_classification('audit_tap.payments', 'card', 'credit_card');
INSERT INTO audit_tap.payments VALUES (2, '4111111111111111', 'Bob', '1234'), (3, '4012888888881881', 'Cid', '9999');
UPDATE audit_tap.payments SET holder = 'Bobby' WHERE id = 2;
CREATE TEMP TABLE masked AS
    SELECT l.id, l.operation, l.old_row, l.new_row, l.changed_columns, p.card AS plain
      FROM pg_temp.log_of('audit_tap.payments') l JOIN audit_tap.payments p ON p.id = (l.new_row->>'id')::int
     WHERE l.id > (SELECT min(id) FROM pg_temp.log_of('audit_tap.payments'));
SELECT is((SELECT count(*) FROM masked WHERE new_row->>'card' ~ '^hmac-sha256:[0-9a-f]{64}$'), 3::bigint,
          'after set_classification(card, credit_card) (RESTRICTED), new log rows hold hmac-sha256:<64 hex digits>');
SELECT is((SELECT count(*) FROM masked
            WHERE new_row->>'card' = 'hmac-sha256:' || encode(audit_tap.hmac(convert_to(plain, 'UTF8'), (SELECT key FROM steward.audit_key), 'sha256'), 'hex')),
          3::bigint, 'the value is the HMAC-SHA-256 of the text with the key of steward.audit_key');
SELECT is((SELECT count(DISTINCT new_row->>'card') || ' ' || count(DISTINCT new_row->>'card') FILTER (WHERE plain = '4111111111111111')
             FROM masked), '2 1', 'equal values give equal hashes, different values differ');
SELECT is((SELECT changed_columns::text || ' ' || (old_row->>'card' = new_row->>'card') || ' ' || (new_row->>'holder') FROM masked WHERE operation = 'UPDATE'),
          '{holder} true Bobby', 'an UPDATE of another column: the masked value is the same hash, the other column in clear');
SELECT is((SELECT count(*) FROM masked WHERE old_row::text LIKE '%4111111111111111%' OR new_row::text LIKE '%4111111111111111%'
              OR new_row::text LIKE '%4012888888881881%'), 0::bigint, 'the card numbers appear nowhere in the new rows');
SELECT steward.set_classification('audit_tap.payments', 'pin', 'secret');
INSERT INTO audit_tap.payments VALUES (4, '4012888888881881', 'Dee', '5555');
SELECT is((SELECT new_row->>'card' FROM pg_temp.last_of('audit_tap.payments')),
          'hmac-sha256:' || encode(audit_tap.hmac(convert_to('4012888888881881', 'UTF8'), (SELECT key FROM steward.audit_key), 'sha256'), 'hex'),
          'with two RESTRICTED columns, each is its own value''s HMAC: card');
SELECT is((SELECT new_row->>'pin' FROM pg_temp.last_of('audit_tap.payments')),
          'hmac-sha256:' || encode(audit_tap.hmac(convert_to('5555', 'UTF8'), (SELECT key FROM steward.audit_key), 'sha256'), 'hex'),
          'with two RESTRICTED columns, each is its own value''s HMAC: pin');
SELECT throws_ok($$ SELECT steward_test.run_as('steward_tap_audit_writer', 'SELECT * FROM steward.audit_key') $$, '42501',
                 'permission denied for table audit_key', 'steward.audit_key is not readable by a normal role');

-------------------------------------------------------------------------------------------------
-- verify_audit(): bad arguments.

SELECT throws_ok($$ SELECT * FROM steward.verify_audit(digest => 'not a digest') $$, '22023', 'invalid audit digest "not a digest"',
                 'a malformed digest: 22023');
SELECT throws_ok($$ SELECT * FROM steward.verify_audit(digest => '3:' || repeat('zz', 32)) $$, '22023', NULL,
                 'a digest whose hash is not hexadecimal: 22023');
SELECT throws_ok($$ SELECT * FROM steward.verify_audit(5, 2) $$, '22023', 'from_block 5 is after to_block 2', 'from_block after to_block: 22023');

-------------------------------------------------------------------------------------------------
-- Sealing and verification, in the chain database (committed transactions).

SELECT dblink_connect('audit_admin', steward_test.conninfo(current_database())) \g /dev/null
SELECT dblink_exec('audit_admin', 'DROP DATABASE IF EXISTS steward_tap_audit_chain WITH (FORCE)') \g /dev/null
SELECT dblink_exec('audit_admin', 'CREATE DATABASE steward_tap_audit_chain') \g /dev/null
SELECT dblink_connect('audit_chain', steward_test.conninfo('steward_tap_audit_chain')) \g /dev/null
SELECT pg_temp.rx($$ SET client_min_messages = warning;
                     CREATE EXTENSION pg_steward;
                     CREATE SCHEMA chain;
                     CREATE TABLE chain.accounts (id int PRIMARY KEY, owner text, balance int) $$) \g /dev/null
SELECT pg_temp.r($$SELECT steward.enable_audit('chain.accounts')::text$$) \g /dev/null
SELECT pg_temp.rx(pg_temp.canonical_sql()) \g /dev/null
-- Block 1: whatever setting up logged, and one row for sure.
SELECT pg_temp.rx($$ INSERT INTO chain.accounts VALUES (0, 'set-up', 0) $$) \g /dev/null
SELECT pg_temp.r('SELECT steward.seal_audit()') \g /dev/null

-- NOTICEs (psql in the chain database).
SELECT is(pg_temp.notices($$SELECT steward.enable_audit('chain.accounts')$$), 'NOTICE:  chain.accounts is already audited',
          'enable_audit() twice: a NOTICE');
SELECT is(pg_temp.notices($$SELECT steward.enable_audit('chain.accounts', '{owner}')$$), 'NOTICE:  audit of chain.accounts changed',
          'enable_audit() with other arguments: a NOTICE that it changed');
SELECT is(pg_temp.notices($$CREATE TABLE chain.plain (id int); SELECT steward.disable_audit('chain.plain')$$),
          'NOTICE:  chain.plain is not audited', 'disable_audit() of a table that is not audited: a NOTICE');

-- Blocks 2, 3, 4.
SELECT pg_temp.rx($$ INSERT INTO chain.accounts VALUES (1, 'ann', 100), (2, 'bob', 50), (3, 'cid', 0) $$) \g /dev/null
SELECT is(pg_temp.r('SELECT steward.seal_audit()'), '3', 'seal_audit() seals the 3 rows of a committed transaction');
SELECT is(pg_temp.r('SELECT steward.seal_audit()'), '0', 'and returns 0 when nothing is new');
SELECT pg_temp.rx($$ BEGIN; UPDATE chain.accounts SET balance = balance - 10 WHERE id = 1;
                            UPDATE chain.accounts SET balance = balance + 10 WHERE id = 2; COMMIT $$) \g /dev/null
SELECT pg_temp.rx($$ INSERT INTO chain.accounts VALUES (4, 'dee', 7) $$) \g /dev/null
SELECT pg_temp.rx($$ BEGIN; INSERT INTO chain.accounts VALUES (5, 'rolled back', 1); ROLLBACK $$) \g /dev/null
SELECT is(pg_temp.r($$SELECT count(*) FROM steward.audit_log WHERE operation <> 'DDL'$$), '7',
          'a transaction rolled back leaves no log row');
SELECT pg_temp.r('SELECT steward.seal_audit()') AS second_seal \gset
SELECT pg_temp.rx($$ DELETE FROM chain.accounts WHERE id = 3 $$) \g /dev/null
SELECT is(:'second_seal' || ' ' || pg_temp.r('SELECT steward.seal_audit()'), '3 1',
          'the next seals take the rows of the two transactions committed since (3), then of the DELETE (1)');

CREATE TEMP TABLE chain AS
    SELECT * FROM dblink('audit_chain', 'SELECT b.block_id, l.id, l.operation FROM steward.audit_block b
                                           CROSS JOIN unnest(b.log_ids) i(id) JOIN steward.audit_log l ON l.id = i.id
                                          WHERE b.block_id > 1')
                  AS t(block_id bigint, id bigint, operation text);
SELECT is((SELECT string_agg(block_id || ':' || operation, ' ' ORDER BY block_id, id) FROM chain),
          '2:INSERT 2:INSERT 2:INSERT 3:UPDATE 3:UPDATE 3:INSERT 4:DELETE', 'blocks 2 to 4 hold the 7 rows');
SELECT is(pg_temp.r($$SELECT count(*) = count(DISTINCT i.id) AND count(*) = (SELECT count(*) FROM steward.audit_log)
                       FROM steward.audit_block b CROSS JOIN unnest(b.log_ids) i(id)$$), 't',
          'every log row is in exactly one block');
SELECT is(pg_temp.r($$SELECT string_agg(block_id || ':' || chained || ':' || hashed, ' ' ORDER BY block_id)
                        FROM (SELECT block_id,
                                     previous_hash = coalesce(lag(block_hash) OVER (ORDER BY block_id), ('\x' || repeat('00', 32))::bytea) AS chained,
                                     block_hash = sha256(previous_hash || rows_hash) AS hashed
                                FROM steward.audit_block) b$$),
          '1:true:true 2:true:true 3:true:true 4:true:true',
          'blocks chain: previous_hash is the block_hash of the block before (32 zero bytes for block 1), block_hash = SHA-256(previous_hash || rows_hash)');
SELECT is(pg_temp.r($$SELECT string_agg((rows_hash = (SELECT sha256(string_agg(l.row_hash, ''::bytea ORDER BY l.id))
                                                        FROM steward.audit_log l WHERE l.id = ANY (b.log_ids)))::text, ' ' ORDER BY block_id)
                        FROM steward.audit_block b$$), 'true true true true',
          'rows_hash is the SHA-256 of the rows'' hashes in id order');
SELECT is(pg_temp.r($$SELECT count(*) FILTER (WHERE row_hash IS DISTINCT FROM sha256(pg_temp.canonical(l))) FROM steward.audit_record l$$),
          '0', 'row_hash is the SHA-256 of the stored row''s canonical form (verify.cpp''s kCanonicalColumns)');

SELECT throws_ok($$ SELECT pg_temp.rx('UPDATE steward.audit_block SET row_count = 0') $$, '42501',
                 'steward.audit_block is append-only: UPDATE is not allowed', 'UPDATE of a sealed block is refused, even for the superuser');
SELECT throws_ok($$ SELECT pg_temp.rx('DELETE FROM steward.audit_block WHERE block_id = 4') $$, '42501',
                 'steward.audit_block is append-only: DELETE is not allowed', 'DELETE too');

-- An intact trail.
SELECT is(pg_temp.r($$SELECT string_agg(format('%s/%s %s: %s', block_id, coalesce(log_id::text, '-'), status, detail), '; ') FROM steward.verify_audit()$$),
          format('4/- OK: 4 blocks and %s rows verified', pg_temp.r('SELECT count(*) FROM steward.audit_log')),
          'verify_audit() on an intact trail: a single OK row');
CREATE TEMP TABLE digest AS SELECT * FROM dblink('audit_chain', 'SELECT block_id, block_hash, digest FROM steward.audit_digest()')
                                 AS t(block_id bigint, block_hash text, digest text);
SELECT is((SELECT block_id || ' ' || (digest = block_id || ':' || block_hash) || ' ' || block_hash FROM digest),
          '4 true ' || pg_temp.r($$SELECT encode(block_hash, 'hex') FROM steward.audit_block WHERE block_id = 4$$),
          'audit_digest(): the last block, its hash, and both as <block>:<hash>');
SELECT is(pg_temp.problems(format('digest => %L', (SELECT digest FROM digest))), '4/- OK', 'verify_audit() with that digest: OK');
SELECT is(pg_temp.problems('3, 4') || ', ' || pg_temp.problems('to_block => 2'), '4/- OK, 2/- OK',
          'verify_audit(3, 4) and verify_audit(to_block => 2): OK, naming the last block verified');

-- Tampering, each rolled back.
CREATE TEMP TABLE ids AS
    SELECT (SELECT min(id) FROM chain WHERE block_id = 2) AS a1,
           (SELECT max(id) FROM chain WHERE block_id = 2) AS a3,
           (SELECT min(id) FROM chain WHERE operation = 'UPDATE') AS u1,
           (SELECT max(id) FROM chain WHERE operation = 'UPDATE') AS u2,
           (SELECT id FROM chain WHERE block_id = 3 AND operation = 'INSERT') AS i4,
           (SELECT id FROM chain WHERE block_id = 4) AS d3,
           (SELECT max(id) FROM chain) + 1000 AS forged;
SELECT is(pg_temp.tampered(format($$UPDATE steward.audit_record SET new_row = jsonb_set(new_row, '{balance}', '1000000') WHERE id = %s$$, u1)),
          format('3/%s modified row', u1), 'a modified new_row: ''modified row'', naming the block and the row')
  FROM ids;
SELECT is(pg_temp.tampered(format($$UPDATE steward.audit_record SET db_user = 'somebody_else' WHERE id = %s$$, a1)),
          format('2/%s modified row', a1), 'a modified db_user: ''modified row''')
  FROM ids;
SELECT is(pg_temp.tampered(format($$UPDATE steward.audit_record SET new_row = jsonb_set(new_row, '{balance}', '1000000') WHERE id = %1$s;
                                    UPDATE steward.audit_record l SET row_hash = sha256(pg_temp.canonical(l)) WHERE id = %1$s$$, u1)),
          '3/- modified block', 'a modified row whose row_hash is recomputed: its block''s rows_hash no longer matches')
  FROM ids;
SELECT is(pg_temp.tampered(format($$UPDATE steward.audit_record SET new_row = jsonb_set(new_row, '{balance}', '1000000') WHERE id = %1$s;
                                    UPDATE steward.audit_record l SET row_hash = sha256(pg_temp.canonical(l)) WHERE id = %1$s;
                                    UPDATE steward.audit_block b SET rows_hash = (SELECT sha256(string_agg(l.row_hash, ''::bytea ORDER BY l.id))
                                                                                   FROM steward.audit_record l WHERE l.id = ANY (b.log_ids))
                                     WHERE block_id = 3;
                                    UPDATE steward.audit_block SET block_hash = sha256(previous_hash || rows_hash) WHERE block_id = 3$$, u1)),
          '4/- modified block', '... and its block''s hashes too: the next block''s previous_hash no longer matches')
  FROM ids;
SELECT is(pg_temp.tampered(format($$DELETE FROM steward.audit_record WHERE id = %s$$, a3)),
          format('2/%s deleted row', a3), 'a deleted row: ''deleted row''')
  FROM ids;
SELECT is(pg_temp.tampered(format($$UPDATE steward.audit_record SET id = CASE id WHEN %1$s THEN %2$s ELSE %1$s END WHERE id IN (%1$s, %2$s)$$, u1, u2)),
          format('3/%s reordered rows; 3/%s reordered rows', u1, u2), 'two rows whose ids are swapped: ''reordered rows''')
  FROM ids;
SELECT is(pg_temp.tampered(format($$INSERT INTO steward.audit_record
                                     SELECT %s, occurred_at, recorded_at, txid, relation, schema_name, table_name, operation, old_row,
                                            new_row, db_user, session_user_name, app_user, application_name,
                                            client_addr, client_port, backend_pid, statement, row_hash
                                       FROM steward.audit_record WHERE id = %s$$, forged, i4)),
          format('-/%s forged row', forged), 'a row inserted as a copy of another with a new id: ''forged row''')
  FROM ids;
SELECT is(pg_temp.tampered($$UPDATE steward.audit_block SET rows_hash = sha256('forged') WHERE block_id = 3$$),
          '3/- modified block', 'a block whose rows_hash is changed: ''modified block''');
SELECT is(pg_temp.tampered($$UPDATE steward.audit_block SET block_hash = sha256('forged') WHERE block_id = 3$$),
          '3/- modified block; 4/- modified block', 'a block whose block_hash is changed: ''modified block'', and the next block''s link');
SELECT is(pg_temp.tampered(format($$UPDATE steward.audit_block SET log_ids = array_remove(log_ids, %s), row_count = row_count - 1
                                     WHERE block_id = 3$$, i4)),
          format('-/%s forged row; 3/- modified block', i4), 'a row taken out of its block''s list: ''modified block'' (and the row, in no block, ''forged row'')')
  FROM ids;
SELECT ok(strpos(pg_temp.tampered($$DELETE FROM steward.audit_block WHERE block_id = 3$$), '4/- removed block') > 0,
          'a block removed in the middle: ''removed block''');
SELECT is(pg_temp.tampered($$DELETE FROM steward.audit_block WHERE block_id = 4$$, format('digest => %L', (SELECT digest FROM digest))),
          '4/- truncated tail', 'the last block removed, with the digest taken before: ''truncated tail''');
SELECT is(pg_temp.tampered($$DELETE FROM steward.audit_block WHERE block_id = 4$$), '3/- OK',
          'without the digest a removed tail cannot be seen (what the digest is for)');
-- The whole last block rewritten consistently: only the digest can tell.
SELECT is(pg_temp.tampered(format($$UPDATE steward.audit_record SET old_row = jsonb_set(old_row, '{owner}', '"nobody"') WHERE id = %1$s;
                                    UPDATE steward.audit_record l SET row_hash = sha256(pg_temp.canonical(l)) WHERE id = %1$s;
                                    UPDATE steward.audit_block b SET rows_hash = (SELECT sha256(string_agg(l.row_hash, ''::bytea ORDER BY l.id))
                                                                                   FROM steward.audit_record l WHERE l.id = ANY (b.log_ids))
                                     WHERE block_id = 4;
                                    UPDATE steward.audit_block SET block_hash = sha256(previous_hash || rows_hash) WHERE block_id = 4$$, d3),
                           format('digest => %L', (SELECT digest FROM digest))),
          '4/- modified block', 'the last block rewritten with consistent hashes: the digest catches it')
  FROM ids;
-- Ranges.
SELECT is(pg_temp.tampered(format($$UPDATE steward.audit_record SET db_user = 'somebody_else' WHERE id = %s$$, a1), '3, 4'),
          '4/- OK', 'verify_audit(3, 4) does not look at the rows of block 2')
  FROM ids;
SELECT is(pg_temp.tampered(format($$UPDATE steward.audit_record SET db_user = 'somebody_else' WHERE id = %s$$, a1), '2, 2'),
          format('2/%s modified row', a1), 'verify_audit(2, 2) does')
  FROM ids;
SELECT is(pg_temp.tampered($$UPDATE steward.audit_block SET block_hash = sha256('forged') WHERE block_id = 2$$, 'from_block => 3'),
          '3/- modified block', 'verify_audit(from_block => 3) checks block 3''s link to block 2');

-- seal_audit() in a transaction that wrote audited rows itself (it keeps other sealers out until
-- it ends): each row is sealed once.
SELECT pg_temp.rx($$ BEGIN; INSERT INTO chain.accounts VALUES (6, 'sealer', 1) $$) \g /dev/null
SELECT pg_temp.r('SELECT steward.seal_audit()') \g /dev/null
SELECT pg_temp.rx('COMMIT') \g /dev/null
SELECT is(pg_temp.r('SELECT steward.seal_audit()'), '0', 'seal_audit() after a transaction that sealed its own row: nothing new');
SELECT pg_temp.rx($$ BEGIN; INSERT INTO chain.accounts VALUES (7, 'sealed twice?', 1) $$) \g /dev/null
SELECT pg_temp.r('SELECT steward.seal_audit()') AS own_first \gset
SELECT pg_temp.rx($$ INSERT INTO chain.accounts VALUES (8, 'between its seals', 1) $$) \g /dev/null
SELECT pg_temp.r('SELECT steward.seal_audit()') AS own_second \gset
SELECT pg_temp.rx($$ INSERT INTO chain.accounts VALUES (9, 'after its seals', 1) $$) \g /dev/null
SELECT pg_temp.rx('COMMIT') \g /dev/null
SELECT is(:'own_first' || ' ' || :'own_second' || ' ' || pg_temp.r('SELECT steward.seal_audit()'), '1 1 1',
          'a transaction that sealed twice: each of its seals took its newest row, the next seal the row after them');
SELECT is(pg_temp.r($$SELECT count(*) = count(DISTINCT i.id) AND count(*) = (SELECT count(*) FROM steward.audit_log)
                       FROM steward.audit_block b CROSS JOIN unnest(b.log_ids) i(id)$$), 't',
          'every log row is in exactly one block');
SELECT is(pg_temp.problems(), format('%s/- OK', pg_temp.r('SELECT max(block_id) FROM steward.audit_block')), 'and the trail verifies');

SELECT dblink_disconnect('audit_chain') \g /dev/null
SELECT dblink_exec('audit_admin', 'DROP DATABASE steward_tap_audit_chain WITH (FORCE)') \g /dev/null
SELECT dblink_disconnect('audit_admin') \g /dev/null

SELECT * FROM finish();
ROLLBACK;
