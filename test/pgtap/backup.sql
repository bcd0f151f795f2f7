-- Backups (issue 8, src/backup/): steward.backup() of a database with several schemas, quoted
-- names and large objects, checked against the file itself; verify_backup(), restore_drill() and
-- restore_backup() with real pg_dump/pg_restore; a tampered byte; retention; bad input and
-- privileges; the health checks. Cancels, FATAL exits, a full disk, a 1-million-row table and
-- the nightly job are in test/scenarios/backup.sh.
-- The data to back up is committed through dblink (pg_dump, in its own session, sees only
-- committed data); the rest is one transaction, rolled back, and the rollback removes the
-- backup files made in it.
BEGIN;
SET LOCAL client_min_messages = warning;
SELECT plan(67);

SELECT dblink_connect('backup_tap', steward_test.conninfo(current_database())) \g /dev/null
SELECT dblink_exec('backup_tap', $$
    DROP SCHEMA IF EXISTS "Backup Tap" CASCADE;
    DROP SCHEMA IF EXISTS backup_tap_two CASCADE;
    CREATE SCHEMA "Backup Tap";
    CREATE SCHEMA backup_tap_two;
    CREATE TABLE "Backup Tap"."Order Lines" (id int PRIMARY KEY, "Note" text);
    INSERT INTO "Backup Tap"."Order Lines" SELECT g, repeat(md5(g::text), 300) FROM generate_series(1, 250) g;  -- TOASTed
    CREATE TABLE "Backup Tap"."we""ird" (v text);
    INSERT INTO "Backup Tap"."we""ird" VALUES ('a'), ('b'), (NULL);
    CREATE TABLE backup_tap_two.parent (id int, at date) PARTITION BY RANGE (at);
    CREATE TABLE backup_tap_two.parent_2026 PARTITION OF backup_tap_two.parent FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
    INSERT INTO backup_tap_two.parent SELECT g, date '2026-01-01' + g FROM generate_series(1, 100) g;
    CREATE TABLE backup_tap_two.base (id int);
    CREATE TABLE backup_tap_two.child () INHERITS (backup_tap_two.base);
    INSERT INTO backup_tap_two.base VALUES (1), (2);
    INSERT INTO backup_tap_two.child VALUES (3), (4), (5);
    CREATE TABLE backup_tap_two.dropped_column (a int, b text, c int);
    INSERT INTO backup_tap_two.dropped_column SELECT g, 'x', g FROM generate_series(1, 10) g;
    ALTER TABLE backup_tap_two.dropped_column DROP COLUMN b;
$$) \g /dev/null
SELECT * FROM dblink('backup_tap', $$SELECT lo_from_bytea(0, convert_to('backup tap large object ' || g, 'UTF8')) FROM generate_series(1, 2) g$$) AS t(o oid) \g /dev/null
SELECT count(*) AS large_objects_before FROM pg_largeobject_metadata \gset

-- API and privileges
SELECT has_function('steward', 'backup', ARRAY['text', 'text'], 'steward.backup(kind, destination) exists');
SELECT is(pg_get_function_result('steward.backup(text, text)'::regprocedure),
          'TABLE(backup_id bigint, path text, size_bytes bigint, sha256 text, duration interval, status text)', '... returning the issue''s columns');
SELECT is(pg_get_function_result('steward.verify_backup(bigint)'::regprocedure),
          'TABLE(check_name text, status text, detail text)', 'verify_backup returns check rows');
SELECT is(pg_get_function_result('steward.restore_drill(bigint)'::regprocedure),
          'TABLE(check_name text, status text, detail text)', 'restore_drill has the same shape');
SELECT ok(NOT has_function_privilege('public', 'steward.backup(text, text)', 'EXECUTE'), 'PUBLIC cannot take backups');
SELECT ok(has_function_privilege('steward_backup', 'steward.restore_backup(bigint, name)', 'EXECUTE'), 'steward_backup can restore');
SELECT is((SELECT count(*)::int FROM pg_proc WHERE pronamespace = 'steward'::regnamespace
              AND proname IN ('backup', 'verify_backup', 'restore_drill', 'restore_backup', 'prune_backups', 'nightly_backup')
              AND obj_description(oid, 'pg_proc') LIKE '%Example:%'), 6, 'every backup function has a COMMENT with an example');
