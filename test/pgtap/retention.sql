-- Retention (issue 9, src/retention/): policies and their checks, the preview, and
-- apply_retention() deleting, anonymizing, detaching and dropping on real tables (quoted names,
-- foreign keys, partitions with a default, inheritance). apply_retention() is a procedure that
-- commits, so it runs through dblink on tables committed there; the rest is one transaction,
-- rolled back. A backend killed mid-run and a concurrent writer are in
-- test/scenarios/retention.sh.
BEGIN;
SET LOCAL client_min_messages = warning;
SELECT plan(60);

SELECT dblink_connect('retention_tap', steward_test.conninfo(current_database())) \g /dev/null
CREATE FUNCTION pg_temp.x(statement text) RETURNS text LANGUAGE sql AS $$ SELECT dblink_exec('retention_tap', statement) $$;
CREATE FUNCTION pg_temp.n(query text) RETURNS bigint LANGUAGE sql AS $$ SELECT v FROM dblink('retention_tap', query) AS t(v bigint) $$;
CREATE FUNCTION pg_temp.q(statements text) RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM dblink('retention_tap', statements) AS t(v text) $$;
CREATE FUNCTION pg_temp.t(query text) RETURNS text LANGUAGE sql AS $$ SELECT v FROM dblink('retention_tap', query) AS t(v text) $$;

SELECT pg_temp.x($$
    DROP SCHEMA IF EXISTS "Retention Tap" CASCADE;
    CREATE SCHEMA "Retention Tap";
    -- 1000 rows, one a day: 600 older than 400 days.
    CREATE TABLE "Retention Tap"."Event Log" (id int PRIMARY KEY, "Created At" timestamptz NOT NULL, note text);
    INSERT INTO "Retention Tap"."Event Log" SELECT g, now() - g * interval '1 day' + interval '1 hour', 'n' || g FROM generate_series(1, 1000) g;
    -- Customers referenced by orders that do not cascade, and by notes that do.
    CREATE TABLE "Retention Tap".customer (id int PRIMARY KEY, created date NOT NULL, email text, name varchar(12), born date, city text);
    INSERT INTO "Retention Tap".customer SELECT g, current_date - g * 10, 'user' || (g % 50) || '@example.com', 'Name ' || g, date '1980-01-01' + g, 'Paris'
      FROM generate_series(1, 200) g;
    CREATE TABLE "Retention Tap"."order" (id int PRIMARY KEY, customer_id int REFERENCES "Retention Tap".customer);
    INSERT INTO "Retention Tap"."order" SELECT g, g FROM generate_series(150, 160) g;
    CREATE TABLE "Retention Tap".note (id int PRIMARY KEY, customer_id int REFERENCES "Retention Tap".customer ON DELETE CASCADE);
    INSERT INTO "Retention Tap".note SELECT g, g FROM generate_series(100, 199) g;
    -- Monthly range partitions over the last 12 months and a default partition.
    CREATE TABLE "Retention Tap".metric (at timestamptz NOT NULL, v int) PARTITION BY RANGE (at);
    CREATE TABLE "Retention Tap".metric_default PARTITION OF "Retention Tap".metric DEFAULT;
    DO $do$ BEGIN FOR m IN 0..11 LOOP
        EXECUTE format('CREATE TABLE "Retention Tap".%I PARTITION OF "Retention Tap".metric FOR VALUES FROM (%L) TO (%L)',
                       'metric_m' || m, date_trunc('month', now()) - make_interval(months => m), date_trunc('month', now()) - make_interval(months => m - 1));
    END LOOP; END $do$;
    INSERT INTO "Retention Tap".metric SELECT now() - g * interval '1 day', g FROM generate_series(0, 330) g;
    INSERT INTO "Retention Tap".metric VALUES (now() - interval '5 years', 1);  -- into the default partition
    -- Inheritance.
    CREATE TABLE "Retention Tap".base (at date NOT NULL);
    CREATE TABLE "Retention Tap".child () INHERITS ("Retention Tap".base);
    INSERT INTO "Retention Tap".base SELECT current_date - g FROM generate_series(1, 10) g;
    INSERT INTO "Retention Tap".child SELECT current_date - g FROM generate_series(1, 10) g;
    ANALYZE;
    DO $r$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'retention_tap_other') THEN CREATE ROLE retention_tap_other; END IF; END $r$;
    GRANT USAGE ON SCHEMA "Retention Tap", steward TO retention_tap_other;
