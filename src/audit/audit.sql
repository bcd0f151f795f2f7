-- Audit trail: the append-only log written by C++ triggers, hash-chained blocks, enable_audit(),
-- disable_audit(), row_history(), seal_audit(), verify_audit(), audit_digest(). See docs/audit.md.

-- Each call hands a session a block of 64 ids (its increment), which the audit triggers use up one
-- by one: ids are unique, increase within a session and interleave between sessions.
CREATE SEQUENCE steward.audit_log_id_seq AS bigint INCREMENT 64;
COMMENT ON SEQUENCE steward.audit_log_id_seq IS
    'Numbers the rows of steward.audit_log: each value starts a block of ids (as many as the increment) that one session uses up. '
    'Ids are unique, increase within a session and interleave between sessions.';

CREATE TABLE steward.audit_record (
    id               bigint NOT NULL,
    occurred_at      timestamptz NOT NULL,
    recorded_at      timestamptz NOT NULL,
    txid             xid8 NOT NULL,
    relation         oid,
    schema_name      text,
    table_name       text,
    operation        text NOT NULL,
    old_row          jsonb,
    new_row          jsonb,
    db_user          text NOT NULL,
    session_user_name text NOT NULL,
    app_user         text,
    application_name text,
    client_addr      inet,
    client_port      integer,
    backend_pid      integer NOT NULL,
    statement        text,
    row_hash         bytea NOT NULL
);
-- Autovacuum analyzes the log often (it grows fast). No plan needs statistics of these columns,
-- whose values are large and unique; leaving them out keeps ANALYZE cheap.
ALTER TABLE steward.audit_record ALTER COLUMN old_row SET STATISTICS 0, ALTER COLUMN new_row SET STATISTICS 0,
    ALTER COLUMN statement SET STATISTICS 0, ALTER COLUMN row_hash SET STATISTICS 0;
-- Every index costs each audited change an insert. One block-range index serves both readers:
-- verification reads rows by id, sealing the rows of recent transactions by txid; on an
-- append-only table whose ids and transaction ids mostly grow, each page range covers a narrow
-- band of both, and the index is nearly free to maintain. xid8 has no BRIN operator class of its
-- own: the minmax one is built from its B-tree operators. row_history() scans (add an index of
-- your own on relation if you call it often).
CREATE OPERATOR CLASS steward.xid8_minmax_ops FOR TYPE xid8 USING brin AS
    OPERATOR 1 pg_catalog.< (xid8, xid8),
    OPERATOR 2 pg_catalog.<= (xid8, xid8),
    OPERATOR 3 pg_catalog.= (xid8, xid8),
    OPERATOR 4 pg_catalog.>= (xid8, xid8),
    OPERATOR 5 pg_catalog.> (xid8, xid8),
    FUNCTION 1 pg_catalog.brin_minmax_opcinfo(internal),
    FUNCTION 2 pg_catalog.brin_minmax_add_value(internal, internal, internal, internal),
    FUNCTION 3 pg_catalog.brin_minmax_consistent(internal, internal, internal),
    FUNCTION 4 pg_catalog.brin_minmax_union(internal, internal, internal);
CREATE INDEX audit_record_range ON steward.audit_record
    USING brin (id, txid steward.xid8_minmax_ops) WITH (pages_per_range = 32);

COMMENT ON TABLE steward.audit_record IS
    'The stored rows of the audit trail (read them through steward.audit_log): as in the view, except that the old_row of an '
    'UPDATE holds the old values of the changed columns only, and that changed_columns is not stored (it is the keys of '
    'those old values). The row hashes cover these stored rows. Append-only.';

CREATE FUNCTION steward.jsonb_keys(document jsonb)
RETURNS text[]
LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'steward_jsonb_keys';
COMMENT ON FUNCTION steward.jsonb_keys(jsonb) IS
    'The keys of a jsonb object as text[], in jsonb''s order (shorter keys first, then by bytes); NULL for anything else.';

-- The log as users read it. An UPDATE's row stores in old_row only the old values of the changed
-- columns (the others are those of new_row), and no list of the changed columns (they are the
-- keys of those old values): the view gives the whole old row and the list back. An UPDATE's
-- log row is about a third smaller so, and so cheaper to write.
CREATE VIEW steward.audit_log AS
SELECT r.id, r.occurred_at, r.recorded_at, r.txid, r.relation, r.schema_name, r.table_name, r.operation,
       CASE WHEN r.operation = 'UPDATE' THEN r.new_row || r.old_row ELSE r.old_row END AS old_row,
       r.new_row,
       CASE WHEN r.operation = 'UPDATE' THEN steward.jsonb_keys(r.old_row) END AS changed_columns,
       r.db_user, r.session_user_name, r.app_user, r.application_name, r.client_addr, r.client_port,
       r.backend_pid, r.statement, r.row_hash
  FROM steward.audit_record r;
