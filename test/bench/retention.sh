#!/usr/bin/env bash
# Benchmark of retention (steward.apply_retention()), in one throwaway cluster and one run:
# a table public.events (id bigserial primary key, account_id, created_at timestamptz with an
# index, payload of 100 characters) of --rows rows (default 2,000,000), half of them expired
# against a policy of 1 year (test/bench/retention/schema.sql: nothing within a month of the
# cutoff, so the counts are exact), in --layout appended (default: the expired rows first, as in
# an append-only table) or interleaved (expired and live rows alternating in every page).
# Compared, side by side, while a concurrent writer works on the live half:
#   (a) the baseline: one plain `DELETE FROM events WHERE created_at < now() - interval '1 year'`,
#       one transaction;
#   (b) `CALL steward.apply_retention()` after `steward.set_retention('events', 'created_at',
#       '1 year')`: batches of block (ctid) ranges, FOR UPDATE SKIP LOCKED, each committed,
#       sized to steward.retention_batch_ms (200 ms), under steward.retention_lock_timeout (1 s);
#   (c) no deletion: the writer alone for --baseline-seconds, the idle baseline of its latency.
# Every measurement starts from the same bytes: a database cloned from a template database
# (CREATE DATABASE ... TEMPLATE ... STRATEGY FILE_COPY; the template was loaded, VACUUM ANALYZEd
# and checkpointed once), the table and its indexes read into shared_buffers with pg_prewarm,
# then a CHECKPOINT; the clone is dropped afterwards. One untimed warm-up of (a) and (b) without
# the writer (their times are printed: the ratio with no concurrent load), then --rounds rounds
# of (c), (a), (b), the order of (a) and (b) alternating from one round to the next.
# The writer: pgbench -f test/bench/retention/writer.sql (UPDATE of a random live loaded row,
# then INSERT of a new row, each committed) with --clients clients, at --rate transactions a
# second in all (pgbench -R; 0: as fast as it can), --log of every transaction. Its figures
# during a deletion are those of the transactions scheduled between the deletion's start and its
# end (latency from the scheduled start, so a transaction that waits counts its wait), the TPS
# those completed in that window. It starts 3 s before the deletion and runs past its end.
# Lock waits: log_lock_waits = on, deadlock_timeout = 100ms; the "still waiting" and "acquired
# ... after N ms" lines of the server log during each measurement, and apply_retention's retries
# (a batch that hit its lock or statement timeout). Exactness: (a) deletes every expired row;
# after (b) no expired row is left, every live loaded row is there, the run's outcome is
# completed and steward.retention_run.rows equals the rows deleted (the expired rows).
# Also recorded: the CPU of the machine and the WAL written (whole cluster) during each deletion;
# before the measurements, EXPLAIN (ANALYZE, BUFFERS, WAL) of (a), of (b)'s batch statement over
# the whole table, and of the same without its row locks (where the time of (b) goes).
# Timing with date +%s.%N around the client command. Nothing is asserted about speed: the script
# prints figures, then a markdown section (it does not edit docs/); it exits non-zero when a
# check of exactness fails. About 4 minutes on 2 cores with the defaults.
# Usage: test/bench/retention.sh [--rows N] [--rounds N] [--layout appended|interleaved]
#                                [--clients N] [--rate N] [--baseline-seconds N] [--port N]
#                                [--dir DIR] [--no-build] [--keep]
#   --rows N              rows of the table, an even number (default 2000000)
#   --rounds N            measured rounds of (c), (a) and (b) (default 3)
#   --layout L            appended (default) or interleaved: where the expired rows are
#   --clients N           writer's pgbench clients (default 4, 2 threads)
#   --rate N              writer's transactions a second, all clients (default 1000, about a
#                         third of what 4 clients do alone on 2 cores; 0: no limit)
#   --baseline-seconds N  length of the writer-alone measurement (default 20)
#   --port N              port of the throwaway cluster (default 5640; it listens on a socket in its dir)
#   --dir DIR             directory of the throwaway cluster (default: a new one under /tmp); it
#                         must not exist or be empty, and is removed at the end unless --keep
#   --no-build            do not build and install the current tree first
#   --keep                keep the stopped cluster (and say how to start it) instead of removing it
#   --no-docs and --tables N are accepted and ignored (tools/bench passes its arguments to every
#   benchmark)
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/bench/lib.bash

