#!/usr/bin/env bash
# Loads the held-out data set (holdout.sql) into a throwaway cluster twice (it must come out the
# same) and checks it against holdout_labels.csv: every column labelled exactly once, every label
# names a column, every labelled value passes a validator of its category (check digits included),
# the tricky negatives are there. Prints the counts; exits non-zero when a check fails.
# Usage: test/bench/classify/check_holdout.sh [--port N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
port=5495
while [ $# -gt 0 ]; do
  case $1 in
    --port) port=$2; shift 2 ;;
    *) echo "usage: $0 [--port N]" >&2; exit 2 ;;
  esac
done
# shellcheck source=../../../tools/common.sh
source "$root/tools/common.sh"
dir=$(mktemp -d "${TMPDIR:-/tmp}/holdout_check.XXXXXX")
trap 'steward_cluster_stop "$dir"; rm -rf "$dir"' EXIT
steward_cluster_start "$dir" "$port" "shared_preload_libraries = ''"   # the data set needs no extension

digest() {   # the data, table by table, in the order pg_dump writes it (without its random \restrict key)
  "$STEWARD_PG_BIN/pg_dump" --data-only --schema=classify_holdout --no-owner | grep -Ev '^\\(un)?restrict ' | md5sum | cut -d' ' -f1
}
load() {
  local start end
  start=$(date +%s.%N)
  psql -X -q -v ON_ERROR_STOP=1 -f "$here/holdout.sql" >/dev/null
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }'
}
t1=$(load); d1=$(digest)
t2=$(load); d2=$(digest)
echo "load time: ${t1} s, again ${t2} s"
if [ "$d1" != "$d2" ]; then echo "FAIL: two loads differ ($d1 vs $d2): not deterministic" >&2; exit 1; fi
echo "deterministic: two loads give the same contents (md5 $d1)"

psql -X -q -v ON_ERROR_STOP=1 -v labels="$here/holdout_labels.csv" <<'SQL'
\pset footer off
SET client_min_messages = warning;
CREATE TEMP TABLE labels (table_name text, column_name text, category text);
\set copy_labels '\\copy labels FROM ' :'labels' ' WITH (FORMAT csv, HEADER true)'
:copy_labels
UPDATE labels SET category = NULLIF(category, '');
CREATE TEMP TABLE failures (msg text);

-- Columns of the data set: ordinary and partitioned tables, not partitions
CREATE TEMP VIEW cols AS
  SELECT c.relname::text AS table_name, a.attname::text AS column_name, c.relkind, format_type(a.atttypid, a.atttypmod) AS type
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  WHERE n.nspname = 'classify_holdout' AND c.relkind IN ('r', 'p') AND NOT c.relispartition;

INSERT INTO failures SELECT 'not labelled: ' || table_name || '.' || column_name FROM cols c
  WHERE NOT EXISTS (SELECT FROM labels l WHERE l.table_name = c.table_name AND l.column_name = c.column_name);
INSERT INTO failures SELECT 'labelled ' || count(*) || ' times: ' || table_name || '.' || column_name FROM labels
  GROUP BY table_name, column_name HAVING count(*) > 1;
INSERT INTO failures SELECT 'label of no column: ' || table_name || '.' || column_name FROM labels l
  WHERE NOT EXISTS (SELECT FROM cols c WHERE l.table_name = c.table_name AND l.column_name = c.column_name);
INSERT INTO failures SELECT 'unknown category ' || category || ' at ' || table_name || '.' || column_name FROM labels
  WHERE category NOT IN ('email', 'phone', 'credit_card', 'iban', 'national_id', 'ip_address', 'person_name', 'street_address',
                         'postal_code', 'date_of_birth', 'password_hash', 'secret', 'geolocation');

