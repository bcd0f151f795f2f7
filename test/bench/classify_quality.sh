#!/usr/bin/env bash
# Quality benchmark of steward.classify_data() (issue 4, "Quality, measured"): loads the labelled
# data set test/bench/classify/dataset.sql into a throwaway cluster with pg_steward, runs
# steward.classify_data('classify_bench') and scores it against test/bench/classify/labels.csv,
# side by side in the same run with a names-only baseline (test/bench/classify/names_baseline.sql,
# a dictionary of column-name patterns as the simple tools use). Scoring
# (test/bench/classify/evaluate.sql): a prediction is a true positive only with the labelled
# category; a prediction with another category, or on a column that is not sensitive, is a false
# positive; a sensitive column not predicted with its category is a false negative. Prints
# precision, recall and F1 per category and micro-averaged overall, the columns classify_data()
# got wrong (with its confidence and evidence), those the baseline got wrong, and the time of
# classify_data(); the last part of the output is a markdown section for docs/benchmarks.md
# (this script does not write it).
#
# Exits non-zero only when something fails to run; low scores are reported, not failed.
#
# Usage: test/bench/classify_quality.sh [--data-set dataset|holdout] [--port N] [--dir DIR]
#                                       [--runs N] [--sample-rows N] [--no-build] [--keep]
#   --data-set NAME  dataset (default: dataset.sql, labels.csv, the data the classifier was tuned
#                    on) or holdout (holdout.sql, holdout_labels.csv, written without looking at it)
#   --port N         port of the throwaway cluster (default 5432; it listens on a socket in its dir)
#   --dir DIR        directory of the throwaway cluster (default: a new one under /tmp); it must
#                    not exist or be empty, and is removed at the end unless --keep
#   --runs N         runs of classify_data(), each in a new connection (default 3): the first is
#                    scored, all are timed, and the others are compared with the first (sampling
#                    of big tables is random)
#   --sample-rows N  sample_rows argument of classify_data() (default: the function's default)
#   --no-build       do not build and install the current tree first
#   --keep           keep the stopped cluster (and say how to start it) instead of removing it
#   --reps N         the same as --runs N; --no-docs and --tables N are accepted and ignored
#                    (tools/bench passes its arguments to every benchmark)
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/bench/lib.bash

started=$SECONDS
command_line="test/bench/classify_quality.sh${*:+ $*}"
port=5432 dir="" runs=3 sample_rows="" build=yes keep=no data_set=dataset
while [ $# -gt 0 ]; do
  bench_option "$@"
  if [ "$bench_shift" -gt 0 ]; then shift "$bench_shift"; continue; fi
  case $1 in
    --runs|--reps) runs=$2; shift ;;
    --sample-rows) sample_rows=$2; shift ;;
    --data-set) data_set=$2; shift ;;
    *) echo "unknown argument: $1 (see the usage at the top of $0)" >&2; exit 2 ;;
  esac
  shift
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "--runs must be a positive integer" >&2; exit 2; }
[ -z "$sample_rows" ] || [[ $sample_rows =~ ^[0-9]+$ ]] || { echo "--sample-rows must be an integer" >&2; exit 2; }

here=test/bench/classify
# dataset: the data set the classifier was tuned on; holdout: the one written without looking at
# the classifier (see test/bench/classify/README.md).
case $data_set in
  dataset) schema=classify_bench labels=labels.csv ;;
  holdout) schema=classify_holdout labels=holdout_labels.csv ;;
  *) echo "--data-set must be dataset or holdout" >&2; exit 2 ;;
esac
database=$schema
call="steward.classify_data('$schema'${sample_rows:+, $sample_rows})"

bench_start classify_quality "log_min_messages = warning"
results=$work/results
mkdir -p "$results"

psql_quiet() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_value() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }

psql_quiet -d postgres -c "CREATE DATABASE $database"
export PGDATABASE=$database
psql_quiet -c "CREATE EXTENSION pg_steward"

steward_log "loading $here/$data_set.sql"
load_started=$SECONDS
psql_quiet -f "$here/$data_set.sql" >/dev/null
psql_quiet -c "VACUUM ANALYZE"
echo "loaded in $((SECONDS - load_started)) s"

