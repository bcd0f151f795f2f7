#!/usr/bin/env bash
# Benchmarks of the audit trail (issue 5, "Performance, measured"), side by side in one
# throwaway cluster:
#   1. a bulk INSERT of 200,000 rows (one INSERT ... SELECT generate_series) into a 10-column
#      table, in four variants: (a) no trigger, (b) steward.enable_audit, (c) a PL/pgSQL AFTER
#      ROW trigger inserting to_jsonb(NEW) into a jsonb log table (the baseline of the issue),
#      (d) pgaudit with pgaudit.log = 'write' (statements only, no row data), when the Debian
#      package postgresql-15-pgaudit is installed or can be installed with apt-get;
#   2. the same for an UPDATE of all 200,000 rows;
#   3. pgbench tpcb-like, scale 10, 4 clients: unaudited vs all four pgbench tables audited;
#   4. sealing 1,000,000 unsealed audit rows with steward.seal_audit(), then
#      steward.verify_audit() over them;
# and the size of a logged row in steward.audit_log and in the PL/pgSQL log table.
# Every run has a database of its own (CREATE DATABASE, CREATE EXTENSION pg_steward, the table,
# the variant's trigger; dropped afterwards), so each run starts from empty tables and an empty
# audit log. Runs of the variants are interleaved (the order rotates from one repetition to the
# next), each timed statement is a new connection, timed on the server with clock_timestamp()
# from before the statement to after its commit. Prints a markdown section for
# docs/benchmarks.md at the end (this script does not write it).
#
# Goals (issue 5): INSERT and UPDATE audited at most 2.2 times unaudited, and the PL/pgSQL
# baseline at least 1.8 times slower than audited; pgbench audited at least 90 % of the TPS
# unaudited. Exits non-zero only when something fails to run, not when a goal is missed.
# Takes about 9 minutes with the defaults (pgbench alone: 2 x 3 runs of 60 s plus set-up).
#
# Usage: test/bench/audit.sh [--port N] [--dir DIR] [--reps N] [--duration N] [--pgbench-reps N]
#                            [--rows N] [--seal-rows N] [--verify-timeout N] [--no-build] [--keep]
#   --port N          port of the throwaway cluster (default 5432; it listens on a socket in its dir)
#   --dir DIR         directory of the throwaway cluster (default: a new one under /tmp); it must
#                     not exist or be empty, and is removed at the end unless --keep
#   --reps N          measured runs of each INSERT and UPDATE variant, interleaved (default 5),
#                     after one warm-up run of each
#   --duration N      seconds of each pgbench run (default 60)
#   --pgbench-reps N  pgbench runs of each variant, alternating (default 3)
#   --rows N          rows of the INSERT and UPDATE benchmarks (default 200000)
#   --seal-rows N     unsealed audit rows to seal (default 1000000)
#   --verify-timeout N  statement_timeout in seconds of the timed verify_audit() (default 600);
#                     reported as "did not finish", not as a failure
#   --no-build        do not build and install the current tree first
#   --keep            keep the stopped cluster (and say how to start it) instead of removing it
#   --no-docs and --tables N are accepted and ignored (tools/bench passes its arguments to every
#   benchmark)
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/bench/lib.bash

started=$SECONDS
command_line="test/bench/audit.sh${*:+ $*}"
port=5432 dir="" reps=5 duration=60 pgbench_reps=3 rows=200000 seal_rows=1000000 verify_timeout=600
build=yes keep=no
while [ $# -gt 0 ]; do
  bench_option "$@"
  if [ "$bench_shift" -gt 0 ]; then shift "$bench_shift"; continue; fi
  case $1 in
    --reps) reps=$2; shift ;;
    --duration) duration=$2; shift ;;
    --pgbench-reps) pgbench_reps=$2; shift ;;
    --rows) rows=$2; shift ;;
    --seal-rows) seal_rows=$2; shift ;;
    --verify-timeout) verify_timeout=$2; shift ;;
    *) echo "unknown argument: $1 (see the usage at the top of $0)" >&2; exit 2 ;;
  esac
  shift
