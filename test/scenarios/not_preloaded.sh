#!/usr/bin/env bash
# Without shared_preload_libraries: CREATE EXTENSION says what needs preloading, and works.
set -euo pipefail
source "$(dirname "$0")/lib.bash"

scenario_new_dir not_preloaded
dir=$scenario_dir
steward_cluster_start "$dir" 5432 "shared_preload_libraries = ''"
output=$(psql -X -c "CREATE EXTENSION pg_steward" 2>&1)
expect "CREATE EXTENSION succeeds" "0" "$?"
expect "a WARNING names shared_preload_libraries" "1" "$(grep -c 'WARNING:  pg_steward is not in shared_preload_libraries' <<<"$output")"
expect "check_health() works without preloading" "t" \
  "$(psql -X -A -t -c "SELECT count(*) >= 30 FROM steward.check_health(true)")"
expect "slow_queries says why it cannot run" "WARNING" \
  "$(psql -X -A -t -c "SELECT status FROM steward.check_health() WHERE check_name = 'slow_queries'")"
expect "DROP EXTENSION removes the schema's objects" "0" \
  "$(psql -X -A -t -c "DROP EXTENSION pg_steward" -c "SELECT count(*) FROM pg_proc WHERE proname = 'check_health'" | tail -1)"

# The index advisor without pg_stat_statements: a clear error unless queries are given; the
# planner hooks work with the library loaded on first use.
psql -X -q -c "CREATE EXTENSION pg_steward" 2>/dev/null
psql -X -q -c "CREATE TABLE public.t AS SELECT g AS a FROM generate_series(1, 100000) g" -c "ANALYZE public.t"
output=$(psql -X -c "SELECT * FROM steward.suggest_indexes()" 2>&1 || true)
expect "suggest_indexes() without pg_stat_statements: ERROR with a hint" "2" \
  "$(grep -c 'ERROR:  pg_stat_statements is not installed in this database\|HINT:  CREATE EXTENSION pg_stat_statements' <<<"$output")"
expect "suggest_indexes(queries => ...) works without it" "1" \
  "$(psql -X -A -t -c "SELECT count(*) FROM steward.suggest_indexes(queries => ARRAY['SELECT * FROM public.t WHERE a = \$1']) WHERE action = 'create'")"
expect "whatif() works in a session that has not loaded pg_steward yet" "{t_a_idx}" \
  "$(psql -X -A -t -c "SELECT indexes_used FROM steward.whatif('SELECT * FROM public.t WHERE a = 5', ARRAY['CREATE INDEX ON public.t (a)'])")"
psql -X -q -c "DROP EXTENSION pg_steward" -c "DROP TABLE public.t"

# Safe to create again, and to create with the library preloaded after a restart.
psql -X -q -c "CREATE EXTENSION pg_steward" 2>/dev/null
expect "CREATE EXTENSION again after DROP" "t" "$(psql -X -A -t -c "SELECT count(*) > 0 FROM steward.check_health(true)")"

scenario_finish