COMMENT ON VIEW steward.audit_log IS
    'Append-only audit trail: one row per row inserted, updated or deleted in an audited table, per TRUNCATE and per DDL '
    'on it, written by C++ triggers. Nobody can UPDATE, DELETE or INSERT rows through SQL. Rows are sealed into '
    'hash-chained blocks (steward.audit_block) by steward.seal_audit(). See docs/audit.md.';
COMMENT ON COLUMN steward.audit_log.id IS 'Unique, increasing within a session; sessions interleave.';
COMMENT ON COLUMN steward.audit_log.occurred_at IS 'Start of the transaction that made the change (transaction_timestamp()).';
COMMENT ON COLUMN steward.audit_log.recorded_at IS 'When the row was logged (clock_timestamp()).';
COMMENT ON COLUMN steward.audit_log.txid IS 'The top-level transaction that made the change.';
COMMENT ON COLUMN steward.audit_log.relation IS 'OID of the table (of the partition for rows of a partitioned table); schema_name and table_name keep its name after a DROP.';
COMMENT ON COLUMN steward.audit_log.schema_name IS 'Schema of the table when the change was made.';
COMMENT ON COLUMN steward.audit_log.table_name IS 'Name of the table when the change was made.';
COMMENT ON COLUMN steward.audit_log.operation IS 'INSERT, UPDATE, DELETE, TRUNCATE or DDL.';
COMMENT ON COLUMN steward.audit_log.old_row IS 'The row before an UPDATE or DELETE (for an UPDATE, new_row with the old values of changed_columns). Ignored and dropped columns never appear; RESTRICTED columns are keyed hashes.';
COMMENT ON COLUMN steward.audit_log.new_row IS 'The row after an INSERT or UPDATE; for DDL the command tag and object identity.';
COMMENT ON COLUMN steward.audit_log.changed_columns IS 'For an UPDATE, the columns whose value changed (an UPDATE that changes none is not logged), in jsonb''s key order: shorter names first.';
COMMENT ON COLUMN steward.audit_log.db_user IS 'The role whose privileges made the change (current_user).';
COMMENT ON COLUMN steward.audit_log.session_user_name IS 'The role that logged in (session_user).';
COMMENT ON COLUMN steward.audit_log.app_user IS 'The application''s end user, from the setting steward.app_user (SET or SET LOCAL, so connection pools work).';
COMMENT ON COLUMN steward.audit_log.application_name IS 'application_name of the session.';
COMMENT ON COLUMN steward.audit_log.client_addr IS 'Client address; NULL for a Unix-domain socket.';
COMMENT ON COLUMN steward.audit_log.client_port IS 'Client port; NULL for a Unix-domain socket.';
COMMENT ON COLUMN steward.audit_log.backend_pid IS 'Process id of the backend.';
COMMENT ON COLUMN steward.audit_log.statement IS 'The statement text, only when steward.audit_statement_text is on (it can hold secrets).';
COMMENT ON COLUMN steward.audit_log.row_hash IS 'SHA-256 of the row''s canonical content (docs/audit.md), chained into blocks by seal_audit().';

CREATE TABLE steward.audit_block (
    block_id       bigint PRIMARY KEY,
    sealed_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    sealed_by      name NOT NULL DEFAULT current_user,
    snapshot       pg_snapshot NOT NULL,
    sealer_txid    xid8,
    row_count      bigint NOT NULL,
    log_ids        bigint[] NOT NULL,
    rows_hash      bytea NOT NULL,
    previous_hash  bytea NOT NULL,
    block_hash     bytea NOT NULL
);
COMMENT ON TABLE steward.audit_block IS
    'Sealed blocks of steward.audit_log, each chained to the one before: block_hash = SHA-256(previous_hash || rows_hash), '
    'rows_hash = SHA-256 of the row hashes in id order. Written by steward.seal_audit(); no UPDATE or DELETE through SQL.';
COMMENT ON COLUMN steward.audit_block.block_id IS 'Consecutive from 1.';
COMMENT ON COLUMN steward.audit_block.sealed_at IS 'When the block was sealed.';
COMMENT ON COLUMN steward.audit_block.sealed_by IS 'The role that ran seal_audit().';
COMMENT ON COLUMN steward.audit_block.snapshot IS 'The snapshot of the sealing statement: the block holds the rows visible to it and not to the previous block''s.';
COMMENT ON COLUMN steward.audit_block.sealer_txid IS 'The sealing transaction, if it had written rows: they are in the block although its own snapshot does not count it as finished.';
COMMENT ON COLUMN steward.audit_block.row_count IS 'Number of rows in the block.';
COMMENT ON COLUMN steward.audit_block.log_ids IS 'The ids of the rows in the block, in ascending order.';
COMMENT ON COLUMN steward.audit_block.rows_hash IS 'SHA-256 of the concatenated row hashes, in id order.';
COMMENT ON COLUMN steward.audit_block.previous_hash IS 'block_hash of the previous block (32 zero bytes for block 1).';
COMMENT ON COLUMN steward.audit_block.block_hash IS 'SHA-256(previous_hash || rows_hash).';

