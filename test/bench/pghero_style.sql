-- What PgHero (github.com/ankane/pghero, lib/pghero/methods/*.rb) asks the server for its
-- Overview page (with ?extended=1), its Space page and its Index Bloat page, rewritten here as
-- plain SQL so that test/bench/check_health_catalog.sh can time it next to
-- steward.check_health(). The statements are ours; what they compute, and how (sizes from
-- pg_relation_size() and friends on every relation, statistics joined by schema, table and
-- column names through pg_stats, last values through pg_sequences), follows PgHero. Work that
-- PgHero does in Ruby on a result (duplicate indexes from the index listing) is done in SQL
-- over the same listing so that the server does the same amount of work, once.
--
-- Each statement starts with a line "-- query: NAME"; the benchmark times them one by one.

-- query: connection_states
SELECT state, count(*) AS connections
  FROM pg_stat_activity
 GROUP BY state ORDER BY 2 DESC, 1;

-- query: long_running_queries
SELECT pid, state, application_name, usename, backend_type, query,
       coalesce(query_start, xact_start) AS started_at,
       1000 * extract(epoch FROM now() - coalesce(query_start, xact_start)) AS duration_ms
  FROM pg_stat_activity
 WHERE state <> 'idle' AND pid <> pg_backend_pid() AND datname = current_database()
   AND now() - coalesce(query_start, xact_start) > interval '60 seconds'
 ORDER BY coalesce(query_start, xact_start) DESC;

-- query: replication_slots
SELECT slot_name, database, active FROM pg_replication_slots;

-- query: transaction_id_danger
-- Tables whose oldest unfrozen XID (table or TOAST table) is within 1.5 billion of the limit.
SELECT n.nspname AS schema, c.relname AS table_name,
       2146483648 - greatest(age(c.relfrozenxid), age(toast.relfrozenxid)) AS transactions_left
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_class toast ON toast.oid = c.reltoastrelid
 WHERE c.relkind = 'r'
   AND 2146483648 - greatest(age(c.relfrozenxid), age(toast.relfrozenxid)) < 1500000000
 ORDER BY 3, 1, 2;

-- query: sequence_columns
-- Every column fed by a sequence: owned (serial, identity) through pg_depend, otherwise any
-- column whose default, deparsed, starts with nextval.
WITH owned AS (
  SELECT d.refobjid AS table_oid, d.refobjsubid AS column_number, d.objid AS sequence_oid
    FROM pg_depend d
   WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
     AND d.objsubid = 0 AND d.deptype IN ('a', 'i')
     AND d.objid IN (SELECT oid FROM pg_class WHERE relkind = 'S'))
SELECT seq_ns.nspname AS sequence_schema, seq.relname AS sequence_name,
       n.nspname AS table_schema, c.relname AS table_name, a.attname AS column_name,
       format_type(a.atttypid, a.atttypmod) AS column_type,
       pg_get_expr(def.adbin, def.adrelid) AS default_value
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN owned o ON o.table_oid = a.attrelid AND o.column_number = a.attnum
  LEFT JOIN pg_class seq ON seq.oid = o.sequence_oid
  LEFT JOIN pg_namespace seq_ns ON seq_ns.oid = seq.relnamespace
  LEFT JOIN pg_attrdef def ON def.adrelid = a.attrelid AND def.adnum = a.attnum AND seq.oid IS NULL
 WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relpersistence <> 't'
   AND (seq.oid IS NOT NULL OR pg_get_expr(def.adbin, def.adrelid) LIKE 'nextval%');

-- query: sequence_privileges
SELECT n.nspname AS schema, c.relname AS sequence_name,
       has_sequence_privilege(c.oid, 'SELECT')
         AND (c.relpersistence <> 'u' OR NOT pg_is_in_recovery()) AS readable
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind = 'S' AND n.nspname NOT IN ('pg_catalog', 'information_schema');

-- query: sequence_last_values
-- pg_sequences reads the last value of every sequence: it opens each one.
SELECT schemaname, sequencename, coalesce(last_value, start_value) AS last_value
  FROM pg_sequences;

-- query: indexes_and_duplicates
-- The index listing of the Overview page (three pg_get_indexdef() per index; invalid indexes
-- are read from it too) and the duplicate search PgHero runs in Ruby over that listing: an
-- index whose column list is a prefix of another valid index of the same table, method,
-- expressions and predicate.
WITH listing AS (
  SELECT s.schemaname AS schema, t.relname AS table_name, ic.relname AS index_name,
         regexp_replace(pg_get_indexdef(x.indexrelid), '^[^(]*\((.*)\)$', '\1') AS column_text,
         regexp_replace(pg_get_indexdef(x.indexrelid), '.* USING ([^ ]*) \(.*', '\1') AS method,
         x.indisunique AS is_unique, x.indisprimary AS is_primary, x.indisvalid AS is_valid,
         x.indexprs::text AS expressions, x.indpred::text AS predicate,
         pg_get_indexdef(x.indexrelid) AS definition
    FROM pg_index x
    JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_class ic ON ic.oid = x.indexrelid
    LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = x.indexrelid
   WHERE s.schemaname IS NOT NULL),
parsed AS (
  SELECT l.*, string_to_array(replace(l.column_text, ') WHERE (', ' WHERE '), ', ') AS columns
    FROM listing l)
SELECT DISTINCT ON (p.schema, p.table_name, p.index_name)
       p.schema, p.table_name, p.index_name, p.definition, p.is_valid, p.columns,
       cover.index_name AS covered_by
  FROM parsed p
  LEFT JOIN parsed cover
         ON cover.schema = p.schema AND cover.table_name = p.table_name
        AND p.is_valid AND NOT p.is_primary AND NOT p.is_unique
        AND cover.is_valid AND cover.index_name <> p.index_name
        AND cover.columns[1:cardinality(p.columns)] = p.columns
        AND cover.method = p.method
        AND cover.expressions IS NOT DISTINCT FROM p.expressions
        AND cover.predicate IS NOT DISTINCT FROM p.predicate
        AND (cover.columns <> p.columns OR p.index_name > cover.index_name
             OR cover.is_primary OR cover.is_unique)
 ORDER BY p.schema, p.table_name, p.index_name, cover.index_name;

-- query: invalid_constraints
SELECT n.nspname AS schema, r.relname AS table_name, con.conname AS name,
       fn.nspname AS referenced_schema, f.relname AS referenced_table
  FROM pg_constraint con
  JOIN pg_class r ON r.oid = con.conrelid
  LEFT JOIN pg_class f ON f.oid = con.confrelid
  LEFT JOIN pg_namespace n ON n.oid = con.connamespace
  LEFT JOIN pg_namespace fn ON fn.oid = f.relnamespace
 WHERE NOT con.convalidated;

-- query: query_stats
WITH statements AS (
  SELECT left(s.query, 10000) AS query, s.queryid, r.rolname,
         s.total_plan_time + s.total_exec_time AS total_time, s.calls
    FROM pg_stat_statements s
    JOIN pg_database d ON d.oid = s.dbid
    JOIN pg_roles r ON r.oid = s.userid
   WHERE s.calls > 0 AND d.datname = current_database())
(SELECT query, queryid, rolname, total_time, calls FROM statements ORDER BY total_time DESC LIMIT 100)
UNION ALL
(SELECT NULL, NULL, NULL, sum(total_time), NULL FROM statements);

-- query: index_hit_rate
SELECT sum(idx_blks_hit) / nullif(sum(idx_blks_hit + idx_blks_read), 0) AS rate
  FROM pg_statio_user_indexes;

-- query: table_hit_rate
SELECT sum(heap_blks_hit) / nullif(sum(heap_blks_hit) + sum(heap_blks_read), 0) AS rate
  FROM pg_statio_user_tables;

-- query: unused_indexes
-- Non-unique indexes never scanned, largest first: pg_relation_size() on every index.
SELECT s.schemaname AS schema, s.relname AS table_name, s.indexrelname AS index_name,
       pg_relation_size(x.indexrelid) AS size_bytes, s.idx_scan
  FROM pg_stat_user_indexes s
  JOIN pg_index x ON x.indexrelid = s.indexrelid
 WHERE NOT x.indisunique AND s.idx_scan <= 0 AND pg_relation_size(x.indexrelid) >= 0
 ORDER BY pg_relation_size(x.indexrelid) DESC, s.relname;

-- query: database_size
SELECT pg_database_size(current_database());

-- query: relation_sizes
-- Space page: every table, materialized view and index with pg_table_size().
SELECT n.nspname AS schema, c.relname AS relation,
       CASE c.relkind WHEN 'r' THEN 'table' WHEN 'm' THEN 'matview' ELSE 'index' END AS kind,
       pg_table_size(c.oid) AS size_bytes
  FROM pg_class c
  LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'
   AND c.relkind IN ('r', 'm', 'i')
 ORDER BY pg_table_size(c.oid) DESC, 2;

-- query: table_sizes
-- Space page, tables only: pg_total_relation_size() (table, TOAST and every index).
SELECT n.nspname AS schema, c.relname AS table_name, pg_total_relation_size(c.oid) AS size_bytes
  FROM pg_class c
  LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'
   AND c.relkind = 'r'
 ORDER BY pg_total_relation_size(c.oid) DESC, 2;

-- query: index_bloat
-- Index Bloat page: the classic B-tree estimate. Column statistics come from pg_stats, matched
-- to pg_attribute by turning each row's schema and table names back into a regclass and
-- comparing column names; the table size comes from pg_relation_size().
WITH btree_columns AS (
  SELECT n.nspname, ic.relname AS index_name, ic.reltuples, ic.relpages, ic.relam,
         x.indrelid, x.indexrelid,
         regexp_split_to_table(x.indkey::text, ' ')::smallint AS attnum
    FROM pg_index x
    JOIN pg_class ic ON ic.oid = x.indexrelid
    JOIN pg_namespace n ON n.oid = ic.relnamespace
    JOIN pg_am am ON am.oid = ic.relam
   WHERE am.amname = 'btree'),
entry_widths AS (
  SELECT b.nspname, b.index_name, b.reltuples, b.relpages, b.relam, b.indrelid, b.indexrelid,
         (quote_ident(st.schemaname) || '.' || quote_ident(st.tablename))::regclass AS stats_table,
         current_setting('block_size')::numeric AS block_size,
         CASE WHEN max(coalesce(st.null_frac, 0)) = 0 THEN 2 ELSE 6 END AS tuple_header,
         sum((1 - coalesce(st.null_frac, 0)) * coalesce(st.avg_width, 2048)) AS data_width
    FROM pg_attribute a
    JOIN pg_stats st
      ON (quote_ident(st.schemaname) || '.' || quote_ident(st.tablename))::regclass = a.attrelid
     AND st.attname = a.attname
    JOIN btree_columns b ON b.indrelid = a.attrelid AND b.attnum = a.attnum
   WHERE a.attnum > 0
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9),
entry_sizes AS (
  SELECT e.*,
         (2 + 8 - CASE WHEN tuple_header % 8 = 0 THEN 8 ELSE tuple_header % 8 END
            + data_width + 8 - CASE WHEN data_width::int % 8 = 0 THEN 8 ELSE data_width::int % 8 END
         )::numeric AS entry_width
    FROM entry_widths e),
expected AS (
  SELECT s.*, coalesce(ceil(s.reltuples * (4 + s.entry_width) / (s.block_size - 24)) + 1, 0) AS expected_pages
    FROM entry_sizes s),
bloat AS (
  SELECT e.nspname, t.relname AS table_name, e.index_name, e.indexrelid,
         e.block_size * e.relpages AS index_bytes,
         CASE WHEN e.relpages <= e.expected_pages THEN 0
              ELSE e.block_size * (e.relpages - e.expected_pages) END AS wasted_bytes,
         pg_relation_size(e.indrelid) AS table_bytes, u.idx_scan
    FROM expected e
    JOIN pg_class t ON t.oid = e.indrelid
    JOIN pg_stat_user_indexes u ON u.indexrelid = e.indexrelid)
SELECT b.nspname AS schema, b.table_name, b.index_name, b.wasted_bytes, b.index_bytes,
       pg_get_indexdef(b.indexrelid) AS definition, x.indisprimary
  FROM bloat b
  JOIN pg_index x ON x.indexrelid = b.indexrelid
 WHERE b.wasted_bytes >= 104857600
 ORDER BY b.wasted_bytes DESC, b.index_name;