$$) \g /dev/null

-- Bad input
SELECT is((steward_test.error_fields($$SELECT steward.set_retention('"Retention Tap"."Event Log"', 'nope', '1 year')$$))[1:2],
          ARRAY['42703', 'column "nope" of "Retention Tap"."Event Log" does not exist'], 'a column that does not exist is named');
SELECT is((steward_test.error_fields($$SELECT steward.set_retention('"Retention Tap"."Event Log"', 'note', '1 year')$$))[1:2],
          ARRAY['42804', 'column "note" of "Retention Tap"."Event Log" is text, not a date or time'], 'a column that is not a date or time is refused');
SELECT is((steward_test.error_fields($$SELECT steward.set_retention('"Retention Tap"."Event Log"', 'Created At', '0 days')$$))[1:2],
          ARRAY['22023', 'keep must be a positive interval, not 00:00:00'], 'keep must be positive');
SELECT is((steward_test.error_fields($$SELECT steward.set_retention('"Retention Tap"."Event Log"', 'Created At', '-1 day')$$))[1], '22023', '... not negative');
SELECT is((steward_test.error_fields($$SELECT steward.set_retention('"Retention Tap"."Event Log"', 'Created At', '1 year', 'shred')$$))[1:2],
          ARRAY['22023', 'unknown retention action "shred" for "Retention Tap"."Event Log"'], 'an unknown action is refused');
SELECT alike((steward_test.error_fields($$SELECT steward.set_retention('"Retention Tap"."Event Log"', 'Created At', '1 year', 'shred')$$))[4], 'Use delete, anonymize%', '... with the actions in the hint');
SELECT is((steward_test.error_fields($$SELECT steward.set_retention('"Retention Tap"."Event Log"', 'Created At', '1 year', 'anonymize')$$))[1:2],
          ARRAY['55000', '"Retention Tap"."Event Log" has no column classified as personal to anonymize'], 'anonymize needs classified columns');
SELECT alike((steward_test.error_fields($$SELECT steward.set_retention('"Retention Tap"."Event Log"', 'Created At', '1 year', 'anonymize')$$))[4], '%steward.classify_data%', '... and the hint says how');
SELECT is((steward_test.error_fields($$SELECT steward.set_retention('"Retention Tap"."Event Log"', 'Created At', '1 year', 'drop')$$))[1:2],
          ARRAY['22023', '"Retention Tap"."Event Log" is not range-partitioned by "Created At": action drop takes whole partitions'], 'drop on a table that is not partitioned is refused');
SELECT is((steward_test.error_fields($$SELECT steward.set_retention('"Retention Tap".metric', 'at', '1 year', 'detach', 0)$$))[1], '22023', 'batch_size 0 is refused');
CREATE TABLE pg_temp.listed (region text, at date) PARTITION BY LIST (region);
SELECT is((steward_test.error_fields($$SELECT steward.set_retention('pg_temp.listed', 'at', '1 year', 'detach')$$))[1], '22023', 'detach on a list-partitioned table is refused');
CREATE VIEW pg_temp.a_view AS SELECT now() AS at;
SELECT is((steward_test.error_fields($$SELECT steward.set_retention('pg_temp.a_view', 'at', '1 year')$$))[1], '42809', 'a view is refused');
SELECT is((steward_test.error_fields($$SELECT steward_test.run_as('retention_tap_other', $q$SELECT steward.set_retention('"Retention Tap"."Event Log"', 'Created At', '1 year')$q$)$$))[1:2],
          ARRAY['42501', 'permission denied to set a retention policy on "Retention Tap"."Event Log"'], 'only the table''s owner sets its policy');