-- The key of masked values (HMAC-SHA-256). Readable by the extension's owner only; never dumped.
CREATE TABLE steward.audit_key (
    key bytea NOT NULL CHECK (length(key) = 32)
);
COMMENT ON TABLE steward.audit_key IS
    'The per-database key with which values of RESTRICTED columns are logged as HMAC-SHA-256: equal values stay comparable, '
    'values cannot be read back. Readable by the extension owner only, and not included in dumps.';
COMMENT ON COLUMN steward.audit_key.key IS '32 random bytes from OpenSSL.';

CREATE FUNCTION steward.random_bytes(count integer)
RETURNS bytea
LANGUAGE c VOLATILE STRICT
AS 'MODULE_PATHNAME', 'steward_random_bytes';
COMMENT ON FUNCTION steward.random_bytes(integer) IS
    'count (1-1024) cryptographically strong random bytes from OpenSSL''s RAND_bytes.';
INSERT INTO steward.audit_key SELECT steward.random_bytes(32);

-- Append-only: no UPDATE, DELETE, TRUNCATE or INSERT through SQL, for anyone (the triggers write
-- with heap inserts that fire no trigger). A superuser can disable the guard: verify_audit()
-- exists for that case.
CREATE FUNCTION steward.audit_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'steward.% is append-only: % is not allowed',
                    CASE TG_TABLE_NAME WHEN 'audit_record' THEN 'audit_log' ELSE TG_TABLE_NAME END, TG_OP
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = 'The audit trail is written by the audit triggers and steward.seal_audit() only.',
              HINT = 'Old blocks are removed by the retention policy, never row by row.';
END
$$;
COMMENT ON FUNCTION steward.audit_guard() IS
    'Trigger of steward.audit_record (the table behind steward.audit_log) and steward.audit_block: refuses every INSERT, '
    'UPDATE, DELETE and TRUNCATE made through SQL.';
CREATE TRIGGER audit_record_append_only BEFORE INSERT OR UPDATE OR DELETE ON steward.audit_record
    FOR EACH ROW EXECUTE FUNCTION steward.audit_guard();
CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON steward.audit_record
    FOR EACH STATEMENT EXECUTE FUNCTION steward.audit_guard();
CREATE TRIGGER audit_block_append_only BEFORE UPDATE OR DELETE ON steward.audit_block
    FOR EACH ROW EXECUTE FUNCTION steward.audit_guard();
CREATE TRIGGER audit_block_no_truncate BEFORE TRUNCATE ON steward.audit_block
    FOR EACH STATEMENT EXECUTE FUNCTION steward.audit_guard();

-- The triggers. Their arguments are the columns to leave out of the log.
CREATE FUNCTION steward.audit_row() RETURNS trigger
LANGUAGE c
AS 'MODULE_PATHNAME', 'steward_audit_row';
COMMENT ON FUNCTION steward.audit_row() IS
    'AFTER ROW trigger of audited tables (created by enable_audit()): logs each inserted, updated or deleted row to steward.audit_log. '
    'Its arguments are the columns left out.';

CREATE FUNCTION steward.audit_truncate() RETURNS trigger
LANGUAGE c
AS 'MODULE_PATHNAME', 'steward_audit_truncate';
COMMENT ON FUNCTION steward.audit_truncate() IS
    'AFTER TRUNCATE trigger of audited tables (created by enable_audit()): logs the TRUNCATE to steward.audit_log.';

CREATE FUNCTION steward.audit_ddl(relation oid, schema_name text, table_name text, command_tag text, object_identity text)
RETURNS void
LANGUAGE c
AS 'MODULE_PATHNAME', 'steward_audit_ddl';
COMMENT ON FUNCTION steward.audit_ddl(oid, text, text, text, text) IS
    'Logs a DDL command on an audited table to steward.audit_log; called by the audit event triggers only.';

CREATE FUNCTION steward.audit_retention_begin(relation regclass)
RETURNS void
LANGUAGE c STRICT
AS 'MODULE_PATHNAME', 'steward_audit_retention_begin';
COMMENT ON FUNCTION steward.audit_retention_begin(regclass) IS
    'For the rest of the transaction, row changes of the table are not logged one by one: steward.audit_retention_batch() logs one RETENTION row per batch instead. Called by steward.apply_retention(); the extension''s owner only.';