started=$SECONDS
command_line="test/bench/retention.sh${*:+ $*}"
port=5640 dir="" build=yes keep=no database=bench_run
rows=2000000 rounds=3 layout=appended clients=4 rate=1000 baseline_seconds=20
while [ $# -gt 0 ]; do
  case $1 in
    --rows) rows=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --layout) layout=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --baseline-seconds) baseline_seconds=$2; shift 2 ;;
    *) bench_option "$@"; [ "$bench_shift" -gt 0 ] || { echo "unknown option $1 (see the usage at the top of $0)" >&2; exit 2; }; shift "$bench_shift" ;;
  esac
done
for value in "$rows" "$rounds" "$clients" "$baseline_seconds"; do
  [[ $value =~ ^[1-9][0-9]*$ ]] || { echo "--rows, --rounds, --clients and --baseline-seconds must be positive integers" >&2; exit 2; }
done
[[ $rate =~ ^[0-9]+$ ]] || { echo "--rate must be a number (0: no limit)" >&2; exit 2; }
[ $((rows % 2)) -eq 0 ] || { echo "--rows must be even (half expired, half live)" >&2; exit 2; }
case $layout in appended | interleaved) ;; *) echo "--layout is appended or interleaved" >&2; exit 2 ;; esac

template=bench_template
expired=$((rows / 2)) live=$((rows / 2))
if [ "$layout" = appended ]; then live_first=$((expired + 1)) live_step=1; else live_first=1 live_step=2; fi
lead=3   # seconds the writer runs before a deletion starts

# No checkpoint during a measurement (one is forced before each), no scheduled job (the hourly
# retention job) in the way; lock waits of 100 ms and more logged; autovacuum as by default, its
# runs logged (it may start on the table while apply_retention's batches commit).
bench_start retention "shared_buffers = '1GB'" "max_wal_size = '16GB'" "checkpoint_timeout = '1h'" \
  "steward.run_scheduled_jobs = off" "log_min_messages = warning" "log_lock_waits = on" \
  "deadlock_timeout = '100ms'" "log_autovacuum_min_duration = 0" "log_line_prefix = '%m %n [%p] %a '"
results=$work/results
mkdir -p "$results"
server_log=$work/server.log

# The machine may not be reserved: every half second, the processes running (state R) that are
# not ours (this cluster, pgbench, psql, the shell tools here) nor kernel threads, into
# $results/foreign ("epoch count"); each measurement reports the share of its samples with one.
postmaster=$(head -n 1 "$work/data/postmaster.pid")
while :; do
  ps -eo pid=,ppid=,stat=,comm= | awk -v pm="$postmaster" -v t="$(date +%s.%N)" '
    $3 ~ /^R/ && $1 != pm && $2 != pm && $1 != 2 && $2 != 2 && $4 !~ /^(pgbench|psql|ps|awk|date|sleep|bash)$/ { n++ }
    END { print t, n + 0 }'
  sleep 0.5
done >>"$results/foreign" 2>/dev/null &
sampler=$!
trap 'kill "$sampler" 2>/dev/null || true; bench_cleanup' EXIT

psql_quiet() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_value() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
pgbench=$STEWARD_PG_BIN/pgbench
[ -x "$pgbench" ] || pgbench=$(pg_config --bindir)/pgbench