SELECT is((steward_test.error_fields($$CALL steward.apply_retention('"Retention Tap"."Event Log"')$$))[1], '42704', 'apply_retention on a table without a policy is refused');
SELECT is(steward.retention_run_begin(ROW('pg_class'::regclass, 'x', '1 day', 'delete', 1, true, now(), 'x')::steward.retention_policy, now()), NULL,
          'no run can be recorded for a table without a policy');
SELECT has_function('steward', 'preview_retention', ARRAY['regclass'], 'preview_retention exists');
SELECT ok(obj_description('steward.apply_retention(regclass, boolean)'::regprocedure, 'pg_proc') LIKE '%Example: CALL steward.apply_retention();', 'apply_retention has a COMMENT with an example');
SELECT is((SELECT command || ' ' || schedule FROM steward.job WHERE name = 'retention'), 'CALL steward.apply_retention() 0 * * * *', 'the hourly job exists');

-- delete: the preview, a dry run that changes nothing, then the run.
SELECT pg_temp.q($$SELECT steward.set_retention('"Retention Tap"."Event Log"', 'Created At', '400 days', batch_size => 50)$$) \g /dev/null
SELECT is(pg_temp.t($$SELECT will || ' ' || rows FROM steward.preview_retention('"Retention Tap"."Event Log"')$$), 'delete 600', 'preview_retention counts the expired rows');
SELECT pg_temp.x($$CALL steward.apply_retention('"Retention Tap"."Event Log"', dry_run => true)$$) \g /dev/null
SELECT is(pg_temp.n($$SELECT count(*) FROM "Retention Tap"."Event Log"$$), 1000::bigint, 'a dry run changes nothing');
SELECT is(pg_temp.n($$SELECT count(*) FROM steward.retention_run$$), 0::bigint, '... and records no run');
SELECT pg_temp.x($$CALL steward.apply_retention('"Retention Tap"."Event Log"')$$) \g /dev/null
SELECT is(pg_temp.n($$SELECT count(*) FROM "Retention Tap"."Event Log"$$), 400::bigint, 'apply_retention deletes the expired rows of a table with quoted names');
SELECT is(pg_temp.n($$SELECT count(*) FROM "Retention Tap"."Event Log" WHERE "Created At" < now() - interval '400 days'$$), 0::bigint, '... all of them, and only them');
SELECT is(pg_temp.t($$SELECT rows || ' ' || outcome || ' ' || (batches > 1) FROM steward.retention_run ORDER BY run_id DESC LIMIT 1$$), '600 completed true',
          'the run is recorded: exact rows, outcome, several batches');
SELECT pg_temp.x($$CALL steward.apply_retention('"Retention Tap"."Event Log"')$$) \g /dev/null
SELECT is(pg_temp.t($$SELECT rows || ' ' || outcome FROM steward.retention_run ORDER BY run_id DESC LIMIT 1$$), '0 completed', 'a second run finds nothing to do');

-- Foreign keys: rows referenced by a key that does not cascade stay; a cascading key is followed.
SELECT pg_temp.q($$SELECT steward.set_retention('"Retention Tap".customer', 'created', '1000 days')$$) \g /dev/null
SELECT is(pg_temp.t($$SELECT string_agg(will || ' ' || rows, ', ' ORDER BY will) FROM steward.preview_retention('"Retention Tap".customer')$$),
          'delete 90, keep 11', 'the preview shows the expired rows and those kept because an order references them');
SELECT alike(pg_temp.t($$SELECT reason FROM steward.preview_retention('"Retention Tap".customer') WHERE will = 'keep'$$),
             '%foreign key order_customer_id_fkey on "Retention Tap"."order"%NO ACTION%', '... naming the foreign key');
SELECT pg_temp.x($$CALL steward.apply_retention('"Retention Tap".customer')$$) \g /dev/null
SELECT is(pg_temp.n($$SELECT count(*) FROM "Retention Tap".customer WHERE created < current_date - 1000$$), 11::bigint, 'referenced expired customers are kept');
SELECT is(pg_temp.n($$SELECT count(*) FROM "Retention Tap"."order"$$), 11::bigint, 'no order was touched');
SELECT is(pg_temp.n($$SELECT count(*) FROM "Retention Tap".note$$), 11::bigint + (SELECT 0), 'the cascading notes of deleted customers went with them') ;

