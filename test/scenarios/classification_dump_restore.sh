#!/usr/bin/env bash
# pg_dump and restore keep the classification: tables get new OIDs and a table with a dropped
# column gets new attribute numbers, yet every row lands on the same column, manual decisions
# and user rules included.
set -euo pipefail
source "$(dirname "$0")/lib.bash"

scenario_new_dir dump
steward_cluster_start "$scenario_dir" 5432
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE source" -c "CREATE DATABASE target"
export PGDATABASE=source
psql -X -q -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
CREATE EXTENSION pg_steward;
CREATE TABLE public.people (id int, old_notes text, email text, badge text, "Home Phone" text);
ALTER TABLE public.people DROP COLUMN old_notes;            -- attnums 3-5 become 2-4 on restore
INSERT INTO public.people
SELECT g, 'person' || g || '@example.org', 'B-' || lpad(g::text, 6, '0'), '+49 151 ' || lpad((g * 7919)::text, 8, '0')
  FROM generate_series(1, 100) g;
ALTER TABLE public.people RENAME COLUMN email TO contact;   -- renamed after classification below
INSERT INTO steward.classification_rule (category, name_pattern, description)
     VALUES ('national_id', '^badge$', 'employee badges');
SELECT count(*) FROM steward.classify_data('public');
SELECT steward.set_classification('public.people', 'Home Phone', 'phone', 'RESTRICTED');
ALTER TABLE public.people RENAME COLUMN contact TO mail;
SQL
before=$(psql -X -A -t -c "SELECT string_agg(format('%s:%s:%s:%s', column_name, category, sensitivity, source), ' ' ORDER BY column_name) FROM steward.classified_columns")
expect "classified before the dump" 'Home Phone:phone:RESTRICTED:manual badge:national_id:RESTRICTED:detected mail:email:CONFIDENTIAL:detected' "$before"
expect "column_name follows a rename" "mail" \
  "$(psql -X -A -t -c "SELECT column_name FROM steward.data_classification WHERE category = 'email'")"

steward_as_owner pg_dump -h "$PGHOST" -p "$PGPORT" -d source -f "$scenario_dir/source.sql"
psql -X -q -v ON_ERROR_STOP=1 -d target -f "$scenario_dir/source.sql" >/dev/null
after=$(psql -X -A -t -d target -c "SELECT string_agg(format('%s:%s:%s:%s', column_name, category, sensitivity, source), ' ' ORDER BY column_name) FROM steward.classified_columns")
expect "restored onto the same columns" "$before" "$after"
expect "attribute numbers moved with the restore" "2 3 4" \
  "$(psql -X -A -t -d target -c "SELECT string_agg(attnum::text, ' ' ORDER BY attnum) FROM steward.data_classification")"
expect "user rules restored" "^badge$" \
  "$(psql -X -A -t -d target -c "SELECT name_pattern FROM steward.classification_rule")"

scenario_finish