SELECT is((SELECT command || ' ' || schedule || ' ' || timeout FROM steward.job WHERE name = 'backup'),
          'CALL steward.nightly_backup() 0 1 * * * 06:00:00', 'the nightly job exists');

CREATE ROLE backup_tap_nobody;
CREATE ROLE backup_tap_member IN ROLE steward_backup;
SELECT is((steward_test.error_fields($$SELECT steward_test.run_as('backup_tap_nobody', 'SELECT * FROM steward.backup()')$$))[1],
          '42501', 'a role outside steward_backup cannot take a backup');
GRANT USAGE ON SCHEMA steward TO backup_tap_nobody;
GRANT EXECUTE ON FUNCTION steward.backup(text, text) TO backup_tap_nobody;
SELECT is((steward_test.error_fields($$SELECT steward_test.run_as('backup_tap_nobody', 'SELECT * FROM steward.backup()')$$))[2:4],
          ARRAY['permission denied to take backups',
                'Backups run the server''s client tools as the bootstrap superuser: they read, and restore into, every database of the cluster.',
                'A superuser can grant it: GRANT steward_backup TO <role>;'],
          '... even when granted EXECUTE: the function itself checks membership, and says why');
SELECT is((steward_test.error_fields($$SELECT steward_test.run_as('backup_tap_member', 'SELECT * FROM steward.backup(''physical'')')$$))[1:2],
          ARRAY['42501', 'a physical backup needs a role with the REPLICATION attribute'],
          'a member without REPLICATION cannot take a physical backup');

-- Bad input
SELECT is((steward_test.error_fields($$SELECT * FROM steward.backup('incremental')$$))[1:2],
          ARRAY['22023', 'unknown backup kind "incremental"'], 'an unknown kind is refused');
SELECT alike((steward_test.error_fields($$SELECT * FROM steward.backup('incremental')$$))[4], 'Use ''logical''%', '... with a hint');
SELECT is((steward_test.error_fields($$SELECT * FROM steward.backup('logical', '/tmp')$$))[1:2],
          ARRAY['22023', 'backup destination "/tmp" is not inside steward.backup_directory'], 'a destination outside the directory is refused');
SELECT is((steward_test.error_fields($$SELECT * FROM steward.backup('logical', '../..')$$))[1],
          '22023', 'a relative destination that climbs out is refused');
SELECT is((steward_test.error_fields($$SELECT * FROM steward.backup('logical', 'no such dir')$$))[1:3],
          ARRAY['22023', 'backup destination "no such dir" is not inside steward.backup_directory', 'It does not exist.'],
          'a destination that does not exist is refused');
SELECT is((steward_test.error_fields($$SELECT * FROM steward.backup()$$))[1:2],
          ARRAY['25001', 'a logical backup cannot run inside a subtransaction'],
          'a logical backup refuses a subtransaction (pg_dump imports this transaction''s snapshot)');
SELECT is((steward_test.error_fields($$SELECT * FROM steward.verify_backup(-1)$$))[1:2],
          ARRAY['42704', 'backup -1 does not exist in steward.backup_catalog'], 'a missing backup_id is named');
SELECT is((steward_test.error_fields($$SELECT * FROM steward.restore_drill(NULL)$$))[1], '22023', 'a NULL backup_id is refused');

-- A real logical backup, checked against the file itself.
CREATE TEMPORARY TABLE taken AS SELECT * FROM steward.backup();
SELECT is((SELECT status FROM taken), 'OK', 'steward.backup() takes a logical backup');
SELECT is((SELECT size_bytes FROM taken), (SELECT (pg_stat_file(path)).size FROM taken), 'size_bytes is the file''s size');
SELECT is((SELECT sha256 FROM taken), (SELECT encode(sha256(pg_read_binary_file(path)), 'hex') FROM taken),
          'sha256 is the SHA-256 of the file, as PostgreSQL computes it');
SELECT is((SELECT (pg_stat_file(path, true)).size IS NOT NULL FROM taken WHERE path LIKE current_setting('steward.backup_directory') || '/logical_%.dump'), true,
          'the file is in steward.backup_directory, named logical_<database>_<time>_<id>.dump');
SELECT is((SELECT position('.partial' IN string_agg(f, ' ')) FROM pg_ls_dir(current_setting('steward.backup_directory')) f), 0,
          'no partial file is left');
SELECT is((SELECT row_counts -> '"Backup Tap"."Order Lines"' FROM steward.backup_catalog NATURAL JOIN taken), '250'::jsonb,
          'row counts name tables with quoted identifiers');