-- anonymize
SELECT pg_temp.q($$
    SELECT steward.set_classification('"Retention Tap".customer', 'email', 'email');
    SELECT steward.set_classification('"Retention Tap".customer', 'name', 'person_name');
    SELECT steward.set_classification('"Retention Tap".customer', 'born', 'date_of_birth');
    UPDATE "Retention Tap".customer SET email = 'same@example.com' WHERE id IN (10, 20, 150, 151);
    SELECT steward.set_retention('"Retention Tap".customer', 'created', '105 days', 'anonymize')$$) \g /dev/null
SELECT is(pg_temp.n($$SELECT count(*) FROM steward.retention_policy$$), 2::bigint, 'set_retention replaces a table''s policy (no second row)');
SELECT pg_temp.x($$CALL steward.apply_retention('"Retention Tap".customer')$$) \g /dev/null
SELECT is(pg_temp.n($$SELECT count(*) FROM "Retention Tap".customer WHERE created < current_date - 105 AND (email NOT LIKE 'anon\_%' OR name NOT LIKE 'anon\_%' OR born IS NOT NULL)$$), 0::bigint,
          'anonymize overwrites every personal column of the expired rows');
SELECT is(pg_temp.n($$SELECT count(*) FROM "Retention Tap".customer WHERE created >= current_date - 105 AND email LIKE 'anon\_%'$$), 0::bigint, '... and none of the others');
SELECT is(pg_temp.n($$SELECT count(DISTINCT email) FROM "Retention Tap".customer WHERE id IN (150, 151)$$), 1::bigint, 'equal values get equal pseudonyms (joins and counts still work)');
SELECT is(pg_temp.t($$SELECT email FROM "Retention Tap".customer WHERE id = 150$$), steward.pseudonym('same@example.com'), '... the keyed pseudonym of the value');
SELECT is(pg_temp.t($$SELECT length(name) FROM "Retention Tap".customer WHERE id = 150$$), '12', 'a varchar(12) gets a pseudonym cut to fit');
SELECT is(pg_temp.t($$SELECT city FROM "Retention Tap".customer WHERE id = 150$$), 'Paris', 'unclassified columns are kept');
SELECT is(pg_temp.n($$SELECT count(*) FROM "Retention Tap"."order"$$), 11::bigint, 'anonymized rows stay, with their references');
SELECT pg_temp.x($$CALL steward.apply_retention('"Retention Tap".customer')$$) \g /dev/null
SELECT is(pg_temp.t($$SELECT rows FROM steward.retention_run ORDER BY run_id DESC LIMIT 1$$), '0', 'anonymized rows are not taken again');

-- detach and drop
SELECT pg_temp.q($$SELECT steward.set_retention('"Retention Tap".metric', 'at', '6 months', 'detach')$$) \g /dev/null
SELECT is(pg_temp.t($$SELECT string_agg(object, ',' ORDER BY object) FROM steward.preview_retention('"Retention Tap".metric') WHERE will = 'detach'$$),
          '"Retention Tap".metric_m10,"Retention Tap".metric_m11,"Retention Tap".metric_m7,"Retention Tap".metric_m8,"Retention Tap".metric_m9',
          'detach takes the partitions whose upper bound is before the cutoff');
SELECT alike(pg_temp.t($$SELECT reason FROM steward.preview_retention('"Retention Tap".metric') WHERE object = '"Retention Tap".metric_default'$$),
             'the default partition is never taken%', 'never the default partition, and the preview says why');
SELECT alike(pg_temp.t($$SELECT reason FROM steward.preview_retention('"Retention Tap".metric') WHERE object = '"Retention Tap".metric_m6'$$),
             'its upper bound % is after the cutoff%', 'the partition that straddles the cutoff is kept, and the preview says why');