done
for value in "$reps" "$duration" "$pgbench_reps" "$rows" "$seal_rows" "$verify_timeout"; do
  [[ $value =~ ^[1-9][0-9]*$ ]] ||
    { echo "--reps, --duration, --pgbench-reps, --rows, --seal-rows and --verify-timeout must be positive integers" >&2; exit 2; }
done

goal_audited=2.2      # audited / unaudited, at most
goal_baseline=1.8     # PL/pgSQL baseline / audited, at least
goal_tps=0.90         # audited TPS / unaudited TPS, at least
pgbench_scale=10 pgbench_clients=4 pgbench_threads=2

# pgaudit (variant d): the Debian package, installed here when missing and we are root.
pgaudit=no pgaudit_note=""
pgaudit_library="$(pg_config --pkglibdir)/pgaudit.so"
if [ ! -e "$pgaudit_library" ] && [ "$(id -u)" -eq 0 ]; then
  steward_log "installing postgresql-15-pgaudit (variant d)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends postgresql-15-pgaudit >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 &&
      apt-get install -y -qq --no-install-recommends postgresql-15-pgaudit >/dev/null 2>&1; } || true
fi
if [ -e "$pgaudit_library" ]; then
  pgaudit=yes
  preload="shared_preload_libraries = 'pg_stat_statements,pg_steward,pgaudit'"
else
  pgaudit_note="variant d skipped: postgresql-15-pgaudit is not installed and could not be installed with apt-get"
  echo "note: $pgaudit_note"
  preload="shared_preload_libraries = 'pg_stat_statements,pg_steward'"
fi

# jit = off: the planner's estimate of the 200,000-row INSERT ... SELECT crosses jit_above_cost,
# and the same compile time in every variant would only blur the ratios. No checkpoint during a
# timed statement: one is forced before each, and max_wal_size is far above what a run writes.
bench_start audit "$preload" "shared_buffers = 1GB" "max_wal_size = 16GB" "checkpoint_timeout = 1h" \
  "jit = off" "log_min_messages = warning"
results=$work/results
mkdir -p "$results"

psql_quiet() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_value() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
export PGDATABASE=postgres

server_version=$(psql_value -c "SHOW server_version")
if [ "$pgaudit" = yes ]; then
  # Variant d connects as this role; pgaudit logs its writes (one line per statement).
  psql_quiet -c "CREATE ROLE bench_pgaudit LOGIN SUPERUSER" \
    -c "ALTER ROLE bench_pgaudit SET pgaudit.log = 'write'" \
    -c "ALTER ROLE bench_pgaudit SET pgaudit.log_relation = off"
  pgaudit_version=$(psql_value -c "SELECT default_version FROM pg_available_extensions WHERE name = 'pgaudit'")
fi
variants="a b c"
[ "$pgaudit" = no ] || variants="a b c d"
pgbench=$STEWARD_PG_BIN/pgbench
[ -x "$pgbench" ] || pgbench=$(pg_config --bindir)/pgbench

column_of() { awk -v c="$2" '{ print $c }' "$1"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
range() { sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print (lo == hi ? lo : lo "-" hi) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
per_second() { awk -v n="$1" -v ms="$2" 'BEGIN { printf "%.0f", n / (ms / 1000) }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }

# The machine may not be reserved for the benchmark: each measurement records how busy all CPUs
# were (from /proc/stat) and whether another PostgreSQL cluster was running, into $results/load.

# fresh_database NAME: a new database with pg_steward and the objects of test/bench/audit/schema.sql.
fresh_database() {
  psql_quiet -c "CREATE DATABASE $1"
  psql_quiet -d "$1" -c "CREATE EXTENSION pg_steward" -f test/bench/audit/schema.sql
}
drop_database() { psql_quiet -c "DROP DATABASE $1"; }

# timed DB ROLE FILE: runs the SQL file (psql variable rows set) in a new connection as ROLE,
# timed on the server from before it to after its commit; prints "ms wal_bytes result", where
# result is the psql variable result if the file sets it.
timed() {
  psql_value -d "$1" -U "$2" -v rows="$rows" <<SQL
\\set result -
SELECT pg_current_wal_insert_lsn() AS lsn0, clock_timestamp() AS t0 \\gset
\\i $3
SELECT round(1000 * extract(epoch FROM clock_timestamp() - :'t0'::timestamptz), 1) || ' '
       || pg_wal_lsn_diff(pg_current_wal_insert_lsn(), :'lsn0')::bigint || ' ' || :'result';
SQL
}

# setup_variant DB VARIANT: the trigger of the variant on bench.t.
setup_variant() {
  case $2 in
    b) psql_quiet -d "$1" -c "SELECT steward.enable_audit('bench.t'::regclass)" >/dev/null ;;
    c) psql_quiet -d "$1" -c "CREATE TRIGGER plpgsql_audit AFTER INSERT OR UPDATE OR DELETE ON bench.t
                                FOR EACH ROW EXECUTE FUNCTION bench.plpgsql_audit()" ;;
    *) ;;
  esac
}
role_of() { if [ "$1" = d ]; then echo bench_pgaudit; else echo "$PGUSER"; fi; }