CREATE FUNCTION steward.audit_retention_batch(relation regclass, summary jsonb)
RETURNS void
LANGUAGE c STRICT
AS 'MODULE_PATHNAME', 'steward_audit_retention_batch';
COMMENT ON FUNCTION steward.audit_retention_batch(regclass, jsonb) IS
    'Logs one RETENTION row to steward.audit_log for a retention batch: the policy, the rows it took and their range, as new_row. Called by steward.apply_retention(); the extension''s owner only.';

-- Retention of the audit trail itself: whole sealed blocks, oldest first, never a row alone and
-- never the newest block (the chain goes on from it). verify_audit() then verifies from the first
-- remaining block; a digest older than that reports the removed blocks.
CREATE FUNCTION steward.remove_audit_blocks(before timestamptz, max_blocks integer DEFAULT 100,
                                            OUT blocks integer, OUT log_rows bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    block record;
    removed bigint;
BEGIN
    blocks := 0;
    log_rows := 0;
    -- The append-only guards are ordinary triggers: replica mode skips them, for this function only.
    PERFORM set_config('session_replication_role', 'replica', true);
    FOR block IN SELECT b.block_id, b.log_ids FROM steward.audit_block b
                  WHERE b.block_id < (SELECT max(l.block_id) FROM steward.audit_block l)
                  ORDER BY b.block_id LIMIT max_blocks LOOP
        EXIT WHEN EXISTS (SELECT FROM steward.audit_record r WHERE r.id = ANY (block.log_ids) AND r.recorded_at >= before);
        DELETE FROM steward.audit_record r WHERE r.id = ANY (block.log_ids);
        GET DIAGNOSTICS removed = ROW_COUNT;
        DELETE FROM steward.audit_block b WHERE b.block_id = block.block_id;
        blocks := blocks + 1;
        log_rows := log_rows + removed;
    END LOOP;
    PERFORM set_config('session_replication_role', 'origin', true);
END
$$;
COMMENT ON FUNCTION steward.remove_audit_blocks(timestamptz, integer) IS
    'Removes whole sealed blocks of the audit trail whose rows were all recorded before the given time, oldest first, at most max_blocks, never the newest block; returns how many blocks and log rows went. Used by steward.apply_retention() for a policy on steward.audit_record; the extension''s owner only.';

CREATE FUNCTION steward.jsonb_bytes(document jsonb)
RETURNS bytea
LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'steward_jsonb_bytes';
COMMENT ON FUNCTION steward.jsonb_bytes(jsonb) IS
    'The binary form of a jsonb value, which the hash of an audit row covers (cheaper to hash than its text).';

CREATE FUNCTION steward.trigger_columns(arguments bytea, count int2)
RETURNS name[]
LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'steward_trigger_columns';
COMMENT ON FUNCTION steward.trigger_columns(bytea, int2) IS
    'The arguments of a trigger (pg_trigger.tgargs, tgnargs) as an array of names: the columns an audit trigger leaves out.';

CREATE VIEW steward.audited_tables AS
SELECT n.nspname AS schema_name, c.relname AS table_name, c.oid::regclass AS relation,
       array_remove(ARRAY[
           CASE WHEN bool_or(t.tgname = 'steward_audit' AND t.tgtype & 4 <> 0) THEN 'INSERT' END,
           CASE WHEN bool_or(t.tgname = 'steward_audit' AND t.tgtype & 16 <> 0) THEN 'UPDATE' END,
           CASE WHEN bool_or(t.tgname = 'steward_audit' AND t.tgtype & 8 <> 0) THEN 'DELETE' END,
           CASE WHEN bool_or(t.tgname = 'steward_audit_truncate') THEN 'TRUNCATE' END], NULL) AS operations,
       coalesce((SELECT steward.trigger_columns(r.tgargs, r.tgnargs) FROM pg_catalog.pg_trigger r
                  WHERE r.tgrelid = c.oid AND r.tgname = 'steward_audit'), '{}') AS ignore_columns,
       c.relkind = 'p' AS partitioned
  FROM pg_catalog.pg_trigger t
  JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE t.tgname IN ('steward_audit', 'steward_audit_truncate') AND t.tgparentid = 0 AND NOT c.relispartition
 GROUP BY n.nspname, c.relname, c.oid, c.relkind;
COMMENT ON VIEW steward.audited_tables IS
    'Tables audited by enable_audit(), with the operations logged and the columns left out. Partitions of an audited '
    'partitioned table are covered through their parent and not listed.';

CREATE FUNCTION steward.enable_audit(target regclass, ignore_columns name[] DEFAULT '{}',
                                     operations text[] DEFAULT '{INSERT,UPDATE,DELETE,TRUNCATE}')
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    relation record;
    column_name name;
    operation text;
    row_events text[];
    current record;
    wanted_ignore name[];
    partition regclass;
BEGIN
    IF target IS NULL THEN
        RAISE EXCEPTION 'target must not be NULL' USING ERRCODE = 'null_value_not_allowed',
              HINT = 'SELECT steward.enable_audit(''schema.table'');';
    END IF;
    SELECT c.relkind, c.relispartition, c.relpersistence, n.nspname
      INTO relation
      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = target;
    IF relation.relkind NOT IN ('r', 'p') THEN
        RAISE EXCEPTION '"%" is not a table', target
            USING ERRCODE = 'wrong_object_type',
                  DETAIL = 'Only ordinary and partitioned tables can be audited.',
                  HINT = 'Audit the table the view, index or sequence is built on.';
    END IF;
    IF relation.nspname = 'steward' THEN
        RAISE EXCEPTION 'cannot audit %: pg_steward''s own tables are not audited', target
            USING ERRCODE = 'feature_not_supported',
                  DETAIL = 'The audit log is append-only and tamper-evident by itself; auditing it would log every log row again.',
                  HINT = 'Verify the audit log with steward.verify_audit().';
    END IF;
    IF relation.relpersistence = 't' THEN
        RAISE EXCEPTION 'cannot audit temporary table %', target
            USING ERRCODE = 'feature_not_supported', HINT = 'Audit the permanent table the data comes from.';
    END IF;
    IF relation.relispartition AND EXISTS (
           SELECT FROM pg_catalog.pg_trigger WHERE tgrelid = target AND tgname = 'steward_audit' AND tgparentid <> 0) THEN
        RAISE NOTICE '% is already audited through its partitioned parent', target;
        RETURN;
    END IF;
    IF operations IS NULL OR cardinality(operations) = 0 THEN
        RAISE EXCEPTION 'operations must name at least one of INSERT, UPDATE, DELETE, TRUNCATE'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOREACH operation IN ARRAY operations LOOP
        IF operation IS NULL OR upper(operation) NOT IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE') THEN
            RAISE EXCEPTION 'unknown operation "%" for %', operation, target
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'Allowed operations: INSERT, UPDATE, DELETE, TRUNCATE.';
        END IF;
    END LOOP;
    FOREACH column_name IN ARRAY coalesce(ignore_columns, '{}') LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_attribute a
                        WHERE a.attrelid = target AND a.attname = column_name AND a.attnum > 0 AND NOT a.attisdropped) THEN
            RAISE EXCEPTION 'column "%" of table % does not exist', column_name, target
                USING ERRCODE = 'undefined_column',
                      HINT = 'ignore_columns lists columns of the table to leave out of the log.';
        END IF;
    END LOOP;
    SELECT array_agg(DISTINCT c ORDER BY c) INTO wanted_ignore FROM unnest(coalesce(ignore_columns, '{}')) c;
    wanted_ignore := coalesce(wanted_ignore, '{}');
    row_events := ARRAY(SELECT DISTINCT upper(o) FROM unnest(operations) o WHERE upper(o) <> 'TRUNCATE' ORDER BY 1);

    SELECT a.operations, a.ignore_columns INTO current FROM steward.audited_tables a WHERE a.relation = target;
    IF FOUND THEN
        IF (SELECT array_agg(o ORDER BY o) FROM unnest(current.operations) o)
               = (SELECT array_agg(DISTINCT upper(o) ORDER BY upper(o)) FROM unnest(operations) o)
           AND (SELECT coalesce(array_agg(c ORDER BY c), '{}') FROM unnest(current.ignore_columns) c) = wanted_ignore THEN
            RAISE NOTICE '% is already audited', target;
            RETURN;
        END IF;
        RAISE NOTICE 'audit of % changed', target
            USING DETAIL = format('operations %s, ignored columns %s', operations, wanted_ignore);
        PERFORM steward.disable_audit(target);
    END IF;

    IF cardinality(row_events) > 0 THEN
        EXECUTE format('CREATE TRIGGER steward_audit AFTER %s ON %s FOR EACH ROW EXECUTE FUNCTION steward.audit_row(%s)',
                       array_to_string(row_events, ' OR '), target,
                       (SELECT string_agg(quote_literal(c), ', ') FROM unnest(wanted_ignore) c));
    END IF;
    IF 'TRUNCATE' = ANY (SELECT upper(o) FROM unnest(operations) o) THEN
        -- Statement triggers are not inherited by partitions: each gets its own, so that a
        -- TRUNCATE of one partition is logged too (the event trigger adds them to new partitions).
        FOR partition IN SELECT relid FROM pg_catalog.pg_partition_tree(target) UNION SELECT target LOOP
            EXECUTE format('CREATE TRIGGER steward_audit_truncate AFTER TRUNCATE ON %s FOR EACH STATEMENT '
                           'EXECUTE FUNCTION steward.audit_truncate()', partition);
        END LOOP;
    END IF;