SELECT pg_temp.x($$CALL steward.apply_retention('"Retention Tap".metric')$$) \g /dev/null
SELECT is(pg_temp.n($$SELECT count(*) FROM pg_inherits WHERE inhparent = '"Retention Tap".metric'::regclass$$), 8::bigint, 'five partitions were detached');
SELECT is(pg_temp.n($$SELECT count(*) FROM "Retention Tap".metric_m9$$) > 0, true, '... and kept as tables with their rows');
SELECT pg_temp.q($$
    ALTER TABLE "Retention Tap".metric ATTACH PARTITION "Retention Tap".metric_m9 FOR VALUES FROM (date_trunc('month', now()) - interval '9 months') TO (date_trunc('month', now()) - interval '8 months');
    SELECT steward.set_retention('"Retention Tap".metric', 'at', '6 months', 'drop')$$) \g /dev/null
SELECT pg_temp.x($$CALL steward.apply_retention('"Retention Tap".metric')$$) \g /dev/null
SELECT is(pg_temp.n($$SELECT count(*) FROM pg_class WHERE oid = to_regclass('"Retention Tap".metric_m9')$$), 0::bigint, 'drop detaches and drops');
SELECT is(pg_temp.t($$SELECT array_to_string(partitions, ',') || ' ' || outcome FROM steward.retention_run ORDER BY run_id DESC LIMIT 1$$),
          'detached "Retention Tap".metric_m9,dropped "Retention Tap".metric_m9 completed', '... and the run lists what it did');
SELECT is(pg_temp.n($$SELECT count(*) FROM "Retention Tap".metric_default$$), 1::bigint, 'the default partition''s rows are untouched');

-- delete on a partitioned table and on an inheritance tree
SELECT pg_temp.q($$SELECT steward.set_retention('"Retention Tap".metric', 'at', '30 days')$$) \g /dev/null
SELECT pg_temp.x($$CALL steward.apply_retention('"Retention Tap".metric')$$) \g /dev/null
SELECT is(pg_temp.n($$SELECT count(*) FROM "Retention Tap".metric WHERE at < now() - interval '30 days'$$), 0::bigint, 'delete on a partitioned table goes through every partition, the default one too');
SELECT pg_temp.q($$SELECT steward.set_retention('"Retention Tap".base', 'at', '5 days')$$) \g /dev/null
SELECT pg_temp.x($$CALL steward.apply_retention('"Retention Tap".base')$$) \g /dev/null
SELECT is(pg_temp.t($$SELECT (SELECT count(*) FROM ONLY "Retention Tap".base) || ' ' || (SELECT count(*) FROM "Retention Tap".child)$$), '4 4',
          'delete on an inheritance parent covers its children');
SELECT is(pg_temp.t($$SELECT steward.drop_retention('"Retention Tap".base')::text || ' ' || steward.drop_retention('"Retention Tap".base')::text$$), 'true false', 'drop_retention removes a policy, once');

-- An audited table: one RETENTION row per batch in the audit trail instead of a row per delete.
SELECT pg_temp.q($$
    CREATE TABLE "Retention Tap".audited (id int PRIMARY KEY, at timestamptz NOT NULL);
    SELECT steward.enable_audit('"Retention Tap".audited');
    INSERT INTO "Retention Tap".audited SELECT g, now() - g * interval '1 day' + interval '1 hour' FROM generate_series(1, 300) g;
    SELECT steward.set_retention('"Retention Tap".audited', 'at', '100 days', batch_size => 50)$$) \g /dev/null
SELECT pg_temp.x($$CALL steward.apply_retention('"Retention Tap".audited')$$) \g /dev/null
SELECT is(pg_temp.t($$SELECT count(*) FILTER (WHERE operation = 'DELETE') || ' ' || count(*) FILTER (WHERE operation = 'RETENTION') || ' ' ||
                             sum((new_row ->> 'rows')::int) FILTER (WHERE operation = 'RETENTION')
                        FROM steward.audit_log WHERE table_name = 'audited'$$),
          '0 ' || pg_temp.t($$SELECT batches FROM steward.retention_run ORDER BY run_id DESC LIMIT 1$$) || ' 200',
          'an audited table gets one RETENTION row per batch, whose counts add up, and no row per delete');