SELECT is((SELECT row_counts -> '"Backup Tap"."we""ird"' FROM steward.backup_catalog NATURAL JOIN taken), '3'::jsonb, '... including a double quote in a name');
SELECT is((SELECT row_counts -> 'backup_tap_two.parent_2026' FROM steward.backup_catalog NATURAL JOIN taken), '100'::jsonb,
          'a partition is counted, its partitioned parent has no rows of its own');
SELECT is((SELECT row_counts -> 'backup_tap_two.parent' FROM steward.backup_catalog NATURAL JOIN taken), NULL, '... and is not listed');
SELECT is((SELECT array[row_counts -> 'backup_tap_two.base', row_counts -> 'backup_tap_two.child'] FROM steward.backup_catalog NATURAL JOIN taken),
          array['2'::jsonb, '3'::jsonb], 'an inheritance parent is counted without its children');
SELECT is((SELECT (row_counts ->> 'large objects')::bigint FROM steward.backup_catalog NATURAL JOIN taken), :large_objects_before::bigint,
          'large objects are counted');
SELECT is((SELECT row_counts ? 'steward.job' FROM steward.backup_catalog NATURAL JOIN taken), false,
          'extension tables are left out (CREATE EXTENSION makes them)');
SELECT is((SELECT kind || ' ' || database_name || ' ' || (tool_version LIKE 'pg_dump (PostgreSQL) 15%') || ' ' || taken_by::text
             FROM steward.backup_catalog NATURAL JOIN taken),
          'logical ' || current_database() || ' true ' || current_user, 'the catalog records kind, database, tool version and who');

-- This transaction's own changes are in neither the dump nor the counts: pg_dump cannot see them.
INSERT INTO backup_tap_two.base VALUES (99);
CREATE TABLE backup_tap_two.made_in_this_transaction (id int);
CREATE TEMPORARY TABLE taken_after_writes AS SELECT * FROM steward.backup();
SELECT is((SELECT row_counts -> 'backup_tap_two.base' FROM steward.backup_catalog NATURAL JOIN taken_after_writes), '2'::jsonb,
          'a row this transaction inserted is not counted (pg_dump does not see it)');
SELECT is((SELECT row_counts ? 'backup_tap_two.made_in_this_transaction' FROM steward.backup_catalog NATURAL JOIN taken_after_writes), false,
          'a table this transaction created is not listed');

-- Verify, drill, restore
CREATE TEMPORARY TABLE verified AS SELECT v.* FROM taken, steward.verify_backup(taken.backup_id) v;
SELECT is((SELECT string_agg(check_name || '=' || status, ', ') FROM verified), 'checksum=OK, pg_restore --list=OK', 'verify_backup: checksum and pg_restore --list pass');
SELECT alike((SELECT detail FROM verified WHERE check_name = 'pg_restore --list'), 'the archive''s table of contents lists % entries', '... with what it read');
SELECT is((SELECT verify_status FROM steward.backup_catalog NATURAL JOIN taken), 'OK', 'the verification is recorded');

CREATE TEMPORARY TABLE drilled AS SELECT d.* FROM taken, steward.restore_drill(taken.backup_id) d;
SELECT is((SELECT string_agg(check_name || '=' || status, ', ') FROM drilled),
          'checksum=OK, restore=OK, row counts=OK, drop scratch database=OK', 'restore_drill restores, compares and drops');
SELECT is((SELECT drill_status FROM steward.backup_catalog NATURAL JOIN taken), 'OK', 'the drill is recorded');
SELECT ok((SELECT drill_duration > interval '0' FROM steward.backup_catalog NATURAL JOIN taken), '... with its duration');
SELECT is((SELECT count(*)::int FROM pg_database WHERE datname LIKE 'steward\_drill\_%'), 0, 'no scratch database is left');

SELECT is((steward_test.error_fields(format('SELECT * FROM steward.restore_backup(%s, %L)', (SELECT backup_id FROM taken), current_database())))[1:2],
          ARRAY['42P04', format('database "%s" already exists', current_database())], 'restore_backup never restores over an existing database');
SELECT alike((steward_test.error_fields(format('SELECT * FROM steward.restore_backup(%s, %L)', (SELECT backup_id FROM taken), current_database())))[3],
            '%decision for a human%', '... and says why');
