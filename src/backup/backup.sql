-- Backups (src/backup/, docs/backup.md): steward.backup() runs pg_dump or pg_basebackup into
-- steward.backup_directory and records the result; verify_backup() and restore_drill() prove it;
-- restore_backup() restores into a new database; prune_backups() applies the retention settings.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'steward_backup') THEN
        CREATE ROLE steward_backup NOLOGIN;
    END IF;
END
$$;
COMMENT ON ROLE steward_backup IS 'Members may take, verify, drill, restore and prune backups with pg_steward (steward.backup() and friends). The tools run as the bootstrap superuser, so grant it like superuser-level trust.';

CREATE TABLE steward.backup_catalog (
    backup_id       bigserial PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('logical', 'physical')),
    database_name   name,
    path            text NOT NULL,
    size_bytes      bigint NOT NULL,
    sha256          text NOT NULL,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz NOT NULL,
    tool_version    text NOT NULL,
    server_version  text NOT NULL,
    row_counts      jsonb,
    taken_by        regrole,
    verify_status   text CHECK (verify_status IN ('OK', 'FAILED')),
    verify_detail   text,
    verified_at     timestamptz,
    verify_duration interval,
    drill_status    text CHECK (drill_status IN ('OK', 'FAILED')),
    drill_detail    text,
    drilled_at      timestamptz,
    drill_duration  interval,
    removed_at      timestamptz,
    removed_reason  text
);
CREATE INDEX backup_catalog_finished ON steward.backup_catalog (finished_at);
COMMENT ON TABLE steward.backup_catalog IS 'Every backup steward.backup() took in this database (and physical backups of the cluster taken from it): where, how large, its SHA-256, the exact row count of every table in the snapshot it was taken in, and the outcome of its last verification and restore drill. Rows stay after retention removes the files (removed_at).';
COMMENT ON COLUMN steward.backup_catalog.database_name IS 'The database a logical backup holds; NULL for a physical backup (the whole cluster).';
COMMENT ON COLUMN steward.backup_catalog.path IS 'The pg_dump archive (custom format) of a logical backup; the data directory copy of a physical one.';
COMMENT ON COLUMN steward.backup_catalog.sha256 IS 'SHA-256 of the archive file (logical) or of backup_manifest, which holds the SHA-256 of every file (physical).';
COMMENT ON COLUMN steward.backup_catalog.row_counts IS 'Logical backups: {"schema.table": rows, ..., "large objects": n}, counted in the snapshot pg_dump read; a restore drill compares the restored database with it.';
COMMENT ON COLUMN steward.backup_catalog.verify_status IS 'Outcome of the last steward.verify_backup(): OK or FAILED (verify_detail says why); NULL: never verified.';
COMMENT ON COLUMN steward.backup_catalog.drill_status IS 'Outcome of the last steward.restore_drill(): OK or FAILED (drill_detail says why); NULL: never drilled.';
COMMENT ON COLUMN steward.backup_catalog.removed_at IS 'When steward.prune_backups() deleted the files (removed_reason says which setting); NULL while they exist.';

CREATE FUNCTION steward.backup(kind text DEFAULT 'logical', destination text DEFAULT NULL)
RETURNS TABLE (backup_id bigint, path text, size_bytes bigint, sha256 text, duration interval, status text)
LANGUAGE c VOLATILE
AS 'MODULE_PATHNAME', 'steward_backup';
COMMENT ON FUNCTION steward.backup(text, text) IS
    'Takes a backup with the server''s own tools and records it in steward.backup_catalog. logical (default): pg_dump -Fc of this database, in a snapshot exported by this transaction, with the exact row count of every table in that snapshot. physical: pg_basebackup of the whole cluster, plain format with WAL and a SHA-256 manifest (needs REPLICATION). The file goes to steward.backup_directory, or destination, a directory inside it; its SHA-256 is computed while it is written. A failure, a cancel or a timeout stops the tool and removes the partial output. Members of steward_backup and superusers only. Example: SELECT * FROM steward.backup();';

CREATE FUNCTION steward.verify_backup(backup_id bigint)
RETURNS TABLE (check_name text, status text, detail text)
LANGUAGE c VOLATILE
AS 'MODULE_PATHNAME', 'steward_verify_backup';
COMMENT ON FUNCTION steward.verify_backup(bigint) IS
    'Checks a backup without restoring it: its SHA-256 against the catalog, then pg_restore --list (logical: the archive''s table of contents is readable) or pg_verifybackup (physical: every file against the manifest, and the WAL it needs). One row per check, OK or FAILED; the outcome is recorded in steward.backup_catalog.verify_status. Example: SELECT * FROM steward.verify_backup(42);';