# ---------------------------------------------------------------------------------------------
steward_log "template database $template: $rows rows, layout $layout"
load_start=$SECONDS
psql_quiet -c "CREATE DATABASE $template"
psql_quiet -d "$template" -c "CREATE EXTENSION pg_steward" -c "CREATE EXTENSION pg_prewarm"
psql_quiet -d "$template" -v rows="$rows" -v layout="$layout" -f test/bench/retention/schema.sql
read -r loaded_expired loaded_live <<<"$(psql_value -F ' ' -d "$template" -c "
  SELECT count(*) FILTER (WHERE created_at < now() - interval '1 year'), count(*) FILTER (WHERE created_at >= now() - interval '1 year') FROM public.events")"
[ "$loaded_expired" = "$expired" ] && [ "$loaded_live" = "$live" ] ||
  { echo "the loaded table has $loaded_expired expired and $loaded_live live rows, not $expired and $live" >&2; exit 1; }
table_facts=$(psql_value -d "$template" -c "
  SELECT pg_size_pretty(pg_table_size('public.events')) || ' of table (' || pg_relation_size('public.events') / 8192 || ' pages, '
         || round(reltuples / relpages) || ' rows a page), '
         || pg_size_pretty(pg_relation_size('public.events_pkey')) || ' primary key, '
         || pg_size_pretty(pg_relation_size('public.events_created_at')) || ' index on created_at'
    FROM pg_class WHERE oid = 'public.events'::regclass")
table_blocks=$(psql_value -d "$template" -c "SELECT pg_relation_size('public.events') / 8192")
# The template takes no connections (pg_steward's scheduler would connect to it, and CREATE
# DATABASE ... TEMPLATE needs it alone).
psql_quiet -c "ALTER DATABASE $template ALLOW_CONNECTIONS false" -c "CHECKPOINT"
echo "loaded in $((SECONDS - load_start)) s: $table_facts"
server_version=$(psql_value -c "SHOW server_version")

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
maximum() { sort -g | tail -n 1; }
range() { sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print (lo == hi ? lo : lo "-" hi) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# A new $database cloned from the template, its table and indexes in shared_buffers.
clone() {
  local attempt
  psql_quiet -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)"
  for attempt in 1 2 3 4 5 6; do
    # (Anything still connected to the template, such as a scheduler started before
    # ALLOW_CONNECTIONS false, goes.)
    psql_quiet -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$template'" >/dev/null
    if psql_quiet -c "CREATE DATABASE $database TEMPLATE $template STRATEGY FILE_COPY" 2>"$results/clone.err"; then
      break
    fi
    [ "$attempt" -lt 6 ] || { cat "$results/clone.err" >&2; exit 1; }
    sleep 1
  done
  psql_quiet -d "$database" -c "SELECT pg_prewarm('public.events'), pg_prewarm('public.events_pkey'), pg_prewarm('public.events_created_at')" >/dev/null
}

# writer_figures PREFIX T0 T1 -> "tps p50_ms p99_ms max_ms transactions": from pgbench's logs
# (client transaction latency_us script epoch us [lag_us]), the transactions scheduled in
# [T0, T1) (end time minus latency, which counts from the scheduled start under -R) for the
# latencies, and those that ended in [T0, T1) for the TPS.
writer_figures() {
  local prefix=$1 t0=$2 t1=$3
  cat "$prefix".* | awk -v t0="$t0" -v t1="$t1" -v lat="$results/latencies" '
    $3 ~ /^[0-9]+$/ {
      finish = $5 + $6 / 1e6; begin = finish - $3 / 1e6
      if (finish >= t0 && finish < t1) done++
      if (begin >= t0 && begin < t1) print $3 / 1000 > lat
    }
    END { printf "%d\n", done }' >"$results/done"
  sort -g "$results/latencies" | awk -v done="$(cat "$results/done")" -v seconds="$(elapsed "$t0" "$t1")" '
    { v[NR] = $1 }
    END {
      if (NR == 0) { print "0 - - - 0"; exit }
      p50 = v[int(0.50 * NR + 0.999999)]; p99 = v[int(0.99 * NR + 0.999999)]
      printf "%.0f %.1f %.1f %.1f %d\n", done / seconds, p50, p99, v[NR], NR
    }'
  rm -f "$results/latencies" "$results/done"
}

# log_window FROM_BYTE T0 T1 -> "waits longest_ms autovacuums": from the server log since byte
# FROM_BYTE (log_line_prefix '%m %n ...': the 4th field is the time in epoch seconds), the log_lock_waits lines
# logged from T0 to 2 s after T1 ("still waiting": waits of deadlock_timeout and more), the
# longest wait they report ("still waiting ... after N ms", "acquired ... after N ms"), and the
# autovacuums and autoanalyzes of the table whose run (end time minus elapsed) overlapped [T0, T1].
log_window() {
  tail -c +$(($1 + 1)) "$server_log" | awk -v t0="$2" -v t1="$3" -v table="\"$database.public.events\"" '
    $4 ~ /^[0-9]+\.[0-9]+$/ { ts = $4 }
    /still waiting for|acquired .* after/ && ts >= t0 && ts <= t1 + 2 {
      if (/still waiting for/) waits++
      if (match($0, /after [0-9.]+ ms/)) { ms = substr($0, RSTART + 6, RLENGTH - 9) + 0; if (ms > longest) longest = ms }
    }
    /automatic (vacuum|analyze) of table/ && index($0, table) { pending = 1; finished = ts; next }
    pending && match($0, /elapsed: [0-9.]+ s/) {
      pending = 0
      if (finished >= t0 && finished - substr($0, RSTART + 9, RLENGTH - 11) <= t1) autovacuums++
    }
    END { printf "%d %.0f %d\n", waits, longest, autovacuums }'
}

# Checks after a deletion: no expired row left, every live loaded row there; prints the rows the
# writer inserted.
check_table() {
  local what=$1 left kept inserted
  read -r left kept inserted <<<"$(psql_value -F ' ' -d "$database" -c "
    SELECT count(*) FILTER (WHERE created_at < now() - interval '1 year'),
           count(*) FILTER (WHERE id <= $rows AND created_at >= now() - interval '1 year'),
           count(*) FILTER (WHERE id > $rows) FROM public.events")"
  [ "$left" = 0 ] && [ "$kept" = "$live" ] ||
    { echo "after $what: $left expired rows left (0 expected), $kept live loaded rows ($live expected)" >&2; exit 1; }
  echo "$inserted"
}

# measure KIND LABEL WRITER_SECONDS: KIND delete, retention or idle (the writer alone); writer
# seconds 0: no writer. Appends "seconds cpu% tps p50 p99 max transactions waits max_wait_ms
# autovacuums wal_mb foreign% [rows batches retries server_seconds]" to $results/LABEL and prints
# it (WAL of the whole cluster from the start to the end of the deletion: the writer's too;
# foreign%: the share of the samples with another process running on the machine).
measure() {
  local kind=$1 label=$2 writer_seconds=$3 offset writer_pid="" t0 t1 cpu out deleted seconds wal0 wal foreign
  local figures="- - - - 0" inserted run extra=""
  clone
  [ "$kind" != retention ] ||
    psql_quiet -d "$database" -c "SELECT steward.set_retention('public.events', 'created_at', '1 year')" >/dev/null
  psql_quiet -c "CHECKPOINT"
  offset=$(stat -c %s "$server_log")
  rm -f "$results/writer".*
  if [ "$writer_seconds" -gt 0 ]; then
    local rate_option=()
    [ "$rate" -eq 0 ] || rate_option=(-R "$rate")
    PGAPPNAME=writer "$pgbench" -n -c "$clients" -j 2 -T "$writer_seconds" "${rate_option[@]}" \
      -D live_first="$live_first" -D live_step="$live_step" -D live_count="$live" \
      --log --log-prefix="$results/writer" -f test/bench/retention/writer.sql "$database" \
      >"$results/pgbench.out" 2>&1 &
    writer_pid=$!
    sleep "$lead"
  fi
  wal0=$(psql_value -c "SELECT pg_current_wal_insert_lsn()")
  cpu=$(cpu_sample) t0=$(now)
  case $kind in
    idle) sleep "$baseline_seconds" ;;
    delete)
      out=$(PGAPPNAME=plain_delete psql -X -v ON_ERROR_STOP=1 -d "$database" \
        -c "DELETE FROM public.events WHERE created_at < now() - interval '1 year'")
      deleted=${out#DELETE } ;;
    retention)
      PGAPPNAME=apply_retention psql_quiet -d "$database" -c "CALL steward.apply_retention()" ;;
  esac
  t1=$(now)
  seconds=$(elapsed "$t0" "$t1")
  cpu=$(cpu_busy_since "$cpu")
  wal=$(psql_value -c "SELECT round(pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '$wal0') / 1048576)")
  if [ -n "$writer_pid" ]; then
    wait "$writer_pid" || { cat "$results/pgbench.out" >&2; echo "the writer failed" >&2; exit 1; }
    figures=$(writer_figures "$results/writer" "$t0" "$t1")
    # The writer must have covered the whole deletion.
    local last
    last=$(cat "$results/writer".* | awk '$3 ~ /^[0-9]+$/ { f = $5 + $6 / 1e6; if (f > m) m = f } END { printf "%.3f", m }')
    awk -v l="$last" -v t1="$t1" 'BEGIN { exit !(l < t1 - 1) }' &&
      echo "note: the writer stopped $(elapsed "$last" "$t1") s before the end of $label" >&2
  fi
  case $kind in
    delete)
      [ "$deleted" = "$expired" ] || { echo "$label: the DELETE deleted $deleted rows, not $expired" >&2; exit 1; }
      inserted=$(check_table "$label")
      extra="$deleted" ;;
    retention)
      inserted=$(check_table "$label")
      run=$(psql_value -F ' ' -d "$database" -c "
        SELECT rows, batches, retries, round(extract(epoch FROM finished_at - started_at)::numeric, 2), outcome, coalesce(message, '-')
          FROM steward.retention_run ORDER BY run_id DESC LIMIT 1")
      read -r run_rows run_batches run_retries run_seconds run_outcome _ <<<"$run"
      [ "$run_outcome" = completed ] && [ "$run_rows" = "$expired" ] ||
        { echo "$label: steward.retention_run says $run (completed and $expired rows expected)" >&2; exit 1; }
      extra="$run_rows $run_batches $run_retries $run_seconds" ;;
  esac
  foreign=$(awk -v t0="$t0" -v t1="$t1" '$1 >= t0 && $1 <= t1 { n++; if ($2 > 0) busy++ } END { printf "%.0f", n ? 100 * busy / n : 0 }' "$results/foreign")
  echo "$seconds $cpu $figures $(log_window "$offset" "$t0" "$t1") $wal $foreign $extra" | tee -a "$results/$label"
}