# log_facts DB VARIANT: "log_rows bytes_per_log_row" of the variant's log (for d: the number of
# pgaudit lines in the server log so far; - for a).
audit_lines() { grep -c 'AUDIT: SESSION' "$work/server.log" || true; }
log_facts() {
  case $2 in
    b) psql_value -F ' ' -d "$1" -c "SELECT count(*), round(pg_total_relation_size('steward.audit_record') / greatest(count(*), 1))
                                     FROM steward.audit_log WHERE operation <> 'DDL'" ;;
    c) psql_value -F ' ' -d "$1" -c "SELECT count(*), round(pg_total_relation_size('bench.plpgsql_log') / greatest(count(*), 1))
                                     FROM bench.plpgsql_log" ;;
    d) echo "$(audit_lines) -" ;;
    *) echo "- -" ;;
  esac
}

# run_case KIND VARIANT: one measured run (KIND insert or update, or warmup_insert...);
# appends "ms wal_bytes log_rows bytes_per_log_row" to $results/KIND.VARIANT.
run_case() {
  local kind=$1 variant=$2 db=bench_run
  fresh_database "$db"
  if [ "${kind#warmup_}" = update ]; then
    psql_quiet -d "$db" -v rows="$rows" -f test/bench/audit/insert.sql -c "VACUUM ANALYZE bench.t"
  fi
  setup_variant "$db" "$variant"
  psql_quiet -d "$db" -c "CHECKPOINT"
  local file=test/bench/audit/insert.sql
  [ "${kind#warmup_}" = update ] && file=test/bench/audit/update.sql
  local measured facts lines_before cpu others
  lines_before=$(audit_lines)
  others=$(other_clusters)
  cpu=$(cpu_sample)
  measured=$(timed "$db" "$(role_of "$variant")" "$file")
  echo "statement $(cpu_busy_since "$cpu") $((others + $(other_clusters)))" >>"$results/load"
  facts=$(log_facts "$db" "$variant")
  # For d, the pgaudit lines this run wrote.
  [ "$variant" != d ] || facts="$(( ${facts% *} - lines_before )) -"
  echo "${measured% *} $facts" >>"$results/$kind.$variant"
  drop_database "$db"
}

# Rotates the variants: repetition 1 runs a b c d, repetition 2 b c d a, ...
order_of() {
  local run=$1 list=($variants) out=() i
  for i in "${!list[@]}"; do out+=("${list[$(( (i + run - 1) % ${#list[@]} ))]}"); done
  echo "${out[*]}"
}

for kind in insert update; do
  steward_log "$kind of $rows rows: one warm-up run of each variant ($variants), then $reps runs of each, interleaved"
  echo "(ms, WAL bytes, log rows, bytes per log row)"
  for variant in $variants; do
    run_case "warmup_$kind" "$variant"
    printf 'warm-up %s: %s\n' "$variant" "$(tail -1 "$results/warmup_$kind.$variant")"
  done
  for run in $(seq 1 "$reps"); do
    line=""
    for variant in $(order_of "$run"); do
      run_case "$kind" "$variant"
      line="$line | $variant: $(tail -1 "$results/$kind.$variant") (CPU $(tail -1 "$results/load" | awk '{ print $2 "%" ($3 > 0 ? ", other clusters" : "") }'))"
    done
    echo "run $run${line}"
  done