SELECT is(pg_temp.t($$SELECT new_row ->> 'action' || ' ' || (new_row ? 'oldest') || ' ' || (new_row ? 'blocks') FROM steward.audit_log WHERE operation = 'RETENTION' AND relation = '"Retention Tap".audited'::regclass LIMIT 1$$),
          'delete true true', '... naming the action, the time range and the block range');
SELECT is(pg_temp.n($$SELECT count(*) FROM steward.audit_log WHERE relation = '"Retention Tap".audited'::regclass AND operation = 'INSERT'$$), 300::bigint, 'other changes are still logged row by row');

-- The audit trail itself: whole sealed blocks only, the newest kept, the chain still verifies.
SELECT is((steward_test.error_fields($$SELECT steward.set_retention('steward.audit_record', 'occurred_at', '1 day')$$))[1:2],
          ARRAY['22023', 'the audit trail''s retention removes whole sealed blocks by recorded_at, with action delete'], 'the audit trail takes only its own kind of policy');
SELECT pg_temp.q($$
    SELECT steward.seal_audit();
    INSERT INTO "Retention Tap".audited VALUES (1001, now());
    SELECT steward.seal_audit();
    SELECT pg_sleep(1.1);
    INSERT INTO "Retention Tap".audited VALUES (1002, now());
    SELECT steward.seal_audit();
    SELECT steward.set_retention('steward.audit_record', 'recorded_at', '1 second')$$) \g /dev/null
SELECT pg_temp.n($$SELECT count(*) FROM steward.audit_block$$) AS blocks_before \gset
SELECT pg_temp.x($$CALL steward.apply_retention('steward.audit_record')$$) \g /dev/null
SELECT is(pg_temp.n($$SELECT count(*) FROM steward.audit_block$$), 1::bigint, 'retention of the audit trail removes whole old blocks, never the newest');
SELECT is(pg_temp.t($$SELECT string_agg(status, ',') FROM steward.verify_audit()$$), 'OK', '... and verify_audit() passes from the first remaining block');
SELECT is(pg_temp.t($$SELECT (rows > 0) || ' ' || array_to_string(partitions, ',') FROM steward.retention_run ORDER BY run_id DESC LIMIT 1$$),
          'true ' || (:blocks_before - 1) || ' audit blocks', '... and the run counts the blocks and rows');

-- A policy that no longer applies: the run fails after the others ran, and says why.
SELECT pg_temp.q($$
    CREATE TABLE "Retention Tap".gone (id int, at timestamptz);
    SELECT steward.set_retention('"Retention Tap".gone', 'at', '1 day')$$) \g /dev/null
SELECT pg_temp.x($$ALTER TABLE "Retention Tap".gone DROP COLUMN at$$) \g /dev/null
SELECT is((SELECT string_agg(e, ' ') FROM dblink_exec('retention_tap', 'CALL steward.apply_retention()', false) e), 'ERROR',
          'a policy whose column was dropped fails the call');
SELECT is(pg_temp.t($$SELECT outcome || ': ' || message FROM steward.retention_run WHERE table_name = '"Retention Tap".gone' ORDER BY run_id DESC LIMIT 1$$),
          'failed: column "at" of "Retention Tap".gone does not exist', '... the run says why');
SELECT is(pg_temp.n($$SELECT count(*) FROM steward.retention_run WHERE outcome = 'running'$$), 0::bigint, '... and the other policies'' runs ended');

SELECT * FROM finish();
ROLLBACK;

SET client_min_messages = warning;
SELECT dblink_exec('retention_tap', 'DROP SCHEMA "Retention Tap" CASCADE; REVOKE ALL ON SCHEMA steward FROM retention_tap_other; DROP ROLE retention_tap_other; DELETE FROM steward.retention_policy; DELETE FROM steward.retention_run;') \g /dev/null
SELECT dblink_disconnect('retention_tap') \g /dev/null
