#!/usr/bin/env bash
# Benchmark of steward.backup() and steward.restore_drill(), in one throwaway cluster and one run:
#   1. steward.backup(): pg_dump -Fc of the database in a snapshot the calling transaction
#      exports, after the exact row count of every table in that snapshot; pg_dump's output goes
#      through a pipe to the backend, which writes it to a file in steward.backup_directory,
#      computes its SHA-256 and fsyncs it; then a row in steward.backup_catalog. The baseline:
#      `pg_dump -Fc -f FILE` of the same database run by hand as the cluster's OS user (pg_dump
#      fsyncs the file too). The baseline is plain pg_dump: no sha256sum, no row counts. One
#      untimed warm-up of each, then --rounds rounds, the order alternating from one round to the
#      next; the medians and their ratio. Goal: steward.backup() at most 1.1 times the baseline.
#   2. steward.restore_drill() of the last backup (SHA-256 of the file, createdb, pg_restore,
#      exact row counts compared with the catalog, dropdb) against the same archive restored by
#      hand: createdb, pg_restore, dropdb; --drill-rounds of each, alternating.
# The files of each round are removed after it (the catalog rows stay), but the last backup.
# Where the time of steward.backup() goes beyond pg_dump: the row counting is timed from
# pg_stat_statements (track = all), and the CPU (busy, iowait) of the machine during each run.
# Data set (--scale N): pgbench -i -s N plus test/bench/backup/data.sql, a 20-column table of
# 2,000 * N rows and 5 * N large objects of 64 kB; the default, 100, is 1.7 GB or so on disk.
# Timing with date +%s.%N around each client command. Nothing is asserted about speed: the
# script prints figures, then a markdown section (it does not edit docs/). About 5 minutes on
# 2 cores with the defaults.
# Usage: test/bench/backup.sh [--scale N] [--rounds N] [--drill-rounds N] [--port N] [--dir DIR]
#                             [--no-build] [--keep]
#   --scale N         pgbench scale of the data set (default 100)
#   --rounds N        timed rounds of pg_dump by hand and steward.backup() (default 5)
#   --drill-rounds N  timed rounds of the restore by hand and steward.restore_drill() (default 3)
#   --port N          port of the throwaway cluster (default 5630; it listens on a socket in its dir)
#   --dir DIR         directory of the throwaway cluster (default: a new one under /tmp); it must
#                     not exist or be empty, and is removed at the end unless --keep
#   --no-build        do not build and install the current tree first
#   --keep            keep the stopped cluster (and say how to start it) instead of removing it
#   --no-docs and --tables N are accepted and ignored (tools/bench passes its arguments to every
#   benchmark)
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/bench/lib.bash

started=$SECONDS
command_line="test/bench/backup.sh${*:+ $*}"
port=5630 dir="" build=yes keep=no scale=100 rounds=5 drill_rounds=3 database=bench
while [ $# -gt 0 ]; do
  case $1 in
    --scale) scale=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --drill-rounds) drill_rounds=$2; shift 2 ;;
    *) bench_option "$@"; [ "$bench_shift" -gt 0 ] || { echo "unknown option $1 (see the usage at the top of $0)" >&2; exit 2; }; shift "$bench_shift" ;;
  esac
done
for value in "$scale" "$rounds" "$drill_rounds"; do
  [[ $value =~ ^[1-9][0-9]*$ ]] || { echo "--scale, --rounds and --drill-rounds must be positive integers" >&2; exit 2; }
done

# No checkpoint in the middle of a run if we can help it (one is forced before each), and no
# scheduled job (the nightly backup) in the way.
bench_start backup "shared_buffers = '512MB'" "max_wal_size = '16GB'" "checkpoint_timeout = '1h'" \
  "steward.run_scheduled_jobs = off" "pg_stat_statements.track = 'all'" "log_min_messages = warning"
results=$work/results
backups=$work/backups
mkdir -p "$results" "$backups"
chmod 700 "$backups"
[ "$(id -u)" -ne 0 ] || chown "$STEWARD_OS_USER" "$backups"

psql_quiet() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_value() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
tool() { local name=$1; shift; steward_as_owner "$STEWARD_PG_BIN/$name" -h "$work" -p "$port" -U "$PGUSER" "$@"; }