done

# ---------------------------------------------------------------------------------------------
# pgbench tpcb-like: a new database initialised for every run; audited runs call enable_audit
# on the four tables after the initialisation. Alternating, the unaudited variant first in odd
# runs. Appends "tps transactions latency_ms log_rows" to $results/pgbench.VARIANT.
# ---------------------------------------------------------------------------------------------
pgbench_run() {
  local variant=$1 db=bench_pgbench out
  psql_quiet -c "CREATE DATABASE $db"
  # search_path public only: the cluster's role is named steward (tools/common.sh), and "$user"
  # would put pgbench's tables into the extension's schema.
  psql_quiet -d "$db" -c "CREATE EXTENSION pg_steward" -c "ALTER DATABASE $db SET search_path = public"
  "$pgbench" -i -q -s "$pgbench_scale" "$db" >"$results/pgbench_init.log" 2>&1
  if [ "$variant" = audited ]; then
    for table in pgbench_accounts pgbench_branches pgbench_tellers pgbench_history; do
      psql_quiet -d "$db" -c "SELECT steward.enable_audit('public.$table'::regclass)" >/dev/null
    done
  fi
  psql_quiet -d "$db" -c "CHECKPOINT"
  local cpu others
  others=$(other_clusters)
  cpu=$(cpu_sample)
  out=$("$pgbench" -n -c "$pgbench_clients" -j "$pgbench_threads" -T "$duration" "$db" 2>&1) ||
    { echo "$out" >&2; return 1; }
  echo "pgbench $(cpu_busy_since "$cpu") $((others + $(other_clusters)))" >>"$results/load"
  echo "$out" >"$results/pgbench.$variant.last"
  local tps transactions latency log_rows=-
  tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<<"$out" | head -1 | awk '{ printf "%.1f", $1 }')
  transactions=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out")
  latency=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' <<<"$out")
  if [ "$variant" = audited ]; then
    log_rows=$(psql_value -d "$db" -c "SELECT count(*) FROM steward.audit_log WHERE operation IN ('INSERT', 'UPDATE', 'DELETE')")
  fi
  echo "$tps $transactions $latency $log_rows" >>"$results/pgbench.$variant"
  drop_database "$db"
}
steward_log "pgbench tpcb-like, scale $pgbench_scale, $pgbench_clients clients, $duration s: $pgbench_reps runs of each variant, alternating"
echo "(TPS, transactions, latency average ms, audit log rows)"
for run in $(seq 1 "$pgbench_reps"); do
  if [ $((run % 2)) -eq 1 ]; then order="plain audited"; else order="audited plain"; fi
  line=""
  for variant in $order; do
    pgbench_run "$variant"
    line="$line | $variant: $(tail -1 "$results/pgbench.$variant") (CPU $(tail -1 "$results/load" | awk '{ print $2 "%" ($3 > 0 ? ", other clusters" : "") }'))"
  done
  echo "run $run${line}"
done