END
$$;
COMMENT ON FUNCTION steward.enable_audit(regclass, name[], text[]) IS
    'Starts logging the changes of a table to steward.audit_log: the operations given (INSERT, UPDATE, DELETE, TRUNCATE), '
    'every column but ignore_columns. On a partitioned table it covers every partition, also those attached later. '
    'Needs the TRIGGER privilege on the table. Running it again with the same arguments changes nothing.';

CREATE FUNCTION steward.disable_audit(target regclass)
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    audited regclass;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_trigger
                    WHERE tgrelid = target AND tgname IN ('steward_audit', 'steward_audit_truncate') AND tgparentid = 0) THEN
        RAISE NOTICE '% is not audited', target;
        RETURN;
    END IF;
    -- The table's own triggers last: the DDL row that records the end of its audit is written
    -- when its last audit trigger goes.
    FOR audited IN SELECT t.tgrelid::regclass FROM pg_catalog.pg_trigger t
                    WHERE t.tgname = 'steward_audit_truncate'
                      AND t.tgrelid IN (SELECT relid FROM pg_catalog.pg_partition_tree(target) UNION SELECT target)
                    ORDER BY t.tgrelid = target LOOP
        EXECUTE format('DROP TRIGGER steward_audit_truncate ON %s', audited);
    END LOOP;
    EXECUTE format('DROP TRIGGER IF EXISTS steward_audit ON %s', target);
