#!/usr/bin/env bash
# Benchmark of steward.check_integrity(), in one throwaway cluster and one run:
#   1. pages checked per second over a pgbench database (scale --scale, default 50: about 750 MB),
#      against calling amcheck's verify_heapam() and bt_index_check(heapallindexed) directly on the
#      same relations (the baseline: what the checking itself costs; ours adds ordering, budget,
#      locks and bookkeeping);
#   2. the TPS of a concurrent pgbench (select-only, then TPC-B-like; 4 clients, --seconds each)
#      while check_integrity() runs in a loop, against the same pgbench without it, alternating
#      without/with twice per workload; the ratio of the means is the figure.
# Prints a markdown section (this script does not edit docs/). Takes about 4 minutes by default.
# Usage: test/bench/integrity.sh [--scale N] [--seconds N] [--port N] [--dir DIR] [--no-build] [--keep]
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/bench/lib.bash

command_line="test/bench/integrity.sh${*:+ $*}"
port=5432 dir="" build=yes keep=no scale=50 seconds=20 database=postgres
while [ $# -gt 0 ]; do
  case $1 in
    --scale) scale=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    *) bench_option "$@"; [ "$bench_shift" -gt 0 ] || { echo "unknown option $1" >&2; exit 2; }; shift "$bench_shift" ;;
  esac
done

bench_start integrity "shared_buffers = '256MB'" "steward.run_scheduled_jobs = off" "max_wal_size = '4GB'"
sql() { psql -X -A -t -q -c "$1"; }
psql -X -q -c "CREATE EXTENSION amcheck" -c "CREATE EXTENSION pg_steward"
steward_log "pgbench -i -s $scale"
steward_as_owner "$STEWARD_PG_BIN/pgbench" -h "$work" -p "$port" -i -s "$scale" -q "$database" >/dev/null 2>&1 ||
  pgbench -i -s "$scale" -q "$database" >/dev/null
sql "VACUUM ANALYZE"
relations="'pgbench_accounts', 'pgbench_accounts_pkey', 'pgbench_branches', 'pgbench_branches_pkey', 'pgbench_tellers', 'pgbench_tellers_pkey', 'pgbench_history'"
pages=$(sql "SELECT (sum(pg_relation_size(r::regclass)) / 8192)::bigint FROM unnest(ARRAY[$relations]) r")
size=$(sql "SELECT pg_size_pretty(sum(pg_relation_size(r::regclass))) FROM unnest(ARRAY[$relations]) r")

# Warm the cache the same way for both.
sql "SELECT count(*) FROM pgbench_accounts" >/dev/null
steward_log "pages per second ($pages pages, $size)"
timed() { local start end; start=$(date +%s.%N); sql "$1" >/dev/null; end=$(date +%s.%N); echo "$end - $start" | bc -l; }
direct_sql="SELECT count(*) FROM (SELECT CASE WHEN c.relkind = 'i' THEN (SELECT 0 FROM (SELECT bt_index_check(c.oid::regclass, true)) x)
             ELSE (SELECT count(*) FROM verify_heapam(c.oid::regclass, check_toast => true)) END
             FROM pg_class c WHERE c.oid = ANY (ARRAY[$relations]::regclass[])) y"
steward_sql="SELECT count(*) FROM steward.check_integrity('1 hour', ARRAY[$relations]::regclass[]) WHERE status = 'OK'"
direct=() steward=()
for round in 1 2 3; do
  direct+=("$(timed "$direct_sql")")
  steward+=("$(timed "$steward_sql")")
done
median() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
direct_s=$(median "${direct[@]}") steward_s=$(median "${steward[@]}")
ok=$(sql "$steward_sql")

tps() { # pgbench options...; prints TPS
  steward_as_owner "$STEWARD_PG_BIN/pgbench" -h "$work" -p "$port" -n -c 4 -j 2 -T "$seconds" "$@" "$database" 2>/dev/null |
    sed -n 's/^tps = \([0-9.]*\).*/\1/p'
}
with_check() { # runs check_integrity in a loop while pgbench runs
  ( end=$((SECONDS + seconds)); while [ $SECONDS -lt $end ]; do sql "$steward_sql" >/dev/null; done ) &
  local loop=$!
  tps "$@"
  wait $loop
}
declare -A without with
for workload in select tpcb; do
  option=""; [ $workload = select ] && option="-S"
  steward_log "pgbench $workload: without, with, without, with a concurrent check ($seconds s each)"
  a1=$(tps $option); b1=$(with_check $option); a2=$(tps $option); b2=$(with_check $option)
  without[$workload]=$(echo "($a1 + $a2) / 2" | bc -l)
  with[$workload]=$(echo "($b1 + $b2) / 2" | bc -l)
  echo "$workload: without $a1 $a2, with $b1 $b2"
done

fmt() { printf '%.*f' "$1" "$2"; }
cat <<EOF_MD

## Integrity checks

$(date -u +%Y-%m-%d), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, Debian 12, PostgreSQL 15, revision $revision.
Command: \`$command_line\`. pgbench scale $scale: $pages pages ($size) in 7 relations (4 tables, 3 B-tree indexes), in cache.

| | time (median of 3) | pages per second | relative |
|---|---|---|---|
| amcheck called directly (verify_heapam, bt_index_check with heapallindexed) | $(fmt 2 "$direct_s") s | $(fmt 0 "$(echo "$pages / $direct_s" | bc -l)") | 1.00 |
| \`steward.check_integrity()\` ($ok relations OK) | $(fmt 2 "$steward_s") s | $(fmt 0 "$(echo "$pages / $steward_s" | bc -l)") | $(fmt 2 "$(echo "$direct_s / $steward_s" | bc -l)") |

Concurrent pgbench (4 clients, $seconds s per measure, each the mean of two, alternating):

| workload | TPS without a check | TPS while check_integrity() runs in a loop | ratio |
|---|---|---|---|
| select-only (-S) | $(fmt 0 "${without[select]}") | $(fmt 0 "${with[select]}") | $(fmt 2 "$(echo "${with[select]} / ${without[select]}" | bc -l)") |
| TPC-B-like | $(fmt 0 "${without[tpcb]}") | $(fmt 0 "${with[tpcb]}") | $(fmt 2 "$(echo "${with[tpcb]} / ${without[tpcb]}" | bc -l)") |
EOF_MD