# ---------------------------------------------------------------------------------------------
# Where the time goes: EXPLAIN (ANALYZE, BUFFERS, WAL) of the plain DELETE, of apply_retention's
# batch statement (steward.retention_statement()) over every block of the table at once, and of
# its fallback for ranges with rows held elsewhere (FOR UPDATE SKIP LOCKED); each in a clone of
# its own, rolled back.
# For the last two, index scans are off: over the whole table the planner would take the index
# on created_at, where the real batches (a few hundred blocks) take a TID range scan.
steward_log "plans: (a), (b)'s batch statement over the whole table, and its SKIP LOCKED fallback (each rolled back)"
explain() {   # TITLE SQL
  clone
  psql_quiet -d "$database" -c "SELECT steward.set_retention('public.events', 'created_at', '1 year')" >/dev/null
  echo "-- $1"
  psql -X -q -v ON_ERROR_STOP=1 -d "$database" <<EOF_SQL | grep -v '^$' | tee -a "$results/plans"
\\pset footer off
\\pset tuples_only on
SELECT steward.retention_statement(p, 'public.events'::regclass, false, false) AS batch_statement,
       steward.retention_statement(p, 'public.events'::regclass, true, false) AS skip_locked_statement
  FROM steward.retention_policy p WHERE p.relation = 'public.events'::regclass \\gset
PREPARE batch(tid, tid, timestamptz) AS :batch_statement;
PREPARE skip_locked(tid, tid, timestamptz) AS :skip_locked_statement;
BEGIN;
$2
ROLLBACK;
EOF_SQL
}
explain "(a) the plain DELETE" \
  "EXPLAIN (ANALYZE, BUFFERS, WAL, COSTS OFF) DELETE FROM public.events WHERE created_at < now() - interval '1 year';"