END
$$;
COMMENT ON FUNCTION steward.disable_audit(regclass) IS
    'Stops logging the changes of a table (and of its partitions). The log keeps what was logged, and a DDL row records that audit was disabled.';

CREATE FUNCTION steward.row_history(target regclass, primary_key jsonb)
RETURNS SETOF steward.audit_log
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT l.*
      FROM steward.audit_log l
     WHERE (l.relation = target
            OR l.relation IN (SELECT relid FROM pg_catalog.pg_partition_tree(target)))
       AND l.operation IN ('INSERT', 'UPDATE', 'DELETE')
       AND (l.new_row @> primary_key OR l.old_row @> primary_key)
     ORDER BY l.id
$$;
COMMENT ON FUNCTION steward.row_history(regclass, jsonb) IS
    'The logged versions of one row of a table, oldest first: every INSERT, UPDATE and DELETE whose old or new row contains '
    'primary_key, e.g. steward.row_history(''shop.customer'', ''{"id": 42}''). Reads steward.audit_log with your privileges.';

-- DDL on audited tables, and audit triggers for new partitions of audited tables.
CREATE FUNCTION steward.audit_ddl_command_end() RETURNS event_trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    command record;
    missing regclass;
BEGIN
    FOR command IN
        SELECT d.objid, d.command_tag, d.object_identity, n.nspname, c.relname,
               coalesce(pg_catalog.pg_partition_root(d.objid)::oid, d.objid) AS root
          FROM pg_catalog.pg_event_trigger_ddl_commands() d
          JOIN pg_catalog.pg_class c ON c.oid = d.objid
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE d.classid = 'pg_catalog.pg_class'::regclass AND c.relkind IN ('r', 'p')
    LOOP
        IF EXISTS (SELECT FROM pg_catalog.pg_trigger t
                    WHERE t.tgrelid = command.objid AND t.tgname IN ('steward_audit', 'steward_audit_truncate')) THEN
            PERFORM steward.audit_ddl(command.objid, command.nspname, command.relname,
                                      command.command_tag, command.object_identity);
        END IF;
        -- Partitions created or attached under a table whose TRUNCATEs are audited get the
        -- statement trigger too (row triggers are cloned by PostgreSQL itself).
        IF EXISTS (SELECT FROM pg_catalog.pg_trigger t
                    WHERE t.tgrelid = command.root AND t.tgname = 'steward_audit_truncate') THEN
            FOR missing IN
                SELECT p.relid FROM pg_catalog.pg_partition_tree(command.root) p
                 WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_trigger t
                                    WHERE t.tgrelid = p.relid AND t.tgname = 'steward_audit_truncate')
            LOOP
                EXECUTE format('CREATE TRIGGER steward_audit_truncate AFTER TRUNCATE ON %s FOR EACH STATEMENT '
                               'EXECUTE FUNCTION steward.audit_truncate()', missing);
            END LOOP;
        END IF;
    END LOOP;
    -- Audit starting on a table: one row per audit trigger created (by enable_audit()), the
    -- mirror of the row audit_sql_drop() writes when they go. The triggers of partitions are
    -- covered by the row of their partitioned table.
    FOR command IN
        SELECT t.tgrelid, d.command_tag, d.object_identity, n.nspname, c.relname
          FROM pg_catalog.pg_event_trigger_ddl_commands() d
          JOIN pg_catalog.pg_trigger t ON t.oid = d.objid
          JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE d.classid = 'pg_catalog.pg_trigger'::regclass
           AND t.tgname IN ('steward_audit', 'steward_audit_truncate') AND NOT c.relispartition
    LOOP
        PERFORM steward.audit_ddl(command.tgrelid, command.nspname, command.relname,
                                  command.command_tag, command.object_identity);
    END LOOP;