# ---------------------------------------------------------------------------------------------
# Sealing: an audited INSERT of $seal_rows rows leaves that many unsealed rows; one
# seal_audit() seals them, one verify_audit() checks them, and a second seal_audit() finds
# nothing left.
# ---------------------------------------------------------------------------------------------
steward_log "sealing: an audited INSERT of $seal_rows rows, then seal_audit(), verify_audit(), seal_audit() again"
db=bench_seal
fresh_database "$db"
setup_variant "$db" b
psql_quiet -d "$db" -c "CHECKPOINT"
cat >"$results/seal.sql" <<'SQL'
SELECT steward.seal_audit() AS result \gset
SQL
cat >"$results/verify.sql" <<SQL
SET statement_timeout = '${verify_timeout}s';
SELECT count(*) || ':' || string_agg(DISTINCT status, ',') AS result FROM steward.verify_audit() \gset
SQL
saved_rows=$rows
rows=$seal_rows
read -r seal_insert_ms seal_insert_wal _ <<<"$(timed "$db" "$PGUSER" test/bench/audit/insert.sql)"
rows=$saved_rows
read -r unsealed_rows unsealed_bytes <<<"$(log_facts "$db" b)"
audit_log_size_before=$(psql_value -d "$db" -c "SELECT pg_size_pretty(pg_total_relation_size('steward.audit_record'))")
echo "audited INSERT of $seal_rows rows: $seal_insert_ms ms; $unsealed_rows log rows, $audit_log_size_before ($unsealed_bytes bytes a row)"
psql_quiet -d "$db" -c "VACUUM ANALYZE steward.audit_record" -c "CHECKPOINT"
read -r seal_ms seal_wal sealed <<<"$(timed "$db" "$PGUSER" "$results/seal.sql")"
echo "seal_audit(): $seal_ms ms, returned $sealed, $seal_wal WAL bytes"
blocks=$(psql_value -d "$db" -c "SELECT count(*) || ' blocks, ' || coalesce(sum(row_count), 0) || ' rows in them' FROM steward.audit_block")
audit_log_size_after=$(psql_value -d "$db" -c "SELECT pg_size_pretty(pg_total_relation_size('steward.audit_record')) || ' audit_record, '
                                                      || pg_size_pretty(pg_total_relation_size('steward.audit_block')) || ' audit_block'")
echo "after sealing: $blocks; $audit_log_size_after"
if verify_out=$(timed "$db" "$PGUSER" "$results/verify.sql" 2>"$results/verify.err"); then
  read -r verify_ms _ verify_result <<<"$verify_out"
  verify_rate=$(per_second "$unsealed_rows" "$verify_ms")
  verify_result="rows returned:statuses $verify_result"
else
  grep -q 'statement timeout' "$results/verify.err" || { cat "$results/verify.err" >&2; exit 1; }
  verify_ms="> $((verify_timeout * 1000))" verify_rate="< $(per_second "$unsealed_rows" $((verify_timeout * 1000)))"
  verify_result="did not finish: cancelled by statement_timeout after $verify_timeout s"
fi
echo "verify_audit(): $verify_ms ms, $verify_result"
read -r reseal_ms _ resealed <<<"$(timed "$db" "$PGUSER" "$results/seal.sql")"
echo "seal_audit() again: $reseal_ms ms, returned $resealed"
drop_database "$db"

# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------
label_of() {
  case $1 in
    a) echo "(a) no trigger" ;;
    b) echo "(b) steward.enable_audit" ;;
    c) echo "(c) PL/pgSQL trigger, to_jsonb(NEW) into a jsonb log table" ;;
    d) echo "(d) pgaudit, pgaudit.log = 'write' (statements only, no row data)" ;;
  esac
}
ms_median() { column_of "$results/$1.$2" 1 | median; }
min_of() { column_of "$results/$1.$2" 1 | sort -g | head -1; }

table_of() {   # kind
  local kind=$1 variant a
  a=$(ms_median "$kind" a)
  echo "| variant | time, median (min-max) | / (a) | WAL, median | log rows | log size per row |"
  echo "|---|---|---|---|---|---|"
  for variant in $variants; do
    local file=$results/$kind.$variant m
    m=$(ms_median "$kind" "$variant")
    printf '| %s | **%s ms** (%s) | %s | %s MB | %s | %s |\n' "$(label_of "$variant")" "$m" \
      "$(column_of "$file" 1 | range)" "$(ratio "$m" "$a")" "$(mb "$(column_of "$file" 2 | median)")" \
      "$(column_of "$file" 3 | range)$([ "$variant" != d ] || echo " (server log lines)")" \
      "$(if [ "$variant" = b ] || [ "$variant" = c ]; then echo "$(column_of "$file" 4 | median) bytes"; else echo -; fi)"
  done
}
verdicts_of() {   # kind
  local kind=$1 a b c ba cb ba_min cb_min v1="goal met" v2="goal met"
  a=$(ms_median "$kind" a) b=$(ms_median "$kind" b) c=$(ms_median "$kind" c)
  ba=$(ratio "$b" "$a") cb=$(ratio "$c" "$b")
  ba_min=$(ratio "$(min_of "$kind" b)" "$(min_of "$kind" a)")
  cb_min=$(ratio "$(min_of "$kind" c)" "$(min_of "$kind" b)")
  awk -v r="$ba" -v g="$goal_audited" 'BEGIN { exit !(r > g) }' && v1="GOAL MISSED"
  awk -v r="$cb" -v g="$goal_baseline" 'BEGIN { exit !(r < g) }' && v2="GOAL MISSED"
  echo "**b/a = $ba** (audited / unaudited; goal at most $goal_audited): $v1. **c/b = $cb** (PL/pgSQL baseline / audited; goal at least $goal_baseline): $v2. c/a = $(ratio "$c" "$a")$(
    [ "$pgaudit" = no ] || echo ", d/a = $(ratio "$(ms_median "$kind" d)" "$a")"). Ratios of the fastest runs: b/a $ba_min, c/b $cb_min."
}

