#!/usr/bin/env bash
# Scaling benchmark of steward.classify_data() (issue 4, "Sampling is bounded"): the time of a
# classification must not grow with the size of the table. Builds two tables with the same ten
# columns (a realistic mix: id, name, e-mail, phone, IBAN, city, free-text notes with e-mail
# addresses in some rows, status, created_at, jsonb with a nested e-mail), one of 10,000 rows
# and one of 10,000,000 rows, each alone in its own schema of a throwaway cluster, then times
# classify_data(schema) on each: runs interleaved, each in a new connection, timed on the server
# with clock_timestamp(). For each run it also reads what the call read from the table (deltas
# of pg_stat_user_tables / pg_statio_user_tables: tuples returned by scans, heap blocks
# requested and found in shared buffers) and the backend's memory right after the call (sum of
# pg_backend_memory_contexts; RssAnon and VmHWM from /proc). One extra run per table with
# auto_explain shows the plans of the statements classify_data() runs. Prints a markdown
# section for docs/benchmarks.md at the end (this script does not write it).
#
# Goal (issue 4): the median time on 10,000,000 rows at most 1.5 times the median on 10,000
# rows. Exits non-zero only when something fails to run, not when the goal is missed.
# Takes a few minutes (building the big table: about 4 GB on disk in the cluster's directory).
#
# Usage: test/bench/classify_scaling.sh [--port N] [--dir DIR] [--reps N] [--small N] [--big N]
#                                       [--sample-rows N] [--no-build] [--keep]
#   --port N         port of the throwaway cluster (default 5432; it listens on a socket in its dir)
#   --dir DIR        directory of the throwaway cluster (default: a new one under /tmp); it must
#                    not exist or be empty, and is removed at the end unless --keep
#   --reps N         measured runs per table, interleaved (default 7), after one warm-up run each
#   --small N        rows of the small table (default 10000)
#   --big N          rows of the big table (default 10000000)
#   --sample-rows N  sample_rows argument of classify_data() (default: the function's default)
#   --no-build       do not build and install the current tree first
#   --keep           keep the stopped cluster (and say how to start it) instead of removing it
#   --no-docs and --tables N are accepted and ignored (tools/bench passes its arguments to every
#   benchmark)
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/bench/lib.bash

started=$SECONDS
command_line="test/bench/classify_scaling.sh${*:+ $*}"
port=5432 dir="" reps=7 small=10000 big=10000000 sample_rows="" build=yes keep=no
while [ $# -gt 0 ]; do
  bench_option "$@"
  if [ "$bench_shift" -gt 0 ]; then shift "$bench_shift"; continue; fi
  case $1 in
    --reps) reps=$2; shift ;;
    --small) small=$2; shift ;;
    --big) big=$2; shift ;;
    --sample-rows) sample_rows=$2; shift ;;
    *) echo "unknown argument: $1 (see the usage at the top of $0)" >&2; exit 2 ;;
  esac
  shift
done
for value in "$reps" "$small" "$big"; do
  [[ $value =~ ^[1-9][0-9]*$ ]] || { echo "--reps, --small and --big must be positive integers" >&2; exit 2; }
done
[ -z "$sample_rows" ] || [[ $sample_rows =~ ^[0-9]+$ ]] || { echo "--sample-rows must be an integer" >&2; exit 2; }

database=classify_scaling
goal_ratio=1.5
# Schema names from the sizes: scale_10k, scale_10m, or scale_<rows> for other sizes.
schema_for() {
  case $1 in
    10000) echo scale_10k ;;
    10000000) echo scale_10m ;;
    *) echo "scale_$1" ;;
  esac
}
small_schema=$(schema_for "$small")
big_schema=$(schema_for "$big")
[ "$small_schema" != "$big_schema" ] || { echo "--small and --big must differ" >&2; exit 2; }
call() { echo "steward.classify_data('$1'${sample_rows:+, $sample_rows})"; }

# wal_level = minimal: the tables are created and filled in one transaction, which then writes
# no WAL for them (they are synced to disk at commit instead).
bench_start classify_scaling "shared_buffers = 1GB" "wal_level = minimal" "max_wal_senders = 0" \
  "max_wal_size = 8GB" "maintenance_work_mem = 512MB" "log_min_messages = warning"
