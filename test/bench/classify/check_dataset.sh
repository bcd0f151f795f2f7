#!/usr/bin/env bash
# Checks the labelled benchmark of data classification (issue 4): loads dataset.sql into a
# throwaway cluster and verifies that
#   - schema classify_bench has >= 30 tables and >= 300 columns (ordinary and partitioned tables,
#     partitions excluded, dropped columns excluded), with a partitioned table, a dropped column,
#     a few empty tables and one table of 200,000 rows;
#   - labels.csv labels every such column exactly once, with nothing else, and only with the 13
#     categories (or empty for "not sensitive"); negatives are >= 40 % of the columns;
#   - the values agree with their labels (card numbers pass Luhn with an issuer prefix, IBANs pass
#     mod-97 with their country's length, national identifiers pass their own rules, birth dates
#     imply ages 18-90, and so on).
# Prints the counts and exits non-zero on any mismatch. Needs no build of pg_steward.
#
# Usage: test/bench/classify/check_dataset.sh [--port N]   (default port 5432, on a socket in a
#        temporary directory, so it does not clash with a server listening on TCP)
set -euo pipefail
cd "$(dirname "$0")/../../.."
source tools/common.sh

port=5432
while [ $# -gt 0 ]; do
  case $1 in
    --port) port=$2; shift ;;
    *) echo "unknown argument: $1 (see the usage at the top of $0)" >&2; exit 2 ;;
  esac
  shift
done

here=test/bench/classify
dir=$(mktemp -d "${TMPDIR:-/tmp}/classify_bench.XXXXXX")
cleanup() { steward_cluster_stop "$dir" || true; rm -rf "$dir"; }
trap cleanup EXIT

# The data set needs core PostgreSQL only: do not preload pg_steward (the later line wins).
steward_cluster_start "$dir" "$port" "shared_preload_libraries = ''"

steward_log "loading $here/dataset.sql"
start=$(date +%s)
psql -X -q -v ON_ERROR_STOP=1 -f "$here/dataset.sql" >/dev/null
echo "loaded in $(($(date +%s) - start)) s"

steward_log "checking"
psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
\pset footer off
CREATE TEMP TABLE labels (table_name text, column_name text, category text);
\copy labels FROM 'test/bench/classify/labels.csv' WITH (FORMAT csv, HEADER true)
UPDATE labels SET category = NULLIF(category, '');
CREATE TEMP TABLE problems (problem text);

CREATE TEMP VIEW cols AS
SELECT c.relname::text AS table_name, a.attname::text AS column_name, c.relkind::text AS relkind,
       format_type(a.atttypid, a.atttypmod) AS type
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE n.nspname = 'classify_bench' AND c.relkind IN ('r', 'p') AND NOT c.relispartition;

-- Labels against the catalog
INSERT INTO problems
SELECT format('column %s.%s has no label', table_name, column_name) FROM cols c
WHERE NOT EXISTS (SELECT FROM labels l WHERE (l.table_name, l.column_name) = (c.table_name, c.column_name));
INSERT INTO problems
SELECT format('label %s.%s names no column of classify_bench', table_name, column_name) FROM labels l
WHERE NOT EXISTS (SELECT FROM cols c WHERE (l.table_name, l.column_name) = (c.table_name, c.column_name));
INSERT INTO problems
SELECT format('column %s.%s is labelled %s times', table_name, column_name, count(*)) FROM labels
GROUP BY table_name, column_name HAVING count(*) > 1;
INSERT INTO problems
SELECT format('label %s.%s has an unknown category "%s"', table_name, column_name, category) FROM labels
WHERE category NOT IN ('email', 'phone', 'credit_card', 'iban', 'national_id', 'ip_address', 'person_name',
                       'street_address', 'postal_code', 'date_of_birth', 'password_hash', 'secret', 'geolocation');