plain_tps=$(column_of "$results/pgbench.plain" 1 | median)
audited_tps=$(column_of "$results/pgbench.audited" 1 | median)
tps_ratio=$(ratio "$audited_tps" "$plain_tps")
tps_verdict="goal met"
awk -v r="$tps_ratio" -v g="$goal_tps" 'BEGIN { exit !(r < g) }' && tps_verdict="GOAL MISSED"
pgbench_row() {   # variant label
  local file=$results/pgbench.$1
  printf '| %s | %s | **%s** (%s) | %s ms | %s |\n' "$2" "$(column_of "$file" 1 | paste -sd ' ')" \
    "$(column_of "$file" 1 | median)" "$(column_of "$file" 1 | range)" "$(column_of "$file" 3 | median)" \
    "$(if [ "$1" = audited ]; then awk '{ printf "%s%.3f", sep, $4 / $2; sep = ", " }' "$file"; else echo -; fi)"
}
load_of() {   # kind -> "median % (max %)"
  awk -v k="$1" '$1 == k { print $2 }' "$results/load" | sort -g |
    awk '{ v[NR] = $1 } END { printf "median %s %% (max %s %%)", v[int((NR + 1) / 2)], v[NR] }'
}
disturbed=$(awk '$3 > 0' "$results/load" | wc -l)
measurements=$(wc -l <"$results/load")
machine="$(bench_machine)"
update_b_bytes=$(column_of "$results/update.b" 4 | median)
update_c_bytes=$(column_of "$results/update.c" 4 | median)
insert_b_bytes=$(column_of "$results/insert.b" 4 | median)
insert_c_bytes=$(column_of "$results/insert.c" 4 | median)

steward_log "results (copy from here into docs/benchmarks.md)"
cat <<EOF
## Audit trail: cost of auditing writes, pgbench, sealing

