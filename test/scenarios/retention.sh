#!/usr/bin/env bash
# Retention against real sessions (issue 9): the backend running apply_retention() is killed
# mid-run and a rerun completes with exact counts; a concurrent writer keeps working during a run;
# rows locked by another session are skipped, not waited for; a table locked by another session
# makes batches give up after the lock timeout instead of queueing; a busy server pauses a run;
# the hourly job runs it.
set -euo pipefail
source "$(dirname "$0")/lib.bash"
sql() { psql -X -A -t -q -c "$1" 2>&1; }

scenario_new_dir retention
dir=$scenario_dir
steward_cluster_start "$dir" 5432 "steward.run_scheduled_jobs = off" "log_lock_waits = on" "deadlock_timeout = 100ms"
psql -X -q -c "CREATE EXTENSION pg_steward" \
  -c "CREATE TABLE public.\"Event\" (id bigint PRIMARY KEY, created_at timestamptz NOT NULL, payload text)" \
  -c "INSERT INTO public.\"Event\" SELECT g, now() - (g % 730) * interval '1 day' - interval '1 hour', md5(g::text) FROM generate_series(1, 400000) g" \
  -c "ANALYZE public.\"Event\"" >/dev/null
expired=$(sql "SELECT count(*) FROM public.\"Event\" WHERE created_at < now() - interval '1 year'")
live=$(sql "SELECT count(*) FROM public.\"Event\" WHERE created_at >= now() - interval '1 year'")
result=$(psql -X -A -t -q -c "SELECT steward.set_retention('public.\"Event\"', 'created_at', '1 year', batch_size => 2000)" \
  -c "SELECT steward.set_retention('public.\"Event\"', 'created_at', '1 year', batch_size => 2000)" 2>&1 >/dev/null)
expect "setting a policy again replaces it, with a NOTICE" \
  "NOTICE:  the retention policy of public.\"Event\" is replaced (it was: delete rows older than 1 year by created_at)" "$result"

# 1. Killed mid-run: a statement trigger makes each batch last 50 ms; kill it after a few batches.
sql "CREATE FUNCTION public.slow() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN PERFORM pg_sleep(0.05); RETURN NULL; END \$\$" >/dev/null
sql "CREATE TRIGGER slow AFTER DELETE ON public.\"Event\" FOR EACH STATEMENT EXECUTE FUNCTION public.slow()" >/dev/null
psql -X -q -c "SET steward.retention_batch_ms = 10" -c "CALL steward.apply_retention()" >"$dir/run1.out" 2>&1 &
client=$!
wait_for "SELECT EXISTS (SELECT FROM steward.retention_run WHERE batches >= 3)" || echo "# the run did not start"
sql "SELECT pg_terminate_backend(pid) FROM steward.retention_run WHERE outcome = 'running'" >/dev/null
wait "$client" || true
deleted_before=$(sql "SELECT rows FROM steward.retention_run ORDER BY run_id DESC LIMIT 1")
remaining=$(sql "SELECT count(*) FROM public.\"Event\" WHERE created_at < now() - interval '1 year'")
expect "killed mid-run: some rows were deleted, not all" "t" \
  "$([ "$deleted_before" -gt 0 ] && [ "$remaining" -gt 0 ] && echo t || echo "f ($deleted_before deleted, $remaining left)")"
expect "... the run's count is exactly what its committed batches deleted" "$expired" "$((deleted_before + remaining))"
sql "DROP TRIGGER slow ON public.\"Event\"" >/dev/null
sql "CALL steward.apply_retention()" >/dev/null
expect "the killed run is marked interrupted by the next one" "interrupted" \
  "$(sql "SELECT outcome FROM steward.retention_run ORDER BY run_id LIMIT 1")"
expect "a rerun completes" "completed" "$(sql "SELECT outcome FROM steward.retention_run ORDER BY run_id DESC LIMIT 1")"
expect "... every expired row is gone, every live row stays" "0 $live" \
  "$(sql "SELECT count(*) FILTER (WHERE created_at < now() - interval '1 year') || ' ' || count(*) FILTER (WHERE created_at >= now() - interval '1 year') FROM public.\"Event\"")"
expect "... and the two runs together counted every expired row" "$expired" "$(sql "SELECT sum(rows) FROM steward.retention_run")"

# 2. A concurrent writer on the live rows while a run deletes.
sql "INSERT INTO public.\"Event\" SELECT g, now() - interval '2 years', 'old' FROM generate_series(1000001, 1200000) g" >/dev/null
cat >"$dir/writer.sql" <<'EOF'
\set id random(1, 400000)
UPDATE public."Event" SET payload = md5(random()::text) WHERE id = :id AND created_at >= now() - interval '1 year';
EOF
pgbench -n -c 2 -T 4 -f "$dir/writer.sql" >"$dir/writer.out" 2>&1 &
writer=$!
psql -X -q -c "SET steward.retention_batch_ms = 20" -c "CALL steward.apply_retention()" >/dev/null
wait "$writer" || true
expect "a concurrent writer keeps working during a run (no failed transaction)" "t" \
  "$(grep -q 'number of failed transactions: 0' "$dir/writer.out" && grep -qE 'number of transactions actually processed: [1-9]' "$dir/writer.out" && echo t || cat "$dir/writer.out")"