END
$$;
COMMENT ON FUNCTION steward.audit_ddl_command_end() IS
    'Event trigger (ddl_command_end): logs DDL on audited tables and the creation of their audit triggers to steward.audit_log, '
    'and audits TRUNCATE of new partitions of audited tables.';
CREATE EVENT TRIGGER steward_audit_ddl ON ddl_command_end
    EXECUTE FUNCTION steward.audit_ddl_command_end();
COMMENT ON EVENT TRIGGER steward_audit_ddl IS 'pg_steward: logs DDL on audited tables.';

CREATE FUNCTION steward.audit_sql_drop() RETURNS event_trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    dropped record;
BEGIN
    -- A table whose audit ends: dropped itself, or its last audit trigger dropped (disable_audit(),
    -- DROP TRIGGER). One row per table; partitions of an audited table are covered by its row.
    FOR dropped IN
        SELECT DISTINCT t.address_names[1] AS schema_name, t.address_names[2] AS table_name,
               tb.objid AS dropped_table,
               to_regclass(format('%I.%I', t.address_names[1], t.address_names[2])) AS remaining_table
          FROM pg_catalog.pg_event_trigger_dropped_objects() t
          LEFT JOIN pg_catalog.pg_event_trigger_dropped_objects() tb
            ON tb.object_type = 'table' AND tb.address_names[1] = t.address_names[1]
           AND tb.address_names[2] = t.address_names[2]
         WHERE t.object_type = 'trigger' AND t.address_names[3] IN ('steward_audit', 'steward_audit_truncate')
    LOOP
        IF dropped.dropped_table IS NOT NULL THEN
            PERFORM steward.audit_ddl(dropped.dropped_table, dropped.schema_name, dropped.table_name, 'DROP TABLE',
                                      format('%I.%I', dropped.schema_name, dropped.table_name));
        ELSIF dropped.remaining_table IS NOT NULL
              AND NOT EXISTS (SELECT FROM pg_catalog.pg_trigger r
                               WHERE r.tgrelid = dropped.remaining_table
                                 AND r.tgname IN ('steward_audit', 'steward_audit_truncate'))
              AND NOT EXISTS (SELECT FROM pg_catalog.pg_class c
                               WHERE c.oid = dropped.remaining_table AND c.relispartition) THEN
            PERFORM steward.audit_ddl(dropped.remaining_table, dropped.schema_name, dropped.table_name,
                                      'DROP TRIGGER', 'audit disabled on ' || dropped.remaining_table::text);
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION steward.audit_sql_drop() IS
    'Event trigger (sql_drop): logs the DROP of an audited table, and the removal of its audit triggers.';
CREATE EVENT TRIGGER steward_audit_drop ON sql_drop
    EXECUTE FUNCTION steward.audit_sql_drop();
COMMENT ON EVENT TRIGGER steward_audit_drop IS 'pg_steward: logs the DROP of audited tables and of audit triggers.';

-- Sealing: the rows of transactions that have committed since the previous block, chained.
CREATE FUNCTION steward.seal_audit()
RETURNS bigint
-- SECURITY DEFINER: a role granted EXECUTE may seal without any privilege on audit_block (whose
-- lock needs one); it can only append the block the log's content determines.
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    previous record;
    sealed bigint;
