-- Integrity checks with amcheck (src/integrity/): steward.check_integrity() checks tables (heap and
-- TOAST, verify_heapam) and B-tree indexes (bt_index_check with heapallindexed) within a time
-- budget, resumes where the last run stopped, and records each relation's outcome.

CREATE TABLE steward.integrity_status (
    relation        oid PRIMARY KEY,
    schema_name     text NOT NULL,
    relation_name   text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('table', 'btree index')),
    status          text NOT NULL CHECK (status IN ('OK', 'CORRUPTED', 'SKIPPED')),
    detail          text,
    pages           bigint,
    next_block      bigint,
    last_checked_at timestamptz,
    last_duration   interval,
    corrupted_since timestamptz
);
COMMENT ON TABLE steward.integrity_status IS 'The last outcome of steward.check_integrity() for each relation: OK, CORRUPTED (with what amcheck found) or SKIPPED (why), when it was last checked, and where a large table''s check resumes (next_block).';
COMMENT ON COLUMN steward.integrity_status.relation IS 'The relation''s OID (schema_name and relation_name keep its name if it is dropped).';
COMMENT ON COLUMN steward.integrity_status.next_block IS 'A table checked in part (the budget ran out): the block the next run starts from; NULL when its last check was complete.';
COMMENT ON COLUMN steward.integrity_status.last_checked_at IS 'When its last complete check ended (runs pick the least recently checked relations first).';
COMMENT ON COLUMN steward.integrity_status.corrupted_since IS 'When corruption was first found in it (NULL once a check passes again).';

CREATE FUNCTION steward.check_integrity(time_budget interval DEFAULT '5 minutes', relations regclass[] DEFAULT NULL)
RETURNS TABLE (relation regclass, kind text, status text, detail text)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '1s'
AS $$
DECLARE
    amcheck_schema name;
    deadline timestamptz;
    started timestamptz;
    target record;
    chunk constant bigint := 4096;      -- heap blocks checked between looks at the clock (32 MB)
    first_block bigint;
    last_block bigint;
    problems text[];
    pages_done bigint := 0;
    seconds_spent double precision := 0;
    pages_per_second double precision;
    needed double precision;
    finding record;
    outcome text;
    message text;
    error_detail text;
