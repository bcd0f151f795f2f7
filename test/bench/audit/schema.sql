-- Fresh objects of one measured run of test/bench/audit.sh, in a database of their own:
-- schema bench, the 10-column table t (a realistic mix of types), the PL/pgSQL baseline's log
-- table and trigger function (created in every run, used by variant c only).
CREATE SCHEMA bench;
CREATE TABLE bench.t (
    id         bigint PRIMARY KEY,
    full_name  text NOT NULL,
    email      text NOT NULL,
    note       text,
    qty        integer NOT NULL,
    amount     numeric(12, 2) NOT NULL,
    created_at timestamptz NOT NULL,
    active     boolean NOT NULL,
    attrs      jsonb,
    code       varchar(20) NOT NULL
);

-- The baseline of issue 5: a PL/pgSQL AFTER ROW trigger that logs to_jsonb(NEW) into a jsonb
-- log table (the pattern of supa_audit and the classic audit-trigger, reduced to its core).
CREATE TABLE bench.plpgsql_log (
    id       bigserial PRIMARY KEY,
    op       text NOT NULL,
    row_data jsonb,
    at       timestamptz NOT NULL
);
CREATE FUNCTION bench.plpgsql_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO bench.plpgsql_log(op, row_data, at) VALUES (TG_OP, to_jsonb(NEW), now());
    RETURN NULL;
END
$$;