explain "(b) the batch statement of steward.retention_statement(), blocks 0 to the end in one batch" \
  "\\echo :batch_statement
SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off;
EXPLAIN (ANALYZE, BUFFERS, WAL, COSTS OFF) EXECUTE batch('(0,0)', '($table_blocks,0)', now() - interval '1 year');"
explain "(diagnostic) the fallback statement for a range with rows held elsewhere (FOR UPDATE SKIP LOCKED), the same blocks" \
  "\\echo :skip_locked_statement
SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off;
EXPLAIN (ANALYZE, BUFFERS, WAL, COSTS OFF) EXECUTE skip_locked('(0,0)', '($table_blocks,0)', now() - interval '1 year');"

steward_log "warm-up, without the writer: (a) plain DELETE, (b) apply_retention"
echo "(seconds, CPU busy % of all $(nproc) cores, writer: TPS p50 p99 max ms transactions, lock waits, longest ms, autovacuums, WAL MB, % of samples with other processes running; (a): rows; (b): rows, batches, retries, server seconds)"
others=$(other_clusters)
printf 'warm-up, (a) plain DELETE:    '; measure delete warmup_delete 0
printf 'warm-up, (b) apply_retention: '; measure retention warmup_retention 0
estimate=$(cat "$results/warmup_delete" "$results/warmup_retention" | awk '{ print $1 }' | maximum)

