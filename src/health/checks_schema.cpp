// Health checks on the schema and its storage: tables, indexes, sequences, constraints.
// Rules that keep them light on catalogs of 100,000 relations: never call a function that opens
// a relation (pg_relation_size, pg_get_indexdef) on every row, only on the rows reported; read
// statistics with pg_stat_get_*(oid) rather than the pg_stat_* views; join by OID, not by name;
// estimate sizes from relpages.
#include "common/cpp_only.hpp"  // first: this file must not see PostgreSQL headers
#include "health/checks.hpp"

namespace steward::health {
namespace {

// Relations in user schemas; the alias of pg_namespace must be `n`.
#define USER_SCHEMA                                                                   \
  " n.nspname NOT IN ('pg_catalog', 'information_schema') "                           \
  " AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)' "

#define BLOCK_SIZE " current_setting('block_size')::float8 "

// The findings of a bloat estimate: a CTE `estimate` with nspname, relname, relpages and
// expected_pages gives one row per relation larger than it needs to be, valued in MB.
#define BLOAT_FINDINGS                                                                         \
  " SELECT format('%I.%I', nspname, relname), "                                               \
  "        (relpages - expected_pages) * " BLOCK_SIZE " / 1048576, NULL, "                     \
  "        round(100.0 * (relpages - expected_pages) / relpages)::text, "                      \
  "        pg_size_pretty((relpages * " BLOCK_SIZE ")::bigint), "                              \
  "        pg_size_pretty((expected_pages * " BLOCK_SIZE ")::bigint), "                        \
  "        format('%I.%I', nspname, relname) "                                                 \
  "   FROM estimate WHERE relpages > expected_pages"

// Estimated rows of the table `c` (pg_class): the larger of the statistics' live rows and
// reltuples; for a partitioned table, the sum over its leaf partitions at every depth, because
// autovacuum never analyzes the partitioned table itself.
#define ESTIMATED_ROWS                                                                          \
  "CASE WHEN c.relkind = 'p' "                                                                  \
  "     THEN (WITH RECURSIVE tree(relid) AS ( "                                                 \
  "                  SELECT i.inhrelid FROM pg_catalog.pg_inherits i WHERE i.inhparent = c.oid " \
  "                  UNION ALL "                                                                \
  "                  SELECT i.inhrelid FROM pg_catalog.pg_inherits i "                          \
  "                    JOIN tree ON i.inhparent = tree.relid) "                                 \
  "           SELECT coalesce(sum(greatest(pg_stat_get_live_tuples(pk.oid), pk.reltuples, 0)), 0) " \
  "             FROM tree JOIN pg_catalog.pg_class pk ON pk.oid = tree.relid "                 \
  "            WHERE pk.relkind <> 'p') "                                                       \
  "     ELSE greatest(pg_stat_get_live_tuples(c.oid), c.reltuples, 0) END"

// Age of the oldest transaction ID or multixact ID of each table (with its TOAST table) and of
// each other database, as a share of 2^31: AGE is age or mxid_age, RELATION_COLUMN and
// DATABASE_COLUMN the pg_class and pg_database columns it reads.
#define WRAPAROUND_QUERY(AGE, RELATION_COLUMN, DATABASE_COLUMN)                                  \
  "SELECT format('%I.%I', n.nspname, c.relname), 100.0 * x.age / 2147483648, NULL, x.age::text, " \
  "       'table', format('VACUUM (FREEZE, VERBOSE) %I.%I;', n.nspname, c.relname) "            \
  "  FROM pg_catalog.pg_class c "                                                              \
  "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "                                \
  "  LEFT JOIN pg_catalog.pg_class t ON t.oid = c.reltoastrelid "                              \
  " CROSS JOIN LATERAL (SELECT greatest(" AGE "(c." RELATION_COLUMN "), "                       \
  "                                     coalesce(" AGE "(t." RELATION_COLUMN "), 0)) AS age) x " \
  " WHERE c.relkind IN ('r', 'm') AND c.relpersistence <> 't' "                                \
  "UNION ALL "                                                                                 \
  "SELECT format('database %I', datname), 100.0 * " AGE "(" DATABASE_COLUMN ") / 2147483648, " \
  "       NULL, " AGE "(" DATABASE_COLUMN ")::text, 'database', "                               \
  "       format('connect to database %I and run VACUUM (FREEZE, VERBOSE);', datname) "        \
  "  FROM pg_catalog.pg_database WHERE datname <> current_database()"

const std::vector<CheckDefinition> kChecks = {
    {"xid_wraparound", WRAPAROUND_QUERY("age", "relfrozenxid", "datfrozenxid"),
     "oldest unfrozen transaction ID of the %2% is %1% transactions old; at 2^31 PostgreSQL "
     "stops accepting writes to avoid wraparound",
     "%3% (also look for long transactions, prepared transactions and replication slots that "
     "hold back the xmin horizon)",
     "every table's transaction ID age is below the warning level", Requirement::kNone},
    {"multixact_wraparound", WRAPAROUND_QUERY("mxid_age", "relminmxid", "datminmxid"),
     "oldest multixact ID of the %2% is %1% multixacts old; at 2^31 PostgreSQL stops accepting "
     "writes",
     "%3%", "every table's multixact age is below the warning level", Requirement::kNone},
    {"autovacuum_lag",
     R"(SELECT format('%I.%I', n.nspname, c.relname), 100.0 * d.dead / v.trigger_point, NULL,
               d.dead::text, round(v.trigger_point)::text,
               coalesce(greatest(pg_stat_get_last_vacuum_time(c.oid),
                                 pg_stat_get_last_autovacuum_time(c.oid))::text, 'never'),
               CASE WHEN v.enabled THEN '' ELSE ' (autovacuum is disabled on this table)' END,
               format('%I.%I', n.nspname, c.relname)
          FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         CROSS JOIN LATERAL (SELECT pg_stat_get_dead_tuples(c.oid) AS dead) d
         CROSS JOIN LATERAL (
               SELECT coalesce(o.threshold, current_setting('autovacuum_vacuum_threshold')::float8)
                      + coalesce(o.scale, current_setting('autovacuum_vacuum_scale_factor')::float8)
                        * greatest(c.reltuples, 0) AS trigger_point,
                      coalesce(o.enabled, true) AS enabled
                 FROM (SELECT max(option_value) FILTER (WHERE option_name = 'autovacuum_vacuum_threshold')::float8 AS threshold,
                              max(option_value) FILTER (WHERE option_name = 'autovacuum_vacuum_scale_factor')::float8 AS scale,
                              max(option_value) FILTER (WHERE option_name = 'autovacuum_enabled')::boolean AS enabled
                         FROM pg_options_to_table(c.reloptions)) o) v
         WHERE c.relkind IN ('r', 'm') AND d.dead > 0 AND )" USER_SCHEMA,
     "%1% dead rows, beyond the %2% at which autovacuum should have started; last vacuum: "
     "%3%%4%",
     "VACUUM (VERBOSE, ANALYZE) %5%; if autovacuum keeps falling behind, lower "
     "autovacuum_vacuum_scale_factor for this table and look for long transactions",
     "no table has more dead rows than autovacuum should allow", Requirement::kNone},
    {"stale_statistics",
     R"(SELECT format('%I.%I', n.nspname, c.relname),
               100.0 * m.modified / (coalesce(o.threshold, current_setting('autovacuum_analyze_threshold')::float8)
                 + coalesce(o.scale, current_setting('autovacuum_analyze_scale_factor')::float8)
                   * greatest(c.reltuples, 0)), NULL,
               m.modified::text, greatest(c.reltuples, 0)::bigint::text, m.analyzed::text,
               format('%I.%I', n.nspname, c.relname)
          FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         CROSS JOIN LATERAL (SELECT pg_stat_get_mod_since_analyze(c.oid) AS modified,
                                    greatest(pg_stat_get_last_analyze_time(c.oid),
                                             pg_stat_get_last_autoanalyze_time(c.oid)) AS analyzed) m
         CROSS JOIN LATERAL (
               SELECT max(option_value) FILTER (WHERE option_name = 'autovacuum_analyze_threshold')::float8 AS threshold,
                      max(option_value) FILTER (WHERE option_name = 'autovacuum_analyze_scale_factor')::float8 AS scale
                 FROM pg_options_to_table(c.reloptions)) o
         WHERE c.relkind IN ('r', 'm') AND m.analyzed IS NOT NULL AND m.modified > 0
           AND )" USER_SCHEMA,
     "%1% rows changed since the last ANALYZE (%3%), on a table of about %2% rows: the planner "
     "works from outdated statistics",
     "ANALYZE %4%;", "every table's statistics are fresh enough", Requirement::kNone},
    {"never_analyzed",
     R"(SELECT format('%I.%I', n.nspname, c.relname), r.estimate, NULL,
               r.estimate::bigint::text,
               CASE c.relkind WHEN 'p' THEN ' (autovacuum never analyzes a partitioned table itself)' ELSE '' END,
               format('%I.%I', n.nspname, c.relname)
          FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         CROSS JOIN LATERAL (SELECT )" ESTIMATED_ROWS R"( AS estimate) r
         WHERE c.relkind IN ('r', 'm', 'p') AND c.relpersistence <> 't'
           AND pg_stat_get_last_analyze_time(c.oid) IS NULL
           AND pg_stat_get_last_autoanalyze_time(c.oid) IS NULL AND )" USER_SCHEMA,
     "about %1% rows and no statistics at all%2%: the planner guesses",
     "ANALYZE %3%;", "every table with rows has been analyzed", Requirement::kNone},
    {"table_bloat",
     R"(WITH stats AS (
          SELECT relid, sum((1 - null_fraction) * average_width) AS data_width,
                 bool_or(null_fraction > 0) AS has_nulls, count(*) AS columns_with_statistics
            FROM steward.column_statistics() GROUP BY relid),
        tables AS (
          SELECT c.oid, n.nspname, c.relname, c.relpages, greatest(c.reltuples, 0) AS reltuples,
                 (SELECT count(*) FROM pg_catalog.pg_attribute a
                   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS live_columns,
                 (SELECT count(*) FROM pg_catalog.pg_attribute a
                   WHERE a.attrelid = c.oid AND a.attnum > 0) AS all_columns,
                 coalesce((SELECT option_value::int FROM pg_options_to_table(c.reloptions)
                            WHERE option_name = 'fillfactor'), 100) AS fill_factor
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind IN ('r', 'm') AND c.relpages > 1 AND c.reltuples >= 0 AND )" USER_SCHEMA R"(),
        estimate AS (
          SELECT t.*, ceil(t.reltuples / greatest(1, floor(((current_setting('block_size')::int - 24) * t.fill_factor / 100.0)
                   / (ceil((ceil((23 + CASE WHEN s.has_nulls OR t.all_columns > t.live_columns
                                            THEN ceil(t.all_columns / 8.0) ELSE 0 END) / 8.0) * 8
                            + s.data_width) / 8.0) * 8 + 4))))
                   AS expected_pages
            FROM tables t JOIN stats s ON s.relid = t.oid AND s.columns_with_statistics = t.live_columns))"
     BLOAT_FINDINGS,
     "about %1% %% of the table is free space: %2% on disk where its rows need about %3% "
     "(estimated from pg_class.relpages and column statistics)",
     "Compact it online with pg_repack or pg_squeeze, or with VACUUM (FULL, VERBOSE) %4%; which "
     "takes an ACCESS EXCLUSIVE lock; then tune autovacuum so the space is reused",
     "no table wastes more space than the warning level", Requirement::kNone},
    {"index_bloat",
     R"(WITH stats AS MATERIALIZED (SELECT * FROM steward.column_statistics()),
        keys AS (
          SELECT x.indexrelid, x.indrelid, k.attnum, k.position
            FROM pg_catalog.pg_index x
            JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = i.relnamespace
           CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
           WHERE i.relam = 403 AND i.relkind = 'i' AND i.relpages > 1 AND x.indisvalid AND )" USER_SCHEMA R"(),
        widths AS (
          SELECT k.indexrelid, count(*) AS key_columns,
                 count(coalesce(s1.average_width, s2.average_width)) AS with_statistics,
                 sum((1 - coalesce(s1.null_fraction, s2.null_fraction)) * coalesce(s1.average_width, s2.average_width)) AS data_width,
                 bool_or(coalesce(s1.null_fraction, s2.null_fraction) > 0) AS has_nulls
            FROM keys k
            LEFT JOIN stats s1 ON k.attnum <> 0 AND s1.relid = k.indrelid AND s1.attnum = k.attnum
            LEFT JOIN stats s2 ON k.attnum = 0 AND s2.relid = k.indexrelid AND s2.attnum = k.position
           GROUP BY k.indexrelid),
        estimate AS (
          SELECT i.oid, n.nspname, i.relname, i.relpages,
                 2 + ceil(greatest(i.reltuples, 0) / greatest(1, floor(((current_setting('block_size')::int - 24 - 16)
                       * coalesce((SELECT option_value::int FROM pg_options_to_table(i.reloptions) WHERE option_name = 'fillfactor'), 90) / 100.0)
                       / (ceil(((CASE WHEN w.has_nulls THEN 16 ELSE 8 END) + w.data_width) / 8.0) * 8 + 4)))) AS expected_pages
            FROM widths w
            JOIN pg_catalog.pg_class i ON i.oid = w.indexrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = i.relnamespace
           WHERE w.with_statistics = w.key_columns))"
     BLOAT_FINDINGS,
     "about %1% %% of the B-tree index is free space: %2% on disk where its entries need about "
     "%3% (estimated from relpages and column statistics)",
     "REINDEX INDEX CONCURRENTLY %4%;",
     "no B-tree index wastes more space than the warning level", Requirement::kNone},
    {"duplicate_indexes",
     R"(WITH candidates AS (
          SELECT x.indexrelid, x.indrelid, x.indnkeyatts, x.indnatts, x.indisunique, x.indisprimary,
                 x.indkey::int2[] AS columns, x.indclass::oid[] AS classes,
                 x.indcollation::oid[] AS collations, x.indoption::int2[] AS options,
                 regexp_replace(coalesce(x.indexprs::text, ''), ':location -?\d+', '', 'g') AS expressions,
                 regexp_replace(coalesce(x.indpred::text, ''), ':location -?\d+', '', 'g') AS predicate,
                 i.relam, i.relpages, i.relname, i.relkind, n.nspname, t.relname AS table_name,
                 c.conindid IS NOT NULL AS backs_constraint, c.own_constraint,
                 -- the index of a partition attached to a partitioned index cannot be dropped alone
                 i.relispartition AS attached
            FROM pg_catalog.pg_index x
            JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
            JOIN pg_catalog.pg_class t ON t.oid = x.indrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = i.relnamespace
            -- pg_constraint has no index on conindid: join it once, never probe it per index
            LEFT JOIN (SELECT conindid,
                              max(conname) FILTER (WHERE contype IN ('p', 'u', 'x')) AS own_constraint
                         FROM pg_catalog.pg_constraint WHERE conindid <> 0 GROUP BY conindid) c
                   ON c.conindid = x.indexrelid
           WHERE x.indisvalid AND )" USER_SCHEMA R"(
             AND x.indrelid IN (SELECT indrelid FROM pg_catalog.pg_index GROUP BY indrelid HAVING count(*) > 1)),
        found AS (
        SELECT DISTINCT ON (a.indexrelid)
               a.indexrelid AS covered, b.indexrelid AS covering,
               format('%I.%I', a.nspname, a.relname) AS object, a.relpages * )" BLOCK_SIZE R"( / 1048576 AS value,
               format('%I.%I', b.nspname, b.relname) AS covering_name,
               CASE WHEN a.indnkeyatts = b.indnkeyatts AND a.indnatts = b.indnatts
                    THEN 'is a duplicate of' ELSE 'is covered by' END AS relation,
               CASE WHEN a.own_constraint IS NOT NULL
                    THEN format('ALTER TABLE %I.%I DROP CONSTRAINT %I;', a.nspname, a.table_name, a.own_constraint)
                    WHEN a.relkind = 'I'
                    THEN format('DROP INDEX %I.%I;', a.nspname, a.relname)  -- CONCURRENTLY is refused
                    ELSE format('DROP INDEX CONCURRENTLY %I.%I;', a.nspname, a.relname) END AS fix
          FROM candidates a
          JOIN candidates b ON b.indrelid = a.indrelid AND b.indexrelid <> a.indexrelid AND b.relam = a.relam
         WHERE NOT a.attached AND a.indnkeyatts <= b.indnkeyatts
           AND a.columns[0:a.indnkeyatts - 1] = b.columns[0:a.indnkeyatts - 1]
           AND a.classes[0:a.indnkeyatts - 1] = b.classes[0:a.indnkeyatts - 1]
           AND a.collations[0:a.indnkeyatts - 1] = b.collations[0:a.indnkeyatts - 1]
           AND a.options[0:a.indnkeyatts - 1] = b.options[0:a.indnkeyatts - 1]
           AND a.columns <@ b.columns
           AND a.expressions = b.expressions AND a.predicate = b.predicate
           AND (a.relam = 403 OR a.indnkeyatts = b.indnkeyatts)
           AND CASE WHEN a.indnkeyatts = b.indnkeyatts AND a.indnatts = b.indnatts
                    THEN (a.backs_constraint::int * 4 + a.indisprimary::int * 2 + a.indisunique::int,
                          b.indexrelid) < ((b.backs_constraint OR b.attached)::int * 4 + b.indisprimary::int * 2 + b.indisunique::int,
                          a.indexrelid)
                    ELSE NOT a.indisunique AND NOT a.backs_constraint END
         ORDER BY a.indexrelid, b.indnkeyatts DESC),
        described AS (
          SELECT * FROM steward.index_columns(ARRAY(SELECT covered FROM found UNION SELECT covering FROM found)))
        SELECT f.object, f.value, NULL, f.covering_name, dc.columns, dg.columns, f.relation, f.fix
          FROM found f
          LEFT JOIN described dc ON dc.index_oid = f.covered
          LEFT JOIN described dg ON dg.index_oid = f.covering)",
     "%4% %1%: every lookup it serves on %2%, %1% serves on %3% too, while both are written on "
     "every change",
     "%5%", "no index duplicates or is covered by another",
     Requirement::kNone},
    {"unused_indexes",
     R"(SELECT format('%I.%I', n.nspname, i.relname), u.pages * )" BLOCK_SIZE R"( / 1048576, NULL,
               format('%I.%I', n.nspname, t.relname),
               coalesce((SELECT stats_reset::text FROM pg_catalog.pg_stat_database
                          WHERE datname = current_database()), 'statistics were never reset'),
               CASE i.relkind WHEN 'I' THEN format('DROP INDEX %I.%I;', n.nspname, i.relname)
                    ELSE format('DROP INDEX CONCURRENTLY %I.%I;', n.nspname, i.relname) END
          FROM pg_catalog.pg_index x
          JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
          JOIN pg_catalog.pg_class t ON t.oid = x.indrelid
          JOIN pg_catalog.pg_namespace n ON n.oid = i.relnamespace
         -- an index of a partitioned table is the sum of its partitions' indexes, at any depth
         CROSS JOIN LATERAL (
               SELECT CASE WHEN i.relkind = 'i' THEN ARRAY[pg_stat_get_numscans(i.oid), i.relpages]
                           ELSE (WITH RECURSIVE tree(oid) AS (
                                        SELECT h.inhrelid FROM pg_catalog.pg_inherits h WHERE h.inhparent = i.oid
                                        UNION ALL
                                        SELECT h.inhrelid FROM pg_catalog.pg_inherits h JOIN tree ON h.inhparent = tree.oid)
                                 SELECT ARRAY[coalesce(sum(pg_stat_get_numscans(p.oid)), 0), coalesce(sum(p.relpages), 0)]
                                   FROM tree JOIN pg_catalog.pg_class p ON p.oid = tree.oid
                                  WHERE p.relkind = 'i') END AS figures) f
         CROSS JOIN LATERAL (SELECT f.figures[1] AS scans, f.figures[2] AS pages) u
         WHERE i.relkind IN ('i', 'I') AND NOT i.relispartition AND x.indisvalid
           AND NOT x.indisunique AND NOT x.indisprimary
           AND u.scans = 0
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conindid = x.indexrelid)
           -- an index that serves a foreign key is needed whenever the referenced rows change
           AND NOT (x.indpred IS NULL AND EXISTS (
                    SELECT 1 FROM pg_catalog.pg_constraint fk
                     WHERE fk.contype = 'f' AND fk.conrelid = x.indrelid
                       AND (x.indkey::int2[])[0:cardinality(fk.conkey) - 1] @> fk.conkey
                       AND (x.indkey::int2[])[0:cardinality(fk.conkey) - 1] <@ fk.conkey))
           AND )" USER_SCHEMA,
     "index on %1% has not been scanned since statistics were last reset (%2%) but is written "
     "on every change (scans on standbys are not counted here)",
     "%3% (check the standbys first: they count their own scans)",
     "every index larger than the warning level has been used", Requirement::kNone},
    {"invalid_indexes",
     R"(SELECT format('%I.%I', n.nspname, i.relname), 1, NULL,
               format('%I.%I', n.nspname, t.relname), pg_catalog.pg_get_indexdef(x.indexrelid),
               CASE WHEN i.relkind = 'I'
                    THEN format('create the missing partition indexes and attach them: ALTER INDEX %I.%I ATTACH PARTITION <partition index>;', n.nspname, i.relname)
                    ELSE format('REINDEX INDEX CONCURRENTLY %I.%I; or, when the data prevents it (duplicates for a unique index), DROP INDEX CONCURRENTLY %I.%I; and fix the data first', n.nspname, i.relname, n.nspname, i.relname) END
          FROM pg_catalog.pg_index x
          JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
          JOIN pg_catalog.pg_class t ON t.oid = x.indrelid
          JOIN pg_catalog.pg_namespace n ON n.oid = i.relnamespace
         WHERE NOT x.indisvalid
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_progress_create_index p
                            WHERE p.index_relid = x.indexrelid)
           AND )" USER_SCHEMA,
     "index on %1% is invalid (a failed CREATE INDEX CONCURRENTLY or REINDEX leaves one): the "
     "planner ignores it but every write still maintains it. %2%",
     "%3%", "no index is invalid", Requirement::kNone},
    {"missing_primary_keys",
     R"(SELECT format('%I.%I', n.nspname, c.relname), 1, NULL,
               CASE c.relkind WHEN 'p' THEN 'partitioned table' ELSE 'table' END,
               coalesce(
                 (SELECT format('ALTER TABLE %I.%I ADD CONSTRAINT %I PRIMARY KEY USING INDEX %I;',
                                n.nspname, c.relname, ui.relname, ui.relname)
                    FROM pg_catalog.pg_index x
                    JOIN pg_catalog.pg_class ui ON ui.oid = x.indexrelid
                   -- what ADD PRIMARY KEY USING INDEX accepts: not already a constraint's index,
                   -- immediate, default sort order, no expression, predicate or NULLS NOT DISTINCT
                   WHERE c.relkind = 'r' AND x.indrelid = c.oid AND x.indisunique AND x.indisvalid
                     AND x.indimmediate AND NOT x.indnullsnotdistinct
                     AND x.indpred IS NULL AND x.indexprs IS NULL
                     AND x.indoption::int2[] <@ '{0}'::int2[]
                     AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k
                                      WHERE k.conindid = x.indexrelid AND k.contype IN ('p', 'u', 'x'))
                     AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                                      WHERE a.attrelid = c.oid AND a.attnum = ANY (x.indkey::int2[])
                                        AND NOT a.attnotnull)
                   ORDER BY x.indnatts LIMIT 1),
                 -- the primary key of a partitioned table must contain its partition key
                 (SELECT format('ALTER TABLE %I.%I ADD PRIMARY KEY (<columns that identify a row>, %s); (the primary key of a partitioned table must contain its partition key)',
                                n.nspname, c.relname, string_agg(quote_ident(a.attname), ', ' ORDER BY k.position))
                    FROM pg_catalog.pg_partitioned_table pt
                   CROSS JOIN LATERAL unnest(pt.partattrs::int2[]) WITH ORDINALITY AS k(attnum, position)
                    JOIN pg_catalog.pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = k.attnum
                   WHERE c.relkind = 'p' AND pt.partrelid = c.oid HAVING count(*) > 0),
                 format('ALTER TABLE %I.%I ADD PRIMARY KEY (<columns that identify a row>); or ALTER TABLE %I.%I ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;',
                        n.nspname, c.relname, n.nspname, c.relname))
          FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relpersistence <> 't'
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_index x WHERE x.indrelid = c.oid AND x.indisprimary)
           -- an extension's own tables are the extension's to change, not the DBA's
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                            AND d.objid = c.oid AND d.deptype = 'e')
           AND )" USER_SCHEMA,
     "%1% has no primary key: rows cannot be addressed reliably, logical replication cannot "
     "send its UPDATEs and DELETEs, and duplicates go unnoticed",
     "%2%", "every table has a primary key", Requirement::kNone},
    {"unindexed_foreign_keys",
     R"(SELECT format('%I.%I', n.nspname, c.relname), e.estimate, NULL,
               quote_ident(con.conname),
               -- in the select list: named only for the foreign keys that are reported
               (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY u.position)
                  FROM unnest(con.conkey) WITH ORDINALITY AS u(attnum, position)
                  JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = u.attnum),
               format('%I.%I', rn.nspname, r.relname),
               CASE c.relkind WHEN 'p' THEN 'CREATE INDEX ON' ELSE 'CREATE INDEX CONCURRENTLY ON' END,
               format('%I.%I', n.nspname, c.relname)
          FROM pg_catalog.pg_constraint con
          JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          JOIN pg_catalog.pg_class r ON r.oid = con.confrelid
          JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace
         CROSS JOIN LATERAL (SELECT )" ESTIMATED_ROWS R"( AS estimate) e
         WHERE con.contype = 'f' AND con.conparentid = 0
           AND NOT EXISTS (
               SELECT 1 FROM pg_catalog.pg_index x
                WHERE x.indrelid = con.conrelid AND x.indisvalid AND x.indpred IS NULL
                  AND (x.indkey::int2[])[0:cardinality(con.conkey) - 1] @> con.conkey
                  AND (x.indkey::int2[])[0:cardinality(con.conkey) - 1] <@ con.conkey)
           AND )" USER_SCHEMA,
     "foreign key %1% (%2%) references %3% but no index starts with its columns: every DELETE "
     "or key UPDATE on %3% scans this table, under lock",
     "%4% %5% (%2%);", "every foreign key has an index on its referencing columns",
     Requirement::kNone},
    {"sequence_exhaustion",
     R"(SELECT format('%I.%I', n.nspname, c.relname),
               CASE WHEN s.seqincrement > 0
                    THEN 100.0 * (v.last_value::numeric - s.seqmin) / nullif(s.seqmax::numeric - s.seqmin, 0)
                    ELSE 100.0 * (s.seqmax::numeric - v.last_value) / nullif(s.seqmax::numeric - s.seqmin, 0) END,
               NULL, v.last_value::text,
               (CASE WHEN s.seqincrement > 0 THEN s.seqmax ELSE s.seqmin END)::text,
               format_type(s.seqtypid, NULL),
               CASE WHEN s.seqtypid IN ('int2'::regtype, 'int4'::regtype)
                    THEN format('ALTER SEQUENCE %I.%I AS bigint; and widen the columns it feeds (see integer_overflow_risk)', n.nspname, c.relname)
                    ELSE format('ALTER SEQUENCE %I.%I MAXVALUE <higher limit>; or CYCLE if reusing values is safe', n.nspname, c.relname) END
          FROM pg_catalog.pg_sequence s
          JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          JOIN steward.sequence_values() v ON v.sequence_oid = s.seqrelid
         WHERE NOT s.seqcycle AND v.last_value IS NOT NULL AND )" USER_SCHEMA,
     "sequence of type %3% is at %1%, limit %2%: nextval() fails when it gets there",
     "%4%", "every sequence is below the warning level of its range", Requirement::kNone},
    {"integer_overflow_risk",
     R"(WITH feeds AS (
          SELECT d.objid AS sequence_oid, d.refobjid AS relid, d.refobjsubid AS attnum
            FROM pg_catalog.pg_depend d
            JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S'
           WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
             AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0
          UNION
          SELECT d.refobjid, ad.adrelid, ad.adnum
            FROM pg_catalog.pg_depend d
            JOIN pg_catalog.pg_attrdef ad ON ad.oid = d.objid
           WHERE d.classid = 'pg_catalog.pg_attrdef'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass)
        SELECT format('%I.%I.%I', n.nspname, c.relname, a.attname),
               100.0 * v.last_value / CASE a.atttypid WHEN 'int2'::regtype THEN 32767 ELSE 2147483647 END,
               NULL, format_type(a.atttypid, a.atttypmod), v.last_value::text,
               format('%I.%I', sn.nspname, sc.relname), format('%I.%I', n.nspname, c.relname),
               quote_ident(a.attname)
          FROM feeds f
          JOIN pg_catalog.pg_class sc ON sc.oid = f.sequence_oid AND sc.relkind = 'S'
          JOIN pg_catalog.pg_namespace sn ON sn.oid = sc.relnamespace
          JOIN pg_catalog.pg_class c ON c.oid = f.relid
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          JOIN pg_catalog.pg_attribute a ON a.attrelid = f.relid AND a.attnum = f.attnum
          JOIN steward.sequence_values() v ON v.sequence_oid = f.sequence_oid
         WHERE a.atttypid IN ('int2'::regtype, 'int4'::regtype) AND NOT a.attisdropped
           AND v.last_value IS NOT NULL
           -- a partition or child fed by its parent's sequence is widened with the parent
           AND (f.relid, f.sequence_oid) NOT IN (  -- a hashed subplan, built once
                 SELECT i.inhrelid, p.sequence_oid FROM pg_catalog.pg_inherits i JOIN feeds p ON p.relid = i.inhparent)
           AND )" USER_SCHEMA,
     "column of type %1% is fed by sequence %3%, now at %2%: inserts fail when it passes the "
     "type's maximum, even if the sequence itself could go on",
     "ALTER TABLE %4% ALTER COLUMN %5% TYPE bigint; (rewrites the table under an ACCESS "
     "EXCLUSIVE lock; on a large table add a bigint column, backfill it in batches and swap), "
     "and widen the foreign keys that reference it",
     "no integer column fed by a sequence is near its type's maximum", Requirement::kNone},
    {"unlogged_tables",
     R"(SELECT format('%I.%I', n.nspname, c.relname), 1, NULL,
               pg_size_pretty((c.relpages * )" BLOCK_SIZE R"()::bigint), format('%I.%I', n.nspname, c.relname)
          FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind IN ('r', 'p') AND c.relpersistence = 'u' AND )" USER_SCHEMA,
     "unlogged table (%1%): it is emptied after a crash and is not replicated to standbys",
     "If the data must survive a crash: ALTER TABLE %2% SET LOGGED; (rewrites the table)",
     "no table is unlogged", Requirement::kNone},
    {"not_valid_constraints",
     R"(SELECT format('%I.%I', n.nspname, c.relname), 1, NULL, quote_ident(con.conname),
               CASE con.contype WHEN 'f' THEN 'foreign key' WHEN 'c' THEN 'check' ELSE con.contype::text END,
               format('ALTER TABLE %I.%I VALIDATE CONSTRAINT %I;', n.nspname, c.relname, con.conname)
          FROM pg_catalog.pg_constraint con
          JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE NOT con.convalidated AND con.conparentid = 0 AND con.coninhcount = 0 AND )" USER_SCHEMA,
     "%2% constraint %1% was added NOT VALID: rows written before it may violate it, and the "
     "planner cannot rely on it",
     "%3% (takes a SHARE UPDATE EXCLUSIVE lock: writes continue)",
     "every constraint is validated", Requirement::kNone},
    {"disabled_triggers",
     R"(SELECT format('%I.%I', n.nspname, c.relname), 1,
               CASE WHEN t.tgisinternal THEN 'CRITICAL' END,
               quote_ident(t.tgname),
               CASE WHEN t.tgisinternal THEN 'internal trigger (it enforces a foreign key: referential integrity is not checked)'
                    ELSE 'trigger' END,
               CASE WHEN t.tgisinternal THEN format('ALTER TABLE %I.%I ENABLE TRIGGER ALL; then look for rows that violate the foreign keys', n.nspname, c.relname)
                    ELSE format('ALTER TABLE %I.%I ENABLE TRIGGER %I;', n.nspname, c.relname, t.tgname) END
          FROM pg_catalog.pg_trigger t
          JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE t.tgenabled = 'D' AND t.tgparentid = 0 AND )" USER_SCHEMA,
     "%2% %1% is disabled", "%3%", "no trigger is disabled", Requirement::kNone},
    {"integrity",
     R"(SELECT format('%I.%I', s.schema_name, s.relation_name), 1, 'CRITICAL', s.kind, s.detail,
               coalesce(s.corrupted_since::text, 'unknown'),
               CASE WHEN s.kind = 'btree index'
                    THEN format('REINDEX INDEX CONCURRENTLY %I.%I; (the index is rebuilt from the table: check the table first with SELECT * FROM steward.check_integrity(relations => ARRAY[%L::regclass]))', s.schema_name, s.relation_name, (SELECT format('%I.%I', n.nspname, t.relname) FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class t ON t.oid = x.indrelid JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace WHERE x.indexrelid = s.relation))
                    ELSE format('copy out what can still be read, restore %I.%I from a backup (steward.restore_backup into a new database) and compare; check the storage (dmesg, SMART) before trusting it again', s.schema_name, s.relation_name) END
          FROM steward.integrity_status s WHERE s.status = 'CORRUPTED')",
     "this %1% was found corrupted by amcheck (first on %3%): %2%",
     "%4% (see docs/integrity.md, \"When corruption is found\")",
     "no corruption found by steward.check_integrity() (steward.integrity_status says when each "
     "relation was last checked)",
     Requirement::kNone},
    {"failing_jobs",
     R"(SELECT format('job %s', j.name), f.failures, NULL, quote_literal(j.name), f.failures::text,
               coalesce(f.last_status, ''), coalesce(left(split_part(f.last_message, E'\n', 1), 300), ''), coalesce(f.last_at::text, '')
          FROM steward.job j
         CROSS JOIN LATERAL (
               SELECT count(*) AS failures,
                      (array_agg(r.status ORDER BY r.run_id DESC))[1] AS last_status,
                      (array_agg(r.message ORDER BY r.run_id DESC))[1] AS last_message,
                      max(r.finished_at) AS last_at
                 FROM steward.job_run r
                WHERE r.job_id = j.job_id AND r.status IN ('failed', 'timed_out')
                  AND r.run_id > coalesce((SELECT max(s.run_id) FROM steward.job_run s
                                            WHERE s.job_id = j.job_id AND s.status = 'succeeded'), 0)) f
         WHERE j.enabled AND f.failures > 0)",
     "job %1%: %2% failed runs since its last success (the last %3% at %5%): %4%",
     "SELECT * FROM steward.job_run WHERE job_name = %1% ORDER BY run_id DESC LIMIT 10; fix the "
     "cause, then SELECT status, message FROM steward.run_job(%1%);",
     "every enabled job's last run succeeded", Requirement::kNone},
    {"scheduler_not_running",
     R"(SELECT 'database ' || quote_ident(current_database()), 1, NULL
         WHERE 'pg_steward' = ANY (string_to_array(replace(current_setting('shared_preload_libraries'), ' ', ''), ','))
           AND current_setting('steward.run_scheduled_jobs', true) IS DISTINCT FROM 'off'
           AND NOT pg_catalog.pg_is_in_recovery()
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity
                            WHERE backend_type = 'pg_steward scheduler' AND datname = current_database()))",
     "no pg_steward scheduler runs in this database: scheduled jobs (snapshots, integrity "
     "checks, your jobs) do not run",
     "Look for \"pg_steward\" in the server log; check that max_worker_processes leaves a slot "
     "for the launcher, one scheduler per database with pg_steward and steward.max_job_workers "
     "job workers per database",
     "the scheduler runs (or pg_steward is not preloaded, or scheduled jobs are paused)",
     Requirement::kNone},
    {"backups",
     R"(WITH catalog AS (
             SELECT * FROM steward.backup_catalog
              WHERE removed_at IS NULL AND (kind = 'physical' OR database_name = pg_catalog.current_database())),
           good AS (
             SELECT * FROM catalog WHERE verify_status IS DISTINCT FROM 'FAILED' AND drill_status IS DISTINCT FROM 'FAILED'
              ORDER BY finished_at DESC LIMIT 1),
           drill AS (SELECT * FROM catalog WHERE drilled_at IS NOT NULL ORDER BY drilled_at DESC LIMIT 1),
           setting AS (SELECT pg_catalog.current_setting('steward.backup_max_age')::interval AS max_age,
                              pg_catalog.current_setting('steward.backup_directory') AS directory)
      SELECT 'database ' || quote_ident(pg_catalog.current_database()),
             extract(epoch FROM g.finished_at - g.started_at),
             CASE WHEN g.backup_id IS NULL OR g.finished_at < pg_catalog.now() - s.max_age
                       OR d.drill_status = 'FAILED' THEN 'WARNING' END,
             concat_ws('; ',
               CASE WHEN g.backup_id IS NULL THEN 'no good backup of this database exists'
                    ELSE format('the last good backup (%s %s, %s) finished %s ago and took %s s',
                                g.kind, g.backup_id, pg_catalog.pg_size_pretty(g.size_bytes),
                                date_trunc('second', pg_catalog.now() - g.finished_at),
                                round(extract(epoch FROM g.finished_at - g.started_at)::numeric, 1)) END,
               CASE WHEN g.finished_at < pg_catalog.now() - s.max_age
                    THEN format('that is more than steward.backup_max_age (%s)', s.max_age) END,
               CASE WHEN d.drill_status = 'FAILED'
                    THEN format('the last restore drill (backup %s, %s) failed: %s', d.backup_id, d.drilled_at, left(d.drill_detail, 300))
                    WHEN d.drill_status = 'OK'
                    THEN format('the last restore drill (backup %s) passed %s ago', d.backup_id, date_trunc('second', pg_catalog.now() - d.drilled_at))
                    ELSE 'no backup has been through a restore drill' END),
             CASE WHEN s.directory = ''
                  THEN 'steward.backup_directory is not set: ALTER SYSTEM SET steward.backup_directory = ''/var/lib/postgresql/backups''; SELECT pg_reload_conf(); then CALL steward.nightly_backup();'
                  ELSE 'CALL steward.nightly_backup(); and see why the job did not succeed: SELECT * FROM steward.job_run WHERE job_name = ''backup'' ORDER BY run_id DESC LIMIT 5;' END
        FROM setting s LEFT JOIN good g ON true LEFT JOIN drill d ON true)",
     "%1%", "%2% (see docs/backup.md)",
     "a good backup exists, younger than steward.backup_max_age, and its drill did not fail",
     Requirement::kNone, true},
    {"pitr_readiness",
     R"(WITH state AS (
             SELECT pg_catalog.current_setting('archive_mode') <> 'off' AS archiving,
                    pg_catalog.current_setting('archive_command') = '' AND pg_catalog.current_setting('archive_library') = '' AS no_command,
                    a.last_failed_time > coalesce(a.last_archived_time, '-infinity') AS failing,
                    a.last_archived_wal, a.last_archived_time, a.last_failed_wal, a.last_failed_time,
                    (SELECT max(b.finished_at) FROM steward.backup_catalog b
                      WHERE b.kind = 'physical' AND b.removed_at IS NULL AND b.drill_status IS DISTINCT FROM 'FAILED') AS base_backup
               FROM pg_catalog.pg_stat_archiver a),
           found AS (
             SELECT *, array_remove(ARRAY[
                    CASE WHEN NOT archiving THEN 'archive_mode is off: no WAL is kept for recovery' END,
                    CASE WHEN archiving AND no_command THEN 'archive_mode is on, but neither archive_command nor archive_library is set' END,
                    CASE WHEN failing THEN format('archiving fails: the last failure was for %s at %s', last_failed_wal, last_failed_time) END,
                    CASE WHEN archiving AND NOT failing AND last_archived_time IS NULL THEN 'no WAL file has been archived yet' END,
                    CASE WHEN base_backup IS NULL THEN 'steward.backup_catalog holds no physical backup to recover from (one taken by another tool is not seen here)' END],
                    NULL) AS problems
               FROM state)
      SELECT 'cluster', cardinality(problems),
             CASE WHEN archiving AND (no_command OR failing) THEN 'WARNING' END,
             CASE WHEN cardinality(problems) = 0
                  THEN format('point-in-time recovery is possible: WAL archived up to %s (%s), last physical backup %s',
                              last_archived_wal, last_archived_time, base_backup)
                  ELSE 'point-in-time recovery is not possible now: ' || array_to_string(problems, '; ') END
        FROM found)",
     "%1%",
     "Set archive_mode = on and an archive_command that copies WAL off this machine, take "
     "physical backups (steward.backup('physical')), and follow docs/backup.md, \"Point-in-time "
     "recovery\"",
     "point-in-time recovery is possible: WAL is archived and a physical backup exists",
     Requirement::kNone, true},
};

}  // namespace

const std::vector<CheckDefinition> &SchemaChecks() { return kChecks; }

}  // namespace steward::health
