#!/usr/bin/env bash
# Catalog benchmark of steward.check_health(): builds a big, realistic catalog (10,000 tables,
# 20,000 indexes among which duplicates, expression and partial ones, 5,000 foreign keys, a
# sequence behind two tables in three) in a throwaway cluster, then times check_health() in fresh
# connections and reads what the connection keeps in memory afterwards
# (pg_backend_memory_contexts). The same is measured for the queries PgHero runs for its
# Overview, Space and Index Bloat pages (test/bench/pghero_style.sql) and for an idle connection.
# Writes the figures to docs/benchmarks.md.
#
# Budget (the project's issue): check_health() under 1 s, connection memory under 30 MB.
# Exits 1 when the median run is over budget (after printing and recording the figures).
#
# Usage: test/bench/check_health_catalog.sh [--keep] [--reps N] [--no-build] [--no-docs]
#                                           [--tables N] [--port N]
#   --keep        keep the stopped cluster (and say how to start it) instead of removing it
#   --reps N      measured runs of each kind, each in a new connection (default 5)
#   --no-build    do not build and install the current tree first
#   --no-docs     do not touch docs/benchmarks.md
#   --tables N    catalog size, a multiple of 200 (default 10000; anything else skips the docs)
#   --port N      port of the throwaway cluster (default 5432; it listens on a socket in its dir)
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/bench/lib.bash

command_line="test/bench/check_health_catalog.sh${*:+ $*}"
keep=no reps=5 build=yes docs=yes tables=10000 port=5432
while [ $# -gt 0 ]; do
  case $1 in
    --keep) keep=yes ;;
    --reps) reps=$2; shift ;;
    --no-build) build=no ;;
    --no-docs) docs=no ;;
    --tables) tables=$2; shift ;;
    --port) port=$2; shift ;;
    *) echo "unknown argument: $1 (see the usage at the top of $0)" >&2; exit 2 ;;
  esac
  shift
done
if [ $((tables % 200)) -ne 0 ] || [ "$tables" -le 0 ]; then
  echo "--tables must be a positive multiple of 200" >&2
  exit 2
fi
if [ "$tables" -ne 10000 ] && [ "$docs" = yes ]; then
  echo "note: --tables $tables is not the benchmark's catalog; docs/benchmarks.md is left alone"
  docs=no
fi

budget_ms=1000
budget_mb=30
schemas=10
per_schema=$((tables / schemas))
database=steward_bench

# Creating 1,000 tables in one transaction, and PgHero's size queries (one lock per relation,
# 50,000 in one statement), need a lock table far larger than the default 64 per connection.
bench_start bench "max_locks_per_transaction = 1024" \
  "shared_buffers = 512MB" "log_min_messages = warning" "track_io_timing = on"

psql_quiet() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_value() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }

psql_quiet -d postgres -c "CREATE DATABASE $database"
export PGDATABASE=$database
psql_quiet -c "CREATE EXTENSION pg_stat_statements" -c "CREATE EXTENSION pg_steward"

