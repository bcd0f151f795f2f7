#!/usr/bin/env bash
# The scheduler on a standby: no launcher and no scheduler run while the server is in recovery
# (jobs would write); after promotion the postmaster starts the launcher, which starts the
# scheduler, and the jobs run on the new primary.
set -euo pipefail
source "$(dirname "$0")/lib.bash"
sql() { psql -X -A -t -q -c "$1"; }

scenario_new_dir sched_primary
primary=$scenario_dir
steward_cluster_start "$primary" 5432 "max_worker_processes = 16"
psql -X -q -c "CREATE EXTENSION pg_steward" -c "CREATE TABLE ticks (at timestamptz DEFAULT clock_timestamp(), server text DEFAULT current_setting('cluster_name'))"
sql "UPDATE steward.job SET enabled = false WHERE kind = 'builtin'"
sql "SELECT steward.schedule_job('tick', 'every 1 second', 'INSERT INTO ticks DEFAULT VALUES')" >/dev/null
wait_for "SELECT count(*) >= 2 FROM ticks" || echo "# no ticks on the primary"
expect "the job runs on the primary" "t" "$(sql "SELECT count(*) >= 2 FROM ticks")"

scenario_new_dir sched_standby
standby=$scenario_dir
scenario_make_standby "$primary" "$standby" "cluster_name = 'promoted'"
steward_as_owner "$STEWARD_PG_BIN/pg_ctl" -D "$standby/data" -l "$standby/server.log" -w start >/dev/null
on_standby() { PGHOST=$standby psql -X -A -t -q -c "$1"; }
sleep 3
expect "the standby is in recovery" "t" "$(on_standby "SELECT pg_is_in_recovery()")"
expect "no launcher or scheduler runs on the standby" "0" \
  "$(on_standby "SELECT count(*) FROM pg_stat_activity WHERE backend_type LIKE 'pg_steward%'")"
expect "the standby's log has no scheduler error" "0" "$(grep -c 'pg_steward.*ERROR\|ERROR.*steward' "$standby/server.log" || true)"

# Promote: the old primary stops (so the two do not both run the job).
steward_cluster_stop "$primary"
steward_as_owner "$STEWARD_PG_BIN/pg_ctl" -D "$standby/data" -w promote >/dev/null
for _ in $(seq 1 40); do
  [ "$(on_standby "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'pg_steward scheduler'")" = 1 ] && break
  sleep 0.5
done
expect "after promotion the launcher and the scheduler start" "1|1" \
  "$(on_standby "SELECT count(*) FILTER (WHERE backend_type = 'pg_steward launcher') || '|' || count(*) FILTER (WHERE backend_type = 'pg_steward scheduler') FROM pg_stat_activity")"
for _ in $(seq 1 40); do
  [ "$(on_standby "SELECT count(*) >= 2 FROM ticks WHERE server = 'promoted'")" = t ] && break
  sleep 0.5
done
expect "the job runs on the promoted server" "t" "$(on_standby "SELECT count(*) >= 2 FROM ticks WHERE server = 'promoted'")"

scenario_finish