steward_log "$rounds rounds: the writer alone, then (a) and (b) alternating, the writer running ($clients clients, $([ "$rate" -eq 0 ] && echo "no rate limit" || echo "$rate transactions a second"))"
for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) -eq 1 ]; then order="delete retention"; else order="retention delete"; fi
  printf 'round %s, (c) writer alone:      ' "$round"; measure idle idle $((lead + baseline_seconds + 1))
  for kind in $order; do
    # The writer runs for twice the longest deletion so far, and 10 s more.
    writer_seconds=$(awk -v e="$estimate" -v l="$lead" 'BEGIN { printf "%d", l + 2 * e + 10 }')
    if [ "$kind" = delete ]; then
      printf 'round %s, (a) plain DELETE:      ' "$round"; measure delete delete "$writer_seconds"
    else
      printf 'round %s, (b) apply_retention:   ' "$round"; measure retention retention "$writer_seconds"
    fi
    estimate=$({ cat "$results/delete" "$results/retention" 2>/dev/null || true; } | awk -v e="$estimate" '{ print $1 } END { print e }' | maximum)
  done
done
others=$((others + $(other_clusters)))
psql_quiet -c "DROP DATABASE IF EXISTS $database WITH (FORCE)"

# ---------------------------------------------------------------------------------------------
col() { awk -v c="$2" '{ print $c }' "$results/$1"; }
delete_s=$(col delete 1 | median) retention_s=$(col retention 1 | median)
time_ratio=$(ratio "$retention_s" "$delete_s")
warm_ratio=$(ratio "$(col warmup_retention 1)" "$(col warmup_delete 1)")
all_waits=$(cat "$results/delete" "$results/retention" "$results/idle" | awk '{ s += $8 } END { print s + 0 }')
longest_wait=$(cat "$results/delete" "$results/retention" "$results/idle" | awk '{ print $9 }' | maximum)
lock_timeout_ms=$(psql_value -c "SELECT setting FROM pg_settings WHERE name = 'steward.retention_lock_timeout'")
batch_ms=$(psql_value -c "SELECT setting FROM pg_settings WHERE name = 'steward.retention_batch_ms'")
writer_row() {   # LABEL DESCRIPTION
  echo "| $2 | $(col "$1" 1 | median) s | $(col "$1" 2 | median) % | $(col "$1" 3 | median) | $(col "$1" 4 | median) ms | **$(col "$1" 5 | median) ms** ($(col "$1" 5 | range)) | $(col "$1" 6 | maximum) ms | $(col "$1" 8 | awk '{ s += $1 } END { print s + 0 }') ($(col "$1" 9 | maximum) ms) | $(col "$1" 10 | awk '{ s += $1 } END { print s + 0 }') | $(col "$1" 12 | maximum) % |"
}
steward_log "results"
bench_report_head "Retention"
cat <<EOF
- Table: public.events, $rows rows ($expired expired, $live live, layout $layout): $table_facts. In shared_buffers (1 GB, pg_prewarm) at the start of each measurement.
- Writer: pgbench, $clients clients, $([ "$rate" -eq 0 ] && echo "no rate limit" || echo "$rate transactions a second"), test/bench/retention/writer.sql (UPDATE of a live row, INSERT of a new row).
- Other PostgreSQL clusters on the machine during the measurements: $([ "$others" -gt 0 ] && echo "yes" || echo "none").