# ---------------------------------------------------------------------------------------------
# The catalog. Table i (0-based, schema app_NN holds a contiguous range) has, by i mod 3, an
# identity bigint key, a serial (integer) key or a plain bigint key, and a few columns; odd
# tables reference the even table before them. By i mod 20 (per 20 tables: 20 primary keys and
# 20 more indexes, 10 foreign keys):
#   odd except 5, 15   index on the foreign key column        8   (5, 15: unindexed foreign keys)
#   0, 4, 8, 12        index on created_at                     4
#   0                  the same index on created_at again      1   exact duplicate
#   2                  lower(name), twice                      2   expression index + duplicate
#   6, 14              status WHERE status <> 'done'           2   partial
#   16                 (account_id, created_at), (account_id)  2   the second is covered
#   18                 GIN on the jsonb column                 1
# ---------------------------------------------------------------------------------------------
build_schema() {
  psql_quiet -c "SET bench.schema = '$1'" -c "SET bench.per_schema = '$per_schema'" -f - <<'SQL'
DO $build$
DECLARE
  s int := current_setting('bench.schema')::int;
  per int := current_setting('bench.per_schema')::int;
  sch text := format('app_%s', lpad(s::text, 2, '0'));
  tbl text;
  columns text;
  r int;
BEGIN
  EXECUTE format('CREATE SCHEMA %I', sch);
  FOR i IN s * per .. s * per + per - 1 LOOP
    r := i % 20;
    tbl := format('%I.%I', sch, 't' || lpad(i::text, 5, '0'));
    columns := CASE i % 3 WHEN 0 THEN 'id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY'
                          WHEN 1 THEN 'id serial PRIMARY KEY'
                          ELSE 'id bigint PRIMARY KEY' END
      || ', account_id bigint, name text, status text NOT NULL DEFAULT ''new'', amount numeric(12,2)'
      || ', created_at timestamptz NOT NULL DEFAULT now(), payload jsonb';
    IF r % 2 = 1 THEN
      columns := columns || format(', parent_id bigint REFERENCES %I.%I', sch, 't' || lpad((i - 1)::text, 5, '0'));
    END IF;
    EXECUTE format('CREATE TABLE %s (%s)', tbl, columns);
    IF r % 2 = 1 AND r NOT IN (5, 15) THEN
      EXECUTE format('CREATE INDEX ON %s (parent_id)', tbl);
    END IF;
    IF r IN (0, 4, 8, 12) THEN EXECUTE format('CREATE INDEX ON %s (created_at)', tbl); END IF;
    IF r = 0 THEN EXECUTE format('CREATE INDEX ON %s (created_at)', tbl); END IF;
    IF r = 2 THEN
      EXECUTE format('CREATE INDEX ON %s (lower(name))', tbl);
      EXECUTE format('CREATE INDEX ON %s (lower(name))', tbl);
    END IF;
    IF r IN (6, 14) THEN
      EXECUTE format('CREATE INDEX ON %s (status) WHERE status <> ''done''', tbl);
    END IF;
    IF r = 16 THEN
      EXECUTE format('CREATE INDEX ON %s (account_id, created_at)', tbl);
      EXECUTE format('CREATE INDEX ON %s (account_id)', tbl);
    END IF;
    IF r = 18 THEN EXECUTE format('CREATE INDEX ON %s USING gin (payload)', tbl); END IF;
  END LOOP;
END
$build$;
SQL
}

# A little data: 200 rows in every table whose number ends in 0 (a parent) or 1 (its child).
fill_schema() {
  psql_quiet -c "SET bench.schema = '$1'" -c "SET bench.per_schema = '$per_schema'" -f - <<'SQL'
DO $fill$
DECLARE
  s int := current_setting('bench.schema')::int;
  per int := current_setting('bench.per_schema')::int;
  sch text := format('app_%s', lpad(s::text, 2, '0'));
BEGIN
  FOR i IN s * per .. s * per + per - 1 LOOP
    CONTINUE WHEN i % 10 NOT IN (0, 1);
    EXECUTE format(
      'INSERT INTO %I.%I (%s account_id, name, status, amount, created_at, payload%s) '
      'SELECT %s g %% 50, CASE WHEN g %% 7 = 0 THEN NULL ELSE md5(g::text) END, '
      '       CASE WHEN g %% 4 = 0 THEN ''done'' ELSE ''new'' END, g * 1.25, '
      '       now() - g * interval ''1 hour'', jsonb_build_object(''n'', g, ''tag'', md5(g::text))%s '
      '  FROM generate_series(1, 200) g',
      sch, 't' || lpad(i::text, 5, '0'),
      CASE WHEN i % 3 = 2 THEN 'id,' ELSE '' END,
      CASE WHEN i % 2 = 1 THEN ', parent_id' ELSE '' END,
      CASE WHEN i % 3 = 2 THEN 'g,' ELSE '' END,
      CASE WHEN i % 2 = 1 THEN ', CASE WHEN g % 10 = 0 THEN NULL ELSE g END' ELSE '' END);
  END LOOP;
END
$fill$;
SQL
}