psql_quiet -c "ALTER SYSTEM SET steward.backup_directory = '$backups'" -c "SELECT pg_reload_conf()" >/dev/null
psql_quiet -c "CREATE EXTENSION pg_stat_statements" -c "CREATE DATABASE $database"
# search_path public only: the cluster's role may be named steward (tools/common.sh), and "$user"
# would put pgbench's tables into the extension's schema.
psql_quiet -d "$database" -c "CREATE EXTENSION pg_steward" -c "ALTER DATABASE $database SET search_path = public"
steward_log "data set: pgbench -i -s $scale, then test/bench/backup/data.sql ($((2000 * scale)) wide rows, $((5 * scale)) large objects)"
load_start=$SECONDS
tool pgbench -i -q -s "$scale" "$database" >"$results/pgbench_init.log" 2>&1 ||
  { cat "$results/pgbench_init.log" >&2; exit 1; }
psql_quiet -d "$database" -v rows=$((2000 * scale)) -v objects=$((5 * scale)) -f test/bench/backup/data.sql
psql_quiet -d "$database" -c "VACUUM ANALYZE" -c "CHECKPOINT"
echo "loaded in $((SECONDS - load_start)) s"
server_version=$(psql_value -c "SHOW server_version")
db_size=$(psql_value -c "SELECT pg_size_pretty(pg_database_size('$database'))")
table_facts=$(psql_value -d "$database" -c "
  SELECT count(*) || ' tables, ' || sum(c.reltuples)::bigint || ' rows, '
         || pg_size_pretty(sum(pg_table_size(c.oid))) || ' of table data (with TOAST), '
         || pg_size_pretty(sum(pg_indexes_size(c.oid))) || ' of indexes, '
         || (SELECT count(*) FROM pg_largeobject_metadata) || ' large objects ('
         || (SELECT pg_size_pretty(pg_table_size('pg_largeobject'))) || ')'
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind = 'r' AND n.nspname = 'public'")
echo "database $database: $db_size; $table_facts"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.2f\n", v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
range() { sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print (lo == hi ? lo : lo "-" hi) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
column_of() { awk -v c="$2" '{ print $c }' "$1"; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
# CPU of the whole machine over a run, from /proc/stat: "busy% iowait%" of all cores.
cpu_iowait_sample() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }
cpu_since() {
  local b0 w0 t0 b1 w1 t1
  read -r b0 w0 t0 <<<"$1"
  read -r b1 w1 t1 <<<"$(cpu_iowait_sample)"
  awk -v b=$((b1 - b0)) -v w=$((w1 - w0)) -v t=$((t1 - t0)) 'BEGIN { printf "%.0f %.0f", t ? 100 * b / t : 0, t ? 100 * w / t : 0 }'
}

# The CPU time of pg_dump itself (user + sys) by hand, when /usr/bin/time is there.
as_owner=()
[ "$(id -u)" -ne 0 ] || as_owner=(runuser -u "$STEWARD_OS_USER" --)
rusage=()
[ ! -x /usr/bin/time ] || rusage=(/usr/bin/time -f '%U %S' -o "$results/rusage")

# Each appends "seconds busy% iowait% size_bytes ..." to $results/KIND and prints it.
dump_by_hand() {   # also pg_dump's CPU seconds
  local file=$backups/by_hand.dump start end cpu size dump_cpu=-
  psql_quiet -c "CHECKPOINT"
  cpu=$(cpu_iowait_sample) start=$(now)
  "${rusage[@]}" "${as_owner[@]}" "$STEWARD_PG_BIN/pg_dump" -h "$work" -p "$port" -U "$PGUSER" \
    -Fc -f "$file" "$database"
  end=$(now)
  [ ${#rusage[@]} -eq 0 ] || dump_cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$results/rusage")
  size=$(stat -c %s "$file")
  rm -f "$file"
  echo "$(elapsed "$start" "$end") $(cpu_since "$cpu") $size $dump_cpu" | tee -a "$results/${1:-dump}"
}
last_backup=""   # "backup_id path sha256" of the last steward.backup()
backup_steward() {
  local start end cpu row id path size sha server_s status
  psql_quiet -c "CHECKPOINT"
  [ -z "$last_backup" ] || rm -f "$(awk '{ print $2 }' <<<"$last_backup")"
  cpu=$(cpu_iowait_sample) start=$(now)
  row=$(psql_value -F ' ' -d "$database" -c "SELECT backup_id, path, size_bytes, sha256, round(extract(epoch FROM duration), 2), status FROM steward.backup()")
  end=$(now)
  read -r id path size sha server_s status <<<"$row"
  [ "$status" = OK ] || { echo "steward.backup() returned: $row" >&2; exit 1; }
  last_backup="$id $path $sha"
  echo "$(elapsed "$start" "$end") $(cpu_since "$cpu") $size $server_s" | tee -a "$results/${1:-backup}"
}
restore_by_hand() {
  local file=$1 scratch=bench_restore_by_hand start end cpu
  psql_quiet -c "CHECKPOINT"
  cpu=$(cpu_iowait_sample) start=$(now)
  tool createdb -T template0 "$scratch"
  tool pg_restore --exit-on-error -d "$scratch" "$file"
  tool dropdb "$scratch"
  end=$(now)
  echo "$(elapsed "$start" "$end") $(cpu_since "$cpu")" | tee -a "$results/restore"
}
drill_steward() {
  local id=$1 start end cpu outcome
  psql_quiet -c "CHECKPOINT"
  cpu=$(cpu_iowait_sample) start=$(now)
  outcome=$(psql_value -d "$database" -c "SELECT string_agg(check_name || ' ' || status, ', ') FROM steward.restore_drill($id)")
  end=$(now)
  [[ $outcome != *FAILED* ]] || { echo "steward.restore_drill($id): $outcome" >&2; psql_quiet -d "$database" -c "SELECT drill_detail FROM steward.backup_catalog WHERE backup_id = $id" >&2; exit 1; }
  echo "$(elapsed "$start" "$end") $(cpu_since "$cpu") $outcome" | tee -a "$results/drill"
}

# ---------------------------------------------------------------------------------------------
steward_log "backups: one warm-up of each, then $rounds rounds, alternating"
echo "(seconds, CPU busy % and iowait % of all $(nproc) cores, bytes; by hand: also pg_dump's CPU seconds; steward.backup(): also its own duration)"
others=$(other_clusters)
# (The functions run in this shell, not in $(...): a failure stops the script, and
# backup_steward sets last_backup.)
printf 'warm-up, pg_dump by hand:  '; dump_by_hand warmup
printf 'warm-up, steward.backup(): '; backup_steward warmup
for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) -eq 1 ]; then order="hand steward"; else order="steward hand"; fi
  for variant in $order; do
    if [ $variant = hand ]; then
      printf 'round %s, pg_dump by hand:  ' "$round"; dump_by_hand
    else
      printf 'round %s, steward.backup(): ' "$round"; backup_steward
    fi
  done
done
others=$((others + $(other_clusters)))
read -r backup_id backup_path backup_sha <<<"$last_backup"

# Row counting inside steward.backup(), from pg_stat_statements: the query with query_to_xml()
# that the function runs through SPI (nested), in this database, every call of it so far.
read -r count_calls count_s <<<"$(psql_value -F ' ' -c "
  SELECT sum(calls), round((sum(total_exec_time) / sum(calls) / 1000)::numeric, 2)
    FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
   WHERE d.datname = '$database' AND NOT s.toplevel AND s.query LIKE '%jsonb_object_agg%query_to_xml%'")"
# COPY statements of both pg_dumps (by hand and inside steward.backup()): the server's share.
copy_s=$(psql_value -c "
  SELECT round((sum(total_exec_time) / 1000 / $(((rounds + 1) * 2)))::numeric, 2)
    FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
   WHERE d.datname = '$database' AND s.toplevel AND s.query LIKE 'COPY %TO stdout%'")
start=$(now)
sum_by_hand=$(sha256sum "$backup_path" | awk '{ print $1 }')
sha256sum_s=$(elapsed "$start" "$(now)")
checksum_matches=no
[ "$sum_by_hand" != "$backup_sha" ] || checksum_matches=yes
echo "row counting in steward.backup(): $count_s s a call ($count_calls calls); COPY ... TO stdout of a pg_dump: $copy_s s"
echo "sha256sum of backup $backup_id: $sha256sum_s s; it matches the catalog's SHA-256: $checksum_matches"

# ---------------------------------------------------------------------------------------------
steward_log "restore drills of backup $backup_id ($(mb "$(stat -c %s "$backup_path")") MB): $drill_rounds rounds, alternating"
echo "(seconds, CPU busy % and iowait %)"
for round in $(seq 1 "$drill_rounds"); do
  if [ $((round % 2)) -eq 1 ]; then order="hand steward"; else order="steward hand"; fi
  for variant in $order; do
    if [ $variant = hand ]; then
      printf 'round %s, createdb + pg_restore + dropdb by hand: ' "$round"; restore_by_hand "$backup_path"
    else
      printf 'round %s, steward.restore_drill(%s):        ' "$round" "$backup_id"; drill_steward "$backup_id"
    fi
  done
done
others=$((others + $(other_clusters)))
# The drill's row counting, run by psql in the scratch databases (top level there).
drill_count_s=$(psql_value -c "
  SELECT round((sum(total_exec_time) / sum(calls) / 1000)::numeric, 2)
    FROM pg_stat_statements s
   WHERE s.toplevel AND s.dbid NOT IN (SELECT oid FROM pg_database) AND s.query LIKE '%query_to_xml%'")
echo "row counting in a restored database (in the drill): $drill_count_s s"

# ---------------------------------------------------------------------------------------------
dump_s=$(column_of "$results/dump" 1 | median) backup_s=$(column_of "$results/backup" 1 | median)
restore_s=$(column_of "$results/restore" 1 | median) drill_s=$(column_of "$results/drill" 1 | median)
backup_ratio=$(ratio "$backup_s" "$dump_s") drill_ratio=$(ratio "$drill_s" "$restore_s")
fmt_cpu() { echo "$(column_of "$results/$1" 2 | median | cut -d. -f1) % busy, $(column_of "$results/$1" 3 | median | cut -d. -f1) % iowait"; }
steward_log "results"
bench_report_head "Backups"
cat <<EOF
- Data set: \`pgbench -i -s $scale\` plus test/bench/backup/data.sql (a 20-column table of $((2000 * scale)) rows, $((5 * scale)) large objects of 64 kB): $db_size; $table_facts. In the OS cache (shared_buffers 512 MB).
- Other PostgreSQL clusters on the machine during the measurements: $([ "$others" -gt 0 ] && echo "yes (their load, if any, is in the CPU figures)" || echo "none").

| | time, median of $rounds (min-max) | relative | CPU, median of the runs ($(nproc) cores) | file |
|---|---|---|---|---|
| \`pg_dump -Fc -f FILE\` by hand (the baseline: no checksum, no row counts) | **$dump_s s** ($(column_of "$results/dump" 1 | range)) | 1.00 | $(fmt_cpu dump) | $(mb "$(column_of "$results/dump" 4 | median)") MB |
| \`SELECT * FROM steward.backup()\` | **$backup_s s** ($(column_of "$results/backup" 1 | range)) | **$backup_ratio** | $(fmt_cpu backup) | $(mb "$(column_of "$results/backup" 4 | median)") MB |

pg_dump's own CPU time (user + sys) by hand: $(column_of "$results/dump" 5 | median) s, median (/usr/bin/time).

Goal: steward.backup() at most 1.1 times pg_dump by hand: $(awk -v b="$backup_s" -v a="$dump_s" 'BEGIN { print (b <= 1.1 * a ? "met" : "missed") }') ($backup_ratio). Of the time of steward.backup(): the exact row counts in the snapshot, $count_s s a call (pg_stat_statements); the server's COPY ... TO stdout statements of a pg_dump take $copy_s s. sha256sum of the archive by hand, for comparison: $sha256sum_s s (the catalog's SHA-256 matches: $checksum_matches).

| restore of backup $backup_id | time, median of $drill_rounds (min-max) | relative | CPU, median |
|---|---|---|---|
| by hand: \`createdb -T template0\`, \`pg_restore --exit-on-error -d\`, \`dropdb\` | **$restore_s s** ($(column_of "$results/restore" 1 | range)) | 1.00 | $(fmt_cpu restore) |
| \`SELECT * FROM steward.restore_drill($backup_id)\` (SHA-256, the same three, and the row counts) | **$drill_s s** ($(column_of "$results/drill" 1 | range)) | **$drill_ratio** | $(fmt_cpu drill) |

The drill's exact row counts in the restored database: $drill_count_s s a drill.
EOF
