#!/usr/bin/env bash
# A primary with a streaming standby that applies WAL 5 s late: the primary's replication_lag
# check sees the lag, and check_health() runs on the read-only standby without error, and so
# does classify_data(), which returns its result without recording it.
set -euo pipefail
source "$(dirname "$0")/lib.bash"

scenario_new_dir primary
primary=$scenario_dir
steward_cluster_start "$primary" 5432
psql -X -q -c "CREATE EXTENSION pg_stat_statements" -c "CREATE EXTENSION pg_steward" \
  -c "CREATE TABLE public.people AS SELECT 'person' || g || '@example.org' AS contact FROM generate_series(1, 50) g"

scenario_new_dir standby
standby=$scenario_dir
scenario_make_standby "$primary" "$standby" "recovery_min_apply_delay = '5s'" "cluster_name = 'delayed_standby'"
sed -i "s/application_name=[^ ']*/application_name=delayed_standby/" "$standby/data/postgresql.auto.conf" 2>/dev/null || true
steward_as_owner "$STEWARD_PG_BIN/pg_ctl" -D "$standby/data" -l "$standby/server.log" -w start >/dev/null

wait_for "SELECT count(*) = 1 FROM pg_stat_replication WHERE state = 'streaming'" ||
  { echo "not ok - standby did not connect"; exit 1; }
psql -X -q -c "UPDATE steward.health_threshold SET warning = 1, critical = 3600 WHERE check_name = 'replication_lag'"
# Commits that the standby receives at once but replays 5 s later.
for i in 1 2 3; do psql -X -q -c "CREATE TABLE lag_$i AS SELECT 1 AS x"; sleep 1; done
wait_for "SELECT replay_lag > interval '1 second' FROM pg_stat_replication" ||
  echo "# replay_lag did not reach 1 s"

expect "primary reports the delayed standby as lagging" "WARNING" \
  "$(psql -X -A -t -c "SELECT status FROM steward.check_health() WHERE check_name = 'replication_lag'")"

expect "check_health() runs on the standby" "t" \
  "$(PGHOST=$standby psql -X -A -t -c "SELECT count(*) > 0 FROM steward.check_health(true)")"
expect "no check fails on the standby" "0" \
  "$(PGHOST=$standby psql -X -A -t -c "SELECT count(*) FROM steward.check_health(true) WHERE detail LIKE 'check could not run%'")"
expect "health_status() runs on the standby" "t" \
  "$(PGHOST=$standby psql -X -A -t -c "SELECT steward.health_status() IN ('OK', 'WARNING', 'CRITICAL')")"

classified=$(PGHOST=$standby psql -X -A -t -c "SELECT column_name || ':' || category FROM steward.classify_data('public')" 2>&1)
expect "classify_data() runs on the standby" "contact:email" "$(echo "$classified" | grep -v NOTICE | grep -v HINT)"
expect "the standby says the result is not recorded" "1" "$(echo "$classified" | grep -c 'not recorded: the server is a standby')"
expect "nothing was recorded" "0" "$(psql -X -A -t -c "SELECT count(*) FROM steward.data_classification")"

scenario_finish
