#!/usr/bin/env bash
# Benchmark of the index advisor (steward.suggest_indexes()) against the baselines, side by side
# in one throwaway cluster and one run:
#   none            no added index (primary keys and one UNIQUE constraint only);
#   naive           one single-column index per column a template filters, joins or sorts on
#                   (B-tree; GIN for the jsonb columns filtered with @>), except the columns that
#                   already lead an index;
#   per_query       for each template alone, the single-column B-tree index that lowers its
#                   planner cost most (at least 5 %), tried with HypoPG on the same columns as the
#                   naive set, as Dexter and supabase's index_advisor do; union over templates;
#   qualstats       pg_qualstats_index_advisor() (default arguments), pg_qualstats sampling every
#                   statement of the workload (pg_qualstats.sample_rate = 1);
#   steward         the 'create' rows of steward.suggest_indexes() (no budget);
#   steward_budget  the same with storage_budget_mb => half the naive set's size in MiB;
#   expert          (only when asked for) a hand-written set, test/bench/advisor/expert.sql: a
#                   reference showing what this workload allows (expression, partial, composite,
#                   GIN jsonb_path_ops indexes) within half the naive set's size.
# The data (test/bench/advisor/schema.sql, data.sql): an online shop, six related tables, the
# largest (order_items) 2.5 million rows. The workload: the 26 templates of
# test/bench/advisor/templates/ (23 reads of varied shapes, 3 writes), run with pgbench
# -M extended, so pg_stat_statements holds them with $n parameters. Each template declares in its
# header the columns it filters, joins or sorts on ("-- columns:"): the naive set and the
# per-query candidates come from that list, not from parsing SQL.
# For each variant: the indexes are built (statements applied as given, each in its own
# autocommit psql -c, so CREATE INDEX CONCURRENTLY works; 'drop' rows are counted, not applied),
# then ANALYZE, then every template runs under EXPLAIN (ANALYZE, TIMING OFF) for --reps
# instances (parameters drawn with setseed: the same instances in every variant; writes rolled
# back) after one warm-up pass; per template the median planner cost and the median execution
# time; over templates their geometric means. Then the added indexes are dropped. Also times
# steward.suggest_indexes() on a workload of 100 distinct statements
# (test/bench/advisor/distinct_statements.sh, each run twice).
# Prints a markdown section and writes it to --results (this script does not edit docs/).
# Exits non-zero only when something fails to run; missed goals are reported. A variant that
# cannot run (steward.suggest_indexes() missing or failing, a package missing) is reported as
# "not available" and the others still run. Takes about 2.5 minutes with the defaults on 2 cores
# (load 20 s, workload 15 s, each variant 10 to 30 s).
#
# Usage: test/bench/advisor.sh [--variants LIST] [--reps N] [--scale F] [--results FILE]
#                              [--port N] [--dir DIR] [--no-build] [--keep]
#   --variants LIST  comma-separated, among none,naive,per_query,qualstats,steward,steward_budget,
#                    expert (default: all but expert); they always run in that order
#   --reps N         measured instances of each template (default 7), after one warm-up pass
#   --scale F        data size factor (default 1: 100,000 customers, 20,000 products, 1,000,000
#                    orders, about 2,500,000 order lines, 1,000,000 events); smaller for a quick try
#   --results FILE   where the markdown goes as well (default results/advisor_bench.md)
#   --port N         port of the throwaway cluster (default 5432; it listens on a socket in its dir)
#   --dir DIR        directory of the throwaway cluster (default: a new one under /tmp); it must
#                    not exist or be empty, and is removed at the end unless --keep
#   --no-build       do not build and install the current tree first
#   --keep           keep the stopped cluster (and say how to start it) instead of removing it
#   --no-docs and --tables N are accepted and ignored (tools/bench passes its arguments to every
#   benchmark)
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/bench/lib.bash

started=$SECONDS
command_line="test/bench/advisor.sh${*:+ $*}"
port=5432 dir="" build=yes keep=no reps=7 scale=1 variants_arg="" results_file=results/advisor_bench.md
while [ $# -gt 0 ]; do
  bench_option "$@"
  if [ "$bench_shift" -gt 0 ]; then shift "$bench_shift"; continue; fi
  case $1 in
    --variants) variants_arg=$2; shift ;;
    --reps) reps=$2; shift ;;
    --scale) scale=$2; shift ;;
    --results) results_file=$2; shift ;;
    *) echo "unknown argument: $1 (see the usage at the top of $0)" >&2; exit 2 ;;
  esac
  shift
done
[[ $reps =~ ^[1-9][0-9]*$ ]] || { echo "--reps must be a positive integer" >&2; exit 2; }
if ! [[ $scale =~ ^[0-9]*\.?[0-9]+$ ]] || ! awk -v s="$scale" 'BEGIN { exit !(s > 0 && s <= 100) }'; then
  echo "--scale must be a number above 0 (at most 100)" >&2
  exit 2
fi
all_variants="none naive per_query qualstats steward steward_budget expert"
variants=""
for v in $all_variants; do
  if { [ -z "$variants_arg" ] && [ "$v" != expert ]; } || [[ ",$variants_arg," == *",$v,"* ]]; then variants="$variants $v"; fi
