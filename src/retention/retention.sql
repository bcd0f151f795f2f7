-- Retention (src/retention/, docs/retention.md): policies that delete or anonymize expired rows in
-- small committed batches, or detach and drop whole expired partitions; a preview; a record of
-- every run; the hourly job.

CREATE TABLE steward.retention_policy (
    relation    regclass PRIMARY KEY,
    time_column name NOT NULL,
    keep        interval NOT NULL CHECK (keep > interval '0'),
    action      text NOT NULL CHECK (action IN ('delete', 'anonymize', 'detach', 'drop')),
    batch_size  integer NOT NULL CHECK (batch_size > 0),
    enabled     boolean NOT NULL DEFAULT true,
    set_at      timestamptz NOT NULL DEFAULT now(),
    set_by      name NOT NULL DEFAULT current_user
);
COMMENT ON TABLE steward.retention_policy IS 'One retention policy per table, written by steward.set_retention(): rows whose time_column is older than keep are deleted or anonymized in batches, or whole expired partitions detached or dropped, by steward.apply_retention() (the hourly job ''retention'').';
COMMENT ON COLUMN steward.retention_policy.batch_size IS 'Rows in the first batch; later batches adapt to steward.retention_batch_ms.';
SELECT pg_catalog.pg_extension_config_dump('steward.retention_policy', '');

CREATE TABLE steward.retention_run (
    run_id        bigserial PRIMARY KEY,
    relation      regclass,
    table_name    text NOT NULL,
    action        text NOT NULL,
    cutoff        timestamptz,
    started_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at   timestamptz,
    pid           integer NOT NULL DEFAULT pg_backend_pid(),
    rows          bigint NOT NULL DEFAULT 0,
    partitions    text[] NOT NULL DEFAULT '{}',
    batches       integer NOT NULL DEFAULT 0,
    retries       integer NOT NULL DEFAULT 0,
    paused        interval NOT NULL DEFAULT '0',
    outcome       text NOT NULL DEFAULT 'running'
                  CHECK (outcome IN ('running', 'completed', 'partial', 'paused', 'failed', 'interrupted')),
    message       text
);
CREATE INDEX retention_run_started ON steward.retention_run (started_at);
COMMENT ON TABLE steward.retention_run IS 'One row per policy applied by steward.apply_retention(): rows deleted or anonymized, partitions detached or dropped, batches, retries, time paused, and the outcome. The counts are committed with each batch, so a run cut short (outcome interrupted) still says exactly what it did.';
COMMENT ON COLUMN steward.retention_run.outcome IS 'running; completed; partial (some rows or partitions could not be taken now: locked, referenced); paused (load or replica lag did not ease within 5 minutes); failed (message says why); interrupted (the backend ended mid-run: every committed batch is complete, the next run continues).';

CREATE FUNCTION steward.pseudonym(value text) RETURNS text
LANGUAGE c STRICT IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'steward_pseudonym';
COMMENT ON FUNCTION steward.pseudonym(text) IS
    'The pseudonym retention''s anonymize action writes over a personal value: ''anon_'' and 80 bits of its HMAC-SHA-256 under the database''s secret key. Equal values give equal pseudonyms (joins and counts still work); without the key nothing leads back. Example: SELECT steward.pseudonym(''alice@example.com'');';

-- What a policy needs to know about its table, checked when it is set and again when it runs;
-- raises the error that names the problem.
CREATE FUNCTION steward.retention_check(target regclass, time_column name, action text)
RETURNS TABLE (time_type regtype, personal_columns name[], partition_key boolean)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    kind "char";
    column_number int2;