BEGIN
    IF time_budget IS NULL OR time_budget <= interval '0' THEN
        RAISE EXCEPTION 'time_budget of check_integrity must be positive, not %', coalesce(time_budget::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Example: steward.check_integrity(time_budget => ''10 minutes'').';
    END IF;
    SELECT n.nspname INTO amcheck_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'amcheck';
    IF amcheck_schema IS NULL THEN
        RAISE EXCEPTION 'check_integrity needs the amcheck extension in database %', current_database()
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'amcheck (PostgreSQL contrib) does the verification; pg_steward decides what to check, within the budget.',
                  HINT = 'CREATE EXTENSION amcheck;';
    END IF;
    IF pg_is_in_recovery() THEN
        RAISE EXCEPTION 'check_integrity cannot record its results on a standby'
            USING ERRCODE = 'read_only_sql_transaction',
                  HINT = 'Run it on the primary, or call amcheck''s verify_heapam() and bt_index_check() directly on the standby.';
    END IF;
    deadline := clock_timestamp() + time_budget;

    FOR target IN
        WITH candidates AS (
            SELECT c.oid, n.nspname, c.relname,
                   CASE WHEN c.relkind IN ('r', 'm', 't') THEN 'table'
                        WHEN c.relkind = 'i' AND c.relam = 403 THEN 'btree index' END AS kind,
                   CASE WHEN c.relkind NOT IN ('r', 'm', 't', 'i') THEN format('a %s has no storage to check', CASE c.relkind WHEN 'v' THEN 'view' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' WHEN 'f' THEN 'foreign table' WHEN 'S' THEN 'sequence' WHEN 'c' THEN 'composite type' ELSE 'relation' END)
                        WHEN c.relkind = 'i' AND c.relam <> 403 THEN format('amcheck checks B-tree indexes only (this one is %s)', (SELECT amname FROM pg_am WHERE oid = c.relam))
                        WHEN c.relpersistence = 't' THEN 'a temporary table of another session'
                        WHEN c.relkind = 'i' AND NOT (SELECT x.indisvalid AND x.indisready FROM pg_index x WHERE x.indexrelid = c.oid) THEN 'the index is not valid (a failed CREATE INDEX CONCURRENTLY?)'
                   END AS not_checkable
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE (relations IS NULL AND c.relkind IN ('r', 'm', 't', 'i') AND c.relpersistence <> 't'
                    AND (c.relkind <> 'i' OR c.relam = 403))
                OR c.oid = ANY (relations)
        )
        SELECT k.*, s.next_block, s.last_checked_at, s.pages AS previous_pages, s.last_duration
          FROM candidates k LEFT JOIN steward.integrity_status s ON s.relation = k.oid
         ORDER BY k.not_checkable IS NULL, s.next_block IS NULL, s.last_checked_at NULLS FIRST, k.oid
    LOOP
        relation := target.oid;
        kind := coalesce(target.kind, 'other');
        IF target.not_checkable IS NOT NULL THEN
            status := 'SKIPPED';
            detail := target.not_checkable;
            RETURN NEXT;
            CONTINUE;
        END IF;
        IF clock_timestamp() >= deadline THEN
            status := 'SKIPPED';
            detail := 'the time budget was used up; the next run checks it first';
            RETURN NEXT;
            CONTINUE;
        END IF;
        started := clock_timestamp();
        problems := '{}';
        outcome := 'OK';
        message := NULL;
        BEGIN
            -- AccessShareLock, the only lock amcheck's checks here take, never blocks writers;
            -- waiting longer than lock_timeout (behind an ACCESS EXCLUSIVE) skips the relation.
            IF target.kind = 'table' THEN
                last_block := pg_relation_size(target.oid) / current_setting('block_size')::bigint - 1;
                first_block := least(coalesce(target.next_block, 0), greatest(last_block, 0));
                IF last_block < 0 THEN
                    first_block := NULL;
                END IF;
                LOOP
                    FOR finding IN EXECUTE format(
                        'SELECT blkno, offnum, attnum, msg FROM %I.verify_heapam($1, on_error_stop => false, check_toast => true, startblock => $2, endblock => $3) LIMIT 20',
                        amcheck_schema)
                        USING target.oid, first_block, CASE WHEN first_block IS NULL THEN NULL ELSE least(first_block + chunk - 1, last_block) END
                    LOOP
                        problems := problems || format('block %s, offset %s%s: %s', finding.blkno, finding.offnum,
                                                       coalesce(', attribute ' || finding.attnum, ''), finding.msg);
                    END LOOP;
                    EXIT WHEN first_block IS NULL OR first_block + chunk > last_block OR cardinality(problems) > 0;
                    first_block := first_block + chunk;
                    pages_done := pages_done + chunk;
                    IF clock_timestamp() >= deadline THEN
                        outcome := 'SKIPPED';
                        message := format('checked up to block %s of %s when the time budget ran out; the next run continues from block %s',
                                          first_block - 1, last_block + 1, first_block);
                        EXIT;
                    END IF;
                END LOOP;
                IF outcome = 'OK' AND first_block IS NOT NULL THEN
                    pages_done := pages_done + (last_block - first_block + 1);
                END IF;
            ELSE
                -- A B-tree cannot be checked in parts: start it only if it fits in what is left.
                pages_per_second := CASE WHEN seconds_spent > 0.5 THEN pages_done / seconds_spent END;
                needed := (pg_relation_size(target.oid) / current_setting('block_size')::bigint) / pages_per_second;
                IF needed > extract(epoch FROM deadline - clock_timestamp()) THEN
                    outcome := 'SKIPPED';
                    message := format('it needs about %s s at this run''s pace, more than the %s s left of the time budget',
                                      round(needed::numeric, 1), round(extract(epoch FROM deadline - clock_timestamp())::numeric, 1));
                ELSE
                    EXECUTE format('SELECT %I.bt_index_check($1, true)', amcheck_schema) USING target.oid;
                    pages_done := pages_done + pg_relation_size(target.oid) / current_setting('block_size')::bigint;
                END IF;
            END IF;
        EXCEPTION
            WHEN lock_not_available THEN
                outcome := 'SKIPPED';
                message := 'a lock was not granted within 1 s (another session holds or waits for an exclusive lock); it is checked first next time';
            WHEN undefined_table THEN
                outcome := 'SKIPPED';
                message := 'it was dropped during the run';
            WHEN query_canceled OR admin_shutdown THEN
                RAISE;
            WHEN index_corrupted OR data_corrupted OR OTHERS THEN
                GET STACKED DIAGNOSTICS error_detail = PG_EXCEPTION_DETAIL;
                outcome := 'CORRUPTED';
                message := SQLERRM || coalesce(' (' || nullif(error_detail, '') || ')', '');
        END;
        seconds_spent := seconds_spent + extract(epoch FROM clock_timestamp() - started);
        IF cardinality(problems) > 0 THEN
            outcome := 'CORRUPTED';
            message := array_to_string(problems, '; ');
        END IF;
        status := outcome;
        detail := message;

        INSERT INTO steward.integrity_status AS s
               (relation, schema_name, relation_name, kind, status, detail, pages, next_block, last_checked_at, last_duration, corrupted_since)
        VALUES (target.oid, target.nspname, target.relname, target.kind, outcome, message,
                pg_relation_size(target.oid) / current_setting('block_size')::bigint,
                CASE WHEN outcome = 'SKIPPED' AND target.kind = 'table' AND message LIKE 'checked up to%' THEN first_block END,
                CASE WHEN outcome = 'SKIPPED' THEN NULL ELSE clock_timestamp() END,
                clock_timestamp() - started,
                CASE WHEN outcome = 'CORRUPTED' THEN clock_timestamp() END)
        ON CONFLICT ON CONSTRAINT integrity_status_pkey DO UPDATE SET
            schema_name = excluded.schema_name, relation_name = excluded.relation_name, kind = excluded.kind,
            status = excluded.status, detail = excluded.detail, pages = excluded.pages,
            next_block = CASE WHEN excluded.status = 'SKIPPED' AND excluded.next_block IS NULL THEN s.next_block ELSE excluded.next_block END,
            last_checked_at = coalesce(excluded.last_checked_at, s.last_checked_at),
            last_duration = excluded.last_duration,
            corrupted_since = CASE WHEN excluded.status = 'CORRUPTED' THEN coalesce(s.corrupted_since, excluded.corrupted_since)
                                   WHEN excluded.status = 'OK' THEN NULL ELSE s.corrupted_since END;
        IF outcome = 'CORRUPTED' THEN
            PERFORM pg_notify('steward_alert', jsonb_build_object(
                'kind', 'corruption', 'database', current_database(),
                'relation', format('%I.%I', target.nspname, target.relname), 'relation_kind', target.kind,
                'detail', left(message, 2000), 'at', clock_timestamp())::text);
        END IF;
        RETURN NEXT;
    END LOOP;
    -- Forget relations that no longer exist.
    DELETE FROM steward.integrity_status s WHERE NOT EXISTS (SELECT FROM pg_class c WHERE c.oid = s.relation);
END
$$;
COMMENT ON FUNCTION steward.check_integrity(interval, regclass[]) IS
    'Checks tables (heap and TOAST, amcheck verify_heapam) and B-tree indexes (bt_index_check with heapallindexed) for corruption within time_budget, least recently checked first, resuming a large table where the last run stopped; or only the given relations. One row per relation: OK, CORRUPTED (what amcheck found, with the block) or SKIPPED (why: budget, lock not granted within 1 s, not checkable). Outcomes go to steward.integrity_status; corruption is announced on steward_alert and shows as a CRITICAL integrity row in check_health(). Needs CREATE EXTENSION amcheck. Example: SELECT * FROM steward.check_integrity(''10 minutes'') WHERE status <> ''OK'';';

REVOKE ALL ON steward.integrity_status FROM PUBLIC;
GRANT SELECT ON steward.integrity_status TO pg_monitor;
REVOKE EXECUTE ON FUNCTION steward.check_integrity(interval, regclass[]) FROM PUBLIC;

INSERT INTO steward.job (name, schedule, kind, command, timeout) VALUES
    ('integrity_check', '0 2 * * *', 'builtin',
     $$SELECT jsonb_build_object('ok', count(*) FILTER (WHERE status = 'OK'), 'corrupted', count(*) FILTER (WHERE status = 'CORRUPTED'), 'skipped', count(*) FILTER (WHERE status = 'SKIPPED')) FROM steward.check_integrity(time_budget => '10 minutes')$$,
     '15 minutes');
