#!/usr/bin/env bash
# Backups with real tools and real files (issue 8): a 1-million-row table backed up and drilled;
# a backup canceled, timed out and its backend terminated mid-dump, each leaving no child process
# and no partial file; a full disk (a 4 MB tmpfs) failing a backup while older ones stay intact;
# a physical backup whose copied data file is damaged; the nightly job run by the scheduler; a
# transaction holding a lock pg_dump needs; no backup directory.
set -euo pipefail
source "$(dirname "$0")/lib.bash"
sql() { psql -X -A -t -q -c "$1" 2>&1; }

scenario_new_dir backup
dir=$scenario_dir
steward_cluster_start "$dir" 5432 "steward.backup_directory = '$dir/backups'" "max_worker_processes = 16"
steward_as_owner mkdir -m 700 "$dir/backups"
psql -X -q -c "CREATE EXTENSION pg_steward" \
  -c "UPDATE steward.job SET enabled = false" \
  -c "CREATE SCHEMA \"Big Data\"" \
  -c "CREATE TABLE \"Big Data\".\"Events\" (id bigint PRIMARY KEY, payload text)" \
  -c "INSERT INTO \"Big Data\".\"Events\" SELECT g, md5(g::text) || md5((g + 1)::text) FROM generate_series(1, 1000000) g" \
  -c "SELECT lo_from_bytea(0, 'scenario large object')" >/dev/null

# No tool of ours may outlive its call: none connected to this cluster (their connection strings
# name its socket directory), and no zombie.
no_tool_left() {
  sleep 0.3
  if pgrep -f "host='$dir'" >/dev/null; then echo "running: $(pgrep -af "host='$dir'")"; return; fi
  if ps -eo stat,comm | grep -E '^Z' | grep -qE 'pg_dump|pg_restore|pg_basebackup|createdb|dropdb'; then echo "zombie"; return; fi
  echo "none"
}
partial_files() { find "$dir/backups" -name '*.partial' | wc -l; }
# Starts a backup in the background and waits until its pg_dump runs; sets backup_pid (the
# backend) and client (the psql).
start_backup() {
  psql -X -A -t -q -c "SELECT * FROM steward.backup()" >"$dir/client.out" 2>&1 &
  client=$!
  for _ in $(seq 1 100); do
    pgrep -f "pg_dump --format=custom.*host='$dir'" >/dev/null && break
    sleep 0.05
  done
  backup_pid=$(sql "SELECT pid FROM pg_stat_activity WHERE query = 'SELECT * FROM steward.backup()'")
}

# 1. A million rows: backed up, checksum as sha256sum computes it, drilled.
first=$(sql "SELECT backup_id || '|' || path || '|' || sha256 || '|' || status FROM steward.backup()")
IFS='|' read -r first_id first_path first_sha first_status <<<"$first"
expect "a logical backup of a 1,000,000-row table succeeds" "OK" "$first_status"
expect "its SHA-256 is what sha256sum computes" "$first_sha" "$(sha256sum "$first_path" | cut -d' ' -f1)"
expect "the catalog holds the exact row count of the big table" "1000000" \
  "$(sql "SELECT row_counts ->> '\"Big Data\".\"Events\"' FROM steward.backup_catalog WHERE backup_id = $first_id")"
expect "the restore drill restores it and the counts match" "checksum OK,restore OK,row counts OK,drop scratch database OK" \
  "$(sql "SELECT string_agg(check_name || ' ' || status, ',') FROM steward.restore_drill($first_id)")"

# 2. Canceled mid-dump.
catalog_before=$(sql "SELECT count(*) FROM steward.backup_catalog")
start_backup
expect "(a pg_dump child runs)" "t" "$(pgrep -f "pg_dump --format=custom.*host='$dir'" >/dev/null && echo t || echo f)"
expect "(a partial file is being written)" "1" "$(partial_files)"
sql "SELECT pg_cancel_backend($backup_pid)" >/dev/null
wait "$client" || true
expect "pg_cancel_backend: the call fails as canceled" "ERROR:  canceling statement due to user request" "$(head -1 "$dir/client.out")"
expect "... no child process is left" "none" "$(no_tool_left)"
expect "... no partial file is left" "0" "$(partial_files)"
expect "... and nothing is recorded" "$catalog_before" "$(sql "SELECT count(*) FROM steward.backup_catalog")"

# 3. A statement timeout (the job timeout cancels the same way).
result=$(psql -X -A -t -q -c "SET statement_timeout = '700ms'" -c "SELECT * FROM steward.backup()" 2>&1 || true)
expect "statement_timeout stops a backup" "ERROR:  canceling statement due to statement timeout" "$(echo "$result" | head -1)"
expect "... no child process is left" "none" "$(no_tool_left)"
expect "... no partial file is left" "0" "$(partial_files)"

# 4. The backend terminated mid-dump (FATAL: no unwinding, the exit callback cleans up).
start_backup
sql "SELECT pg_terminate_backend($backup_pid)" >/dev/null
wait "$client" || true
expect "pg_terminate_backend: the client loses its connection" "t" \
  "$(grep -q 'terminating connection due to administrator command' "$dir/client.out" && echo t || echo f)"
expect "... no child process is left" "none" "$(no_tool_left)"
expect "... no partial file is left" "0" "$(partial_files)"