steward_log "building the catalog: $tables tables in $schemas schemas, 2 sessions in parallel"
started=$SECONDS
export -f build_schema fill_schema psql_quiet
export per_schema
seq 0 $((schemas - 1)) | xargs -P 2 -I{} bash -c 'build_schema {}'
echo "DDL: $((SECONDS - started)) s"
seq 0 $((schemas - 1)) | xargs -P 2 -I{} bash -c 'fill_schema {}'
# Ten integer sequences far along, as on the busiest tables of an old application.
psql_quiet -o /dev/null -c "SELECT setval(seqrelid, 1800000000) FROM pg_sequence
                                 WHERE seqtypid = 'int4'::regtype ORDER BY seqrelid LIMIT 10"
echo "data: $((SECONDS - started)) s"
# VACUUM ANALYZE everything (catalogs included) so that pg_statistic is populated and autovacuum
# has nothing left to do during the measurements.
"$STEWARD_PG_BIN/vacuumdb" --quiet --analyze --jobs=2 "$database"
psql_quiet -c "CHECKPOINT"
echo "catalog ready: $((SECONDS - started)) s"

shape=$(psql_value -F ' ' <<'SQL'
SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind = 'r' AND n.nspname LIKE 'app\_%'),
       (SELECT count(*) FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname LIKE 'app\_%'),
       (SELECT count(*) FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname LIKE 'app\_%' AND x.indexprs IS NOT NULL),
       (SELECT count(*) FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname LIKE 'app\_%' AND x.indpred IS NOT NULL),
       (SELECT count(*) FROM pg_constraint WHERE contype = 'f'),
       (SELECT count(*) FROM pg_constraint con
         WHERE con.contype = 'f' AND NOT EXISTS (
               SELECT 1 FROM pg_index x WHERE x.indrelid = con.conrelid AND x.indkey[0] = con.conkey[1])),
       (SELECT count(*) FROM pg_sequence),
       (SELECT count(*) FROM pg_sequence WHERE seqtypid = 'int4'::regtype),
       (SELECT count(*) FROM pg_class),
       (SELECT count(DISTINCT starelid) FROM pg_statistic s JOIN pg_class c ON c.oid = s.starelid
          JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname LIKE 'app\_%'),
       (SELECT count(*) FROM pg_statistic),
       (SELECT sum(n_live_tup) FROM pg_stat_user_tables),
       pg_size_pretty(pg_database_size(current_database()))
SQL
)
read -r n_tables n_indexes n_expression n_partial n_fks n_unindexed_fks n_sequences n_int_sequences n_pg_class \
  n_analyzed n_statistic n_rows db_size <<<"$shape"
echo "catalog: $n_tables tables, $n_indexes indexes ($n_expression expression, $n_partial partial)," \
  "$n_fks foreign keys ($n_unindexed_fks unindexed), $n_sequences sequences ($n_int_sequences integer), $n_pg_class pg_class rows," \
  "$n_statistic pg_statistic rows ($n_analyzed tables with statistics), $n_rows rows, $db_size"

# ---------------------------------------------------------------------------------------------
# Measurements. Each one is a new psql process, so a new backend with empty caches; the time is
# taken on the server with clock_timestamp() around the statements, the memory right after them
# in the same connection: sum of pg_backend_memory_contexts, CacheMemoryContext alone, and
# CacheMemoryContext with its children (relation cache entries' index info, rules...), plus the
# backend's private resident memory (RssAnon) from /proc.
# ---------------------------------------------------------------------------------------------
results=$work/results
mkdir -p "$results"

memory_sql="SELECT sum(total_bytes) AS total_bytes,
       sum(total_bytes) FILTER (WHERE name = 'CacheMemoryContext') AS cache_bytes,
       sum(total_bytes) FILTER (WHERE name = 'CacheMemoryContext' OR parent = 'CacheMemoryContext') AS cache_tree_bytes
  FROM pg_backend_memory_contexts \\gset"