psql_quiet <<SQL
CREATE SCHEMA classify_eval;
CREATE TABLE classify_eval.labels (table_name text, column_name text, category text,
                                   PRIMARY KEY (table_name, column_name));
\\copy classify_eval.labels FROM '$here/$labels' WITH (FORMAT csv, HEADER true)
UPDATE classify_eval.labels SET category = NULLIF(category, '');
CREATE TABLE classify_eval.predictions (method text, table_name text, column_name text, category text,
                                        confidence real, evidence text);
SQL

shape=$(psql_value -F ' ' <<SQL
SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = '$schema' AND c.relkind IN ('r', 'p') AND NOT c.relispartition),
       (SELECT count(*) FROM classify_eval.labels),
       (SELECT count(*) FROM classify_eval.labels WHERE category IS NOT NULL),
       (SELECT count(DISTINCT category) FROM classify_eval.labels),
       (SELECT count(*) FROM classify_eval.labels WHERE category IS NULL),
       (SELECT round(100.0 * count(*) FILTER (WHERE category IS NULL) / count(*)) FROM classify_eval.labels),
       (SELECT sum(c.reltuples)::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = '$schema' AND c.relkind = 'r' AND c.reltuples > 0)
SQL
)
read -r n_tables n_labels n_positives n_categories n_negatives negative_share n_rows <<<"$shape"
echo "data set: $n_tables tables, $n_labels labelled columns ($n_positives sensitive in $n_categories categories," \
  "$n_negatives not sensitive, $negative_share %), $n_rows rows"

# ---------------------------------------------------------------------------------------------
# classify_data(): each run in a new connection, timed on the server with clock_timestamp();
# its rows kept in classify_eval.run_N, its NOTICEs and WARNINGs in $results/run_N.messages.
# ---------------------------------------------------------------------------------------------
steward_log "running $call: $runs runs, each in a new connection"
for run in $(seq 1 "$runs"); do
  psql_value 2>"$results/run_$run.messages" <<SQL >>"$results/times"
SELECT clock_timestamp() AS t0 \\gset
CREATE TABLE classify_eval.run_$run AS SELECT * FROM $call;
SELECT round(1000 * extract(epoch FROM clock_timestamp() - :'t0'::timestamptz), 1);
SQL
  printf 'run %s: %s ms, %s rows, %s messages\n' "$run" "$(tail -1 "$results/times")" \
    "$(psql_value -c "SELECT count(*) FROM classify_eval.run_$run")" "$(grep -c . "$results/run_$run.messages" || true)"
done
sed 's/^/  /' "$results/run_1.messages" | head -20

