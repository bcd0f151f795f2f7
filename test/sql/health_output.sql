-- Output shape of steward.check_health(): columns, statuses, ordering, and the texts of
-- findings whose values do not depend on the machine.
\set SHOW_CONTEXT never

SELECT pg_get_function_arguments('steward.check_health'::regproc) AS arguments,
       pg_get_function_result('steward.check_health'::regproc) AS result;

-- A schema with one problem per deterministic check; the names need quoting.
CREATE SCHEMA "Shop";
CREATE TABLE "Shop".customer (id int PRIMARY KEY, email text);
CREATE TABLE "Shop"."Order" (id int PRIMARY KEY, customer_id int REFERENCES "Shop".customer, placed date);
CREATE TABLE "Shop".log_line (at timestamptz, line text);
CREATE INDEX order_placed ON "Shop"."Order" (placed);
CREATE INDEX "order_placed copy" ON "Shop"."Order" (placed);
CREATE UNLOGGED TABLE "Shop".scratch (id int PRIMARY KEY);
ALTER TABLE "Shop".customer ADD CONSTRAINT email_has_at CHECK (email LIKE '%@%') NOT VALID;
CREATE FUNCTION "Shop".noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER audit_me BEFORE INSERT ON "Shop".customer FOR EACH ROW EXECUTE FUNCTION "Shop".noop();
ALTER TABLE "Shop".customer DISABLE TRIGGER audit_me;
CREATE TABLE "Shop".ticket (id serial PRIMARY KEY);
SELECT setval('"Shop".ticket_id_seq', 2000000000);

SELECT check_name, status, object, value, detail, fix
  FROM steward.check_health()
 WHERE object LIKE '%Shop%'
 ORDER BY check_name, object;

-- How findings describe index columns.
CREATE INDEX order_mixed ON "Shop"."Order" ((placed + 1), customer_id DESC, id NULLS FIRST, placed DESC NULLS LAST)
    INCLUDE (customer_id) WHERE placed IS NOT NULL;
SELECT index_oid::regclass, columns FROM steward.index_columns(ARRAY['"Shop".order_mixed'::regclass::oid, 0]);

-- CRITICAL rows come first, then WARNING; with include_ok every check has a row.
SELECT bool_and(rank <= lag_rank) AS critical_first
  FROM (SELECT CASE status WHEN 'CRITICAL' THEN 3 WHEN 'WARNING' THEN 2 ELSE 1 END AS rank,
               lag(CASE status WHEN 'CRITICAL' THEN 3 WHEN 'WARNING' THEN 2 ELSE 1 END, 1, 3)
                 OVER (ORDER BY ordinality) AS lag_rank
          FROM steward.check_health(true) WITH ORDINALITY) s;
SELECT count(DISTINCT check_name) = (SELECT count(*) FROM steward.health_threshold WHERE enabled) AS every_check_reports
  FROM steward.check_health(true);
SELECT DISTINCT status FROM steward.check_health(false) ORDER BY 1;

-- NULL behaves as false.
SELECT (SELECT count(*) FROM steward.check_health(NULL)) = (SELECT count(*) FROM steward.check_health(false)) AS null_is_false;

-- A disabled check disappears, even with include_ok.
UPDATE steward.health_threshold SET enabled = false WHERE check_name = 'unlogged_tables';
SELECT count(*) FROM steward.check_health(true) WHERE check_name = 'unlogged_tables';
UPDATE steward.health_threshold SET enabled = true WHERE check_name = 'unlogged_tables';

-- health_status() is the worst status.
SELECT steward.health_status();
DROP SCHEMA "Shop" CASCADE;