results=$work/results
mkdir -p "$results"

psql_quiet() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_value() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }

psql_quiet -d postgres -c "CREATE DATABASE $database"
export PGDATABASE=$database
psql_quiet -c "CREATE EXTENSION pg_steward"

# ---------------------------------------------------------------------------------------------
# The tables. Every value is a function of the row number g, so the small table holds the first
# rows of the big one. Phones are German, French and Spanish mobile numbers in international
# format; IBANs are German with valid mod-97 check digits; notes carry an e-mail address in one
# row of four; profile holds {"contact": {"email": ...}} and preferences.
# ---------------------------------------------------------------------------------------------
build_table() {
  local schema=$1 rows=$2
  psql_quiet -v schema="$schema" -v rows="$rows" <<'SQL'
SET synchronous_commit = off;
SET max_parallel_workers_per_gather = 0;
BEGIN;
CREATE SCHEMA :"schema";
CREATE TABLE :"schema".customers (
    id          bigint NOT NULL,
    full_name   text NOT NULL,
    email       text NOT NULL,
    phone       text,
    iban        text,
    city        text,
    notes       text,
    status      text NOT NULL,
    created_at  timestamptz NOT NULL,
    profile     jsonb
);
INSERT INTO :"schema".customers
SELECT g, p.first_name || ' ' || p.last_name, p.email,
       CASE g % 3
         WHEN 0 THEN '+49 151 ' || lpad((g * 7919 % 100000000)::text, 8, '0')
         WHEN 1 THEN '+33 6 ' || regexp_replace(lpad((g * 7919 % 100000000)::text, 8, '0'), '(..)(..)(..)(..)', '\1 \2 \3 \4')
         ELSE '+34 6' || regexp_replace(lpad((g * 7919 % 100000000)::text, 8, '0'), '(..)(...)(...)', '\1 \2 \3')
       END,
       'DE' || lpad((98 - (p.bban || '131400')::numeric % 97)::text, 2, '0') || p.bban,
       (ARRAY['Berlin', 'Hamburg', 'München', 'Köln', 'Paris', 'Lyon', 'Madrid', 'Sevilla', 'London', 'Chicago'])[1 + g % 10],
       CASE g % 4
         WHEN 0 THEN 'Asked to be called back after 5 pm; reach at ' || p.email || ' if the line is busy.'
         WHEN 1 THEN 'Delivery to the back door, ring twice. Ticket #' || (g * 31 % 1000000)
         WHEN 2 THEN 'Prefers invoices on paper. Discount agreed with sales in March.'
         ELSE NULL
       END,
       (ARRAY['active', 'active', 'active', 'inactive', 'pending'])[1 + g % 5],
       timestamptz '2019-01-01 00:00:00+00' + (g * 7919 % 220000000) * interval '1 second',
       jsonb_build_object('contact', jsonb_build_object('email', p.email, 'verified', g % 3 = 0),
                          'preferences', jsonb_build_object('language', (ARRAY['de', 'fr', 'es', 'en'])[1 + g % 4],
                                                            'newsletter', g % 2 = 0, 'theme', 'dark'))
  FROM generate_series(1::bigint, :rows) g
 CROSS JOIN LATERAL (
       SELECT (ARRAY['Anna', 'Lukas', 'Marie', 'Jonas', 'Sophie', 'Camille', 'Louis', 'Chloe', 'Lucia', 'Javier',
                     'Carmen', 'Diego', 'Emily', 'James', 'Olivia', 'Noah', 'Hannah', 'Felix', 'Ines', 'Hugo'])[1 + g % 20] AS first_name,
              (ARRAY['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Moreau',
                     'García', 'Fernández', 'López', 'Martínez', 'Smith', 'Johnson', 'Brown', 'Taylor', 'Wilson', 'Becker',
                     'Hoffmann', 'Petit', 'Sánchez'])[1 + (g * 7) % 23] AS last_name,
              lpad((10000000 + g * 37 % 89999999)::text, 8, '0') || lpad((g * 7919 % 10000000000)::text, 10, '0') AS bban) n
 CROSS JOIN LATERAL (
       SELECT n.first_name, n.last_name, n.bban,
              lower(translate(n.first_name || '.' || n.last_name, 'üéèáíóöäñ', 'ueeaiooan')) || (g % 997)
                || '@' || (ARRAY['gmail.com', 'web.de', 'gmx.de', 'orange.fr', 'free.fr', 'telefonica.es', 'outlook.com', 'yahoo.co.uk'])[1 + g % 8] AS email) p;
ALTER TABLE :"schema".customers ADD PRIMARY KEY (id);
COMMENT ON TABLE :"schema".customers IS 'Customers of the shop (classify_scaling.sh)';
COMMIT;
VACUUM (ANALYZE) :"schema".customers;
SQL
}