CREATE FUNCTION steward.restore_drill(backup_id bigint)
RETURNS TABLE (check_name text, status text, detail text)
LANGUAGE c VOLATILE
AS 'MODULE_PATHNAME', 'steward_restore_drill';
COMMENT ON FUNCTION steward.restore_drill(bigint) IS
    'Proves a logical backup restorable: checks its SHA-256, restores it into a scratch database (steward_drill_<id>_<pid>), compares every table''s exact row count with those recorded when it was taken, and drops the scratch database. A physical backup is drilled with pg_verifybackup (docs/backup.md says what that proves). One row per step, OK or FAILED; the outcome is recorded in steward.backup_catalog.drill_status and feeds the backups health check. Example: SELECT * FROM steward.restore_drill(42);';

CREATE FUNCTION steward.restore_backup(backup_id bigint, new_database name)
RETURNS TABLE (check_name text, status text, detail text)
LANGUAGE c VOLATILE
AS 'MODULE_PATHNAME', 'steward_restore_backup';
COMMENT ON FUNCTION steward.restore_backup(bigint, name) IS
    'Restores a logical backup into new_database, which must not exist yet: never over an existing database. Checks the SHA-256 first and compares the restored row counts with the catalog afterwards (a mismatch is reported, the database kept). A failed restore drops the half-restored database. Example: SELECT * FROM steward.restore_backup(42, ''shop_restored'');';

CREATE FUNCTION steward.prune_backups()
RETURNS TABLE (backup_id bigint, path text, reason text)
LANGUAGE c VOLATILE
AS 'MODULE_PATHNAME', 'steward_prune_backups';
COMMENT ON FUNCTION steward.prune_backups() IS
    'Deletes the files of backups beyond steward.backup_keep_count (newest first, per kind and database) or older than steward.backup_keep_days, but never the newest backup that passed its restore drill, and never a file outside steward.backup_directory. The catalog rows stay, with removed_at and removed_reason. One row per backup removed. Example: SELECT * FROM steward.prune_backups();';

-- The nightly job: a procedure, so that each step commits on its own (a failed drill is recorded,
-- and the backup it drilled stays in the catalog).
CREATE PROCEDURE steward.nightly_backup()
LANGUAGE plpgsql
AS $$
DECLARE
    taken bigint;
    problems text;
BEGIN
    IF pg_catalog.current_setting('steward.backup_directory') = '' THEN
        RAISE NOTICE 'no backup taken: steward.backup_directory is not set';
        RETURN;
    END IF;
    SELECT b.backup_id INTO taken FROM steward.backup('logical') b;
    COMMIT;
    SELECT pg_catalog.string_agg(v.check_name || ': ' || v.detail, '; ') INTO problems
      FROM steward.verify_backup(taken) v WHERE v.status <> 'OK';
    COMMIT;
    IF problems IS NULL THEN
        SELECT pg_catalog.string_agg(d.check_name || ': ' || d.detail, '; ') INTO problems
          FROM steward.restore_drill(taken) d WHERE d.status <> 'OK';
        COMMIT;
    END IF;
    PERFORM FROM steward.prune_backups();
    IF problems IS NOT NULL THEN
        RAISE EXCEPTION 'backup % failed its checks: %', taken, problems
            USING ERRCODE = 'data_corrupted',
                  HINT = pg_catalog.format('SELECT * FROM steward.backup_catalog WHERE backup_id = %s;', taken);
    END IF;
END
$$;
COMMENT ON PROCEDURE steward.nightly_backup() IS
    'The built-in job ''backup'': a logical backup of this database, its verification and restore drill (each committed on its own), then steward.prune_backups(). Fails (and the job run with it) when a check fails; does nothing but say so while steward.backup_directory is not set. Example: CALL steward.nightly_backup();';

REVOKE ALL ON steward.backup_catalog FROM PUBLIC;
GRANT SELECT ON steward.backup_catalog TO steward_backup, pg_monitor;
GRANT USAGE ON SCHEMA steward TO steward_backup;
REVOKE EXECUTE ON FUNCTION steward.backup(text, text), steward.verify_backup(bigint),
    steward.restore_drill(bigint), steward.restore_backup(bigint, name), steward.prune_backups()
    FROM PUBLIC;
REVOKE EXECUTE ON PROCEDURE steward.nightly_backup() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION steward.backup(text, text), steward.verify_backup(bigint),
    steward.restore_drill(bigint), steward.restore_backup(bigint, name), steward.prune_backups()
    TO steward_backup;
GRANT EXECUTE ON PROCEDURE steward.nightly_backup() TO steward_backup;

INSERT INTO steward.job (name, schedule, kind, command, timeout) VALUES
    ('backup', '0 1 * * *', 'builtin', 'CALL steward.nightly_backup()', '6 hours');
