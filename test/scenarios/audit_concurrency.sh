#!/usr/bin/env bash
# The audit trail under concurrency (issue 5), in a throwaway cluster:
#  1. A long transaction writes its audit row, other transactions write and commit theirs and are
#     sealed, then it commits: its row is sealed in a later block, never skipped.
#  2. pgbench tpcb-like, scale 2, 8 clients, for AUDIT_SECONDS seconds (default 15; the issue's
#     60-second run is the benchmark's, test/bench/audit.sh) on the four pgbench tables, audited.
#     Meanwhile seal_audit() runs in a loop, one seal keeps its transaction (and lock) open for
#     3 s, verify_audit() runs once. Afterwards: one log row per changed row, counted against the
#     data; every seal returned and blocked no writer; every row is sealed once; verify_audit()
#     is OK.
set -euo pipefail
source "$(dirname "$0")/lib.bash"

seconds=${AUDIT_SECONDS:-15}
clients=8
started=$SECONDS

scenario_new_dir audit_concurrency
dir=$scenario_dir
steward_cluster_start "$dir" 5493 "max_connections = 40"
# The cluster's user is named like the extension's schema: "$user" in the search_path would put
# pgbench's tables into schema steward, whose tables cannot be audited.
export PGOPTIONS="-c search_path=public"
pgbench=$STEWARD_PG_BIN/pgbench
[ -x "$pgbench" ] || pgbench=$(pg_config --bindir)/pgbench

q() { psql -X -A -t -v ON_ERROR_STOP=1 -c "$1"; }
one_block_each="SELECT count(*) = count(DISTINCT id) AND count(*) = (SELECT count(*) FROM steward.audit_log)
                  FROM steward.audit_block, unnest(log_ids) id"

psql -X -q -c "CREATE EXTENSION pg_steward"
q "CREATE TABLE public.ledger (id int PRIMARY KEY, note text); SELECT steward.enable_audit('public.ledger')" >/dev/null
q "SELECT steward.seal_audit()" >/dev/null   # (a DDL row may record the start of the audit)
base=$(q "SELECT coalesce(max(block_id), 0) FROM steward.audit_block")

# --- 1. A long transaction -----------------------------------------------------------------------
mkfifo "$dir/session_a"
PGAPPNAME=session_a psql -X -q -v ON_ERROR_STOP=1 <"$dir/session_a" >"$dir/session_a.log" 2>&1 &
session_a=$!
exec 7>"$dir/session_a"
echo "BEGIN; INSERT INTO public.ledger VALUES (1, 'A, long');" >&7
wait_for "SELECT count(*) = 1 FROM pg_stat_activity WHERE application_name = 'session_a' AND state = 'idle in transaction'" ||
  echo "# session A did not write"
q "INSERT INTO public.ledger VALUES (2, 'B'), (3, 'B')" >/dev/null
first=$(q "SELECT steward.seal_audit()")
q "INSERT INTO public.ledger VALUES (4, 'C')" >/dev/null
second=$(q "SELECT steward.seal_audit()")
expect "while A is open, seal_audit() seals B's 2 rows, then C's 1, not A's" "2 1" "$first $second"
echo "COMMIT;" >&7
exec 7>&-
wait "$session_a"
expect "once A commits, seal_audit() seals its row" "1" "$(q "SELECT steward.seal_audit()")"
expect "A's row is in the third of these blocks, after B's and C's" "A, long:3 B:1 B:1 C:2" \
  "$(q "SELECT string_agg(l.new_row->>'note' || ':' || (b.block_id - $base), ' ' ORDER BY l.new_row->>'note', b.block_id)
          FROM steward.audit_log l JOIN (SELECT block_id, unnest(log_ids) AS id FROM steward.audit_block) b ON b.id = l.id
         WHERE l.operation = 'INSERT'")"
expect "A's transaction is older than B's and C's" "t" \
  "$(q "SELECT (SELECT txid FROM steward.audit_log WHERE new_row->>'note' = 'A, long') < min(txid)
          FROM steward.audit_log WHERE new_row->>'note' IN ('B', 'C')")"
