#!/usr/bin/env bash
# A data page corrupted on disk: reading it fails its checksum, and checksum_failures reports it.
set -euo pipefail
source "$(dirname "$0")/lib.bash"

scenario_new_dir checksum
dir=$scenario_dir
steward_cluster_start "$dir" 5432
psql -X -q -c "CREATE EXTENSION pg_steward"
expect "checksum_failures is OK on a healthy cluster" "OK" \
  "$(psql -X -A -t -c "SELECT status FROM steward.check_health(true) WHERE check_name = 'checksum_failures'")"

psql -X -q -c "CREATE TABLE victim AS SELECT i, md5(i::text) AS t FROM generate_series(1, 1000) i" -c "CHECKPOINT"
file=$dir/data/$(psql -X -A -t -c "SELECT pg_relation_filepath('victim')")
steward_cluster_stop "$dir"
# Overwrite 16 bytes in the middle of the first page, leaving its header intact.
printf 'corrupted-page!!' | steward_as_owner dd of="$file" bs=1 seek=4096 count=16 conv=notrunc status=none
steward_as_owner "$STEWARD_PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start >/dev/null

psql -X -q -c "SELECT count(*) FROM victim" 2>/dev/null && echo "# the corrupted page was read without error"
wait_for "SELECT checksum_failures > 0 FROM pg_stat_database WHERE datname = current_database()" ||
  echo "# no checksum failure counted"
expect "a checksum failure is CRITICAL" "CRITICAL|database postgres" \
  "$(psql -X -A -t -c "SELECT status || '|' || object FROM steward.check_health() WHERE check_name = 'checksum_failures'")"

scenario_finish