BEGIN
    SELECT c.relkind INTO kind FROM pg_class c WHERE c.oid = target;
    IF kind IS NULL OR kind NOT IN ('r', 'p') THEN
        RAISE EXCEPTION 'retention applies to tables, and % is not one', target
            USING ERRCODE = 'wrong_object_type', HINT = 'Give a table or a partitioned table.';
    END IF;
    IF action IS NULL OR action NOT IN ('delete', 'anonymize', 'detach', 'drop') THEN
        RAISE EXCEPTION 'unknown retention action "%" for %', action, target
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use delete, anonymize (overwrite classified personal columns), detach or drop (whole expired partitions of a range-partitioned table).';
    END IF;
    IF target = 'steward.audit_record'::regclass AND (action <> 'delete' OR time_column <> 'recorded_at') THEN
        RAISE EXCEPTION 'the audit trail''s retention removes whole sealed blocks by recorded_at, with action delete'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'SELECT steward.set_retention(''steward.audit_record'', ''recorded_at'', ''1 year'');';
    END IF;
    SELECT a.attnum, a.atttypid::regtype INTO column_number, time_type
      FROM pg_attribute a WHERE a.attrelid = target AND a.attname = time_column AND a.attnum > 0 AND NOT a.attisdropped;
    IF column_number IS NULL THEN
        RAISE EXCEPTION 'column "%" of % does not exist', time_column, target
            USING ERRCODE = 'undefined_column', HINT = 'time_column names the column that says how old a row is.';
    END IF;
    IF time_type NOT IN ('date'::regtype, 'timestamp'::regtype, 'timestamptz'::regtype) THEN
        RAISE EXCEPTION 'column "%" of % is %, not a date or time', time_column, target, time_type
            USING ERRCODE = 'datatype_mismatch', HINT = 'time_column must be date, timestamp or timestamptz.';
    END IF;
    partition_key := EXISTS (SELECT FROM pg_partitioned_table p
                              WHERE p.partrelid = target AND p.partstrat = 'r' AND p.partnatts = 1
                                AND p.partattrs[0] = column_number);
    IF action IN ('detach', 'drop') AND NOT partition_key THEN
        RAISE EXCEPTION '% is not range-partitioned by "%": action % takes whole partitions', target, time_column, action
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use delete for a table that is not partitioned (PARTITION BY RANGE (' || quote_ident(time_column) || ') for detach and drop).';
    END IF;
    SELECT coalesce(array_agg(a.attname ORDER BY a.attnum), '{}') INTO personal_columns
      FROM steward.data_classification d
      JOIN pg_attribute a ON a.attrelid = d.relation AND a.attnum = d.attnum AND NOT a.attisdropped
     WHERE d.relation = target AND d.sensitivity IS NOT NULL AND d.sensitivity <> 'PUBLIC';
    IF action = 'anonymize' THEN
        IF cardinality(personal_columns) = 0 THEN
            RAISE EXCEPTION '% has no column classified as personal to anonymize', target
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      HINT = format('Classify it first: SELECT * FROM steward.classify_data(%L); or steward.set_classification(%L, ''<column>'', ''email'').', target, target);
        END IF;
        IF time_column = ANY (personal_columns) THEN
            RAISE EXCEPTION 'time_column "%" of % is classified as personal: anonymizing it would lose the age of the rows', time_column, target
                USING ERRCODE = 'invalid_parameter_value', HINT = 'Use delete, or another time column.';
        END IF;
        PERFORM FROM pg_attribute a
          WHERE a.attrelid = target AND a.attname = ANY (personal_columns) AND a.attnotnull
            AND a.atttypid NOT IN ('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype)
        LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION '% has a personal column that is NOT NULL and not text: it cannot be anonymized', target
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Text columns get pseudonyms, other types NULL: drop the NOT NULL constraint or use delete.';
        END IF;
    END IF;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION steward.retention_check(regclass, name, text) IS 'Checks that a retention policy can apply to its table (a table, a date/time column, a known action, range partitioning by that column for detach and drop, classified personal columns for anonymize); returns the column''s type, the personal columns and whether the column is the range partition key.';

-- A table's owner (or a member of the owner role) manages its policy; everyone can read them.
-- The functions below run as the caller, so these rules hold for them too.
ALTER TABLE steward.retention_policy ENABLE ROW LEVEL SECURITY;
CREATE POLICY retention_policy_of_owner ON steward.retention_policy
    USING (pg_catalog.pg_has_role(current_user, (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = relation), 'USAGE'));
CREATE POLICY retention_policy_visible ON steward.retention_policy FOR SELECT USING (true);

CREATE FUNCTION steward.set_retention(target regclass, time_column name, keep interval,
                                      action text DEFAULT 'delete', batch_size integer DEFAULT 10000)
RETURNS steward.retention_policy
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    previous steward.retention_policy;
    result steward.retention_policy;
BEGIN
    IF target IS NULL OR time_column IS NULL THEN
        RAISE EXCEPTION 'set_retention needs a table and its time column'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'Example: SELECT steward.set_retention(''shop.event'', ''created_at'', ''2 years'');';
    END IF;
    IF NOT pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = target), 'USAGE') THEN
        RAISE EXCEPTION 'permission denied to set a retention policy on %', target
            USING ERRCODE = 'insufficient_privilege', HINT = 'Only the table''s owner (or a member of its role) can.';
    END IF;
    IF keep IS NULL OR keep <= interval '0' THEN
        RAISE EXCEPTION 'keep must be a positive interval, not %', coalesce(keep::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Example: keep => ''90 days''.';
    END IF;
    IF batch_size IS NULL OR batch_size < 1 THEN
        RAISE EXCEPTION 'batch_size must be at least 1, not %', coalesce(batch_size::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'The default, 10000, suits most tables; later batches adapt to steward.retention_batch_ms.';
    END IF;
    PERFORM steward.retention_check(target, time_column, action);
    SELECT * INTO previous FROM steward.retention_policy p WHERE p.relation = target;
    INSERT INTO steward.retention_policy AS p (relation, time_column, keep, action, batch_size, set_by)
    VALUES (target, time_column, keep, action, batch_size, current_user)
    ON CONFLICT (relation) DO UPDATE SET time_column = excluded.time_column, keep = excluded.keep,
        action = excluded.action, batch_size = excluded.batch_size, enabled = true,
        set_at = now(), set_by = excluded.set_by
    RETURNING * INTO result;
    IF previous.relation IS NOT NULL THEN
        RAISE NOTICE 'the retention policy of % is replaced (it was: % rows older than % by %)',
            target, previous.action, previous.keep, previous.time_column;
    END IF;
    RETURN result;
END
$$;
COMMENT ON FUNCTION steward.set_retention(regclass, name, interval, text, integer) IS
    'Sets the retention policy of a table (replacing its previous one, with a NOTICE): rows whose time_column is older than keep are removed by action delete (default), overwritten by anonymize (columns classified as personal get pseudonyms, or NULL), or, for a table range-partitioned by time_column, whole expired partitions are detached (detach) or detached and dropped (drop). Only the table''s owner can. Applied by steward.apply_retention(). Example: SELECT steward.set_retention(''shop.event'', ''created_at'', ''2 years'');';

CREATE FUNCTION steward.drop_retention(target regclass) RETURNS boolean
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = target), 'USAGE') THEN
        RAISE EXCEPTION 'permission denied to drop the retention policy of %', target
            USING ERRCODE = 'insufficient_privilege', HINT = 'Only the table''s owner (or a member of its role) can.';
    END IF;
    DELETE FROM steward.retention_policy p WHERE p.relation = target;
    RETURN FOUND;