-- Size and shape
INSERT INTO problems SELECT format('%s tables, fewer than 30', count(DISTINCT table_name)) FROM cols HAVING count(DISTINCT table_name) < 30;
INSERT INTO problems SELECT format('%s columns, fewer than 300', count(*)) FROM cols HAVING count(*) < 300;
INSERT INTO problems
SELECT format('negatives are %s%% of the labels, under 40%%', round(100.0 * count(*) FILTER (WHERE category IS NULL) / count(*), 1))
FROM labels HAVING count(*) FILTER (WHERE category IS NULL) < 0.4 * count(*);
INSERT INTO problems SELECT 'no partitioned table' WHERE NOT EXISTS (SELECT FROM cols WHERE relkind = 'p');
INSERT INTO problems SELECT 'no table with a dropped column'
WHERE NOT EXISTS (SELECT FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                  WHERE c.relnamespace = 'classify_bench'::regnamespace AND a.attisdropped);

CREATE FUNCTION pg_temp.row_count(t text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint; BEGIN EXECUTE format('SELECT count(*) FROM classify_bench.%I', t) INTO n; RETURN n; END $$;
CREATE TEMP TABLE row_counts AS SELECT table_name, pg_temp.row_count(table_name) AS n FROM (SELECT DISTINCT table_name FROM cols) t;
INSERT INTO problems SELECT 'fewer than 2 empty tables' FROM row_counts HAVING count(*) FILTER (WHERE n = 0) < 2;
INSERT INTO problems SELECT 'no table of 200,000 rows' FROM row_counts HAVING count(*) FILTER (WHERE n >= 200000) <> 1;

-- Validators of values (written independently of the generators in dataset.sql)
CREATE FUNCTION pg_temp.luhn_ok(d text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT sum(CASE WHEN i % 2 = 0 THEN (substr(reverse(d), i, 1)::int * 2) % 10 + (substr(reverse(d), i, 1)::int * 2) / 10
                  ELSE substr(reverse(d), i, 1)::int END) % 10 = 0
  FROM generate_series(1, length(d)) i $$;
CREATE FUNCTION pg_temp.ok_credit_card(v text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN d ~ '^(4\d{15}|5[1-5]\d{14}|2(22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)\d{12}|3[47]\d{13}|6011\d{12}|35(2[89]|[3-8]\d)\d{12})$'
              THEN pg_temp.luhn_ok(d) ELSE false END
  FROM (SELECT regexp_replace(v, '[ -]', '', 'g') AS d) x $$;
CREATE FUNCTION pg_temp.ok_iban(v text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN s ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]+$'
               AND length(s) = CASE left(s, 2) WHEN 'DE' THEN 22 WHEN 'FR' THEN 27 WHEN 'ES' THEN 24 WHEN 'GB' THEN 22
                                                WHEN 'NL' THEN 18 WHEN 'IT' THEN 27 WHEN 'AT' THEN 20 END
              THEN mod((SELECT string_agg(CASE WHEN ch ~ '[0-9]' THEN ch ELSE (ascii(ch) - 55)::text END, '' ORDER BY i)
                        FROM (SELECT i, substr(substr(s, 5) || left(s, 4), i, 1) AS ch FROM generate_series(1, length(s)) i) c)::numeric, 97) = 1
              ELSE false END
  FROM (SELECT upper(replace(v, ' ', '')) AS s) x $$;
CREATE FUNCTION pg_temp.ok_national_id(v text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE s text := upper(replace(v, ' ', '')); m text[]; p int := 10; x int;
BEGIN
  m := regexp_match(v, '^(\d{3})-?(\d{2})-?(\d{4})$');                                      -- US SSN
  IF m IS NOT NULL THEN
    RETURN m[1] NOT IN ('000', '666') AND m[1] < '900' AND m[2] <> '00' AND m[3] <> '0000';
  END IF;
  IF s ~ '^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$' THEN                          -- UK NINO
    RETURN left(s, 2) NOT IN ('BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ');
  END IF;
  IF s ~ '^[0-9]{8}[A-Z]$' THEN                                                              -- ES DNI
    RETURN substr('TRWAGMYFPDXBNJZSQVHLCKE', left(s, 8)::int % 23 + 1, 1) = right(s, 1);
  END IF;
  IF s ~ '^[XYZ][0-9]{7}[A-Z]$' THEN                                                         -- ES NIE
    RETURN substr('TRWAGMYFPDXBNJZSQVHLCKE', ((position(left(s, 1) IN 'XYZ') - 1) || substr(s, 2, 7))::int % 23 + 1, 1) = right(s, 1);
  END IF;
  IF s ~ '^[12][0-9]{4}[0-9]{2}[0-9]{8}$' AND substr(s, 4, 2)::int BETWEEN 1 AND 12 THEN    -- FR NIR
    RETURN 97 - left(s, 13)::bigint % 97 = right(s, 2)::int;
  END IF;
  IF s ~ '^[1-9][0-9]{10}$' THEN                                                             -- DE Steuer-ID
    FOR i IN 1..10 LOOP
      x := (substr(s, i, 1)::int + p) % 10; IF x = 0 THEN x := 10; END IF; p := (x * 2) % 11;
    END LOOP;
    RETURN (11 - p) % 10 = right(s, 1)::int;
  END IF;
  RETURN false;
END $$;
CREATE FUNCTION pg_temp.ok_email(v text) RETURNS boolean LANGUAGE sql IMMUTABLE
  AS $$ SELECT v ~* '[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}' $$;
CREATE FUNCTION pg_temp.ok_phone(v text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN v LIKE '{%' THEN v ~ '"\+[1-9][0-9]{7,14}"'
              ELSE v ~ '^(\+|\()?[0-9][0-9 ()/-]+$' AND length(regexp_replace(v, '\D', '', 'g')) BETWEEN 9 AND 15 END $$;
CREATE FUNCTION pg_temp.ok_ip_address(v text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN RETURN v::inet IS NOT NULL AND v ~ '^[0-9a-fA-F.:]+(/32|/128)?$'; EXCEPTION WHEN others THEN RETURN false; END $$;
CREATE FUNCTION pg_temp.ok_date_of_birth(v text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE d date;
BEGIN
  d := CASE WHEN v ~ '^\d{2}\.\d{2}\.\d{4}$' THEN to_date(v, 'DD.MM.YYYY') ELSE v::date END;
  RETURN extract(year FROM age(date '2026-01-01', d)) BETWEEN 18 AND 90;
EXCEPTION WHEN others THEN RETURN false;
END $$;
CREATE FUNCTION pg_temp.ok_geolocation(v text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE p point;
BEGIN
  IF v LIKE '(%' THEN p := v::point; RETURN p[0] BETWEEN -180 AND 180 AND p[1] BETWEEN -90 AND 90; END IF;
  RETURN v::float8 BETWEEN -180 AND 180;
EXCEPTION WHEN others THEN RETURN false;
END $$;
CREATE FUNCTION pg_temp.ok_password_hash(v text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT v ~ ('^(\$2[aby]\$[0-9]{2}\$[./A-Za-z0-9]{53}'
              '|\$argon2(id|i|d)\$v=19\$m=[0-9]+,t=[0-9]+,p=[0-9]+\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}'
              '|pbkdf2_sha256\$[0-9]+\$[A-Za-z0-9]+\$[A-Za-z0-9+/]{43}='
              '|\$scrypt\$ln=[0-9]+,r=[0-9]+,p=[0-9]+\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}'
              '|\$6\$[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{86})$') $$;
CREATE FUNCTION pg_temp.ok_secret(v text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT v ~ ('^-----BEGIN [A-Z ]*PRIV' || 'ATE KEY-----\n[A-Za-z0-9+/=\n]+\n-----END [A-Z ]*PRIV' || 'ATE KEY-----$')
      OR v ~ '^[A-Za-z0-9_./+=-]{20,}$' $$;
CREATE FUNCTION pg_temp.ok_person_name(v text) RETURNS boolean LANGUAGE sql IMMUTABLE
  AS $$ SELECT v ~ '^[[:alpha:]][[:alpha:] .''-]+$' $$;
CREATE FUNCTION pg_temp.ok_street_address(v text) RETURNS boolean LANGUAGE sql IMMUTABLE
  AS $$ SELECT v ~ '[0-9]' AND v ~ '[[:alpha:]]{2,}' $$;
CREATE FUNCTION pg_temp.ok_postal_code(v text) RETURNS boolean LANGUAGE sql IMMUTABLE
  AS $$ SELECT v ~ '^([0-9]{5}(-[0-9]{4})?|[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2})$' $$;

-- Share of the non-null values of a labelled column that its category's validator accepts. Free
-- text with e-mail addresses (crm_contacts.notes) holds one in most rows, not all: 80 % for e-mail,
-- every value for the rest.
CREATE FUNCTION pg_temp.share_valid(t text, c text, category text) RETURNS TABLE (valid bigint, total bigint) LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY EXECUTE format('SELECT count(*) FILTER (WHERE pg_temp.ok_%s(%I::text)), count(%I) FROM classify_bench.%I',
                              category, c, c, t);
END $$;
CREATE TEMP TABLE value_checks AS
SELECT l.table_name, l.column_name, l.category, s.valid, s.total
FROM labels l JOIN cols USING (table_name, column_name), pg_temp.share_valid(l.table_name, l.column_name, l.category) s
WHERE l.category IS NOT NULL;
INSERT INTO problems
SELECT format('%s.%s (%s): %s of %s values do not validate', table_name, column_name, category, total - valid, total)
FROM value_checks
WHERE valid < CASE category WHEN 'email' THEN 0.8 ELSE 1.0 END * total;

-- The tricky negatives are really there
CREATE TEMP TABLE tricky AS
SELECT 'shop_orders.order_number passing Luhn' AS what, count(*) FILTER (WHERE pg_temp.luhn_ok(order_number::text)) AS n FROM classify_bench.shop_orders
UNION ALL SELECT 'inventory_movements.serial_number shaped like a Visa number', count(*) FILTER (WHERE pg_temp.ok_credit_card(serial_number)) FROM classify_bench.inventory_movements
UNION ALL SELECT 'telecom_subscribers.imei passing Luhn', count(*) FILTER (WHERE pg_temp.luhn_ok(imei)) FROM classify_bench.telecom_subscribers
UNION ALL SELECT 'software_releases.assembly_version that parse as IPv4', count(*) FILTER (WHERE pg_temp.ok_ip_address(assembly_version)) FROM classify_bench.software_releases
UNION ALL SELECT 'shop_reviews.body mentioning an e-mail address', count(*) FILTER (WHERE pg_temp.ok_email(body)) FROM classify_bench.shop_reviews
UNION ALL SELECT 'support_tickets.body mentioning an e-mail address', count(*) FILTER (WHERE pg_temp.ok_email(body)) FROM classify_bench.support_tickets;
INSERT INTO problems SELECT format('tricky negative missing: %s', what) FROM tricky WHERE n = 0;

-- Report
\echo
SELECT count(DISTINCT table_name) AS tables,
       count(*) AS columns,
       count(*) FILTER (WHERE category IS NOT NULL) AS positives,
       count(*) FILTER (WHERE category IS NULL) AS negatives,
       round(100.0 * count(*) FILTER (WHERE category IS NULL) / count(*), 1) AS negatives_pct
FROM labels;
SELECT category, count(*) AS columns FROM labels WHERE category IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1;
SELECT count(*) FILTER (WHERE n = 0) AS empty_tables, count(*) FILTER (WHERE n BETWEEN 1 AND 3000) AS tables_up_to_3000_rows,
       max(n) AS largest_table_rows, sum(n) AS total_rows
FROM row_counts;
SELECT what AS tricky_negative, n AS rows FROM tricky;
SELECT problem AS "PROBLEMS" FROM problems ORDER BY 1;
SELECT count(*) AS problem_count, count(*) > 0 AS failed FROM problems \gset
\if :failed
  \echo FAILED: :problem_count problem(s)
  DO $$ BEGIN RAISE EXCEPTION 'the data set and its labels disagree'; END $$;
\else
  \echo OK: dataset and labels agree
\endif
SQL