# measure KIND FILE [PGOPTIONS]: runs the psql script FILE in a new connection; appends
# "ms rows total_bytes cache_bytes cache_tree_bytes rss_anon_kB" to $results/KIND and keeps
# the connection's largest memory contexts in $results/KIND.contexts.
measure() {
  local kind=$1 body=$2 options=${3:-}
  {
    echo '\set ON_ERROR_STOP 1'
    echo 'SELECT pg_backend_pid() AS pid, clock_timestamp() AS t0 \gset'
    cat "$body"
    echo "SELECT round(1000 * extract(epoch FROM clock_timestamp() - :'t0'::timestamptz), 1) AS ms \\gset"
    echo "$memory_sql"
    echo "\\o $results/$kind.contexts"
    echo "SELECT name, count(*) AS contexts, sum(total_bytes) AS bytes FROM pg_backend_memory_contexts
           GROUP BY name ORDER BY 3 DESC LIMIT 12;"
    echo '\o'
    # \! takes its line literally: hand the psql variables over through the environment
    for variable in pid ms rows total_bytes cache_bytes cache_tree_bytes; do
      echo "\\setenv BENCH_$variable :$variable"
    done
    echo "\\! echo \$BENCH_ms \$BENCH_rows \$BENCH_total_bytes \$BENCH_cache_bytes \$BENCH_cache_tree_bytes \$(awk '/^RssAnon/ {print \$2}' /proc/\$BENCH_pid/status) >> $results/$kind"
  } >"$results/$kind.psql"
  PGOPTIONS=$options psql -X -q -A -t -f "$results/$kind.psql" >/dev/null
}

idle_body=$work/idle.sql
echo 'SELECT 1 AS rows \gset' >"$idle_body"

steward_body=$work/steward.sql
echo 'SELECT count(*) AS rows FROM steward.check_health() \gset' >"$steward_body"

# PgHero-style: every statement of pghero_style.sql in turn, its rows sent to /dev/null. The
# "steps" variant also records each statement's own time and the connection's memory after it
# in $results/pghero.steps; it runs apart so that this bookkeeping is not in the measured runs.
pghero_script() {
  awk -v steps="$1" -v q="'" '
    function flush() {
      if (name == "") return
      if (steps != "") print "SELECT clock_timestamp() AS q0 \\gset"
      print "\\o /dev/null"
      printf "%s", sql
      print "\\o"
      if (steps == "") return
      print "SELECT round(1000 * extract(epoch FROM clock_timestamp() - :" q "q0" q "::timestamptz), 1) AS q_ms \\gset"
      print "SELECT sum(total_bytes) AS q_bytes FROM pg_backend_memory_contexts \\gset"
      print "\\setenv BENCH_q_ms :q_ms"
      print "\\setenv BENCH_q_bytes :q_bytes"
      printf "\\! echo %s $BENCH_q_ms $BENCH_q_bytes >> %s\n", name, steps
    }
    /^-- query: / { flush(); name = $3; sql = ""; next }
    /^--/ { next }
    name != "" { sql = sql $0 "\n" }
    END { flush() }
  ' test/bench/pghero_style.sql
  echo "SELECT $(grep -c '^-- query: ' test/bench/pghero_style.sql) AS rows \\gset"
}
pghero_body=$work/pghero.sql
pghero_script "" >"$pghero_body"
pghero_steps_body=$work/pghero_steps.sql
pghero_script "$results/pghero.steps" >"$pghero_steps_body"

steward_log "warming up (one run of each, not counted)"
measure warmup_idle "$idle_body"
measure warmup_steward "$steward_body"
measure warmup_pghero "$pghero_body"

