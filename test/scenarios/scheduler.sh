#!/usr/bin/env bash
# The scheduler against a real cluster: the launcher finds databases with pg_steward without a
# restart; jobs run on schedule in their own workers; failures are retried with backoff and
# announced; overlap skip/queue; timeouts (the job's own timer, and the scheduler's termination of
# a job that swallows the cancel); SIGHUP reloads steward.max_job_workers; the scheduler survives
# SIGTERM (restarted by the launcher, which purges old history); a job worker killed with SIGKILL
# leads to a crash restart after which its run is marked crashed; DROP DATABASE and CREATE
# DATABASE ... TEMPLATE work while a scheduler is connected; DROP EXTENSION stops it; a fast
# shutdown is prompt while a job runs.
set -euo pipefail
source "$(dirname "$0")/lib.bash"

scenario_new_dir scheduler
dir=$scenario_dir
steward_cluster_start "$dir" 5432 "max_worker_processes = 16"
sql() { psql -X -A -t -q -c "$1"; }

expect "the launcher runs" "1" "$(sql "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'pg_steward launcher'")"

# Job-kind helpers: a job that is due at once (an interval job whose last start is an interval ago).
due_now() { # name schedule command [extra columns] [extra values]
  sql "INSERT INTO steward.job (name, schedule, command, created_at${4:-}) VALUES ('$1', '$2', \$cmd\$$3\$cmd\$, now() - interval '1 day'${5:-})"
}

psql -X -q -c "CREATE EXTENSION pg_steward" -c "CREATE TABLE ticks (at timestamptz DEFAULT clock_timestamp())"
wait_for "SELECT count(*) = 1 FROM pg_stat_activity WHERE backend_type = 'pg_steward scheduler' AND datname = 'postgres'" ||
  echo "# no scheduler in postgres"
expect "CREATE EXTENSION starts a scheduler without a restart" "1" \
  "$(sql "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'pg_steward scheduler' AND datname = 'postgres'")"
sql "UPDATE steward.job SET enabled = false WHERE kind = 'builtin'"

# Runs on schedule.
sql "SELECT steward.schedule_job('tick', 'every 1 second', 'INSERT INTO ticks DEFAULT VALUES')" >/dev/null
wait_for "SELECT count(*) >= 3 FROM ticks" || echo "# the tick job did not run 3 times"
expect "an every-second job runs every second" "t" "$(sql "SELECT count(*) >= 3 FROM ticks")"
expect "each run is recorded as succeeded, by the schedule, in a worker of its own" "t" \
  "$(sql "SELECT bool_and(status = 'succeeded' AND trigger = 'schedule' AND pid <> pg_backend_pid()) AND count(*) >= 3 FROM steward.job_run WHERE job_name = 'tick' AND status <> 'running'")"
sql "SELECT steward.unschedule_job('tick')" >/dev/null

# Failure, retries with exponential backoff, and the alert.
# psql prints the notifications it received after each statement: one a second, for up to 30 s.
(echo "LISTEN steward_alert;"; for _ in $(seq 1 30); do echo "SELECT pg_sleep(1);"; done) |
  psql -X -q -A -t >"$dir/alerts" 2>&1 &
listener=$!
sleep 0.5
due_now flaky "every 1 hour" "SELECT 1 / 0" ", max_retries, retry_backoff" ", 2, '1 second'"
wait_for "SELECT count(*) = 3 FROM steward.job_run WHERE job_name = 'flaky' AND status = 'failed'" || echo "# flaky did not fail 3 times"
expect "a failing job is retried max_retries times" "1,2,3|schedule,retry,retry" \
  "$(sql "SELECT string_agg(attempt::text, ',' ORDER BY run_id) || '|' || string_agg(trigger, ',' ORDER BY run_id) FROM steward.job_run WHERE job_name = 'flaky'")"
expect "the backoff doubles (>= 1 s, then >= 2 s)" "t" \
  "$(sql "SELECT bool_and(gap >= expected) FROM (SELECT started_at - lag(finished_at) OVER (ORDER BY run_id) AS gap,
           CASE attempt WHEN 2 THEN interval '1 second' ELSE interval '2 seconds' END AS expected, attempt
           FROM steward.job_run WHERE job_name = 'flaky') g WHERE attempt > 1")"
expect "the failure message is recorded" "division by zero" \
  "$(sql "SELECT DISTINCT message FROM steward.job_run WHERE job_name = 'flaky'")"
for _ in $(seq 1 30); do
  [ "$(grep '"job_failed"' "$dir/alerts" | grep -c '"flaky"')" -ge 3 ] && break
  sleep 1
done
kill "$listener" 2>/dev/null || true
expect "failures are announced on steward_alert" "t" \
  "$(grep 'steward_alert' "$dir/alerts" | grep '"job_failed"' | grep -c '"flaky"' | grep -q 3 && echo t || cat "$dir/alerts")"