SELECT dblink_exec('backup_tap', 'DROP DATABASE IF EXISTS "Backup Tap restored"') \g /dev/null
CREATE TEMPORARY TABLE restored AS SELECT r.* FROM taken, steward.restore_backup(taken.backup_id, 'Backup Tap restored') r;
SELECT is((SELECT string_agg(check_name || '=' || status, ', ') FROM restored), 'checksum=OK, restore=OK, row counts=OK',
          'restore_backup restores into a new database with a quoted name');
SELECT dblink_connect('backup_tap_restored', steward_test.conninfo('Backup Tap restored')) \g /dev/null
SELECT is((SELECT n FROM dblink('backup_tap_restored', 'SELECT count(*) FROM ONLY backup_tap_two.base') AS t(n bigint)), 2::bigint,
          'the restored database holds the data');
SELECT is((SELECT n FROM dblink('backup_tap_restored', $$SELECT count(*) FROM pg_largeobject_metadata$$) AS t(n bigint)),
          :large_objects_before::bigint, '... and the large objects');
SELECT is((SELECT t FROM dblink('backup_tap_restored', $$SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'backup_tap_two.dropped_column'::regclass AND attnum > 0 AND NOT attisdropped$$) AS t(t text)),
          'a,c', '... without the dropped column');
SELECT dblink_disconnect('backup_tap_restored') \g /dev/null
SELECT dblink_exec('backup_tap', 'DROP DATABASE "Backup Tap restored"') \g /dev/null

-- One byte changed: verify and drill fail, the health check says so.
SELECT lo_from_bytea(0, set_byte(pg_read_binary_file(path), 2000, (get_byte(pg_read_binary_file(path), 2000) + 1) % 256)) AS tampered FROM taken \gset
SELECT lo_export(:tampered, path) FROM taken \g /dev/null
SELECT lo_unlink(:tampered) \g /dev/null
CREATE TEMPORARY TABLE verified_tampered AS SELECT v.* FROM taken, steward.verify_backup(taken.backup_id) v;
SELECT is((SELECT string_agg(check_name || '=' || status, ', ') FROM verified_tampered), 'checksum=FAILED', 'one changed byte: the checksum fails');
SELECT alike((SELECT detail FROM verified_tampered), 'SHA-256 of % is %, the catalog recorded ' || (SELECT sha256 FROM taken), '... and the detail shows both digests');
CREATE TEMPORARY TABLE drilled_tampered AS SELECT d.* FROM taken, steward.restore_drill(taken.backup_id) d;
SELECT is((SELECT string_agg(check_name || '=' || status, ', ') FROM drilled_tampered), 'checksum=FAILED', 'the drill refuses a tampered file');
SELECT is((SELECT drill_status FROM steward.backup_catalog NATURAL JOIN taken), 'FAILED', '... and records the failure');
SELECT is((SELECT status FROM steward.check_health() WHERE check_name = 'backups'), 'WARNING', 'the backups health check is WARNING after a failed drill');
SELECT alike((SELECT detail FROM steward.check_health() WHERE check_name = 'backups'), '%the last restore drill (backup %) failed: checksum: SHA-256 of %', '... and names the drill');
SELECT is((steward_test.error_fields(format('SELECT * FROM steward.restore_backup(%s, ''backup_tap_never'')', (SELECT backup_id FROM taken))))[1:2],
          ARRAY['58000', format('restore of backup %s into database "backup_tap_never" failed: SHA-256 of %s is %s, the catalog recorded %s',
                                (SELECT backup_id FROM taken), (SELECT path FROM taken), (SELECT encode(sha256(pg_read_binary_file(path)), 'hex') FROM taken), (SELECT sha256 FROM taken))],
          'restore_backup refuses a tampered backup');
SELECT is((SELECT count(*)::int FROM pg_database WHERE datname = 'backup_tap_never'), 0, '... and leaves no database');

-- Retention: files written by COPY in the backup directory, catalog rows pointing at them.
DELETE FROM steward.backup_catalog;
-- A file in the backup directory and its catalog row; or only a row for an existing path.
CREATE FUNCTION pg_temp.fake_backup(id bigint, age interval, drill text DEFAULT NULL, path text DEFAULT NULL) RETURNS void LANGUAGE plpgsql AS $$
DECLARE file text := coalesce(path, format('%s/logical_tap_%s.dump', current_setting('steward.backup_directory'), id));
BEGIN
    IF path IS NULL THEN
        EXECUTE format('COPY (SELECT %L) TO %L', id, file);
    END IF;
    INSERT INTO steward.backup_catalog (backup_id, kind, database_name, path, size_bytes, sha256, started_at, finished_at, tool_version, server_version, drill_status)
    VALUES (id, 'logical', current_database(), file, 1, 'x', now() - age, now() - age, 'test', '15', drill);