median() { sort -g "$1" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
time_median=$(median "$results/times")
time_min=$(sort -g "$results/times" | head -1)
time_max=$(sort -g "$results/times" | tail -1)
time_first=$(head -1 "$results/times")

# Runs 2..N against run 1: columns whose set of categories differs.
differing=0
differing_columns=""
for run in $(seq 2 "$runs"); do
  diff_rows=$(psql_value -F ' ' <<SQL
WITH a AS (SELECT table_name, column_name, string_agg(category, ',' ORDER BY category) AS c FROM classify_eval.run_1 GROUP BY 1, 2),
     b AS (SELECT table_name, column_name, string_agg(category, ',' ORDER BY category) AS c FROM classify_eval.run_$run GROUP BY 1, 2)
SELECT format('%s.%s:%s->%s', coalesce(a.table_name, b.table_name), coalesce(a.column_name, b.column_name),
              coalesce(a.c, '-'), coalesce(b.c, '-'))
  FROM a FULL JOIN b ON (a.table_name, a.column_name) = (b.table_name, b.column_name)
 WHERE a.c IS DISTINCT FROM b.c
SQL
)
  if [ -n "$diff_rows" ]; then
    differing=$((differing + $(wc -l <<<"$diff_rows")))
    differing_columns="$differing_columns $(tr '\n' ' ' <<<"$diff_rows")(run $run)"
  fi
done
if [ "$runs" -eq 1 ]; then
  stability="one run only"
elif [ "$differing" -eq 0 ]; then
  stability="runs 2-$runs returned the same columns and categories as run 1"
else
  stability="runs 2-$runs differ from run 1 in $differing column(s):$differing_columns"
fi
echo "stability: $stability"

# ---------------------------------------------------------------------------------------------
# Predictions of both methods, then the scores.
# ---------------------------------------------------------------------------------------------
steward_log "names-only baseline ($here/names_baseline.sql)"
psql_quiet -v schema=$schema -f "$here/names_baseline.sql" >/dev/null
psql_quiet <<SQL
INSERT INTO classify_eval.predictions
SELECT 'classify_data', table_name, column_name, category, confidence, evidence
  FROM classify_eval.run_1 WHERE schema_name = '$schema';
INSERT INTO classify_eval.predictions
SELECT 'names_only', table_name, column_name, category, NULL, 'name matches ' || pattern
  FROM classify_eval.names_predictions;
SQL
n_patterns=$(psql_value -c "SELECT count(*) FROM classify_eval.names_dictionary")
other_schemas=$(psql_value -c "SELECT count(*) FROM classify_eval.run_1 WHERE schema_name <> '$schema'")
[ "$other_schemas" -eq 0 ] || echo "note: classify_data returned $other_schemas rows outside $schema (not scored)"

steward_log "scoring ($here/evaluate.sql)"
psql_value -f "$here/evaluate.sql" >"$results/evaluation"
grep -v '^SCORES ' "$results/evaluation" >"$results/evaluation.md"
read -r _ _ cd_precision cd_recall cd_f1 cd_tp cd_fp cd_fn < <(grep '^SCORES classify_data ' "$results/evaluation")
read -r _ _ no_precision no_recall no_f1 no_tp no_fp no_fn < <(grep '^SCORES names_only ' "$results/evaluation")
goal="not met"
awk -v f="$cd_f1" -v p="$cd_precision" 'BEGIN { exit !(f >= 0.95 && p >= 0.97) }' && goal="met"

machine="$(bench_machine)"
server_version=$(psql_value -c "SHOW server_version")
default_sample=$(psql_value -c "SELECT pg_get_function_arguments('steward.classify_data(name, integer)'::regprocedure)" |
  sed -n 's/.*sample_rows integer DEFAULT \([0-9]*\).*/\1/p')

steward_log "results (copy from here into docs/benchmarks.md)"
cat <<EOF
## steward.classify_data(): quality on the labelled data set

- Date: $(date -u)
- Machine: $machine; PostgreSQL $server_version
- pg_steward: revision $revision
- Command: \`$command_line\`
- Data set: test/bench/classify/$data_set.sql and $labels: $n_tables tables, $n_labels columns ($n_positives sensitive in $n_categories categories, $n_negatives not sensitive: $negative_share %), $n_rows rows.
- Method: \`SELECT * FROM $call\` (sample_rows ${sample_rows:-$default_sample}) on a fresh cluster after VACUUM ANALYZE; the first run is scored. Names-only baseline: test/bench/classify/names_baseline.sql, $n_patterns column-name patterns (English, French, German, Spanish) in the manner of postgresql_anonymizer's \`detect()\`, the first match wins. A prediction is a true positive only with the labelled category; a wrong category counts as a false positive (and a false negative of the label); overall figures are micro-averaged.
- Time of classify_data(): **$time_median ms** median of $runs runs, each in a new connection ($time_min-$time_max ms; first run $time_first ms). Stability: $stability.

$(sed -n '1,/^$/p' "$results/evaluation.md")

**classify_data(): precision $cd_precision, recall $cd_recall, F1 $cd_f1** ($cd_tp TP, $cd_fp FP, $cd_fn FN); names only: precision $no_precision, recall $no_recall, F1 $no_f1 ($no_tp TP, $no_fp FP, $no_fn FN). Goal of issue 4 (F1 >= 0.95 with precision >= 0.97): $goal.

$(sed -n '/^$/,$p' "$results/evaluation.md" | sed '1d')
EOF
echo
echo "script run time: $((SECONDS - started)) s"
