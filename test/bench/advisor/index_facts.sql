-- Facts about the indexes a variant added (test/bench/advisor.sh): psql variable added is an oid
-- array literal such as '{16500,16501}'. One line per added index, tab-separated: oid, name
-- (without schema, as EXPLAIN shows it), table, size in bytes, valid (t/f), redundant (t/f), definition.
-- Redundant: its key columns (as pg_get_indexdef shows each one, expressions included) are a
-- leading prefix of the key columns of another index on the same table, added or existing, with
-- the same access method and the same predicate (none, or the same WHERE); of two added indexes
-- with the same key columns, the one created later is the redundant one. Unique indexes are
-- never redundant (they enforce something).
WITH idx AS (
  SELECT i.indexrelid, i.indrelid, am.amname, i.indisunique, i.indisvalid,
         coalesce(pg_get_expr(i.indpred, i.indrelid), '') AS pred,
         ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) k) AS keys,
         i.indexrelid = ANY (:'added'::oid[]) AS added
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_am am ON am.oid = c.relam
   WHERE i.indrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'shop'::regnamespace)
)
SELECT a.indexrelid, (SELECT relname FROM pg_class WHERE oid = a.indexrelid), a.indrelid::regclass, pg_relation_size(a.indexrelid),
       a.indisvalid,
       NOT a.indisunique AND EXISTS (
         SELECT 1 FROM idx b
          WHERE b.indrelid = a.indrelid AND b.indexrelid <> a.indexrelid AND b.indisvalid
            AND b.amname = a.amname AND b.pred = a.pred
            AND cardinality(b.keys) >= cardinality(a.keys)
            AND b.keys[1:cardinality(a.keys)] = a.keys
            AND (cardinality(b.keys) > cardinality(a.keys) OR NOT b.added OR b.indexrelid < a.indexrelid)),
       pg_get_indexdef(a.indexrelid)
  FROM idx a
 WHERE a.added
 ORDER BY a.indrelid::regclass::text, 2;