END $$;
SELECT pg_temp.fake_backup(1000 + g, make_interval(days => g), CASE WHEN g = 5 THEN 'OK' WHEN g < 3 THEN 'FAILED' END)
  FROM generate_series(0, 9) g;   -- 1000 is today's, 1009 nine days old; 1005 the newest that passed its drill
SELECT pg_temp.fake_backup(1020, '20 days');
SELECT pg_temp.fake_backup(1021, '30 days', path => current_setting('data_directory') || '/PG_VERSION');  -- outside: must survive
CREATE TEMPORARY TABLE pruned AS SELECT * FROM steward.prune_backups();
SELECT is((SELECT array_agg(backup_id ORDER BY backup_id) FROM pruned), ARRAY[1007, 1008, 1009, 1020, 1021]::bigint[],
          'prune_backups removes backups beyond keep_count (7) and older than keep_days (14)');
SELECT is((SELECT reason FROM pruned WHERE backup_id = 1008), 'beyond steward.backup_keep_count (7)', '... naming the setting');
SELECT is((SELECT count(*)::int FROM steward.backup_catalog WHERE backup_id BETWEEN 1000 AND 1006 AND (pg_stat_file(path, true)).size IS NOT NULL), 7,
          'the seven newest files remain');
SELECT is((SELECT count(*)::int FROM pruned WHERE (pg_stat_file(path, true)).size IS NOT NULL AND backup_id <> 1021), 0, 'the pruned files are gone');
SELECT alike((SELECT reason FROM pruned WHERE backup_id = 1021), '%the file was left in place: it is outside steward.backup_directory', 'a file outside the directory is never deleted');
SELECT ok((pg_stat_file(current_setting('data_directory') || '/PG_VERSION', true)).size > 0, '... (the server''s PG_VERSION is still there)');
SELECT is((SELECT count(*)::int FROM steward.backup_catalog WHERE removed_at IS NOT NULL), 5, 'pruned rows stay in the catalog, marked removed');
UPDATE steward.backup_catalog SET drill_status = 'FAILED' WHERE backup_id = 1005;
UPDATE steward.backup_catalog SET drill_status = 'OK', finished_at = now() - interval '40 days' WHERE backup_id = 1006;
SELECT pg_temp.fake_backup(1030 + g, make_interval(hours => g)) FROM generate_series(1, 6) g;  -- ranks 2 to 7 after 1000
SELECT is((SELECT array_agg(backup_id ORDER BY backup_id) FROM steward.prune_backups()), ARRAY[1001, 1002, 1003, 1004, 1005]::bigint[],
          'the newest backup that passed its drill is kept, whatever its age and rank');
SELECT ok((pg_stat_file(path, true)).size IS NOT NULL, '... its file is still there') FROM steward.backup_catalog WHERE backup_id = 1006;
-- The files COPY wrote are not transactional: prune them all (the rollback keeps the catalog).
UPDATE steward.backup_catalog SET drill_status = NULL, finished_at = now() - interval '1 year' WHERE removed_at IS NULL;
SELECT is((SELECT count(*)::int FROM steward.prune_backups()), 8, 'with no drilled backup, everything past keep_days goes');

-- Health checks
SELECT is((SELECT value FROM steward.check_health(true) WHERE check_name = 'pitr_readiness') IS NOT NULL, true, 'pitr_readiness reports');
SELECT alike((SELECT detail FROM steward.check_health(true) WHERE check_name = 'pitr_readiness'),
            'point-in-time recovery is not possible now: %steward.backup_catalog holds no physical backup%', '... what stands in the way');

SELECT dblink_disconnect('backup_tap') \g /dev/null
SELECT * FROM finish();
ROLLBACK;

-- The committed test data goes after the rollback (this transaction held locks on it).
SET client_min_messages = warning;
DROP SCHEMA "Backup Tap" CASCADE;
DROP SCHEMA backup_tap_two CASCADE;
SELECT lo_unlink(oid) FROM pg_largeobject_metadata WHERE lo_get(oid) LIKE convert_to('backup tap large object %', 'UTF8') \g /dev/null