| | time, median of $rounds (min-max) | relative | CPU busy, median | WAL, median (the writer's too) | other processes running, max |
|---|---|---|---|---|---|
| (a) \`DELETE FROM events WHERE created_at < now() - interval '1 year'\`, one transaction | **$delete_s s** ($(col delete 1 | range)) | 1.00 | $(col delete 2 | median) % | $(col delete 11 | median) MB | $(col delete 12 | maximum) % of samples |
| (b) \`CALL steward.apply_retention()\` | **$retention_s s** ($(col retention 1 | range)) | **$time_ratio** | $(col retention 2 | median) % | $(col retention 11 | median) MB | $(col retention 12 | maximum) % of samples |

Without the writer (one warm-up run each): (a) $(col warmup_delete 1) s and $(col warmup_delete 11) MB of WAL, (b) $(col warmup_retention 1) s and $(col warmup_retention 11) MB of WAL, $warm_ratio. apply_retention: $(col retention 14 | median) batches (median), $(col retention 15 | awk '{ s += $1 } END { print s + 0 }') retries in all, steward.retention_run.rows = $expired in every run.

| writer during | window, median | CPU busy | TPS | p50 | p99, median (min-max) | max | lock waits >= 100 ms (longest) | autovacuums of events | other processes running, max |
|---|---|---|---|---|---|---|---|---|---|
$(writer_row idle "(c) nothing (writer alone)")
$(writer_row delete "(a) plain DELETE")
$(writer_row retention "(b) apply_retention")

Goal, total time at most 1.5 times the plain DELETE: $(awk -v r="$time_ratio" 'BEGIN { print (r <= 1.5 ? "met" : "missed") }') ($time_ratio). Lock waits of 100 ms or more logged during the measurements: $all_waits (longest: ${longest_wait:-0} ms; steward.retention_lock_timeout = $lock_timeout_ms ms, steward.retention_batch_ms = $batch_ms ms).
EOF