steward_log "measuring: $reps runs of each, interleaved, each in a new connection"
for run in $(seq 1 "$reps"); do
  measure idle "$idle_body"
  measure steward "$steward_body"
  measure pghero "$pghero_body"
  printf 'run %s: idle %s | check_health %s | pghero-style %s\n' "$run" \
    "$(tail -1 "$results/idle")" "$(tail -1 "$results/steward")" "$(tail -1 "$results/pghero")"
done

# Diagnostic: the same call with the JIT compiler off for the session (the server's default is
# on, and the planner's cost estimates of some catalog queries pass jit_above_cost).
steward_log "measuring check_health() with jit = off: $reps runs"
for run in $(seq 1 "$reps"); do measure steward_nojit "$steward_body" "-c jit=off"; done

steward_log "measuring each PgHero-style statement (3 runs, each in a new connection)"
for run in 1 2 3; do measure pghero_steps "$pghero_steps_body"; done

# Per check: check_health() with only that check enabled, 3 runs each in new connections.
findings=$(psql_value -c "SELECT string_agg(format('%s %s %s', n, check_name, lower(status)), ', ' ORDER BY n DESC, check_name)
                           FROM (SELECT check_name, status, count(*) AS n FROM steward.check_health() GROUP BY 1, 2) f")
steward_log "measuring each check of check_health() alone (3 runs each, with and without JIT)"
checks=$(psql_value -c "SELECT check_name FROM steward.health_threshold WHERE enabled ORDER BY 1")
for check in $checks; do
  psql_quiet -c "UPDATE steward.health_threshold SET enabled = (check_name = '$check')"
  for run in 1 2 3; do
    measure "check.$check" "$steward_body"
    measure "nojit.$check" "$steward_body" "-c jit=off"
  done
done
psql_quiet -c "UPDATE steward.health_threshold SET enabled = true"

# ---------------------------------------------------------------------------------------------
# Figures.
# ---------------------------------------------------------------------------------------------
# values_of FILE N: the Nth field of every line, sorted numerically
values_of() { awk -v n="$2" '{ print $n }' "$1" | sort -g; }
median() { values_of "$1" "$2" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
minimum() { values_of "$1" "$2" | head -1; }
maximum() { values_of "$1" "$2" | tail -1; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
kb_mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }'; }

for kind in idle steward steward_nojit pghero; do
  declare "${kind}_ms=$(median "$results/$kind" 1)"
  declare "${kind}_ms_min=$(minimum "$results/$kind" 1)"
  declare "${kind}_ms_max=$(maximum "$results/$kind" 1)"
  declare "${kind}_rows=$(median "$results/$kind" 2)"
  declare "${kind}_mem=$(mb "$(median "$results/$kind" 3)")"
  declare "${kind}_mem_max=$(mb "$(maximum "$results/$kind" 3)")"
  declare "${kind}_cache=$(mb "$(median "$results/$kind" 4)")"
  declare "${kind}_cache_tree=$(mb "$(median "$results/$kind" 5)")"
  declare "${kind}_rss=$(kb_mb "$(median "$results/$kind" 6)")"
done
delta() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a - b }'; }
steward_delta=$(delta "$steward_mem" "$idle_mem")
steward_nojit_delta=$(delta "$steward_nojit_mem" "$idle_mem")
pghero_delta=$(delta "$pghero_mem" "$idle_mem")

results_table() {
  echo "| connection | time, median (min-max) | rows | memory contexts, total | above idle | CacheMemoryContext (with children) | RssAnon |"
  echo "|---|---|---|---|---|---|---|"
  echo "| idle: \`SELECT 1\` | $idle_ms ms ($idle_ms_min-$idle_ms_max) | - | $idle_mem MB | - | $idle_cache MB ($idle_cache_tree MB) | $idle_rss MB |"
  echo "| pg_steward: \`SELECT count(*) FROM steward.check_health()\` | **$steward_ms ms** ($steward_ms_min-$steward_ms_max) | $steward_rows findings | **$steward_mem MB** | $steward_delta MB | $steward_cache MB ($steward_cache_tree MB) | $steward_rss MB |"
  echo "| diagnostic: the same with \`jit = off\` for the session | $steward_nojit_ms ms ($steward_nojit_ms_min-$steward_nojit_ms_max) | $steward_nojit_rows findings | $steward_nojit_mem MB | $steward_nojit_delta MB | $steward_nojit_cache MB ($steward_nojit_cache_tree MB) | $steward_nojit_rss MB |"
  echo "| PgHero-style: the $pghero_rows statements of test/bench/pghero_style.sql | **$pghero_ms ms** ($pghero_ms_min-$pghero_ms_max) | - | **$pghero_mem MB** | $pghero_delta MB | $pghero_cache MB ($pghero_cache_tree MB) | $pghero_rss MB |"
}

# Each PgHero-style statement: median time, and the connection's memory after it (median).
pghero_steps_table() {
  echo "| PgHero-style statement | time, median | connection memory after it |"
  echo "|---|---|---|"
  awk '{ print $1 }' "$results/pghero.steps" | awk '!seen[$0]++' | while read -r step; do
    grep "^$step " "$results/pghero.steps" >"$work/step"
    echo "| $step | $(median "$work/step" 2) ms | $(mb "$(median "$work/step" 3)") MB |"
  done
}

# Each check alone: median time and memory above the idle connection, slowest first.
checks_table() {
  echo "| check (alone in check_health()) | time, median | time with jit = off | memory above idle |"
  echo "|---|---|---|---|"
  for check in $checks; do
    printf '%s %s %s %s\n' "$check" "$(median "$results/check.$check" 1)" \
      "$(median "$results/nojit.$check" 1)" \
      "$(delta "$(mb "$(median "$results/check.$check" 3)")" "$idle_mem")"
  done | sort -k2,2gr | awk '{ printf "| %s | %s ms | %s ms | %s MB |\n", $1, $2, $3, $4 }'
}

pghero_without_bloat=$(awk '$1 != "index_bloat" { print $1 }' "$results/pghero.steps" | awk '!seen[$0]++' |
  while read -r step; do grep "^$step " "$results/pghero.steps" >"$work/step"; median "$work/step" 2; done |
  awk '{ total += $1 } END { printf "%.0f", total }')

verdict="within budget"
over=()
awk -v a="$steward_ms" -v b="$budget_ms" 'BEGIN { exit !(a >= b) }' && over+=("time $steward_ms ms >= $budget_ms ms")
awk -v a="$steward_mem" -v b="$budget_mb" 'BEGIN { exit !(a >= b) }' && over+=("memory $steward_mem MB >= $budget_mb MB")
[ ${#over[@]} -gt 0 ] && verdict="OVER BUDGET: ${over[*]}"

steward_log "results ($reps runs each; budget: under $budget_ms ms and $budget_mb MB)"
results_table
echo
echo "pg_steward is $(ratio "$pghero_ms" "$steward_ms") times faster and leaves" \
  "$(ratio "$pghero_mem" "$steward_mem") times less memory in the connection" \
  "($(ratio "$pghero_delta" "$steward_delta") times less above an idle connection): $verdict"
echo "findings of check_health(): $findings"
echo "PgHero-style without the Index Bloat page (sum of the statements' medians): $pghero_without_bloat ms"
echo
pghero_steps_table
echo
checks_table
echo
for kind in steward pghero; do
  echo "largest memory contexts after the last $kind run:"
  column -t -s '|' "$results/$kind.contexts" 2>/dev/null || cat "$results/$kind.contexts"
done

if [ "$docs" = yes ]; then
  machine="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM"
  server_version=$(psql_value -c "SHOW server_version")
  section=$work/section.md
  {
    echo "<!-- BEGIN check_health_catalog: generated by test/bench/check_health_catalog.sh; edits are overwritten -->"
    echo "## steward.check_health() on a big catalog"
    echo
    echo "- Date: $(date -u)"
    echo "- Machine: $machine; PostgreSQL $server_version"
    echo "- pg_steward: revision $revision"
    echo "- Command: \`$command_line\` (also run by \`tools/bench\` and \`make bench\`)"
    echo "- Catalog, counted from the catalog after building it: $n_tables tables, $n_indexes indexes" \
      "($n_expression expression, $n_partial partial, duplicates and covered ones among them)," \
      "$n_fks foreign keys ($n_unindexed_fks without an index), $n_sequences sequences" \
      "($n_int_sequences of them integer, from serial columns; the others back identity columns)," \
      "$n_pg_class rows in pg_class, $n_statistic rows in pg_statistic ($n_analyzed tables with" \
      "statistics), $n_rows rows of data, database size $db_size."
    echo "- Cluster: the defaults of initdb (\`jit = on\` among them) except" \
      "\`max_locks_per_transaction = 1024\` (PgHero's size queries lock every relation in one" \
      "statement) and \`shared_buffers = 512MB\`; VACUUM ANALYZE and CHECKPOINT before measuring."
    echo "- Method: each run is a new connection (new psql process). The time is measured on the" \
      "server with \`clock_timestamp()\` around the statements; then, in the same connection, the" \
      "memory it keeps: the sum of \`total_bytes\` of \`pg_backend_memory_contexts\`. One warm-up" \
      "run of each kind, then $reps runs of each, interleaved. Budget: under $budget_ms ms and" \
      "$budget_mb MB."
    echo
    results_table
    echo
    echo "RssAnon is the backend's private resident memory after the call, read from /proc: it also" \
      "counts memory freed but kept by malloc and the JIT compiler's, so it shows roughly how high" \
      "the call went, where the memory contexts show what the connection keeps."
    echo
    echo "**pg_steward is $(ratio "$pghero_ms" "$steward_ms") times faster and leaves" \
      "$(ratio "$pghero_mem" "$steward_mem") times less memory in the connection**" \
      "($(ratio "$pghero_delta" "$steward_delta") times less above an idle connection): $verdict."
    echo
    echo "The PgHero-style statements (test/bench/pghero_style.sql) are our SQL for what PgHero" \
      "asks the server for its Overview (extended), Space and Index Bloat pages: sizes with" \
      "\`pg_relation_size()\`, \`pg_table_size()\` and \`pg_total_relation_size()\` on every" \
      "relation, which opens each one and fills the relation cache; the index bloat estimate" \
      "joining \`pg_stats\` by schema, table and column names; last values through \`pg_sequences\`," \
      "which opens every sequence; the index listing with \`pg_get_indexdef()\` and duplicates" \
      "found in it. pg_steward estimates sizes from \`relpages\`, reads statistics by OID and" \
      "deparses only the indexes it reports. Without the Index Bloat page (its query joins" \
      "every \`pg_stats\` row to every B-tree key column by name: a nested loop), the PgHero-style" \
      "statements take $pghero_without_bloat ms (sum of their medians)."
    echo
    echo "Findings of check_health() on this catalog: $findings."
    echo
    pghero_steps_table
    echo
    checks_table
    echo "<!-- END check_health_catalog -->"
  } >"$section"
  [ -f docs/benchmarks.md ] || printf '# Benchmarks\n\nFigures written by the scripts under test/bench/ (run them all with `tools/bench`).\n\n' >docs/benchmarks.md
  perl -0 -i -e '
    my $section = do { local $/; open my $f, "<", $ARGV[0] or die; <$f> };
    shift @ARGV;
    my $text = <>;
    if ($text =~ /<!-- BEGIN check_health_catalog.*?<!-- END check_health_catalog -->\n?/s) {
      $text =~ s/<!-- BEGIN check_health_catalog.*?<!-- END check_health_catalog -->\n?/$section/s;
    } else {
      $text .= "\n" unless $text =~ /\n\n\z/;
      $text .= $section;
    }
    print $text;
  ' "$section" docs/benchmarks.md
  echo "recorded in docs/benchmarks.md"
fi

[ ${#over[@]} -eq 0 ]