done
for v in ${variants_arg//,/ }; do
  [[ " $all_variants " == *" $v "* ]] || { echo "unknown variant: $v (variants: ${all_variants// /,})" >&2; exit 2; }
done
variants=${variants# }
[ -n "$variants" ] || { echo "--variants selects nothing" >&2; exit 2; }
selected() { [[ " $variants " == *" $1 "* ]]; }
mkdir -p "$(dirname "$results_file")"
results_file=$(cd "$(dirname "$results_file")" && pwd)/$(basename "$results_file")

here=test/bench/advisor
templates=("$here"/templates/*.sql)
int_scale() { awk -v n="$1" -v s="$scale" 'BEGIN { v = int(n * s); print (v < 100 ? 100 : v) }'; }
ncust=$(int_scale 100000) nprod=$(int_scale 20000) norders=$(int_scale 1000000) nevents=$(int_scale 1000000) nwh=8
scale_vars=(-v "ncust=$ncust" -v "nprod=$nprod" -v "norders=$norders" -v "nevents=$nevents" -v "nwh=$nwh")

# The peers: Debian packages, installed here when missing and we are root.
install_package() {   # package file-it-installs
  [ -e "$2" ] && return 0
  [ "$(id -u)" -eq 0 ] || return 1
  steward_log "installing $1"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "$1" >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq --no-install-recommends "$1" >/dev/null 2>&1; } || true
  [ -e "$2" ]
}
pkglibdir=$(pg_config --pkglibdir)
have_qualstats=yes have_hypopg=yes
install_package postgresql-15-pg-qualstats "$pkglibdir/pg_qualstats.so" || have_qualstats=no
install_package postgresql-15-hypopg "$pkglibdir/hypopg.so" || have_hypopg=no
preload="shared_preload_libraries = 'pg_stat_statements,pg_steward'"
[ "$have_qualstats" = no ] || preload="shared_preload_libraries = 'pg_stat_statements,pg_qualstats,pg_steward'"

# jit = off: the big scans cross jit_above_cost, and compile time would blur the comparison of
# index sets. The data stays in the page cache. pg_qualstats: every statement sampled, one
# entry per predicate rather than per constant (track_constants = off): the default max (1000)
# holds them all. (pg_qualstats 2.0.4 fails to start, "out of memory", with track_constants = off
# and max = 5000.)
bench_start advisor "$preload" "shared_buffers = 1GB" "maintenance_work_mem = 1GB" "max_wal_size = 16GB" \
  "checkpoint_timeout = 1h" "jit = off" "log_min_messages = warning" "pg_stat_statements.max = 10000" \
  "pg_qualstats.sample_rate = 1" "pg_qualstats.track_constants = off"
results=$work/results
mkdir -p "$results"

psql_quiet() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_value() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
now_ms() { date +%s%3N; }
database=advisor_bench
psql_quiet -c "CREATE DATABASE $database"
export PGDATABASE=$database
# Every session of this script except the workload's: invisible to pg_stat_statements and
# pg_qualstats, so that what the advisors read is the workload and nothing else.
quiet_options="-c pg_stat_statements.track=none -c pg_qualstats.enabled=off"
export PGOPTIONS=$quiet_options

psql_quiet -c "CREATE EXTENSION pg_stat_statements" -c "CREATE EXTENSION pg_steward"
[ "$have_qualstats" = no ] || psql_quiet -c "CREATE EXTENSION pg_qualstats"
server_version=$(psql_value -c "SHOW server_version")
extension_version() { psql_value -c "SELECT default_version FROM pg_available_extensions WHERE name = '$1'"; }
qualstats_version=$([ "$have_qualstats" = no ] || extension_version pg_qualstats)
hypopg_version=$([ "$have_hypopg" = no ] || extension_version hypopg)

# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------
steward_log "loading the data (scale $scale)"
load_started=$SECONDS
psql_quiet -f "$here/schema.sql"
psql_quiet "${scale_vars[@]}" -f "$here/data.sql" >/dev/null
psql_quiet -c "VACUUM ANALYZE" -c "CHECKPOINT"
load_s=$((SECONDS - load_started))
tables=$(psql_value -F ' ' -c "SELECT c.relname, c.reltuples::bigint, pg_table_size(c.oid) FROM pg_class c
                                WHERE c.relnamespace = 'shop'::regnamespace AND c.relkind = 'r' ORDER BY c.reltuples DESC")
echo "loaded in $load_s s:"
echo "$tables"

# ---------------------------------------------------------------------------------------------
# Templates: the header (-- shape:, -- columns:, -- calls:), \set lines (pgbench expressions),
# one-line helper queries ending in \gset (they draw string parameters, named s_...), then the
# statement itself.
# ---------------------------------------------------------------------------------------------
tid_of() { basename "$1" .sql; }
meta() { sed -n "s/^-- $2: *//p" "$1" | head -1; }
is_write() { main_sql "$1" | head -1 | grep -qiE '^[[:space:]]*(INSERT|UPDATE|DELETE)'; }
# The statement in psql form: string parameters quoted as literals (:'s_x'), the others as is.
main_sql() { sed -E '/^--/d; /^\\set /d; /\\gset[[:space:]]*$/d; /^[[:space:]]*$/d' "$1" | sed -E "s/:(s_[a-z0-9_]+)/:'\\1'/g"; }
# The parameters in psql form: each \set becomes SELECT ... \gset with the functions of random.sql,
# after a setseed() that depends on the template and the instance only.
params_sql() {   # file template-number instance
  awk -v t="$2" -v r="$3" 'BEGIN { printf "SELECT setseed(%.6f) AS seed \\gset\n", ((t * 7919 + r * 104729) % 999983) / 999983 }'
  sed -n -E '/^\\set /{s/^\\set ([a-z_0-9]+) (.*)$/SELECT \2 AS \1 \\gset/; s/random_exponential\(/pg_temp.random_exponential(/g; s/([^_.a-z])random\(/\1pg_temp.random(/g; p;}; /\\gset[[:space:]]*$/{/^\\set /!p;}' "$1"
}

# Columns that already lead an index (primary keys, UNIQUE): not candidates of naive and per_query.
indexed_leading=$(psql_value -c "SELECT DISTINCT c.relname || '.' || a.attname FROM pg_index i
                                   JOIN pg_class c ON c.oid = i.indrelid
                                   JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                                  WHERE c.relnamespace = 'shop'::regnamespace")
# candidate_columns FILE: "table.column method" lines of the template, leading columns left out.
candidate_columns() {
  local entry
  for entry in $(meta "$1" columns); do
    grep -qxF "${entry%%:*}" <<<"$indexed_leading" && continue
    if [[ $entry == *:* ]]; then echo "${entry%%:*} ${entry#*:}"; else echo "$entry btree"; fi
  done
}

# Parses psql output of "\echo @@ fields...", EXPLAIN (FORMAT JSON), "\echo @@end" into lines
# "fields... total_cost execution_ms index,names" (- when absent).
parse_explains() {
  awk '
    /^@@end/ { if (m != "") print m, (cost == "" ? "-" : cost), (ms == "" ? "-" : ms), (idx == "" ? "-" : idx); m = ""; next }
    /^@@ / { m = substr($0, 4); cost = ""; ms = ""; idx = ""; next }
    /"Total Cost":/ && cost == "" { v = $0; sub(/.*"Total Cost": */, "", v); sub(/[, ].*/, "", v); cost = v; next }
    /"Execution Time":/ { v = $0; sub(/.*"Execution Time": */, "", v); sub(/[, }].*/, "", v); ms = v; next }
    /"Index Name":/ { v = $0; sub(/.*"Index Name": *"/, "", v); sub(/".*/, "", v)
                      if (index("," idx ",", "," v ",") == 0) idx = (idx == "" ? v : idx "," v) }'
}
# group_median FILE KEYCOL VALCOL: "key median" per key.
group_median() {
  awk -v k="$2" -v c="$3" '{ print $k, $c }' "$1" | sort -k1,1 -k2,2g |
    awk '$1 != key { if (key != "") out(); key = $1; n = 0 } { v[++n] = $2 } END { if (key != "") out() }
         function out() { print key, (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2) }'
}
geomean() { awk '{ x = $1 + 0; if (x < 0.001) x = 0.001; s += log(x); n++ } END { if (n) printf "%.6g\n", exp(s / n); else print "-" }'; }

# The measurement script, the same for every variant: a warm-up pass (the instances of rep 1),
# then reps 1..N; each template under EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON), writes in a
# transaction rolled back.
{
  echo "\\i $here/random.sql"
  for pass in warm $(seq 1 "$reps"); do
    number=0
    for file in "${templates[@]}"; do
      number=$((number + 1))
      printf '\\echo @@ %s %s\n' "$(tid_of "$file")" "$pass"
      params_sql "$file" "$number" "$([ "$pass" = warm ] && echo 1 || echo "$pass")"
      if is_write "$file"; then echo "BEGIN;"; fi
      echo "EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, FORMAT JSON)"
      main_sql "$file"
      if is_write "$file"; then echo "ROLLBACK;"; fi
      printf '%s\n' '\echo @@end'
    done
  done
} >"$results/measure.sql"

# ---------------------------------------------------------------------------------------------
# Workload, with pg_stat_statements and pg_qualstats listening (sessions without PGOPTIONS)
# ---------------------------------------------------------------------------------------------
pgbench=$STEWARD_PG_BIN/pgbench
[ -x "$pgbench" ] || pgbench=$(pg_config --bindir)/pgbench
steward_log "workload: ${#templates[@]} templates with pgbench -M extended"
psql_quiet -c "SELECT pg_stat_statements_reset()" >/dev/null
[ "$have_qualstats" = no ] || psql_quiet -c "SELECT pg_qualstats_reset()" >/dev/null
workload_started=$SECONDS
total_calls=0 number=0
for file in "${templates[@]}"; do
  number=$((number + 1))
  calls=$(meta "$file" calls)
  total_calls=$((total_calls + calls))
  out=$(PGOPTIONS="" "$pgbench" -n -M extended -c 1 -t "$calls" --random-seed=$((1000 + number)) \
          -D "ncust=$ncust" -D "nprod=$nprod" -D "norders=$norders" -D "nevents=$nevents" -D "nwh=$nwh" \
          -f "$file" 2>&1) || { echo "$out" >&2; echo "pgbench failed on $file" >&2; exit 1; }
  printf '%-32s %4s calls, latency average %s\n' "$(tid_of "$file")" "$calls" "$(sed -n 's/^latency average = //p' <<<"$out")"
done
workload_s=$((SECONDS - workload_started))
pgss_entries=$(psql_value -c "SELECT count(*) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                               WHERE d.datname = current_database()")
echo "workload: $total_calls executions in $workload_s s; pg_stat_statements holds $pgss_entries statements of this database"

# ---------------------------------------------------------------------------------------------
# Advice: each variant's CREATE statements into $results/VARIANT.create, one a line;
# $results/VARIANT.status says "ok" or why not.
# ---------------------------------------------------------------------------------------------
set_status() { echo "$2" >"$results/$1.status"; }
status_of() { cat "$results/$1.status" 2>/dev/null || echo "not run"; }
note() { echo "$2" >"$results/$1.note"; }
advice_ms() { echo "$2" >"$results/$1.advice_ms"; }

# naive: every declared column once, leading columns of existing indexes left out.
for file in "${templates[@]}"; do candidate_columns "$file"; done | sort -u |
  while read -r column method; do
    echo "CREATE INDEX ON shop.${column%%.*} USING $method (${column#*.})"
  done >"$results/naive.create"
set_status naive ok
set_status none ok
: >"$results/none.create"
cp "$here/expert.sql" "$results/expert.create"
set_status expert ok

if selected per_query; then
  if [ "$have_hypopg" = no ]; then
    set_status per_query "not available: postgresql-15-hypopg is not installed and could not be installed"
  else
    steward_log "per-query baseline: HypoPG, one single-column B-tree index at a time"
    per_query_started=$(now_ms)
    psql_quiet -c "CREATE EXTENSION hypopg"
    {
      echo "\\i $here/random.sql"
      number=0
      for file in "${templates[@]}"; do
        number=$((number + 1))
        candidates=$(candidate_columns "$file" | awk '{ print $1 }')
        [ -n "$candidates" ] || continue
        for rep in $(seq 1 "$reps"); do
          params_sql "$file" "$number" "$rep"
          for candidate in - $candidates; do
            printf '\\echo @@ %s %s %s\n' "$(tid_of "$file")" "$rep" "$candidate"
            echo "SELECT hypopg_reset() AS reset \\gset"
            [ "$candidate" = - ] ||
              echo "SELECT indexrelid AS hypo FROM hypopg_create_index('CREATE INDEX ON shop.${candidate%%.*} (${candidate#*.})') \\gset"
            echo "EXPLAIN (FORMAT JSON)"
            main_sql "$file"
            printf '%s\n' '\echo @@end'
          done
        done
      done
    } >"$results/per_query.sql"
    psql_value "${scale_vars[@]}" -f "$results/per_query.sql" | parse_explains >"$results/per_query.explains"
    psql_quiet -c "DROP EXTENSION hypopg"
    # Per template and candidate, the sum of the costs of its instances; the best candidate if
    # it is at least 5 % below no index.
    awk '{ sum[$1 " " $3] += $4; seen[$1] = 1 } END { for (k in sum) print k, sum[k] }' "$results/per_query.explains" |
      sort -k1,1 -k3,3g |
      awk '{ if ($2 == "-") base[$1] = $3; else if (!($1 in best)) { best[$1] = $2; cost[$1] = $3 } }
           END { for (t in base) if (t in best) printf "%s %s %.2f %.2f %s\n", t, best[t], base[t], cost[t],
                   (cost[t] <= 0.95 * base[t] ? "chosen" : "below-5%"); else printf "%s - %.2f - none\n", t, base[t] }' |
      sort >"$results/per_query.choices"
    awk '$5 == "chosen" { print $2 }' "$results/per_query.choices" | sort -u |
      while read -r column; do echo "CREATE INDEX ON shop.${column%%.*} (${column#*.})"; done >"$results/per_query.create"
    advice_ms per_query $(($(now_ms) - per_query_started))
    set_status per_query ok
  fi
fi

if selected qualstats; then
  if [ "$have_qualstats" = no ]; then
    set_status qualstats "not available: postgresql-15-pg-qualstats is not installed and could not be installed"
  else
    steward_log "pg_qualstats_index_advisor()"
    qualstats_started=$(now_ms)
    psql_value -c "SELECT pg_qualstats_index_advisor() AS advice" >"$results/qualstats.json"
    advice_ms qualstats $(($(now_ms) - qualstats_started))
    psql_value <<SQL >"$results/qualstats.create"
SELECT json_array_elements_text(\$json\$$(cat "$results/qualstats.json")\$json\$::json->'indexes');
SQL
    psql_value <<SQL >"$results/qualstats.unoptimised"
SELECT json_array_elements_text(\$json\$$(cat "$results/qualstats.json")\$json\$::json->'unoptimised');
SQL
    cat "$results/qualstats.create"
    set_status qualstats ok
  fi
fi

steward_available=no
if [ "$(psql_value -c "SELECT to_regprocedure('steward.suggest_indexes(integer,real,bigint,text[])') IS NOT NULL")" = t ]; then
  steward_available=yes
fi
# steward_advice VARIANT ARGUMENTS: the rows of suggest_indexes(ARGUMENTS) into
# $results/VARIANT.advice (tab-separated), its 'create' statements into VARIANT.create, its
# NOTICEs into VARIANT.notices; the time of the call (on the server) into VARIANT.advice_ms.
steward_advice() {
  local v=$1 arguments=$2
  if [ "$steward_available" = no ]; then
    set_status "$v" "not available: steward.suggest_indexes(integer,real,bigint,text[]) does not exist in the installed pg_steward"
    return
  fi
  steward_log "steward.suggest_indexes($arguments)"
  if ! psql_value -F $'\t' >"$results/$v.out" 2>"$results/$v.notices" <<SQL; then
SELECT clock_timestamp() AS t0 \\gset
CREATE TEMP TABLE advice AS SELECT * FROM steward.suggest_indexes($arguments);
SELECT 'TIME', round(1000 * extract(epoch FROM clock_timestamp() - :'t0'::timestamptz), 1);
SELECT 'ROW', action, translate(statement, E'\\n\\t', '  '), coalesce(relation::text, '-'),
       coalesce(estimated_size_bytes::text, '-'), coalesce(cost_saved::text, '-'),
       coalesce(cardinality(queries)::text, '-'), translate(coalesce(reason, ''), E'\\n\\t', '  ')
  FROM advice;
SQL
    set_status "$v" "not available: steward.suggest_indexes($arguments) failed: $(grep -m1 ERROR "$results/$v.notices" || head -1 "$results/$v.notices")"
    return
  fi
  awk -F '\t' '$1 == "TIME" { print $2 }' "$results/$v.out" >"$results/$v.advice_ms"
  awk -F '\t' '$1 == "ROW"' "$results/$v.out" | cut -f 2- >"$results/$v.advice"
  awk -F '\t' '$1 == "create" { print $2 }' "$results/$v.advice" >"$results/$v.create"
  awk -F '\t' '$1 == "drop"' "$results/$v.advice" | wc -l >"$results/$v.drops"
  cut -f 1-2 "$results/$v.advice"
  [ ! -s "$results/$v.notices" ] || sed 's/^/  /' "$results/$v.notices"
  # The statements it skipped, when the installed version records them.
  psql_value -F $'\t' >"$results/$v.skipped" 2>/dev/null <<'SQL' || : >"$results/$v.skipped"
SELECT reason, translate(left(query, 100), E'\n\t', '  ')
  FROM steward.index_advice_skipped
 WHERE run_id = (SELECT max(run_id) FROM steward.index_advice_run)
 ORDER BY 2;
SQL
  set_status "$v" ok
}
if selected steward; then steward_advice steward ""; fi

# ---------------------------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------------------------
shop_tables=$(psql_value -c "SELECT string_agg(oid::regclass::text, ', ' ORDER BY oid) FROM pg_class
                              WHERE relnamespace = 'shop'::regnamespace AND relkind = 'r'")
index_oids() { psql_value -c "SELECT i.indexrelid FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
                              WHERE c.relnamespace = 'shop'::regnamespace ORDER BY 1"; }
summary() { echo "$2 $3" >>"$results/$1.summary"; }
summary_of() { awk -v k="$2" '$1 == k { $1 = ""; sub(/^ /, ""); v = $0 } END { print (v == "" ? "-" : v) }' "$results/$1.summary" 2>/dev/null || echo -; }

# build_set VARIANT: applies VARIANT.create (each statement alone, autocommit), ANALYZE; the oids
# of the indexes it added into VARIANT.added.
build_set() {
  local v=$1 statement failed=0 build_started
  index_oids >"$results/$v.before"
  build_started=$(now_ms)
  : >"$results/$v.errors"
  while IFS= read -r statement; do
    case $statement in "" | --*) continue ;; esac
    psql_quiet -c "$statement" 2>>"$results/$v.errors" || failed=$((failed + 1))
  done <"$results/$v.create"
  summary "$v" build_ms $(($(now_ms) - build_started))
  summary "$v" failed "$failed"
  psql_quiet -c "ANALYZE $shop_tables"
  index_oids >"$results/$v.after"
  comm -13 "$results/$v.before" "$results/$v.after" >"$results/$v.added"
}
drop_set() {
  local oid
  while read -r oid; do
    psql_quiet -c "DROP INDEX $(psql_value -c "SELECT '$oid'::regclass")"
  done <"$results/$1.added"
}
added_array() { echo "{$(paste -sd, "$results/$1.added")}"; }

measure_variant() {
  local v=$1 cpu others
  steward_log "variant $v: building $(grep -v '^--' "$results/$v.create" | grep -c . || true) indexes, ANALYZE, $reps instances of each template"
  build_set "$v"
  psql_value -F $'\t' -v added="$(added_array "$v")" -f "$here/index_facts.sql" >"$results/$v.indexes"
  summary "$v" indexes "$(grep -c . "$results/$v.indexes" || true)"
  summary "$v" size_bytes "$(awk -F '\t' '{ s += $4 } END { print s + 0 }' "$results/$v.indexes")"
  summary "$v" redundant "$(awk -F '\t' '$6 == "t"' "$results/$v.indexes" | wc -l)"
  summary "$v" invalid "$(awk -F '\t' '$5 == "f"' "$results/$v.indexes" | wc -l)"
  others=$(other_clusters)
  cpu=$(cpu_sample)
  psql_value "${scale_vars[@]}" -f "$results/measure.sql" | parse_explains | awk '$2 != "warm"' >"$results/$v.instances"
  summary "$v" cpu "$(cpu_busy_since "$cpu")"
  summary "$v" others $((others + $(other_clusters)))
  group_median "$results/$v.instances" 1 3 >"$results/$v.cost"
  group_median "$results/$v.instances" 1 4 >"$results/$v.ms"
  awk '{ n = split($5, a, ","); for (i = 1; i <= n; i++) if (a[i] != "-") print $1, a[i] }' "$results/$v.instances" |
    sort -u >"$results/$v.used"
  summary "$v" cost_geomean "$(awk '{ print $2 }' "$results/$v.cost" | geomean)"
  summary "$v" ms_geomean "$(awk '{ print $2 }' "$results/$v.ms" | geomean)"
  printf '%s: %s indexes (%s redundant), %s bytes; cost geomean %s, execution time geomean %s ms\n' "$v" \
    "$(summary_of "$v" indexes)" "$(summary_of "$v" redundant)" "$(summary_of "$v" size_bytes)" \
    "$(summary_of "$v" cost_geomean)" "$(summary_of "$v" ms_geomean)"
  [ ! -s "$results/$v.errors" ] || { echo "failed statements:"; sed 's/^/  /' "$results/$v.errors"; }
  drop_set "$v"
}

naive_bytes=""
for v in $variants; do
  if [ "$v" = steward_budget ]; then
    if [ -z "$naive_bytes" ] && [ "$steward_available" = yes ]; then
      steward_log "sizing the naive set (for the budget)"
      cp "$results/naive.create" "$results/naive_sizing.create"
      build_set naive_sizing
      psql_value -F $'\t' -v added="$(added_array naive_sizing)" -f "$here/index_facts.sql" >"$results/naive_sizing.indexes"
      naive_bytes=$(awk -F '\t' '{ s += $4 } END { print s + 0 }' "$results/naive_sizing.indexes")
      drop_set naive_sizing
    fi
    budget_mb=$([ -z "$naive_bytes" ] || awk -v b="$naive_bytes" 'BEGIN { m = int(b / 2 / 1048576); print (m < 1 ? 1 : m) }')
    steward_advice steward_budget "storage_budget_mb => $budget_mb"
  fi
  [ "$(status_of "$v")" = ok ] || { echo "variant $v: $(status_of "$v")"; continue; }
  measure_variant "$v"
  [ "$v" != naive ] || naive_bytes=$(summary_of naive size_bytes)
done

# ---------------------------------------------------------------------------------------------
# Time of suggest_indexes() on 100 distinct statements (each run twice: min_calls is 2)
# ---------------------------------------------------------------------------------------------
timing_status="not available: steward.suggest_indexes() does not exist in the installed pg_steward"
if [ "$steward_available" = yes ] && { selected steward || selected steward_budget; }; then
  steward_log "suggest_indexes() on 100 distinct statements"
  "$here/distinct_statements.sh" >"$results/distinct.sql"
  psql_quiet -c "SELECT pg_stat_statements_reset()" >/dev/null
  PGOPTIONS="" "$pgbench" -n -M extended -c 1 -t 2 -f "$results/distinct.sql" >"$results/distinct.log" 2>&1 ||
    { cat "$results/distinct.log" >&2; exit 1; }
  timing_entries=$(psql_value -c "SELECT count(*) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                                   WHERE d.datname = current_database()")
  : >"$results/timing"
  timing_status=ok
  for _ in 1 2 3; do
    if ! psql_value -F ' ' >>"$results/timing" 2>"$results/timing.err" <<'SQL'; then
SELECT clock_timestamp() AS t0 \gset
SELECT count(*) AS n FROM steward.suggest_indexes() \gset
SELECT round(1000 * extract(epoch FROM clock_timestamp() - :'t0'::timestamptz), 1), :n;
SQL
      timing_status="failed: $(grep -m1 ERROR "$results/timing.err" || head -1 "$results/timing.err")"
      break
    fi
  done
  [ "$timing_status" != ok ] || cat "$results/timing"
  timing_skipped=$(psql_value 2>/dev/null <<'SQL' || echo "?"
SELECT count(*) FROM steward.index_advice_skipped WHERE run_id = (SELECT max(run_id) FROM steward.index_advice_run);
SQL
)
elif [ "$steward_available" = yes ]; then
  timing_status="not run (neither steward nor steward_budget among --variants)"
fi

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
mib() { awk -v b="$1" 'BEGIN { if (b == "-" || b == "") print "-"; else printf "%.1f MiB", b / 1048576 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }
fmt() { awk -v x="$1" 'BEGIN { if (x == "-" || x == "") print "-"; else if (x >= 100) printf "%.0f", x; else if (x >= 1) printf "%.2f", x; else printf "%.3f", x }'; }
label_of() {
  case $1 in
    none) echo "(1) no added index" ;;
    naive) echo "(2) naive: one single-column index per filtered column" ;;
    per_query) echo "(3) per-query baseline: best single-column index per template (HypoPG)" ;;
    qualstats) echo "(4) pg_qualstats_index_advisor()" ;;
    steward) echo "(5) steward.suggest_indexes()" ;;
    steward_budget) echo "(6) steward.suggest_indexes(storage_budget_mb => ${budget_mb:-half the naive set})" ;;
    expert) echo "(7) reference: hand-written set (expert.sql)" ;;
  esac
}
measured() { [ -s "$results/$1.summary" ] && [ "$(summary_of "$1" cost_geomean)" != - ]; }
none_cost=$(summary_of none cost_geomean) none_ms=$(summary_of none ms_geomean)
naive_size=$(summary_of naive size_bytes)
[ "$naive_size" != - ] || naive_size=${naive_bytes:--}