# 5. A full disk: a 4 MB tmpfs as the destination.
mkdir -p "$dir/backups/small"
if mount -t tmpfs -o size=4m tmpfs "$dir/backups/small" 2>/dev/null; then
  chown "$STEWARD_OS_USER" "$dir/backups/small"
  result=$(psql -X -A -t -q -c "SELECT * FROM steward.backup('logical', 'small')" 2>&1 || true)
  echo "$result" | sed 's/^/# /'
  expect "a full disk fails the backup with disk_full" "t" \
    "$(echo "$result" | grep -q 'ERROR:  could not write backup file ".*small/logical_.*\.dump\.partial": No space left on device' && echo t || echo f)"
  expect "... with a hint" "t" "$(echo "$result" | grep -q '^HINT:  Free space in steward.backup_directory' && echo t || echo f)"
  expect "... the partial file is removed" "0" "$(find "$dir/backups/small" -type f | wc -l)"
  expect "... no child process is left" "none" "$(no_tool_left)"
  expect "... older backups are intact" "checksum OK,pg_restore --list OK" \
    "$(sql "SELECT string_agg(check_name || ' ' || status, ',') FROM steward.verify_backup($first_id)")"
  umount "$dir/backups/small"
else
  echo "ok - # SKIP full disk: cannot mount a tmpfs here"
fi

# A destination the server cannot write to (owned by root, mode 755).
mkdir -m 755 "$dir/backups/not_ours"
result=$(psql -X -A -t -q -c "SELECT * FROM steward.backup('logical', 'not_ours')" 2>&1 || true)
expect "a destination the server cannot write to is refused" \
  "ERROR:  the server cannot write to backup destination \"$dir/backups/not_ours\"" "$(echo "$result" | head -1)"

# 6. A transaction that holds a lock pg_dump would wait for.
result=$(psql -X -A -t -q -c "BEGIN" -c "LOCK TABLE \"Big Data\".\"Events\"" -c "SELECT * FROM steward.backup()" 2>&1 || true)
expect "a backup in a transaction holding ACCESS EXCLUSIVE is refused at once" \
  "ERROR:  a logical backup cannot run in a transaction that holds an ACCESS EXCLUSIVE lock on \"Big Data\".\"Events\"" \
  "$(echo "$result" | head -1)"

# 7. Physical: verified by pg_verifybackup; a damaged data file is caught.
physical=$(sql "SELECT backup_id || '|' || path || '|' || status FROM steward.backup('physical')")
IFS='|' read -r physical_id physical_path physical_status <<<"$physical"
expect "a physical backup succeeds" "OK" "$physical_status"
expect "... pg_verifybackup passes" "checksum OK,pg_verifybackup OK" \
  "$(sql "SELECT string_agg(check_name || ' ' || status, ',') FROM steward.verify_backup($physical_id)")"
relation=$(sql "SELECT pg_relation_filepath('\"Big Data\".\"Events\"')")
printf 'XXXX' | dd of="$physical_path/$relation" bs=1 seek=100 count=4 conv=notrunc status=none
expect "one damaged data file: the manifest's checksum still matches, pg_verifybackup fails" "checksum OK,pg_verifybackup FAILED" \
  "$(sql "SELECT string_agg(check_name || ' ' || status, ',') FROM steward.verify_backup($physical_id)")"
expect "... and names the file" "t" \
  "$(sql "SELECT detail LIKE '%checksum mismatch for file \"$relation\"%' FROM steward.verify_backup($physical_id) WHERE check_name = 'pg_verifybackup'")"

# 8. The nightly job, run by the scheduler: backup, verify, drill, prune, each committed.
sql "SELECT steward.alter_job('backup', schedule => 'every 5 seconds', enabled => true)" >/dev/null
wait_for "SELECT EXISTS (SELECT FROM steward.job_run WHERE job_name = 'backup' AND status <> 'running')" || true
sql "SELECT steward.alter_job('backup', enabled => false)" >/dev/null
wait_for "SELECT NOT EXISTS (SELECT FROM steward.job_run WHERE status = 'running')" || echo "# a backup run is still running"
expect "the scheduler runs the nightly job, which succeeds" "succeeded" \
  "$(sql "SELECT status FROM steward.job_run WHERE job_name = 'backup' ORDER BY run_id LIMIT 1")"
expect "... its backup passed verification and the drill" "OK OK" \
  "$(sql "SELECT verify_status || ' ' || drill_status FROM steward.backup_catalog WHERE kind = 'logical' ORDER BY backup_id DESC LIMIT 1")"
expect "the backups health check is OK" "OK" "$(sql "SELECT status FROM steward.check_health(true) WHERE check_name = 'backups'")"

# 9. No backup directory.
sql "ALTER SYSTEM SET steward.backup_directory = ''" >/dev/null
sql "SELECT pg_reload_conf()" >/dev/null
sleep 0.5
result=$(psql -X -A -t -q -c "SELECT * FROM steward.backup()" 2>&1 || true)
expect "without steward.backup_directory, a clear error" "ERROR:  steward.backup_directory is not set" "$(echo "$result" | head -1)"
expect "... the nightly job says it skipped" "NOTICE:  no backup taken: steward.backup_directory is not set" \
  "$(psql -X -A -t -q -c "CALL steward.nightly_backup()" 2>&1 | head -1)"
expect "nothing is left running at the end" "none" "$(no_tool_left)"

scenario_finish