expect "verify_audit() is OK" "OK" "$(q "SELECT string_agg(status, ',') FROM steward.verify_audit()")"
expect "every log row is in exactly one block" "t" "$(q "$one_block_each")"

# --- 2. pgbench, with seal_audit() in a loop beside it ------------------------------------------
"$pgbench" -i -s 2 -q >"$dir/pgbench_init.log" 2>&1
q "SELECT steward.enable_audit(t) FROM unnest(ARRAY['public.pgbench_accounts', 'public.pgbench_tellers',
                                                   'public.pgbench_branches', 'public.pgbench_history']::regclass[]) t" >/dev/null
q "SELECT steward.seal_audit()" >/dev/null   # (DDL rows of enable_audit(), if any)
logged_before=$(q "SELECT count(*) FROM steward.audit_log")
expect "the four pgbench tables are audited" "5 4" \
  "$(q "SELECT count(*) || ' ' || count(*) FILTER (WHERE table_name LIKE 'pgbench%') FROM steward.audited_tables")"

echo "# pgbench: $clients clients, $seconds s, scale 2"
bench_started=$SECONDS
"$pgbench" -n -c "$clients" -j 4 -T "$seconds" -P 5 >"$dir/pgbench.log" 2>&1 &
pgbench_pid=$!

: >"$dir/seals"
(
  while kill -0 "$pgbench_pid" 2>/dev/null; do
    begin=$(date +%s%N)
    sealed=$(psql -X -A -t -v ON_ERROR_STOP=1 -c "SELECT steward.seal_audit()" 2>&1) || sealed="error: $sealed"
    echo "$sealed $(( ($(date +%s%N) - begin) / 1000000 ))" >>"$dir/seals"
    sleep 0.5
  done
) &
sealer_pid=$!

# A seal whose transaction stays open for 3 s, holding its lock on steward.audit_block: the
# writers must go on (pgbench_history grows) and none may wait for a lock on pg_steward's tables.
# (They do wait for each other's row locks: scale 2 has 2 branches for 8 clients.)
sleep 2
psql -X -q -A -t -v ON_ERROR_STOP=1 -c "BEGIN" -c "SET application_name = 'held_seal'" -c "SELECT steward.seal_audit()" \
  -c "SELECT pg_sleep(3)" -c "COMMIT" >"$dir/held_seal" 2>&1 &
held_pid=$!
wait_for "SELECT count(*) = 1 FROM pg_stat_activity WHERE application_name = 'held_seal' AND query LIKE '%pg_sleep%'" ||
  echo "# the held seal did not start"
