#!/usr/bin/env bash
# Real corruption on disk: with the cluster stopped, bytes are overwritten in a heap page and in a
# B-tree leaf page of a test table; after a restart, steward.check_integrity() reports both
# relations CORRUPTED and names the block, check_health() has a CRITICAL integrity row, the
# corruption is announced on steward_alert, and a healthy table stays OK. Twice: as a read error
# (data checksums catch the damage), and with ignore_checksum_failure so that amcheck's own
# verification has to find it.
set -euo pipefail
source "$(dirname "$0")/lib.bash"
sql() { psql -X -A -t -q -c "$1"; }

scenario_new_dir integrity
dir=$scenario_dir
steward_cluster_start "$dir" 5432 "steward.run_scheduled_jobs = off"
psql -X -q -c "CREATE EXTENSION amcheck" -c "CREATE EXTENSION pg_steward" \
  -c "CREATE TABLE public.victim (id int, payload text)" \
  -c "INSERT INTO public.victim SELECT g, md5(g::text) FROM generate_series(1, 2000) g" \
  -c "CREATE INDEX victim_id ON public.victim (id)" \
  -c "CREATE TABLE public.healthy AS SELECT g AS id FROM generate_series(1, 2000) g" -c "CREATE INDEX healthy_id ON public.healthy (id)" \
  -c "CHECKPOINT"
expect "before the damage, everything is OK" "0" \
  "$(sql "SELECT count(*) FROM steward.check_integrity('1 minute') WHERE status <> 'OK'")"

heap=$dir/data/$(sql "SELECT pg_relation_filepath('public.victim')")
index=$dir/data/$(sql "SELECT pg_relation_filepath('public.victim_id')")
steward_cluster_stop "$dir"
# Heap block 2: line pointers 5 to 8 (after the 24-byte page header) now point to offset 32752,
# far past the end of the page, as normal (LP_NORMAL) items of 64 bytes.
printf '\xf0\xff\x80\x00\xf0\xff\x80\x00\xf0\xff\x80\x00\xf0\xff\x80\x00' |
  steward_as_owner dd of="$heap" bs=1 seek=$((2 * 8192 + 40)) count=16 conv=notrunc status=none
# Index block 1 (the first leaf after the metapage): overwrite index tuples in its middle.
printf 'corrupted-index!corrupted-index!' |
  steward_as_owner dd of="$index" bs=1 seek=$((1 * 8192 + 4000)) count=32 conv=notrunc status=none
steward_as_owner "$STEWARD_PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start >/dev/null

result=$( (echo "LISTEN steward_alert;"; echo "SELECT relation, status, detail FROM steward.check_integrity('1 minute') WHERE status <> 'OK' ORDER BY 1;") |
  psql -X -A -t -q 2>&1)
echo "$result" | sed 's/^/# /'
expect "the damaged table is CORRUPTED, naming the block (checksum)" "t" \
  "$(echo "$result" | grep -q '^victim|CORRUPTED|.*block 2' && echo t || echo f)"
expect "the damaged index is CORRUPTED, naming the block (checksum)" "t" \
  "$(echo "$result" | grep -q '^victim_id|CORRUPTED|.*block 1' && echo t || echo f)"
expect "the alerts were sent" "2" "$(echo "$result" | grep -c 'steward_alert.*"corruption"')"
expect "the healthy table and its index are OK" "OK|OK" \
  "$(sql "SELECT string_agg(status, '|' ORDER BY relation_name) FROM steward.integrity_status WHERE relation_name IN ('healthy', 'healthy_id')")"
expect "check_health() has a CRITICAL integrity row per damaged relation" "CRITICAL public.victim|CRITICAL public.victim_id" \
  "$(sql "SELECT string_agg(status || ' ' || object, '|' ORDER BY object) FROM steward.check_health() WHERE check_name = 'integrity'")"

# The same damage, read past the checksums: amcheck itself must find it.
result=$(PGOPTIONS="-c ignore_checksum_failure=on -c client_min_messages=error" \
  psql -X -A -t -q -c "SELECT relation, status, detail FROM steward.check_integrity(relations => ARRAY['public.victim', 'public.victim_id']::regclass[]) ORDER BY 1" 2>&1)
echo "$result" | sed 's/^/# /'
expect "verify_heapam finds the broken line pointers of block 2" "t" \
  "$(echo "$result" | grep -q '^victim|CORRUPTED|block 2, offset' && echo t || echo f)"
expect "bt_index_check finds the damaged index" "t" \
  "$(echo "$result" | grep -q '^victim_id|CORRUPTED|' && echo t || echo f)"

scenario_finish