- Date: $(date -u)
- Machine: $machine; PostgreSQL $server_version$([ "$pgaudit" = no ] || echo "; pgaudit $pgaudit_version (Debian package postgresql-15-pgaudit)")
- pg_steward: revision $revision
- Command: \`$command_line\`
- Table: \`bench.t\`, 10 columns: id bigint primary key, full_name text, email text (an e-mail address), note text (NULL in one row of four), qty integer, amount numeric(12,2), created_at timestamptz, active boolean, attrs jsonb (two keys), code varchar(20) (test/bench/audit/schema.sql and insert.sql).
- Cluster: the defaults of initdb (\`synchronous_commit = on\`, \`fsync = on\`, \`wal_level = replica\`, autovacuum on) except \`shared_buffers = 1GB\`, \`max_wal_size = 16GB\` and \`checkpoint_timeout = 1h\` (with a CHECKPOINT before each timed statement: none during one), \`jit = off\` (the INSERT ... SELECT crosses \`jit_above_cost\`; the same compile time in every variant would only blur the ratios)$([ "$pgaudit" = no ] || echo "; pgaudit in \`shared_preload_libraries\` for every variant, active (\`pgaudit.log = 'write'\`, set on the role that runs variant d) in variant d only").
- Method: every run has a new database (\`CREATE DATABASE\`, \`CREATE EXTENSION pg_steward\`, the table, the variant's trigger; dropped afterwards), so each starts with empty tables and an empty audit log. The timed statement runs in a new connection, timed on the server with \`clock_timestamp()\` from before the statement to after its commit; WAL from \`pg_current_wal_insert_lsn()\` around it. One warm-up run of each variant, then $reps runs of each, interleaved (the order rotates by one variant each repetition). UPDATE runs fill the table first (the same INSERT, unaudited), VACUUM ANALYZE it, then create the trigger. Variant (b): \`SELECT steward.enable_audit('bench.t'::regclass)\`. Variant (c), the baseline of issue 5: \`AFTER INSERT OR UPDATE OR DELETE ... FOR EACH ROW\`, \`INSERT INTO bench.plpgsql_log(op, row_data, at) VALUES (TG_OP, to_jsonb(NEW), now())\` into a table (id bigserial primary key, op text, row_data jsonb, at timestamptz); it logs the new row only, where (b) logs old and new rows of an UPDATE, the changed columns and the session's context. $([ "$pgaudit" = no ] && echo "Variant (d): $pgaudit_note." || echo "Variant (d): pgaudit writes one server log line per statement, no row data.") Log size per row: \`pg_total_relation_size\` (heap, TOAST, indexes) of \`steward.audit_log\` or \`bench.plpgsql_log\` divided by its rows, after the run.
- Load of the machine while measuring (it was not reserved): all CPUs busy $(load_of statement) during the timed INSERT and UPDATE statements (one backend keeps one of $(nproc) cores busy), $(load_of pgbench) during the pgbench runs (from /proc/stat); another PostgreSQL cluster was running during $disturbed of the $measurements measurements.

### Bulk INSERT of $rows rows (\`INSERT INTO bench.t SELECT ... FROM generate_series(1, $rows)\`)

$(table_of insert)

$(verdicts_of insert)

### UPDATE of $rows rows (\`UPDATE bench.t SET qty = qty + 1, note = note || 'x'\`)

$(table_of update)

$(verdicts_of update)

Log size per logged row: steward.audit_log $insert_b_bytes bytes for an INSERT (new row), $update_b_bytes bytes for an UPDATE (old and new rows, changed columns); the PL/pgSQL log table $insert_c_bytes and $update_c_bytes bytes (new row only).

### pgbench tpcb-like, scale $pgbench_scale, $pgbench_clients clients, $duration s

Each run in a new database initialised with \`pgbench -i -s $pgbench_scale\` (then, for the audited variant, \`steward.enable_audit\` on pgbench_accounts, pgbench_branches, pgbench_tellers and pgbench_history) and a CHECKPOINT; \`pgbench -n -c $pgbench_clients -j $pgbench_threads -T $duration\`; $pgbench_reps runs of each variant, alternating (unaudited first in odd runs). TPS without the initial connection time.

| variant | TPS of each run | TPS, median (min-max) | latency average, median | audit log rows per transaction |
|---|---|---|---|---|
$(pgbench_row plain "unaudited")
$(pgbench_row audited "all four tables audited")

**Audited / unaudited TPS: $tps_ratio** (goal of issue 5: at least $goal_tps): $tps_verdict. (A tpcb-like transaction changes 4 rows: 3 UPDATEs and 1 INSERT; an UPDATE whose random delta is 0 changes nothing and is not logged.)

### Sealing and verifying $seal_rows audit rows

An audited INSERT of $seal_rows rows (one statement: $seal_insert_ms ms) leaves $unsealed_rows unsealed rows in steward.audit_log ($audit_log_size_before, $unsealed_bytes bytes a row); VACUUM ANALYZE and CHECKPOINT; then, each in a new connection:

| statement | time | rows per second | result |
|---|---|---|---|
| \`SELECT steward.seal_audit()\` | **$seal_ms ms** | **$(per_second "$unsealed_rows" "$seal_ms")** | $sealed rows sealed; $blocks; $(mb "$seal_wal") MB of WAL |
| \`SELECT * FROM steward.verify_audit()\` | **$verify_ms ms** | **$verify_rate** | $verify_result |
| \`SELECT steward.seal_audit()\` again, nothing to seal | $reseal_ms ms | - | $resealed |

Sizes after sealing: $audit_log_size_after.
EOF
echo
echo "script run time: $((SECONDS - started)) s"