# Overlap: skip records a skipped run; queue starts the next run when the previous one ends.
due_now skipper "every 1 second" "SELECT pg_sleep(2.5)" ", overlap" ", 'skip'"
wait_for "SELECT count(*) >= 2 FROM steward.job_run WHERE job_name = 'skipper' AND status = 'skipped'" || true
sql "UPDATE steward.job SET enabled = false WHERE name = 'skipper'"
expect "overlap skip: due while running, the run is skipped" "t" \
  "$(sql "SELECT count(*) >= 2 FROM steward.job_run WHERE job_name = 'skipper' AND status = 'skipped' AND message LIKE '%still running%'")"
wait_for "SELECT count(*) = 0 FROM steward.job_run WHERE status = 'running'" || true
due_now queuer "every 1 second" "SELECT pg_sleep(1.5)" ", overlap" ", 'queue'"
wait_for "SELECT count(*) >= 2 FROM steward.job_run WHERE job_name = 'queuer' AND trigger = 'queue' AND status = 'succeeded'" || true
sql "UPDATE steward.job SET enabled = false WHERE name = 'queuer'"
expect "overlap queue: runs follow each other, none skipped, none overlapping" "true|0|0" \
  "$(sql "SELECT (count(*) FILTER (WHERE trigger = 'queue') >= 2) || '|' || count(*) FILTER (WHERE status = 'skipped') || '|' ||
          (SELECT count(*) FROM steward.job_run a JOIN steward.job_run b ON a.run_id < b.run_id AND b.started_at < a.finished_at
            WHERE a.job_name = 'queuer' AND b.job_name = 'queuer')
          FROM steward.job_run WHERE job_name = 'queuer'")"
wait_for "SELECT count(*) = 0 FROM steward.job_run WHERE status = 'running'" || true

# Timeouts: the job's own timer cancels a statement; a job that swallows the cancel is terminated
# by the scheduler 10 s after its timeout.
due_now sleeper "every 1 hour" "SELECT pg_sleep(60)" ", timeout" ", '1 second'"
wait_for "SELECT count(*) = 1 FROM steward.job_run WHERE job_name = 'sleeper' AND status = 'timed_out'" || true
expect "a run past its timeout is canceled: timed_out" "timed_out|canceled at the job's timeout" \
  "$(sql "SELECT status || '|' || message FROM steward.job_run WHERE job_name = 'sleeper'")"
due_now stubborn "every 1 hour" "DO \$\$ BEGIN LOOP BEGIN PERFORM pg_sleep(0.2); EXCEPTION WHEN query_canceled THEN NULL; END; END LOOP; END \$\$" ", timeout" ", '1 second'"
for _ in $(seq 1 40); do
  [ "$(sql "SELECT count(*) FROM steward.job_run WHERE job_name = 'stubborn' AND status = 'timed_out'")" = 1 ] && break
  sleep 0.5
done
expect "a run that ignores the cancel is terminated by the scheduler: timed_out" "timed_out|true" \
  "$(sql "SELECT status || '|' || (finished_at - started_at BETWEEN interval '10 seconds' AND interval '20 seconds') FROM steward.job_run WHERE job_name = 'stubborn'")"

# pg_cancel_backend() of a job worker: the run fails with the cancel message, the scheduler goes on.
due_now cancelled "every 1 hour" "SELECT pg_sleep(60)"
wait_for "SELECT count(*) = 1 FROM steward.job_run WHERE job_name = 'cancelled' AND pid IS NOT NULL" || true
sql "SELECT pg_cancel_backend(pid) FROM steward.job_run WHERE job_name = 'cancelled'" >/dev/null
wait_for "SELECT status = 'failed' FROM steward.job_run WHERE job_name = 'cancelled'" || true
expect "a cancelled run is failed with the cancel message" "failed|canceling statement due to user request" \
  "$(sql "SELECT status || '|' || message FROM steward.job_run WHERE job_name = 'cancelled'")"

# SIGHUP: steward.max_job_workers = 1 makes two jobs due together run one after the other.
sql "ALTER SYSTEM SET steward.max_job_workers = 1"
sql "SELECT pg_reload_conf()" >/dev/null
sleep 1
sql "INSERT INTO steward.job (name, schedule, command, created_at) VALUES
       ('pair_a', 'every 1 hour', 'SELECT pg_sleep(1)', now() - interval '1 day'),
       ('pair_b', 'every 1 hour', 'SELECT pg_sleep(1)', now() - interval '1 day')"
wait_for "SELECT count(*) = 2 FROM steward.job_run WHERE job_name LIKE 'pair_%' AND status = 'succeeded'" || true
expect "after SIGHUP, steward.max_job_workers = 1: the runs did not overlap" "0" \
  "$(sql "SELECT count(*) FROM steward.job_run a JOIN steward.job_run b ON a.job_name = 'pair_a' AND b.job_name = 'pair_b'
          AND a.started_at < b.finished_at AND b.started_at < a.finished_at")"