steward_log "building $small_schema.customers ($small rows) and $big_schema.customers ($big rows)"
for size in "$small" "$big"; do
  t=$SECONDS
  build_table "$(schema_for "$size")" "$size"
  echo "$(schema_for "$size").customers: $size rows in $((SECONDS - t)) s"
done
psql_quiet -c "CHECKPOINT"

table_facts() {   # schema -> "reltuples pages"
  psql_value -F ' ' -c "SELECT reltuples::bigint, relpages FROM pg_class WHERE oid = '$1.customers'::regclass"
}
table_size() { psql_value -c "SELECT pg_size_pretty(pg_total_relation_size('$1.customers'))"; }
read -r small_reltuples small_pages <<<"$(table_facts "$small_schema")"
read -r big_reltuples big_pages <<<"$(table_facts "$big_schema")"
small_size=$(table_size "$small_schema")
big_size=$(table_size "$big_schema")
echo "$small_schema.customers: $small_reltuples rows, $small_pages pages, $small_size with its index"
echo "$big_schema.customers: $big_reltuples rows, $big_pages pages, $big_size with its index"

t0=$(date +%s%N)
psql_value -c "SELECT count(*) FROM $big_schema.customers" >/dev/null
full_scan_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "for comparison, SELECT count(*) FROM $big_schema.customers: $full_scan_ms ms"

# ---------------------------------------------------------------------------------------------
# measure KIND SCHEMA: one new connection: table statistics before, classify_data(SCHEMA) timed
# on the server, memory right after, table statistics after (flushed by pg_stat_force_next_flush).
# Appends "ms rows tuples_returned blocks_requested blocks_hit seq_scans context_bytes
# rss_anon_kB vm_hwm_kB" to $results/KIND.
# ---------------------------------------------------------------------------------------------
stats_sql() {   # a query of the statistics of SCHEMA.customers into psql variables with PREFIX
  echo "SELECT pg_stat_get_tuples_returned(c.oid) AS ${2}_tuples,
               pg_stat_get_blocks_fetched(c.oid) AS ${2}_blocks,
               pg_stat_get_blocks_hit(c.oid) AS ${2}_hits,
               pg_stat_get_numscans(c.oid) AS ${2}_scans
          FROM pg_class c WHERE c.oid = '$1.customers'::regclass \\gset"
}
measure() {
  local kind=$1 schema=$2
  {
    echo '\set ON_ERROR_STOP 1'
    echo 'SELECT pg_backend_pid() AS pid \gset'
    stats_sql "$schema" before
    echo 'SELECT clock_timestamp() AS t0 \gset'
    echo "SELECT count(*) AS rows FROM $(call "$schema") \\gset"
    echo "SELECT round(1000 * extract(epoch FROM clock_timestamp() - :'t0'::timestamptz), 1) AS ms \\gset"
    echo 'SELECT sum(total_bytes) AS context_bytes FROM pg_backend_memory_contexts \gset'
    echo "\\setenv BENCH_pid :pid"
    echo "\\! awk '/^RssAnon/ { r = \$2 } /^VmHWM/ { h = \$2 } END { print r, h }' /proc/\$BENCH_pid/status > $results/proc"
    echo 'SELECT pg_stat_force_next_flush() \gset'
    stats_sql "$schema" after
    echo "SELECT :after_tuples - :before_tuples AS tuples, :after_blocks - :before_blocks AS blocks,
                 :after_hits - :before_hits AS hits, :after_scans - :before_scans AS scans \\gset"
    for variable in ms rows tuples blocks hits scans context_bytes; do
      echo "\\setenv BENCH_$variable :$variable"
    done
    echo "\\! echo \$BENCH_ms \$BENCH_rows \$BENCH_tuples \$BENCH_blocks \$BENCH_hits \$BENCH_scans \$BENCH_context_bytes \$(cat $results/proc) >> $results/$kind"
  } >"$results/measure.$kind.psql"
  psql -X -q -A -t -f "$results/measure.$kind.psql" >/dev/null
}