BEGIN
    -- Each statement must see what committed before it: under REPEATABLE READ the snapshot is
    -- the transaction's, older than the lock below, and would miss the last block.
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'seal_audit() must run at READ COMMITTED, not %', upper(current_setting('transaction_isolation'))
            USING ERRCODE = 'invalid_transaction_state',
                  HINT = 'Call it outside an explicit REPEATABLE READ or SERIALIZABLE transaction.';
    END IF;
    -- One sealer at a time. Writers of the log never touch audit_block: they never wait.
    LOCK TABLE steward.audit_block IN SHARE ROW EXCLUSIVE MODE;
    SELECT b.block_id, b.snapshot, b.block_hash INTO previous
      FROM steward.audit_block b ORDER BY b.block_id DESC LIMIT 1;
    -- The rows this statement sees (pg_current_snapshot() is its snapshot) that the previous
    -- sealing statement did not: rows of transactions that were running then, or started since,
    -- and have committed. A transaction older than that snapshot's xmin was sealed already.
    WITH sealed_by_sealers AS (
        -- Rows that recent sealing transactions sealed while their own snapshot still counted
        -- them as running: not to be sealed again.
        SELECT unnest(b.log_ids) AS id
          FROM steward.audit_block b
         WHERE b.sealer_txid >= pg_catalog.pg_snapshot_xmin(previous.snapshot)),
    fresh AS (
        SELECT l.id, l.row_hash
          FROM steward.audit_record l
         WHERE previous.snapshot IS NULL
            OR (l.txid >= pg_catalog.pg_snapshot_xmin(previous.snapshot)
                AND NOT pg_catalog.pg_visible_in_snapshot(l.txid, previous.snapshot)
                AND l.id NOT IN (SELECT s.id FROM sealed_by_sealers s))),
    chained AS (
        SELECT count(*) AS row_count, array_agg(f.id ORDER BY f.id) AS log_ids,
               pg_catalog.sha256(string_agg(f.row_hash, ''::bytea ORDER BY f.id)) AS rows_hash,
               coalesce(previous.block_hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea) AS previous_hash
          FROM fresh f
        HAVING count(*) > 0)
    INSERT INTO steward.audit_block (block_id, snapshot, sealer_txid, row_count, log_ids, rows_hash, previous_hash, block_hash)
    SELECT coalesce(previous.block_id, 0) + 1, pg_catalog.pg_current_snapshot(),
           pg_catalog.pg_current_xact_id_if_assigned(), c.row_count, c.log_ids,
           c.rows_hash, c.previous_hash, pg_catalog.sha256(c.previous_hash || c.rows_hash)
      FROM chained c
    RETURNING row_count INTO sealed;
    RETURN coalesce(sealed, 0);
END
$$;
COMMENT ON FUNCTION steward.seal_audit() IS
    'Seals the audit rows of every transaction committed since the last seal into one new block of steward.audit_block, '
    'chained to the previous block by SHA-256, and returns how many rows it sealed (0: nothing new). Writers never wait for it.';

CREATE FUNCTION steward.audit_digest(OUT block_id bigint, OUT block_hash text, OUT digest text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT b.block_id, encode(b.block_hash, 'hex'), b.block_id || ':' || encode(b.block_hash, 'hex')
      FROM steward.audit_block b ORDER BY b.block_id DESC LIMIT 1
$$;
COMMENT ON FUNCTION steward.audit_digest() IS
    'The latest sealed block and its hash, and both as one text (digest, e.g. 42:9f86d0...). Store digests outside the '
    'database; steward.verify_audit(digest => ...) then also detects blocks removed from the end.';

CREATE FUNCTION steward.verify_audit(from_block bigint DEFAULT NULL, to_block bigint DEFAULT NULL, digest text DEFAULT NULL)
RETURNS TABLE (block_id bigint, log_id bigint, status text, detail text)
LANGUAGE c VOLATILE
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'steward_verify_audit';
COMMENT ON FUNCTION steward.verify_audit(bigint, bigint, text) IS
    'Verifies the sealed audit trail (blocks from_block to to_block, all by default): every row''s hash against its content, '
    'every block''s rows and hash chain, and, given a digest from audit_digest(), that no block was removed from the end. '
    'Returns one row per problem (modified row, deleted row, forged row, reordered rows, modified block, removed block, '
    'truncated tail), or a single row with status OK. See docs/audit.md.';

-- Least privilege: PUBLIC may create audit triggers on its own tables through enable_audit()
-- only when granted it; the trigger functions themselves run for anyone (they log, they read
-- nothing). Reading the log is for those who are granted SELECT.
REVOKE ALL ON steward.audit_log, steward.audit_record, steward.audit_block, steward.audit_key, steward.audited_tables FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION steward.audit_retention_begin(regclass), steward.audit_retention_batch(regclass, jsonb),
    steward.remove_audit_blocks(timestamptz, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION steward.enable_audit(regclass, name[], text[]), steward.disable_audit(regclass),
                           steward.audit_ddl(oid, text, text, text, text), steward.seal_audit(),
                           steward.verify_audit(bigint, bigint, text), steward.random_bytes(integer),
                           steward.audit_ddl_command_end(), steward.audit_sql_drop()
    FROM PUBLIC;