sql "ALTER SYSTEM RESET steward.max_job_workers"
sql "SELECT pg_reload_conf()" >/dev/null

# SIGTERM: the launcher starts the scheduler again, which purges history older than
# steward.job_history_days.
sql "INSERT INTO steward.job_run (job_id, job_name, trigger, started_at, finished_at, status) VALUES (0, 'ancient', 'schedule', now() - interval '40 days', now() - interval '40 days', 'succeeded')"
old_pid=$(sql "SELECT pid FROM pg_stat_activity WHERE backend_type = 'pg_steward scheduler' AND datname = 'postgres'")
kill -TERM "$old_pid"
wait_for "SELECT count(*) = 1 FROM pg_stat_activity WHERE backend_type = 'pg_steward scheduler' AND datname = 'postgres' AND pid <> $old_pid" || true
expect "after SIGTERM the launcher starts the scheduler again" "1" \
  "$(sql "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'pg_steward scheduler' AND datname = 'postgres' AND pid <> $old_pid")"
wait_for "SELECT count(*) = 0 FROM steward.job_run WHERE job_name = 'ancient'" || true
expect "runs older than steward.job_history_days are purged" "0" "$(sql "SELECT count(*) FROM steward.job_run WHERE job_name = 'ancient'")"

# SIGKILL of a job worker: the postmaster restarts the cluster; the scheduler comes back and marks
# the run failed (crashed).
due_now victim "every 1 hour" "SELECT pg_sleep(60)"
wait_for "SELECT count(*) = 1 FROM steward.job_run WHERE job_name = 'victim' AND pid IS NOT NULL" || true
kill -KILL "$(sql "SELECT pid FROM steward.job_run WHERE job_name = 'victim'")"
sleep 2
for _ in $(seq 1 60); do psql -X -A -t -c "SELECT 1" >/dev/null 2>&1 && break; sleep 0.5; done
wait_for "SELECT status = 'failed' FROM steward.job_run WHERE job_name = 'victim'" || true
expect "after a crash restart the orphaned run is failed (crashed)" "failed|crashed" \
  "$(sql "SELECT status || '|' || split_part(message, ':', 1) FROM steward.job_run WHERE job_name = 'victim'")"
expect "the server log shows the crash restart" "1" "$(grep -c 'all server processes terminated; reinitializing' "$dir/server.log")"

# Other databases: found without restart, and they do not block DROP DATABASE or CREATE ... TEMPLATE.
sql "CREATE DATABASE second"
PGDATABASE=second psql -X -q -c "CREATE EXTENSION pg_steward"
wait_for "SELECT count(*) = 1 FROM pg_stat_activity WHERE backend_type = 'pg_steward scheduler' AND datname = 'second'" || true
expect "a second database gets its own scheduler" "1" \
  "$(sql "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'pg_steward scheduler' AND datname = 'second'")"
expect "CREATE DATABASE ... TEMPLATE a database with a scheduler works" "ok" \
  "$(psql -X -q -c "CREATE DATABASE copied TEMPLATE second" 2>&1 && echo ok)"
wait_for "SELECT count(*) = 1 FROM pg_stat_activity WHERE backend_type = 'pg_steward scheduler' AND datname = 'second'" || true
expect "... and the template's scheduler comes back" "1" \
  "$(sql "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'pg_steward scheduler' AND datname = 'second'")"
expect "DROP DATABASE of a database with a scheduler works (no FORCE)" "ok" \
  "$(psql -X -q -c "DROP DATABASE second" 2>&1 && echo ok)"
wait_for "SELECT count(*) = 1 FROM pg_stat_activity WHERE backend_type = 'pg_steward scheduler' AND datname = 'copied'" || true
PGDATABASE=copied psql -X -q -c "DROP EXTENSION pg_steward"
wait_for "SELECT count(*) = 0 FROM pg_stat_activity WHERE backend_type = 'pg_steward scheduler' AND datname = 'copied'" || true
expect "DROP EXTENSION stops the database's scheduler" "0" \
  "$(sql "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'pg_steward scheduler' AND datname = 'copied'")"

# A fast shutdown while a job runs is prompt.
due_now long "every 1 hour" "SELECT pg_sleep(600)"
wait_for "SELECT count(*) = 1 FROM steward.job_run WHERE job_name = 'long' AND pid IS NOT NULL" || true
start=$(date +%s)
steward_as_owner "$STEWARD_PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
expect "a fast shutdown with a running job takes under 10 s" "t" "$([ $(( $(date +%s) - start )) -lt 10 ] && echo t || echo f)"

scenario_finish