------------------------------------------------------------------------------------------------
-- Validators, written separately from the generators
------------------------------------------------------------------------------------------------
CREATE FUNCTION pg_temp.luhn_ok(s text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE d text := regexp_replace(s, '[ -]', '', 'g'); total int := 0; x int; i int;
BEGIN
  IF d !~ '^\d{8,19}$' THEN RETURN false; END IF;
  FOR i IN 0 .. length(d) - 1 LOOP
    x := substr(d, length(d) - i, 1)::int;
    IF i % 2 = 1 THEN x := x * 2; IF x > 9 THEN x := x - 9; END IF; END IF;
    total := total + x;
  END LOOP;
  RETURN total % 10 = 0;
END $$;
CREATE FUNCTION pg_temp.card_ok(s text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE d text := regexp_replace(s, '[ -]', '', 'g'); n int := length(d);
BEGIN
  RETURN pg_temp.luhn_ok(d) AND (
       (d ~ '^4' AND n IN (13, 16, 19))
    OR (d ~ '^5[1-5]' AND n = 16) OR (n = 16 AND left(d, 4)::int BETWEEN 2221 AND 2720)
    OR (d ~ '^3[47]' AND n = 15)
    OR (d ~ '^(6011|64[4-9]|65)' AND n = 16)
    OR (n = 16 AND left(d, 4)::int BETWEEN 3528 AND 3589)
    OR (d ~ '^(3[689]|30[0-5])' AND n = 14));
END $$;
CREATE FUNCTION pg_temp.mod97(s text) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE r int := 0; ch text; i int;
BEGIN
  FOR i IN 1 .. length(s) LOOP
    ch := substr(s, i, 1);
    IF ch ~ '[0-9]' THEN r := (r * 10 + ch::int) % 97;
    ELSE r := (r * 100 + ascii(ch) - 55) % 97; END IF;
  END LOOP;
  RETURN r;
END $$;
CREATE FUNCTION pg_temp.iban_ok(s text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE v text := upper(replace(s, ' ', ''));
BEGIN
  IF v !~ '^[A-Z]{2}\d{2}[A-Z0-9]+$' THEN RETURN false; END IF;
  IF length(v) <> (CASE left(v, 2) WHEN 'DE' THEN 22 WHEN 'FR' THEN 27 WHEN 'ES' THEN 24 WHEN 'IT' THEN 27 WHEN 'NL' THEN 18
                                   WHEN 'BE' THEN 16 WHEN 'AT' THEN 20 WHEN 'GB' THEN 22 ELSE -1 END) THEN RETURN false; END IF;
  RETURN pg_temp.mod97(substr(v, 5) || left(v, 4)) = 1;
END $$;
CREATE FUNCTION pg_temp.national_id_ok(s text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE v text := upper(regexp_replace(s, '[ .-]', '', 'g')); t int; i int; ch text;
  odd int[] := ARRAY[1,0,5,7,9,13,15,17,19,21,2,4,18,20,11,3,6,8,12,14,16,10,22,25,24,23];
BEGIN
  -- US SSN (written with dashes): area 001-899 but 666, group and serial not zero
  IF s ~ '^\d{3}-\d{2}-\d{4}$' THEN
    RETURN left(v, 3) NOT IN ('000', '666') AND left(v, 1) <> '9' AND substr(v, 4, 2) <> '00' AND right(v, 4) <> '0000';
  END IF;
  -- UK NINO
  IF v ~ '^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$' THEN RETURN left(v, 2) NOT IN ('BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'); END IF;
  -- Spanish DNI / NIE
  IF v ~ '^[XYZ0-9]\d{7}[A-Z]$' THEN
    RETURN substr('TRWAGMYFPDXBNJZSQVHLCKE', (translate(left(v, 1), 'XYZ', '012') || substr(v, 2, 7))::int % 23 + 1, 1) = right(v, 1);
  END IF;
  -- French NIR with key
  IF v ~ '^[12]\d{2}(0[1-9]|1[0-2])\d{8}\d{2}$' THEN RETURN 97 - left(v, 13)::bigint % 97 = right(v, 2)::int; END IF;
  -- Dutch BSN (11-proof)
  IF v ~ '^\d{9}$' THEN
    t := 0; FOR i IN 1 .. 8 LOOP t := t + substr(v, i, 1)::int * (10 - i); END LOOP;
    RETURN (t - right(v, 1)::int) % 11 = 0;
  END IF;
  -- Italian codice fiscale
  IF v ~ '^[A-Z]{6}\d{2}[ABCDEHLMPRST]\d{2}[A-Z]\d{3}[A-Z]$' THEN
    t := 0;
    FOR i IN 1 .. 15 LOOP
      ch := substr(v, i, 1);
      IF i % 2 = 1 THEN t := t + odd[CASE WHEN ch ~ '\d' THEN ch::int ELSE ascii(ch) - 65 END + 1];
      ELSE t := t + CASE WHEN ch ~ '\d' THEN ch::int ELSE ascii(ch) - 65 END; END IF;
    END LOOP;
    RETURN chr(65 + t % 26) = right(v, 1);
  END IF;
  -- German identity card number (9 characters + check digit, weights 7-3-1)
  IF v ~ '^[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}\d$' THEN
    t := 0;
    FOR i IN 1 .. 9 LOOP
      ch := substr(v, i, 1);
      t := t + (CASE WHEN ch ~ '\d' THEN ch::int ELSE ascii(ch) - 55 END) * (ARRAY[7,3,1])[(i - 1) % 3 + 1];
    END LOOP;
    RETURN t % 10 = right(v, 1)::int;
  END IF;
  RETURN false;
END $$;
CREATE FUNCTION pg_temp.phone_ok(s text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT d ~ '^\+1[2-9]\d{2}[2-9]\d{6}$' OR d ~ '^[2-9]\d{2}[2-9]\d{6}$'
      OR d ~ '^(\+44|0)(7[4-9]\d{8}|20[378]\d{7})$'
      OR d ~ '^(\+49|0)(15\d{9}|1[67]\d{8,9}|(30|40|89|69)[2-9]\d{6,7}|(221|211|711|341|351|511)[2-9]\d{5,6})$'
      OR d ~ '^(\+33|0)[1-79]\d{8}$'
      OR d ~ '^\+34[6-9]\d{8}$' OR d ~ '^[6-9]\d{8}$'
      OR d ~ '^(\+39)?(3\d{9}|0\d{7,10})$'
      OR d ~ '^(\+31|0)(6[1-5]\d{7}|[1-57]0[2-9]\d{6})$'
      OR d ~ '^\+324[5-9]\d{7}$'
  FROM (SELECT regexp_replace(s, '[ ./()-]', '', 'g') AS d) x $$;
CREATE FUNCTION pg_temp.ip_ok(s text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
  RETURN masklen(s::inet) = CASE family(s::inet) WHEN 4 THEN 32 ELSE 128 END;
EXCEPTION WHEN others THEN RETURN false;
END $$;
CREATE FUNCTION pg_temp.date_ok(s text) RETURNS date LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN s::date;
EXCEPTION WHEN others THEN RETURN NULL;
END $$;
CREATE FUNCTION pg_temp.entropy(s text) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
  SELECT -sum(p * log(2, p::numeric))::float8 FROM (
    SELECT count(*)::float8 / length(s) AS p FROM regexp_split_to_table(s, '') ch GROUP BY ch) x $$;
CREATE FUNCTION pg_temp.jwt_ok(s text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE h text := split_part(s, '.', 1);
BEGIN
  IF s !~ '^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$' THEN RETURN false; END IF;
  h := translate(h, '-_', '+/'); h := h || repeat('=', (4 - length(h) % 4) % 4);
  RETURN convert_from(decode(h, 'base64'), 'UTF8')::jsonb ? 'alg';
EXCEPTION WHEN others THEN RETURN false;
END $$;

CREATE FUNCTION pg_temp.valid(category text, v text, col text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
  RETURN CASE category
    WHEN 'email' THEN v ~ '^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$'
    WHEN 'phone' THEN pg_temp.phone_ok(v)
    WHEN 'credit_card' THEN pg_temp.card_ok(v)
    WHEN 'iban' THEN pg_temp.iban_ok(v)
    WHEN 'national_id' THEN pg_temp.national_id_ok(v)
    WHEN 'ip_address' THEN pg_temp.ip_ok(v)
    WHEN 'person_name' THEN v ~ '^[[:alpha:]][[:alpha:]'' .,-]*[[:alpha:]]$' AND v !~ '\d'
    WHEN 'street_address' THEN v ~ '[[:alpha:]]{3}' AND v ~ '\d' AND v !~ '@'
    WHEN 'postal_code' THEN v ~ '^(\d{5}(-\d{4})?|[1-9]\d{3} ?[A-Z]{2}|\d{4}|[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2})$'
    WHEN 'date_of_birth' THEN pg_temp.date_ok(v) BETWEEN date '1925-01-01' AND date '2020-12-31'   -- ages 5-100 on 2026-01-01
    WHEN 'password_hash' THEN v ~ '^\$2[aby]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{21}[.Oeu][./A-Za-z0-9]{31}$'
                           OR v ~ '^\$argon2(id|i|d)\$v=19\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$'
                           OR v ~ '^pbkdf2_sha256\$\d{5,7}\$[A-Za-z0-9]{12,}\$[A-Za-z0-9+/]{43}=$'
    WHEN 'secret' THEN pg_temp.jwt_ok(v) OR (length(v) >= 32 AND v !~ '\s' AND pg_temp.entropy(v) >= 3.4)
    WHEN 'geolocation' THEN CASE
      WHEN v ~ '^-?\d{1,3}(\.\d+)?$' THEN abs(v::numeric) <= CASE WHEN col ~ 'lat' THEN 90 ELSE 180 END
      ELSE v ~ '^(-?\d{1,2}\.\d{4,},-?\d{1,3}\.\d{4,})(;-?\d{1,2}\.\d{4,},-?\d{1,3}\.\d{4,})+$' END
    END;
END $$;

-- Every labelled column: share of its non-null values that pass (jsonb: documents where some
-- string inside passes). Each must be 100 %, or at least 70 % of the documents of a jsonb column.
CREATE TEMP TABLE validity (table_name text, column_name text, category text, n bigint, ok bigint);
DO $$
DECLARE l record; q text; n bigint; ok bigint;
BEGIN
  FOR l IN SELECT lb.*, c.type FROM labels lb JOIN cols c USING (table_name, column_name) WHERE category IS NOT NULL ORDER BY 1, 2 LOOP
    IF l.type = 'jsonb' THEN
      q := format('SELECT count(*), count(*) FILTER (WHERE EXISTS (SELECT FROM jsonb_path_query(%1$I, ''strict $.**'') j
                     WHERE jsonb_typeof(j) = ''string'' AND pg_temp.valid(%2$L, j #>> ''{}'', %1$L))) FROM classify_holdout.%3$I WHERE %1$I IS NOT NULL',
                  l.column_name, l.category, l.table_name);
    ELSE
      q := format('SELECT count(*), count(*) FILTER (WHERE pg_temp.valid(%2$L, %1$I::text, %1$L)) FROM classify_holdout.%3$I WHERE %1$I IS NOT NULL',
                  l.column_name, l.category, l.table_name);
    END IF;
    EXECUTE q INTO n, ok;
    INSERT INTO validity VALUES (l.table_name, l.column_name, l.category, n, ok);
  END LOOP;
END $$;
INSERT INTO failures SELECT format('%s.%s (%s): %s of %s values pass the validator', table_name, column_name, category, ok, n)
  FROM validity v JOIN cols c USING (table_name, column_name)
  WHERE ok < CASE WHEN c.type = 'jsonb' THEN 0.7 * n ELSE n END;

------------------------------------------------------------------------------------------------
-- Shape and tricky negatives
------------------------------------------------------------------------------------------------
CREATE TEMP TABLE row_counts (table_name text, n bigint);
DO $$
DECLARE t text; n bigint;
BEGIN
  FOR t IN SELECT DISTINCT table_name FROM cols LOOP
    EXECUTE format('SELECT count(*) FROM classify_holdout.%I', t) INTO n;
    INSERT INTO row_counts VALUES (t, n);
  END LOOP;
END $$;
INSERT INTO failures SELECT 'fewer than 20 tables' WHERE (SELECT count(DISTINCT table_name) FROM cols) < 20;
INSERT INTO failures SELECT 'fewer than 200 columns' WHERE (SELECT count(*) FROM cols) < 200;
INSERT INTO failures SELECT 'no partitioned table' WHERE NOT EXISTS (SELECT FROM cols WHERE relkind = 'p');
INSERT INTO failures SELECT 'no empty table' WHERE NOT EXISTS (SELECT FROM row_counts WHERE n = 0);
INSERT INTO failures SELECT 'no table of about 100,000 rows' WHERE NOT EXISTS (SELECT FROM row_counts WHERE n BETWEEN 90000 AND 110000);
INSERT INTO failures SELECT 'table size out of 200-3000: ' || table_name || ' ' || n FROM row_counts
  WHERE n <> 0 AND n NOT BETWEEN 90000 AND 110000 AND n NOT BETWEEN 200 AND 3000;
INSERT INTO failures SELECT 'negatives below 40 %' WHERE (SELECT avg((category IS NULL)::int) FROM labels) < 0.4;

CREATE TEMP TABLE tricky (what text, value numeric, lo numeric, hi numeric);
INSERT INTO tricky VALUES
  ('event_tickets.barcode: share passing Luhn (16 digits, Visa prefix)', (SELECT avg(pg_temp.luhn_ok(barcode)::int) FROM classify_holdout.event_tickets), 0.05, 0.15),
  ('marketplace_orders.order_id: share passing Luhn (16 digits, 51-55)', (SELECT avg(pg_temp.card_ok(order_id)::int) FROM classify_holdout.marketplace_orders), 0.05, 0.15),
  ('donations.psp_reference: share passing Luhn', (SELECT avg(pg_temp.luhn_ok(psp_reference)::int) FROM classify_holdout.donations), 0.05, 0.15),
  ('flight_bookings.ticket_number: share passing Luhn', (SELECT avg(pg_temp.luhn_ok(ticket_number)::int) FROM classify_holdout.flight_bookings), 0.05, 0.15),
  ('uitleningen.lenerspasnummer: share passing Luhn (14 digits)', (SELECT avg(pg_temp.luhn_ok(lenerspasnummer)::int) FROM classify_holdout.uitleningen), 1, 1),
  ('donations.masked_pan: values that are valid card numbers', (SELECT count(*) FILTER (WHERE pg_temp.card_ok(masked_pan)) FROM classify_holdout.donations), 0, 0),
  ('flight_bookings.card_masked: values that are valid card numbers', (SELECT count(*) FILTER (WHERE pg_temp.card_ok(card_masked)) FROM classify_holdout.flight_bookings), 0, 0),
  ('donateurs.ics: SEPA creditor ids with valid mod-97', (SELECT avg((pg_temp.mod97(substr(ics, 8) || left(ics, 4)) = 1)::int) FROM classify_holdout.donateurs), 1, 1),
  ('iot_devices.firmware_version: share parsing as IPv4', (SELECT avg(pg_temp.ip_ok(firmware_version)::int) FROM classify_holdout.iot_devices), 0.4, 0.6),
  ('firmware_releases.version: share parsing as IPv4', (SELECT avg(pg_temp.ip_ok(version)::int) FROM classify_holdout.firmware_releases), 0.4, 0.6),
  ('uitleningen.isbn: valid ISBN-13', (SELECT avg(((SELECT sum(substr(isbn, i, 1)::int * (1 + 2 * ((i + 1) % 2))) % 10 = 0 FROM generate_series(1, 13) i))::int) FROM classify_holdout.uitleningen), 1, 1),
  ('marketplace_orders.ean: valid EAN-13', (SELECT avg(((SELECT sum(substr(ean, i, 1)::int * (1 + 2 * ((i + 1) % 2))) % 10 = 0 FROM generate_series(1, 13) i))::int) FROM classify_holdout.marketplace_orders), 1, 1),
  ('rezepte.pzn: valid PZN check digit', (SELECT avg(((SELECT sum(substr(pzn, i, 1)::int * i) % 11 FROM generate_series(1, 7) i) = right(pzn, 1)::int)::int) FROM classify_holdout.rezepte WHERE pzn IS NOT NULL), 1, 1),
  ('vet_patients.birth_date (pets): max age in years', (SELECT max(extract(year FROM age(date '2026-01-01', birth_date))) FROM classify_holdout.vet_patients), 0, 20),
  ('hotel_reservations.special_requests: rows with an e-mail', (SELECT count(*) FILTER (WHERE special_requests ~ '@') FROM classify_holdout.hotel_reservations), 1, 3),
  ('insurance_claims.description: rows with an e-mail', (SELECT count(*) FILTER (WHERE description ~ '@') FROM classify_holdout.insurance_claims), 1, 3),
  ('property_listings.description: rows with an e-mail', (SELECT count(*) FILTER (WHERE description ~ '@') FROM classify_holdout.property_listings), 1, 2),
  ('dating_profiles.bio: rows with an e-mail', (SELECT count(*) FILTER (WHERE bio ~ '@') FROM classify_holdout.dating_profiles), 1, 2),
  ('dating_messages.body: rows with an e-mail', (SELECT count(*) FILTER (WHERE body ~ '@') FROM classify_holdout.dating_messages), 1, 3),
  ('event_tickets.buyer_hash: sha256 hex', (SELECT avg((buyer_hash ~ '^[0-9a-f]{64}$')::int) FROM classify_holdout.event_tickets), 1, 1),
  ('hotel_reservations.rate_plan_code: 5-digit integers', (SELECT avg((rate_plan_code BETWEEN 10000 AND 99999)::int) FROM classify_holdout.hotel_reservations), 1, 1),
  ('parking_fines.officer_badge: 5-digit integers', (SELECT avg((officer_badge BETWEEN 10000 AND 99999)::int) FROM classify_holdout.parking_fines), 1, 1),
  ('dating_profiles.info: documents with a phone key', (SELECT avg((info ? 'phone')::int) FROM classify_holdout.dating_profiles), 0.7, 0.8);
INSERT INTO failures SELECT 'tricky negative off: ' || what || ' = ' || round(value, 3) FROM tricky WHERE value IS NULL OR value NOT BETWEEN lo AND hi;

------------------------------------------------------------------------------------------------
-- Report
------------------------------------------------------------------------------------------------
\echo
SELECT count(DISTINCT table_name) AS tables, count(DISTINCT table_name) FILTER (WHERE relkind = 'p') AS partitioned_tables,
       count(*) AS columns, (SELECT count(*) FROM labels WHERE category IS NOT NULL) AS positives,
       (SELECT count(*) FROM labels WHERE category IS NULL) AS negatives,
       (SELECT round(100 * avg((category IS NULL)::int), 1) FROM labels) AS negatives_pct,
       (SELECT sum(n) FROM row_counts) AS rows_total, (SELECT count(*) FROM row_counts WHERE n = 0) AS empty_tables
FROM cols;
SELECT category, count(*) AS columns, sum(n) AS values_checked, round(100.0 * sum(ok) / nullif(sum(n), 0), 1) AS pct_valid
FROM validity GROUP BY category ORDER BY count(*) DESC, category;
SELECT what, round(value, 3) AS value FROM tricky;
SELECT msg AS failure FROM failures;
DO $$ BEGIN
  IF EXISTS (SELECT FROM failures) THEN RAISE EXCEPTION '% check(s) failed', (SELECT count(*) FROM failures); END IF;
END $$;
\echo all checks passed
SQL