END
$$;
COMMENT ON FUNCTION steward.drop_retention(regclass) IS 'Removes the retention policy of a table; false when it had none. Example: SELECT steward.drop_retention(''shop.event'');';

-- The tables that hold a policy's rows: the table itself, or every leaf of its partitions and
-- inheritance children.
CREATE FUNCTION steward.retention_leaves(target regclass) RETURNS SETOF regclass
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    WITH RECURSIVE tree(oid) AS (
        SELECT target::oid
        UNION
        SELECT i.inhrelid FROM pg_inherits i JOIN tree t ON i.inhparent = t.oid)
    SELECT t.oid::regclass FROM tree t JOIN pg_class c ON c.oid = t.oid
     WHERE c.relkind = 'r' ORDER BY c.oid
$$;

-- The foreign keys that reference the table and do not cascade (NO ACTION, RESTRICT): the rows
-- they reference are kept. Returns, per constraint, its name and an SQL condition on alias t
-- that is true when a row of the table is referenced.
CREATE FUNCTION steward.retention_references(target regclass)
RETURNS TABLE (constraint_name text, referencing regclass, referenced_condition text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT format('%I on %s', con.conname, con.conrelid::regclass), con.conrelid::regclass,
           format('EXISTS (SELECT FROM %s r WHERE %s)', con.conrelid::regclass,
                  (SELECT string_agg(format('r.%I = t.%I', ra.attname, ta.attname), ' AND ')
                     FROM unnest(con.conkey, con.confkey) AS k(referencing_column, referenced_column)
                     JOIN pg_attribute ra ON ra.attrelid = con.conrelid AND ra.attnum = k.referencing_column
                     JOIN pg_attribute ta ON ta.attrelid = con.confrelid AND ta.attnum = k.referenced_column))
      FROM pg_constraint con
     WHERE con.contype = 'f' AND con.confdeltype IN ('a', 'r') AND con.conparentid = 0
       AND con.confrelid IN (SELECT target UNION SELECT i.inhparent FROM pg_inherits i WHERE i.inhrelid = target)
$$;

-- The rows of leaf that a delete or anonymize policy takes: an SQL condition on alias t, with the
-- cutoff as parameter cutoff_parameter ($1, $3). For delete, rows referenced by a foreign key that
-- does not cascade are left out; for anonymize, rows whose personal columns are already done.
CREATE FUNCTION steward.retention_condition(policy steward.retention_policy, leaf regclass, cutoff_parameter text)
RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    condition text := format('t.%I < %s', policy.time_column, cutoff_parameter);
    referenced text;
    pending text;
    personal name[];
BEGIN
    SELECT string_agg('NOT ' || r.referenced_condition, ' AND ') INTO referenced FROM steward.retention_references(policy.relation) r
     WHERE policy.action = 'delete';  -- anonymized rows stay, and so do their references
    IF referenced IS NOT NULL THEN
        condition := condition || ' AND ' || referenced;
    END IF;
    IF policy.action = 'anonymize' THEN
        SELECT c.personal_columns INTO personal FROM steward.retention_check(policy.relation, policy.time_column, policy.action) c;
        SELECT string_agg(CASE WHEN a.atttypid IN ('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype)
                               THEN format('(t.%I IS NOT NULL AND t.%I::text NOT LIKE ''anon\_%%'')', a.attname, a.attname)
                               ELSE format('t.%I IS NOT NULL', a.attname) END, ' OR ')
          INTO pending
          FROM pg_attribute a
         WHERE a.attrelid = leaf AND NOT a.attisdropped
           AND a.attname = ANY (personal);
        condition := condition || ' AND (' || pending || ')';
    END IF;
    RETURN condition;
END
$$;

-- The statement that takes one batch: the rows of the condition in block range [$1, $2) of leaf,
-- deleted or overwritten (text columns with pseudonyms, others NULL). Direct, it waits (up to the
-- lock timeout) for rows other sessions hold; with skip_locked it locks the rows first
-- (FOR UPDATE SKIP LOCKED) and leaves those held elsewhere; that writes a lock into every row, so
-- it is the fallback, not the rule. with_range: the statement returns how many rows it took and
-- the oldest and newest of their times (for the audit summary); without, count with ROW_COUNT.
CREATE FUNCTION steward.retention_statement(policy steward.retention_policy, leaf regclass,
                                            skip_locked boolean, with_range boolean)
RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    rows_taken text := format('t.ctid >= $1 AND t.ctid < $2 AND %s', steward.retention_condition(policy, leaf, '$3'));
    ctes text[] := '{}';
    change text;
    set_list text;
    personal name[];
BEGIN
    IF skip_locked THEN
        ctes := ctes || format('taken AS (SELECT t.ctid FROM ONLY %s t WHERE %s FOR UPDATE OF t SKIP LOCKED)', leaf, rows_taken);
        rows_taken := 't.ctid = ANY (ARRAY(SELECT ctid FROM taken))';
    END IF;
    IF policy.action = 'delete' THEN
        change := format('DELETE FROM ONLY %s t WHERE %s', leaf, rows_taken);
    ELSE
        SELECT c.personal_columns INTO personal FROM steward.retention_check(policy.relation, policy.time_column, policy.action) c;
        SELECT string_agg(CASE WHEN a.atttypid IN ('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype)
                               THEN format('%I = steward.pseudonym(t.%I::text)::%s', a.attname, a.attname, format_type(a.atttypid, a.atttypmod))
                               ELSE format('%I = NULL', a.attname) END, ', ' ORDER BY a.attnum)
          INTO set_list
          FROM pg_attribute a
         WHERE a.attrelid = leaf AND NOT a.attisdropped AND a.attname = ANY (personal);
        change := format('UPDATE ONLY %s t SET %s WHERE %s', leaf, set_list, rows_taken);
    END IF;
    IF with_range THEN
        ctes := ctes || format('done AS (%s RETURNING t.%I AS at)', change, policy.time_column);
        change := 'SELECT count(*), min(at)::text, max(at)::text FROM done';
    END IF;
    RETURN CASE WHEN cardinality(ctes) > 0 THEN 'WITH ' || array_to_string(ctes, ', ') || ' ' ELSE '' END || change;
END
$$;

-- The partitions a detach or drop policy would take, and why each is taken or not.
CREATE FUNCTION steward.retention_partitions(policy steward.retention_policy, cutoff timestamptz)
RETURNS TABLE (partition regclass, upper_bound text, taken boolean, reason text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    child record;
    upper_value timestamptz;
BEGIN
    FOR child IN
        SELECT c.oid::regclass AS oid, pg_get_expr(c.relpartbound, c.oid) AS bound
          FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = policy.relation ORDER BY c.oid
    LOOP
        partition := child.oid;
        upper_bound := substring(child.bound FROM 'TO \((.*)\)$');
        IF child.bound = 'DEFAULT' THEN
            taken := false; reason := 'the default partition is never taken: its rows have no bounds';
        ELSIF upper_bound IS NULL OR upper_bound = 'MAXVALUE' THEN
            taken := false; reason := 'its upper bound is MAXVALUE';
        ELSE
            -- The bound is a constant PostgreSQL deparsed from the catalog.
            EXECUTE format('SELECT (%s)::timestamptz', upper_bound) INTO upper_value;
            taken := upper_value <= cutoff;
            reason := CASE WHEN taken
                           THEN format('every row is older than the cutoff %s: its upper bound is %s', cutoff, upper_bound)
                           ELSE format('its upper bound %s is after the cutoff %s: some rows may still be kept', upper_bound, cutoff) END;
        END IF;
        RETURN NEXT;
    END LOOP;
END
$$;

CREATE FUNCTION steward.preview_retention(target regclass DEFAULT NULL)
RETURNS TABLE (relation regclass, action text, cutoff timestamptz, object text, rows bigint, will text, reason text)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    policy steward.retention_policy;
    leaf regclass;
    reference record;
    n bigint;
BEGIN
    FOR policy IN SELECT * FROM steward.retention_policy p
                   WHERE p.enabled AND (target IS NULL OR p.relation = target) ORDER BY p.relation::text LOOP
        relation := policy.relation;
        action := policy.action;
        cutoff := now() - policy.keep;
        IF policy.action IN ('detach', 'drop') THEN
            FOR object, will, reason, rows IN
                SELECT p.partition::text, CASE WHEN p.taken THEN policy.action ELSE 'keep' END, p.reason,
                       (SELECT c.reltuples::bigint FROM pg_class c WHERE c.oid = p.partition)
                  FROM steward.retention_partitions(policy, cutoff) p
            LOOP
                RETURN NEXT;
            END LOOP;
            CONTINUE;
        END IF;
        object := policy.relation::text;
        rows := 0;
        FOR leaf IN SELECT * FROM steward.retention_leaves(policy.relation) LOOP
            EXECUTE format('SELECT count(*) FROM ONLY %s t WHERE %s', leaf, steward.retention_condition(policy, leaf, '$1'))
                INTO n USING cutoff;
            rows := rows + n;
        END LOOP;
        will := policy.action;
        reason := format('%s rows older than %s (%s)', policy.time_column, policy.keep, cutoff);
        RETURN NEXT;
        FOR reference IN SELECT * FROM steward.retention_references(policy.relation) LOOP
            object := reference.constraint_name;
            EXECUTE format('SELECT count(*) FROM %s t WHERE t.%I < $1 AND %s', policy.relation, policy.time_column, reference.referenced_condition)
                INTO rows USING cutoff;
            will := 'keep';
            reason := format('expired rows referenced by foreign key %s (ON DELETE NO ACTION or RESTRICT) are kept until the referencing rows go', reference.constraint_name);
            IF rows > 0 THEN
                RETURN NEXT;
            END IF;
        END LOOP;
    END LOOP;
END
$$;
COMMENT ON FUNCTION steward.preview_retention(regclass) IS
    'What steward.apply_retention() would do now, changing nothing: per policy the rows it would delete or anonymize, the expired rows kept because a foreign key that does not cascade references them, or each partition with whether it would be detached or dropped and why (bounds read from the catalog; never the default partition). Example: SELECT * FROM steward.preview_retention();';

-- Bookkeeping of runs, as the extension's owner: callers need no privilege on the run table.
CREATE FUNCTION steward.retention_run_record(run bigint, new_rows bigint DEFAULT 0, new_batches integer DEFAULT 0,
                                             new_retries integer DEFAULT 0, new_pause interval DEFAULT '0',
                                             new_partition text DEFAULT NULL, new_outcome text DEFAULT NULL, new_message text DEFAULT NULL)
RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    UPDATE steward.retention_run r
       SET rows = r.rows + new_rows, batches = r.batches + new_batches, retries = r.retries + new_retries,
           paused = r.paused + new_pause,
           partitions = CASE WHEN new_partition IS NULL THEN r.partitions ELSE r.partitions || new_partition END,
           outcome = coalesce(new_outcome, r.outcome),
           message = coalesce(new_message, r.message),
           finished_at = CASE WHEN new_outcome IS NOT NULL THEN clock_timestamp() END
     WHERE r.run_id = run AND r.pid = pg_backend_pid()
$$;

CREATE FUNCTION steward.retention_run_begin(policy steward.retention_policy, run_cutoff timestamptz) RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    -- Runs left running by a backend that is gone were cut short.
    UPDATE steward.retention_run r SET outcome = 'interrupted', finished_at = clock_timestamp(),
           message = 'the backend ended before the run finished (crash, pg_terminate_backend); every committed batch is complete and counted, the next run continues'
     WHERE r.outcome = 'running'
       AND NOT EXISTS (SELECT FROM pg_stat_activity a WHERE a.pid = r.pid AND a.pid <> pg_backend_pid() AND a.state <> 'idle');
    INSERT INTO steward.retention_run (relation, table_name, action, cutoff)
    SELECT p.relation, p.relation::text, p.action, run_cutoff
      FROM steward.retention_policy p WHERE p.relation = policy.relation  -- only for a real policy
    RETURNING run_id
$$;

-- Why batches should wait now (replica lag, load), or NULL. The statistics views keep what they
-- showed first for the rest of a transaction: the snapshot is cleared to see the present.
CREATE FUNCTION steward.retention_pressure() RETURNS text
LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_stat_clear_snapshot();
    SELECT coalesce(
        (SELECT format('replication lag %s exceeds steward.retention_max_replica_lag (%s)', lag, max_lag)
           FROM (SELECT max(greatest(write_lag, flush_lag, replay_lag)) AS lag,
                        current_setting('steward.retention_max_replica_lag')::interval AS max_lag
                   FROM pg_stat_replication) s
          WHERE max_lag > interval '0' AND lag > max_lag),
        (SELECT format('%s active sessions reach steward.retention_max_active_sessions (%s)', active, max_active)
           FROM (SELECT count(*) AS active, current_setting('steward.retention_max_active_sessions')::int AS max_active
                   FROM pg_stat_activity
                  WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()) s
          WHERE max_active > 0 AND active >= max_active))
$$;

CREATE PROCEDURE steward.apply_retention(target regclass DEFAULT NULL, dry_run boolean DEFAULT false)
LANGUAGE plpgsql AS $$
DECLARE
    policy steward.retention_policy;
    preview record;
    run bigint;
    run_cutoff timestamptz;
    leaf regclass;
    statement text;
    blocks bigint;
    block bigint;
    step bigint;
    done bigint;
    started timestamptz;
    elapsed double precision;
    target_ms double precision := extract(epoch FROM current_setting('steward.retention_batch_ms')::interval) * 1000;
    lock_wait text := current_setting('steward.retention_lock_timeout');
    statement_limit text;
    failures integer;
    pressure text;
    pause_started timestamptz;
    outcome text;
    note text;
    part record;
    batch_error text;
    summarize boolean;
    oldest text;
    newest text;
    removed record;
    failed_policies text[] := '{}';
    skip_statement text;
    skipping boolean;
    lock_error boolean;
BEGIN
    IF dry_run THEN
        FOR preview IN SELECT * FROM steward.preview_retention(target) LOOP
            RAISE NOTICE '%: % % (% rows): %', preview.relation, preview.will, preview.object, preview.rows, preview.reason;
        END LOOP;
        RETURN;
    END IF;
    IF target IS NOT NULL AND NOT EXISTS (SELECT FROM steward.retention_policy p WHERE p.relation = target) THEN
        RAISE EXCEPTION '% has no retention policy', target
            USING ERRCODE = 'undefined_object', HINT = format('SELECT steward.set_retention(%L, ''<time column>'', ''<keep>'');', target);
    END IF;
    statement_limit := greatest(10000, (20 * target_ms)::bigint) || 'ms';
    FOR policy IN SELECT * FROM steward.retention_policy p
                   WHERE p.enabled AND (target IS NULL OR p.relation = target) ORDER BY p.relation::text LOOP
        run_cutoff := now() - policy.keep;
        run := steward.retention_run_begin(policy, run_cutoff);
        COMMIT;
        outcome := 'completed';
        note := NULL;
        BEGIN
            PERFORM steward.retention_check(policy.relation, policy.time_column, policy.action);
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS note = MESSAGE_TEXT;
            outcome := 'failed';
        END;

        IF outcome = 'completed' AND policy.relation = 'steward.audit_record'::regclass THEN
            -- The audit trail: whole sealed blocks, a hundred per transaction.
            LOOP
                SELECT * INTO removed FROM steward.remove_audit_blocks(run_cutoff, 100);
                PERFORM steward.retention_run_record(run, new_rows => removed.log_rows, new_batches => 1,
                                                     new_partition => CASE WHEN removed.blocks > 0 THEN removed.blocks || ' audit blocks' END);
                COMMIT;
                EXIT WHEN removed.blocks < 100;
            END LOOP;
        ELSIF outcome = 'completed' AND policy.action IN ('delete', 'anonymize') THEN
            <<leaves>>
            FOR leaf IN SELECT * FROM steward.retention_leaves(policy.relation) LOOP
                -- An audited table gets one RETENTION row per batch in the audit trail, when this
                -- role may ask for it (the extension's owner); otherwise every row is logged.
                summarize := EXISTS (SELECT FROM pg_trigger g WHERE g.tgrelid = leaf AND g.tgfoid = 'steward.audit_row'::regproc)
                             AND has_function_privilege('steward.audit_retention_begin(regclass)', 'EXECUTE');
                statement := steward.retention_statement(policy, leaf, false, summarize);
                skip_statement := steward.retention_statement(policy, leaf, true, summarize);
                skipping := false;
                blocks := pg_relation_size(leaf) / current_setting('block_size')::bigint;
                SELECT greatest(1, policy.batch_size / greatest(1.0, CASE WHEN c.relpages > 0 AND c.reltuples > 0 THEN c.reltuples / c.relpages ELSE 50 END))::bigint
                  INTO step FROM pg_class c WHERE c.oid = leaf;
                block := 0;
                failures := 0;
                WHILE block < blocks LOOP
                    -- Wait while replicas lag or the server is busy, at most 5 minutes a run.
                    pressure := steward.retention_pressure();
                    IF pressure IS NOT NULL THEN
                        pause_started := clock_timestamp();
                        WHILE pressure IS NOT NULL AND clock_timestamp() - pause_started < interval '5 minutes' LOOP
                            PERFORM pg_sleep(1);
                            pressure := steward.retention_pressure();
                        END LOOP;
                        PERFORM steward.retention_run_record(run, new_pause => clock_timestamp() - pause_started);
                        COMMIT;
                        IF pressure IS NOT NULL THEN
                            outcome := 'paused';
                            note := pressure;
                            EXIT leaves;
                        END IF;
                    END IF;
                    PERFORM set_config('lock_timeout', lock_wait, true);
                    PERFORM set_config('statement_timeout', statement_limit, true);
                    started := clock_timestamp();
                    batch_error := NULL;
                    BEGIN
                        IF summarize THEN
                            PERFORM steward.audit_retention_begin(leaf);
                        END IF;
                        IF summarize THEN
                            EXECUTE CASE WHEN skipping THEN skip_statement ELSE statement END INTO done, oldest, newest
                                USING format('(%s,0)', block)::tid, format('(%s,0)', block + step)::tid, run_cutoff;
                        ELSE
                            EXECUTE CASE WHEN skipping THEN skip_statement ELSE statement END
                                USING format('(%s,0)', block)::tid, format('(%s,0)', block + step)::tid, run_cutoff;
                            GET DIAGNOSTICS done = ROW_COUNT;
                        END IF;
                        IF summarize AND done > 0 THEN
                            PERFORM steward.audit_retention_batch(leaf, jsonb_build_object(
                                'retention_run', run, 'action', policy.action, 'keep', policy.keep, 'time_column', policy.time_column,
                                'cutoff', run_cutoff, 'rows', done, 'oldest', oldest, 'newest', newest,
                                'blocks', format('[%s,%s)', block, block + step)));
                        END IF;
                    EXCEPTION WHEN lock_not_available OR query_canceled OR foreign_key_violation THEN
                        -- A cancel by a user is not ours to swallow: only our own timeouts are.
                        IF SQLSTATE = '57014' AND clock_timestamp() - started < statement_limit::interval THEN
                            RAISE;
                        END IF;
                        batch_error := SQLERRM;
                        lock_error := SQLSTATE = '55P03';
                    END;
                    IF batch_error IS NOT NULL AND lock_error AND NOT skipping THEN
                        -- A row held by another session: redo this range with SKIP LOCKED, which
                        -- leaves such rows to the next run.
                        skipping := true;
                        PERFORM steward.retention_run_record(run, new_retries => 1);
                        COMMIT;
                        CONTINUE;
                    END IF;
                    IF batch_error IS NOT NULL THEN
                        -- The table is locked (row locks are skipped, not waited for) or the batch was
                        -- too slow: retry smaller; after 5 retries leave the rest of this table to the
                        -- next run rather than queue behind the lock.
                        failures := failures + 1;
                        PERFORM steward.retention_run_record(run, new_retries => 1);
                        COMMIT;
                        IF failures > 5 THEN
                            outcome := 'partial';
                            note := concat_ws('; ', note, format('%s from block %s on was left after %s retries (%s); the next run takes it', leaf, block, failures - 1, batch_error));
                            EXIT;
                        END IF;
                        step := greatest(1, step / 4);
                        CONTINUE;
                    END IF;
                    elapsed := greatest(1, extract(epoch FROM clock_timestamp() - started) * 1000);
                    PERFORM steward.retention_run_record(run, new_rows => done, new_batches => 1);
                    COMMIT;
                    failures := 0;
                    skipping := false;
                    block := block + step;
                    step := least(131072, greatest(1, least(step * 2, greatest(step / 2, (step * target_ms / elapsed)::bigint))));
                END LOOP;
            END LOOP;
        ELSIF outcome = 'completed' THEN
            FOR part IN SELECT p.partition, p.partition::text AS name FROM steward.retention_partitions(policy, run_cutoff) p WHERE p.taken LOOP
                PERFORM set_config('lock_timeout', lock_wait, true);
                BEGIN
                    EXECUTE format('ALTER TABLE %s DETACH PARTITION %s', policy.relation, part.partition);
                EXCEPTION WHEN OTHERS THEN
                    outcome := 'partial';
                    note := concat_ws('; ', note, format('%s was not detached: %s', part.partition, SQLERRM));
                    CONTINUE;
                END;
                PERFORM steward.retention_run_record(run, new_partition => 'detached ' || part.name, new_batches => 1);
                COMMIT;
                IF policy.action = 'drop' THEN
                    PERFORM set_config('lock_timeout', lock_wait, true);
                    BEGIN
                        EXECUTE format('DROP TABLE %s', part.partition);
                    EXCEPTION WHEN OTHERS THEN
                        outcome := 'partial';
                        note := concat_ws('; ', note, format('%s was detached but not dropped: %s', part.partition, SQLERRM));
                        CONTINUE;
                    END;
                    PERFORM steward.retention_run_record(run, new_partition => 'dropped ' || part.name);
                    COMMIT;
                END IF;
            END LOOP;
        END IF;
        PERFORM steward.retention_run_record(run, new_outcome => outcome, new_message => note);
        COMMIT;
        IF outcome = 'failed' THEN
            failed_policies := failed_policies || format('%s (%s)', policy.relation, note);
        END IF;
    END LOOP;
    -- After every other policy has run and committed: a policy that no longer applies fails the
    -- call (and the job, which the failing_jobs health check reports).
    IF cardinality(failed_policies) > 0 THEN
        RAISE EXCEPTION 'retention failed for %', array_to_string(failed_policies, '; ')
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Fix the policy with steward.set_retention() or remove it with steward.drop_retention(); steward.retention_run has the details.';
    END IF;
END
$$;
COMMENT ON PROCEDURE steward.apply_retention(regclass, boolean) IS
    'Applies the retention policies (all, or target''s): expired rows are deleted or anonymized in batches of block ranges (ctid), each with FOR UPDATE SKIP LOCKED, under steward.retention_lock_timeout and a statement timeout, committed one by one, sized to take about steward.retention_batch_ms; rows referenced by foreign keys that do not cascade are kept; it pauses while replicas lag or the server is busy. Whole expired partitions are detached (and dropped). Every run is recorded in steward.retention_run, its counts committed with each batch. dry_run => true only reports what would happen (as NOTICEs; see steward.preview_retention()). A procedure: CALL it outside an explicit transaction. Example: CALL steward.apply_retention();';

COMMENT ON FUNCTION steward.retention_leaves(regclass) IS 'The tables that hold a retention policy''s rows: the table itself, or every leaf of its partitions and inheritance children.';
COMMENT ON FUNCTION steward.retention_references(regclass) IS 'The foreign keys that reference the table without cascading (NO ACTION, RESTRICT), each with an SQL condition (alias t) true for a referenced row: retention keeps such rows.';
COMMENT ON FUNCTION steward.retention_condition(steward.retention_policy, regclass, text) IS 'The SQL condition (alias t) of the rows a delete or anonymize policy takes in one table, with the cutoff as the given parameter.';
COMMENT ON FUNCTION steward.retention_statement(steward.retention_policy, regclass, boolean, boolean) IS 'The statement of one retention batch over a block range ($1, $2) with cutoff $3: direct, or with FOR UPDATE SKIP LOCKED; with_range returns the count and the oldest and newest times taken.';
COMMENT ON FUNCTION steward.retention_partitions(steward.retention_policy, timestamptz) IS 'The partitions of a detach or drop policy''s table, with their upper bound read from the catalog, whether a run would take them at this cutoff, and why.';
COMMENT ON FUNCTION steward.retention_run_record(bigint, bigint, integer, integer, interval, text, text, text) IS 'Adds a batch''s figures (rows, batches, retries, pause, partition) or the outcome to a run of this backend in steward.retention_run; used by apply_retention().';
COMMENT ON FUNCTION steward.retention_run_begin(steward.retention_policy, timestamptz) IS 'Marks runs whose backend is gone as interrupted and records a new run for a policy; used by apply_retention().';
COMMENT ON FUNCTION steward.retention_pressure() IS 'Why retention should wait now (replica lag above steward.retention_max_replica_lag, or at least steward.retention_max_active_sessions active sessions), or NULL.';

REVOKE ALL ON steward.retention_policy, steward.retention_run FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON steward.retention_policy TO PUBLIC;
GRANT SELECT ON steward.retention_run TO PUBLIC;
REVOKE EXECUTE ON FUNCTION steward.pseudonym(text), steward.retention_run_record(bigint, bigint, integer, integer, interval, text, text, text),
    steward.retention_run_begin(steward.retention_policy, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION steward.retention_run_record(bigint, bigint, integer, integer, interval, text, text, text),
    steward.retention_run_begin(steward.retention_policy, timestamptz) TO PUBLIC;

INSERT INTO steward.job (name, schedule, kind, command, timeout) VALUES
    ('retention', '0 * * * *', 'builtin', 'CALL steward.apply_retention()', '55 minutes');