results_table() {
  echo "| variant | indexes | redundant | total size | / naive | planner cost, geomean | / (1) | execution time, geomean | / (1) | build | advice | CPU busy while timing |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  local v
  for v in $all_variants; do
    selected "$v" || continue
    if ! measured "$v"; then
      echo "| $(label_of "$v") | $(status_of "$v") | | | | | | | | | | |"
      continue
    fi
    local extra="" failed invalid drops
    failed=$(summary_of "$v" failed) invalid=$(summary_of "$v" invalid)
    drops=$(cat "$results/$v.drops" 2>/dev/null || echo 0)
    [ "$failed" = 0 ] || extra="$extra, $failed statement(s) failed"
    [ "$invalid" = 0 ] || extra="$extra, $invalid invalid"
    [ "$drops" = 0 ] || extra="$extra, $drops drop(s) proposed, not applied"
    printf '| %s | %s%s | %s | %s | %s | %s | %s | %s ms | %s | %.1f s | %s | %s %%%s |\n' "$(label_of "$v")" \
      "$(summary_of "$v" indexes)" "$extra" "$(summary_of "$v" redundant)" "$(mib "$(summary_of "$v" size_bytes)")" \
      "$(ratio "$(summary_of "$v" size_bytes)" "$naive_size")" "$(fmt "$(summary_of "$v" cost_geomean)")" \
      "$(ratio "$(summary_of "$v" cost_geomean)" "$none_cost")" "$(fmt "$(summary_of "$v" ms_geomean)")" \
      "$(ratio "$(summary_of "$v" ms_geomean)" "$none_ms")" "$(awk -v m="$(summary_of "$v" build_ms)" 'BEGIN { print m / 1000 }')" \
      "$([ -s "$results/$v.advice_ms" ] && echo "$(cat "$results/$v.advice_ms") ms" || echo -)" \
      "$(summary_of "$v" cpu)" "$([ "$(summary_of "$v" others)" = 0 ] || echo ", other clusters running")"
  done
}

