#!/usr/bin/env bash
# Retention and a lagging standby (issue 9): a standby that applies WAL 3 s late
# (recovery_min_apply_delay) shows a replay lag above steward.retention_max_replica_lag, so a run
# pauses between batches and goes on when the lag is gone; the counts stay exact.
set -euo pipefail
source "$(dirname "$0")/lib.bash"
sql() { psql -X -A -t -q -c "$1" 2>&1; }

scenario_new_dir retention_primary
primary=$scenario_dir
steward_cluster_start "$primary" 5432 "steward.run_scheduled_jobs = off"
psql -X -q -c "CREATE EXTENSION pg_steward" \
  -c "CREATE TABLE public.event (id bigint PRIMARY KEY, created_at timestamptz NOT NULL)" \
  -c "INSERT INTO public.event SELECT g, now() - (g % 730) * interval '1 day' - interval '1 hour' FROM generate_series(1, 100000) g" \
  -c "SELECT steward.set_retention('public.event', 'created_at', '1 year')" >/dev/null
expired=$(sql "SELECT count(*) FROM public.event WHERE created_at < now() - interval '1 year'")

scenario_new_dir retention_standby
standby=$scenario_dir
scenario_make_standby "$primary" "$standby" "recovery_min_apply_delay = '3s'"
steward_as_owner "$STEWARD_PG_BIN/pg_ctl" -D "$standby/data" -l "$standby/server.log" -w start >/dev/null
wait_for "SELECT count(*) = 1 FROM pg_stat_replication WHERE state = 'streaming'" || echo "# the standby does not stream"
# A writer keeps WAL coming for 8 s, so the standby's replay lag shows near 3 s meanwhile (it is
# measured when the standby replays, so it shows 3 s after the writer starts).
sql "CREATE TABLE public.lag_probe (i int)" >/dev/null
psql -X -q -c "DO \$\$ BEGIN FOR i IN 1..80 LOOP INSERT INTO public.lag_probe VALUES (i); COMMIT; PERFORM pg_sleep(0.1); END LOOP; END \$\$" >/dev/null &
writer=$!
wait_for "SELECT coalesce(max(replay_lag), '0') > interval '1 second' FROM pg_stat_replication" || echo "# no replay lag shows"
expect "the standby lags (replay_lag above 1 s)" "t" "$(sql "SELECT max(replay_lag) > interval '1 second' FROM pg_stat_replication")"
psql -X -q -c "SET steward.retention_max_replica_lag = '1s'" -c "SET steward.retention_batch_ms = 20" \
  -c "CALL steward.apply_retention()" >/dev/null
wait "$writer" || true
expect "a run pauses while the standby lags, then completes" "completed true" \
  "$(sql "SELECT outcome || ' ' || (paused >= interval '2 seconds') FROM steward.retention_run ORDER BY run_id DESC LIMIT 1")"
expect "... with exact counts" "$expired 0" \
  "$(sql "SELECT (SELECT rows FROM steward.retention_run ORDER BY run_id DESC LIMIT 1) || ' ' || count(*) FROM public.event WHERE created_at < now() - interval '1 year'")"
sleep 4
expect "the standby has the same rows afterwards" "$(sql "SELECT count(*) FROM public.event")" \
  "$(PGHOST=$standby psql -X -A -t -q -c "SELECT count(*) FROM public.event")"

scenario_finish