steward_log "warming up: one run on each table, not counted"
measure warmup_small "$small_schema"
measure warmup_big "$big_schema"
printf 'warm-up: %s rows: %s | %s rows: %s\n' "$small" "$(tail -1 "$results/warmup_small")" "$big" "$(tail -1 "$results/warmup_big")"

steward_log "measuring: $reps runs on each table, interleaved, each in a new connection"
echo "(ms, sensitive columns found, tuples returned, blocks requested, blocks hit, scans, context bytes, RssAnon kB, VmHWM kB)"
for run in $(seq 1 "$reps"); do
  if [ $((run % 2)) -eq 1 ]; then order="small big"; else order="big small"; fi
  for kind in $order; do
    if [ "$kind" = small ]; then measure small "$small_schema"; else measure big "$big_schema"; fi
  done
  printf 'run %s (%s first): %s rows: %s | %s rows: %s\n' "$run" "${order%% *}" \
    "$small" "$(tail -1 "$results/small")" "$big" "$(tail -1 "$results/big")"
done

# One diagnostic run per table with auto_explain: the plans of the statements classify_data()
# runs (nested statements), with their actual rows and buffers; sent to this client as NOTICEs.
steward_log "plans of the statements classify_data() runs (auto_explain, one extra run per table)"
for schema in "$small_schema" "$big_schema"; do
  psql -X -q -A -t -v ON_ERROR_STOP=1 2>"$results/explain.$schema" >/dev/null <<SQL
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0;
SET auto_explain.log_nested_statements = on;
SET auto_explain.log_analyze = on;
SET auto_explain.log_buffers = on;
SET auto_explain.log_timing = on;
SET auto_explain.log_level = notice;
SELECT count(*) FROM $(call "$schema");
SQL
  # Keep the plans that read the table itself.
  awk -v table="$schema.customers" '
    /^NOTICE:  duration:/ { if (block ~ table) print block; block = $0; next }
    { block = block "\n" $0 }
    END { if (block ~ table) print block }
  ' "$results/explain.$schema" | grep -v '^\s*$' >"$results/plans.$schema" || true
  echo "-- $schema.customers:"
  sed 's/^NOTICE:  //' "$results/plans.$schema"
done

# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------
column_of() { awk -v c="$2" '{ print $c }' "$1"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
range() { sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print (lo == hi ? lo : lo "-" hi) }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
kb_mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

row() {   # kind rows reltuples size
  local file=$results/$1
  local ms_median ms_range
  ms_median=$(column_of "$file" 1 | median)
  ms_range=$(column_of "$file" 1 | range)
  printf '| %s | %s | %s | **%s ms** (%s) | %s | %s | %s (%s hit) | %s MB | %s MB | %s MB |\n' \
    "$2" "$4" "$(column_of "$file" 2 | range)" "$ms_median" "$ms_range" \
    "$(column_of "$file" 6 | range)" "$(column_of "$file" 3 | range)" \
    "$(column_of "$file" 4 | range)" "$(column_of "$file" 5 | range)" \
    "$(mb "$(column_of "$file" 7 | median)")" "$(kb_mb "$(column_of "$file" 8 | median)")" \
    "$(kb_mb "$(column_of "$file" 9 | median)")"
}
small_median=$(column_of "$results/small" 1 | median)
big_median=$(column_of "$results/big" 1 | median)
ratio=$(awk -v a="$big_median" -v b="$small_median" 'BEGIN { printf "%.2f", a / b }')
small_min=$(column_of "$results/small" 1 | sort -g | head -1)
big_min=$(column_of "$results/big" 1 | sort -g | head -1)
ratio_min=$(awk -v a="$big_min" -v b="$small_min" 'BEGIN { printf "%.2f", a / b }')
verdict="goal met"
awk -v r="$ratio" -v g="$goal_ratio" 'BEGIN { exit !(r > g) }' && verdict="GOAL MISSED"

machine="$(bench_machine)"
server_version=$(psql_value -c "SHOW server_version")
default_sample=$(psql_value -c "SELECT pg_get_function_arguments('steward.classify_data(name, integer)'::regprocedure)" |
  sed -n 's/.*sample_rows integer DEFAULT \([0-9]*\).*/\1/p')
found_small=$(psql_value -c "SELECT string_agg(format('%s (%s)', column_name, category), ', ' ORDER BY column_name)
                              FROM $(call "$small_schema")")
found_big=$(psql_value -c "SELECT string_agg(format('%s (%s)', column_name, category), ', ' ORDER BY column_name)
                            FROM $(call "$big_schema")")

steward_log "results (copy from here into docs/benchmarks.md)"
cat <<EOF
## steward.classify_data(): time against table size

- Date: $(date -u)
- Machine: $machine; PostgreSQL $server_version
- pg_steward: revision $revision
- Command: \`$command_line\`
- Tables: two tables \`customers\` with the same 10 columns (id bigint primary key, full_name, email, phone, iban, city, notes: free text with an e-mail address in one row of four, status, created_at timestamptz, profile jsonb with a nested e-mail), $small rows in schema $small_schema ($small_size with its index, $small_pages pages) and $big rows in schema $big_schema ($big_size, $big_pages pages), each alone in its schema; VACUUM ANALYZE and CHECKPOINT before measuring. For scale: \`SELECT count(*)\` of the big table took $full_scan_ms ms.
- Cluster: the defaults of initdb (\`jit = on\` among them) except \`shared_buffers = 1GB\` (the big table does not fit; the OS page cache was warm, not dropped), and \`wal_level = minimal\`, \`max_wal_size = 8GB\`, \`maintenance_work_mem = 512MB\` to build the tables faster.
- Method: \`SELECT count(*) FROM steward.classify_data(schema)\` (sample_rows ${sample_rows:-$default_sample}), each run a new connection (new psql process), timed on the server with \`clock_timestamp()\` around the call; one warm-up run per table, then $reps runs per table, interleaved (alternating which goes first). Read from the table: deltas of \`pg_stat_get_tuples_returned\`, \`pg_stat_get_blocks_fetched\`, \`pg_stat_get_blocks_hit\` and \`pg_stat_get_numscans\` (sequential scans: sample scans are not counted there, their tuples are) around the call, flushed with \`pg_stat_force_next_flush()\`. Memory, in the same connection right after the call: sum of \`total_bytes\` of \`pg_backend_memory_contexts\` (what the connection keeps), and from /proc RssAnon (private resident memory: includes memory freed but kept by malloc) and VmHWM (peak resident set, shared buffers touched included).
- Columns found sensitive: $small_schema: $found_small; $big_schema: $found_big.

| rows | table size | sensitive columns found | time, median (min-max) | seq scans | tuples returned | blocks requested (found in shared buffers) | memory contexts | RssAnon | VmHWM |
|---|---|---|---|---|---|---|---|---|---|
$(row small "$small" "$small_reltuples" "$small_size")
$(row big "$big" "$big_reltuples" "$big_size")

**$big rows / $small rows: $ratio times the time** (medians $big_median ms / $small_median ms; goal of issue 4: at most $goal_ratio): $verdict. Ratio of the fastest runs: $ratio_min ($big_min ms / $small_min ms).

Statements classify_data() ran on the table (auto_explain, one more run per table; times include the instrumentation):

\`\`\`
-- $small_schema.customers
$(sed 's/^NOTICE:  //' "$results/plans.$small_schema")
-- $big_schema.customers
$(sed 's/^NOTICE:  //' "$results/plans.$big_schema")
\`\`\`
EOF
echo
echo "script run time: $((SECONDS - started)) s"