before=$(q "SELECT count(*) FROM pgbench_history")
waiting=0
for _ in 1 2 3 4; do
  sleep 0.5
  w=$(q "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid)
          WHERE NOT l.granted AND a.application_name = 'pgbench' AND l.locktype = 'relation'
            AND l.relation IN (SELECT oid FROM pg_class WHERE relnamespace = 'steward'::regnamespace)")
  waiting=$((waiting + w))
done
after=$(q "SELECT count(*) FROM pgbench_history")
wait "$held_pid"
held=$(grep -E '^[0-9]+$' "$dir/held_seal" | head -1 || true)
expect "while a seal holds its lock, writers go on (pgbench_history grew)" "t" \
  "$([ "$after" -gt "$before" ] && echo t || echo "f: $before -> $after")"
expect "and no pgbench backend waits for a lock on a table of pg_steward (4 samples)" "0" "$waiting"
expect "verify_audit() while writers run: OK" "OK" "$(q "SELECT string_agg(status, ',') FROM steward.verify_audit()")"

pgbench_status=0
wait "$pgbench_pid" || pgbench_status=$?
wait "$sealer_pid" || true
echo "# pgbench and its seals took $((SECONDS - bench_started)) s"
grep -E "^(number of (transactions actually processed|failed)|latency average|tps)" "$dir/pgbench.log" | sed 's/^/# /'
expect "pgbench exits 0" "0" "$pgbench_status"
expect "pgbench reports no failed transaction" "0" \
  "$(sed -n -E 's/^number of failed transactions: ([0-9]+).*/\1/p' "$dir/pgbench.log")"
expect "pgbench logs no error" "0" "$(grep -c -i 'error' "$dir/pgbench.log" || true)"
seals=$(wc -l <"$dir/seals")
echo "# $seals seals in the loop beside pgbench, $(awk '{s += $1} END {print s}' "$dir/seals") rows," \
  "slowest $(sort -n -k2 "$dir/seals" | tail -1 | awk '{print $2}') ms (waiting for the held seal); the held seal: ${held:-?} rows"
expect "every seal_audit() beside pgbench returned a number" "0" "$(grep -c -v -E '^[0-9]+ [0-9]+$' "$dir/seals" || true)"
expect "at least $((seconds / 2)) seals ran" "t" "$([ "$seals" -ge $((seconds / 2)) ] && echo t || echo "f: $seals")"

# One log row per changed row. Every tpcb-like transaction inserts one history row and updates
# one account, one teller and one branch by the same delta; an UPDATE by 0 changes nothing and is
# not logged.
echo "# $(q "SELECT count(*) || ' transactions, ' || count(*) FILTER (WHERE delta = 0) || ' of them by 0' FROM pgbench_history")"
expect "the log holds one INSERT per history row and one UPDATE per account, teller and branch changed" \
  "$(q "SELECT format('pgbench_accounts UPDATE %1\$s, pgbench_branches UPDATE %1\$s, pgbench_history INSERT %2\$s, pgbench_tellers UPDATE %1\$s',
                      count(*) FILTER (WHERE delta <> 0), count(*)) FROM pgbench_history")" \
  "$(q "SELECT string_agg(table_name || ' ' || operation || ' ' || n, ', ' ORDER BY table_name, operation)
          FROM (SELECT table_name, operation, count(*) AS n FROM steward.audit_log WHERE table_name LIKE 'pgbench%' AND operation <> 'DDL' GROUP BY 1, 2) c")"
expect "each account's logged changes add up to its balance" "0" \
  "$(q "SELECT count(*) FROM pgbench_accounts a
          FULL JOIN (SELECT (new_row->>'aid')::int AS aid,
                            sum((new_row->>'abalance')::bigint - (old_row->>'abalance')::bigint) AS logged
                       FROM steward.audit_log WHERE table_name = 'pgbench_accounts' AND operation = 'UPDATE' GROUP BY 1) l USING (aid)
         WHERE a.abalance IS DISTINCT FROM coalesce(l.logged, 0)")"
expect "each logged history row is a row of pgbench_history, and the other way round" "0 0" \
  "$(q "WITH logged AS (SELECT new_row - 'filler' AS r FROM steward.audit_log WHERE table_name = 'pgbench_history' AND operation = 'INSERT'),
             stored AS (SELECT to_jsonb(h) - 'filler' AS r FROM pgbench_history h)
        SELECT (SELECT count(*) FROM (SELECT r FROM logged EXCEPT ALL SELECT r FROM stored) x) || ' ' ||
               (SELECT count(*) FROM (SELECT r FROM stored EXCEPT ALL SELECT r FROM logged) y)")"

final=$(q "SELECT steward.seal_audit()")
echo "# the last seal took $final rows"
verify_started=$SECONDS
expect "after pgbench: verify_audit() is OK" "OK" "$(q "SELECT string_agg(status, ',') FROM steward.verify_audit()")"
echo "# verify_audit() of $(q "SELECT count(*) || ' rows in ' || (SELECT count(*) FROM steward.audit_block) || ' blocks' FROM steward.audit_log") took $((SECONDS - verify_started)) s"
expect "no log row is left unsealed" "0" \
  "$(q "SELECT count(*) FROM steward.audit_log WHERE id NOT IN (SELECT unnest(log_ids) FROM steward.audit_block)")"
expect "every log row is in exactly one block" "t" "$(q "$one_block_each")"
expect "the seals' results (loop, held seal, last seal) add up to the rows logged during pgbench" \
  "$(($(q "SELECT count(*) FROM steward.audit_log") - logged_before))" \
  "$(($(awk '{s += $1} END {print s + 0}' "$dir/seals") + ${held:-0} + final))"

echo "# scenario took $((SECONDS - started)) s"
scenario_finish