# verdict CONDITION FIGURE REFERENCE: CONDITION is an awk condition on s (the steward variant's
# figure) and r (the reference); prints met, MISSED or n/a.
verdict() {
  if [ "$2" = - ] || [ "$3" = - ]; then echo "n/a"; return; fi
  if awk -v s="$2" -v r="$3" "BEGIN { exit !($1) }"; then echo "met"; else echo "**MISSED**"; fi
}
goals_table() {
  local v cols=()
  for v in steward steward_budget; do selected "$v" && cols+=("$v"); done
  [ ${#cols[@]} -gt 0 ] || { echo "(no steward variant selected)"; return; }
  local q_cost q_ms q_size p_cost p_ms
  q_cost=$(summary_of qualstats cost_geomean) q_ms=$(summary_of qualstats ms_geomean) q_size=$(summary_of qualstats size_bytes)
  p_cost=$(summary_of per_query cost_geomean) p_ms=$(summary_of per_query ms_geomean)
  printf '| goal |'; for v in "${cols[@]}"; do printf ' %s |' "$(label_of "$v")"; done; echo
  printf '|---|'; for v in "${cols[@]}"; do printf -- '---|'; done; echo
  row_of() {   # text key reference condition formatter
    printf '| %s |' "$1"
    for v in "${cols[@]}"; do
      if measured "$v"; then
        local s
        s=$(summary_of "$v" "$2")
        printf ' %s (%s) |' "$(verdict "$4" "$s" "$3")" "$($5 "$s" "$3")"
      else
        printf ' not available |'
      fi
    done
    echo
  }
  # shellcheck disable=SC2317  # called through row_of
  vs() { echo "$(fmt "$1") vs $(fmt "$2"): $(ratio "$1" "$2")"; }
  # shellcheck disable=SC2317
  vs_size() { echo "$(mib "$1") vs $(mib "$2")"; }
  # shellcheck disable=SC2317
  plain() { echo "$1"; }
  row_of "planner-cost geomean at least 30 % below pg_qualstats' advisor" cost_geomean "$q_cost" "s <= 0.7 * r" vs
  row_of "execution-time geomean at least 30 % below pg_qualstats' advisor" ms_geomean "$q_ms" "s <= 0.7 * r" vs
  row_of "total size no more than pg_qualstats' advisor's" size_bytes "$q_size" "s <= r" vs_size
  row_of "total size at most half the naive set's" size_bytes "$naive_size" "s <= 0.5 * r" vs_size
  row_of "planner-cost geomean below the per-query baseline's" cost_geomean "$p_cost" "s < r" vs
  row_of "execution-time geomean below the per-query baseline's" ms_geomean "$p_ms" "s < r" vs
  row_of "no redundant index" redundant 0 "s == 0" plain
}

timing_line() {
  if [ "$timing_status" != ok ]; then echo "$timing_status"; return; fi
  local median
  median=$(awk '{ print $1 }' "$results/timing" | sort -g | awk '{ v[NR] = $1 } END { print v[2] }')
  echo "**$median ms** median of 3 calls ($(awk '{ print $1 }' "$results/timing" | paste -sd ' ') ms; $(awk 'NR == 1 { print $2 }' "$results/timing") rows returned, ${timing_skipped:-?} statements skipped by the last call), with pg_stat_statements holding $timing_entries statements of the database (test/bench/advisor/distinct_statements.sh, each executed twice by pgbench -M extended after pg_stat_statements_reset()); goal under 5 s: $(awk -v m="$median" 'BEGIN { print (m < 5000 ? "met" : "**MISSED**") }')"
}

per_template_table() {
  local v header="| template | calls |" line="|---|---|" file tid
  for v in $all_variants; do
    measured "$v" || continue
    header="$header ($(label_of "$v" | sed 's/^(\([0-9]\)).*/\1/')) |"
    line="$line---|"
  done
  echo "$header"
  echo "$line"
  for file in "${templates[@]}"; do
    tid=$(tid_of "$file")
    printf '| %s | %s |' "$tid" "$(meta "$file" calls)"
    for v in $all_variants; do
      measured "$v" || continue
      printf ' %s / %s ms |' "$(fmt "$(awk -v t="$tid" '$1 == t { print $2 }' "$results/$v.cost")")" \
        "$(fmt "$(awk -v t="$tid" '$1 == t { print $2 }' "$results/$v.ms")")"
    done
    echo
  done
}

index_lists() {
  local v
  for v in $all_variants; do
    measured "$v" || continue
    [ "$v" != none ] || continue
    echo
    echo "**$(label_of "$v")**: $(summary_of "$v" indexes) indexes, $(mib "$(summary_of "$v" size_bytes)")"
    echo
    if [ ! -s "$results/$v.indexes" ]; then echo "- (none)"; fi
    while IFS=$'\t' read -r _ name _ size _ redundant definition; do
      local users
      users=$(awk -v n="$name" '$2 == n { print substr($1, 1, 2) }' "$results/$v.used" | sort -u | paste -sd ',' | sed 's/,/, /g')
      # shellcheck disable=SC2016  # markdown backquotes
      printf -- '- `%s` %s%s; used by %s\n' "$(sed 's/ ON shop\./ ON /; s/^CREATE INDEX [^ ]* ON/CREATE INDEX ON/' <<<"$definition")" \
        "$(mib "$size")" "$([ "$redundant" = f ] || echo ", **redundant**")" "${users:+templates }${users:-no template}"
    done <"$results/$v.indexes"
    if [ -s "$results/$v.errors" ]; then
      echo "- failed: $(tr '\n' ' ' <"$results/$v.errors")"
    fi
    if [ -s "$results/$v.advice" ]; then
      echo
      echo "Rows of suggest_indexes() (action, estimated size, cost_saved, number of queries, reason; drops are not applied):"
      echo
      awk -F '\t' '{ printf "- %s `%s`: %s bytes, %s, %s queries; %s\n", $1, $2, $4, $5, $6, $7 }' "$results/$v.advice"
    fi
    if [ -s "$results/$v.skipped" ]; then
      echo
      echo "Statements suggest_indexes() skipped ($(grep -c . "$results/$v.skipped")), with its reasons:"
      echo
      awk -F '\t' '{ printf "- `%s`: %s\n", $2, $1 }' "$results/$v.skipped"
    fi
  done
  if [ -s "$results/qualstats.unoptimised" ]; then
    echo
    # shellcheck disable=SC2016
    echo "pg_qualstats' advisor could not optimise: $(sed 's/.*/`&`/' "$results/qualstats.unoptimised" | paste -sd ',' | sed 's/,/, /g')."
  fi
  if [ -s "$results/per_query.choices" ]; then
    echo
    echo "Per-query baseline, per template (sum of the planner costs of its $reps instances without an index, with the best candidate): $(
      awk '{ printf "%s%s %s", sep, substr($1, 1, 2), ($5 == "none" ? "no candidate" : $2 " " $3 " -> " $4 ($5 == "chosen" ? "" : " (less than 5 %: not taken)")); sep = "; " }' "$results/per_query.choices")."
  fi
}

template_list() {
  local file
  echo "| template | shape | columns (naive set, per-query candidates) | calls |"
  echo "|---|---|---|---|"
  for file in "${templates[@]}"; do
    printf '| %s | %s | %s | %s |\n' "$(tid_of "$file")" "$(meta "$file" shape)" "$(meta "$file" columns | sed 's/^$/-/')" "$(meta "$file" calls)"
  done
}

machine="$(bench_machine)"
table_list=$(awk '{ printf "%s%s %d rows (%.0f MiB)", sep, $1, $2, $3 / 1048576; sep = ", " }' <<<"$tables")
n_reads=0 n_writes=0
for file in "${templates[@]}"; do if is_write "$file"; then n_writes=$((n_writes + 1)); else n_reads=$((n_reads + 1)); fi; done

steward_log "results (also in $results_file)"
{
cat <<EOF
## Index advisor: steward.suggest_indexes() against the baselines

- Date: $(date -u)
- Machine: $machine; PostgreSQL $server_version; pg_qualstats ${qualstats_version:-not installed}; HypoPG ${hypopg_version:-not installed} (Debian packages)
- pg_steward: revision $revision
- Command: \`$command_line\` ($(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s)
- Data (test/bench/advisor/schema.sql, data.sql, deterministic, loaded in $load_s s): schema shop, $table_list. Indexes before the variants: the primary keys (order_items' is (order_id, line_no), inventory's (product_id, warehouse_id)) and products.sku UNIQUE; foreign keys declared, not indexed.
- Workload: ${#templates[@]} templates ($n_reads reads, $n_writes writes; test/bench/advisor/templates/), $total_calls executions by pgbench -M extended (parameters drawn by pgbench, so pg_stat_statements holds them with \$n; some templates draw a string parameter with a helper SELECT ... \\gset, which shows up as a statement too) in $workload_s s, after pg_stat_statements_reset() and pg_qualstats_reset(): pg_stat_statements then held $pgss_entries statements of the database. Every other session of the benchmark runs with pg_stat_statements.track = none and pg_qualstats.enabled = off.
- Variants: (2) and (3) take their columns from the "-- columns:" header of each template (what it filters, joins or sorts on), not from parsing SQL; a column that already leads an index (a primary key) is left out. (2): B-tree, GIN for jsonb columns filtered with @>. (3): for each template alone, each candidate column as a hypothetical B-tree index (hypopg_create_index), EXPLAIN of its $reps instances; the column whose index lowers the sum of their costs most, if by at least 5 %; union over templates. (4): \`pg_qualstats_index_advisor()\` with its default arguments (min_filter 1000, min_selectivity 30), pg_qualstats.sample_rate = 1, track_constants = off (one entry per predicate, not per constant). (5), (6): the 'create' rows of \`steward.suggest_indexes()\`, applied as given; 'drop' rows are counted, not applied. The budget of (6) is half the naive set's total size, $(mib "$naive_size") / 2, rounded down to whole MiB. (3), (4), (5) advise right after the workload with no added index; (6) after (2) was measured and dropped.$(! selected expert || echo " (7), a reference, not an advisor: the hand-written set test/bench/advisor/expert.sql (expression, partial, composite and GIN jsonb_path_ops indexes), to show what the workload allows.")
- Method: for each variant, the indexes are built (each statement alone, in autocommit), then ANALYZE of the six tables; each template runs under \`EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON)\` once for warm-up, then for $reps instances (parameters drawn with setseed(): the same instances in every variant; writes inside a transaction rolled back); per template the median planner cost (Total Cost) and median execution time (Execution Time, without planning); "geomean": geometric mean over the ${#templates[@]} templates, unweighted. Then the added indexes are dropped. Redundant: an added index whose key columns are a leading prefix of those of another index on the table (added or existing, same access method and predicate; of two added duplicates, the later one). "CPU busy while timing": all CPUs, from /proc/stat, during the timed pass (the benchmark's own queries, parallel workers included, and whatever else runs on the machine). Cluster: initdb defaults except shared_buffers = 1GB (the data stays in the page cache: the machine has far more RAM), maintenance_work_mem = 1GB, max_wal_size = 16GB, jit = off.

### Results

$(results_table)

### Goals of the advisor

$(goals_table)

Time of \`steward.suggest_indexes()\` for 100 distinct statements: $(timing_line).

### Per template: planner cost / execution time (medians of $reps instances)

$(per_template_table)

### The indexes of each variant
$(index_lists)

### Templates

$(template_list)
EOF
} >"$results_file.tmp"
mv "$results_file.tmp" "$results_file"
cat "$results_file"
echo
echo "script run time: $((SECONDS - started)) s"