expect "... and the run deleted all 200,000 old rows" "200000 completed" \
  "$(sql "SELECT rows || ' ' || outcome FROM steward.retention_run ORDER BY run_id DESC LIMIT 1")"

# 3. Rows locked by another session are skipped (SKIP LOCKED), not waited for.
sql "INSERT INTO public.\"Event\" SELECT g, now() - interval '2 years', 'old' FROM generate_series(2000001, 2000100) g" >/dev/null
psql -X -q -c "BEGIN" -c "SELECT * FROM public.\"Event\" WHERE id BETWEEN 2000001 AND 2000010 FOR UPDATE" -c "SELECT pg_sleep(8)" >/dev/null 2>&1 &
locker=$!
sleep 0.5
start=$(date +%s.%N)
sql "CALL steward.apply_retention()" >/dev/null
took=$(echo "$(date +%s.%N) - $start" | bc)
wait "$locker" || true
expect "rows another session has locked are skipped: 90 deleted, 10 left" "90 10" \
  "$(sql "SELECT (SELECT rows FROM steward.retention_run ORDER BY run_id DESC LIMIT 1) || ' ' || count(*) FROM public.\"Event\" WHERE created_at < now() - interval '1 year'")"
expect "... without waiting for them (the lock is held 8 s)" "t" "$(echo "$took < 4" | bc | sed 's/1/t/;s/0/f ('"$took"' s)/')"
sql "CALL steward.apply_retention()" >/dev/null
expect "the next run takes them" "0" "$(sql "SELECT count(*) FROM public.\"Event\" WHERE created_at < now() - interval '1 year'")"

# 4. The table locked by another session: batches give up after the lock timeout, the run is partial.
sql "INSERT INTO public.\"Event\" SELECT g, now() - interval '2 years', 'old' FROM generate_series(3000001, 3000100) g" >/dev/null
psql -X -q -c "BEGIN" -c "LOCK TABLE public.\"Event\" IN SHARE MODE" -c "SELECT pg_sleep(10)" >/dev/null 2>&1 &
locker=$!
sleep 0.5
start=$(date +%s.%N)
psql -X -q -c "SET steward.retention_lock_timeout = '200ms'" -c "CALL steward.apply_retention()" >/dev/null
took=$(echo "$(date +%s.%N) - $start" | bc)
wait "$locker" || true
expect "a table locked by another session: the run ends partial, after retries" "partial true" \
  "$(sql "SELECT outcome || ' ' || (retries >= 6) FROM steward.retention_run ORDER BY run_id DESC LIMIT 1")"
expect "... and its message says what was left for the next run" "t" \
  "$(sql "SELECT message LIKE '%was left after 5 retries (canceling statement due to lock timeout); the next run takes it' FROM steward.retention_run ORDER BY run_id DESC LIMIT 1")"
expect "... it did not queue behind the lock (6 attempts of at most 200 ms, while the lock was held 10 s)" "t" \
  "$(echo "$took < 5" | bc | sed 's/1/t/;s/0/f ('"$took"' s)/')"

# 5. Load: with steward.retention_max_active_sessions = 1 and another session active for 3 s, the
# run pauses before its first batch and goes on when the session is done.
sql "INSERT INTO public.\"Event\" SELECT g, now() - interval '2 years', 'old' FROM generate_series(4000001, 4000100) g" >/dev/null
psql -X -q -c "SELECT pg_sleep(3)" >/dev/null 2>&1 &
busy=$!
sleep 0.3
psql -X -q -c "SET steward.retention_max_active_sessions = 1" -c "CALL steward.apply_retention()" >/dev/null
wait "$busy" || true
expect "under load the run pauses, then completes (taking the 100 rows the locked run left too)" "completed true 200" \
  "$(sql "SELECT outcome || ' ' || (paused >= interval '2 seconds') || ' ' || rows FROM steward.retention_run ORDER BY run_id DESC LIMIT 1")"

# 6. The hourly job.
sql "SELECT steward.alter_job('retention', schedule => 'every 2 seconds')" >/dev/null
sql "ALTER SYSTEM SET steward.run_scheduled_jobs = on" >/dev/null
sql "SELECT pg_reload_conf()" >/dev/null
wait_for "SELECT EXISTS (SELECT FROM steward.job_run WHERE job_name = 'retention' AND status = 'succeeded')" || true
expect "the built-in job runs apply_retention()" "t" \
  "$(sql "SELECT EXISTS (SELECT FROM steward.job_run WHERE job_name = 'retention' AND status = 'succeeded')")"
expect "... and nothing expired is left" "0" "$(sql "SELECT count(*) FROM public.\"Event\" WHERE created_at < now() - interval '1 year'")"

scenario_finish
