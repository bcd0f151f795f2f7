-- Index advisor: hypothetical indexes in the planner (whatif), plans (explain_query). See
-- docs/index-advisor.md. These functions plan the caller's statements with the caller's
-- privileges and search_path: they are SECURITY INVOKER and do not pin search_path.

CREATE FUNCTION steward.whatif(query text, index_statements text[] DEFAULT '{}')
RETURNS TABLE (cost_before float8, cost_after float8, plan_before text, plan_after text, indexes_used text[])
LANGUAGE c VOLATILE
AS 'MODULE_PATHNAME', 'steward_whatif';
COMMENT ON FUNCTION steward.whatif(text, text[]) IS
    'Plans query (never runs it) as it is, and again with the indexes that index_statements describe: each entry is a '
    'CREATE INDEX statement (a hypothetical index, not built, with a size estimated from the table''s statistics) or '
    'DROP INDEX name (an existing index hidden from the planner for this call). Returns both total costs, both plans, '
    'and the indexes the second plan uses. Parameters ($1 ...) are allowed: their types are inferred. '
    'See docs/index-advisor.md.';

CREATE FUNCTION steward.explain_query(query text, "analyze" boolean DEFAULT false)
RETURNS text
LANGUAGE c VOLATILE
AS 'MODULE_PATHNAME', 'steward_explain_query';
COMMENT ON FUNCTION steward.explain_query(text, boolean) IS
    'The plan of query, as EXPLAIN shows it. With analyze, EXPLAIN (ANALYZE, BUFFERS): the statement runs, inside a '
    'subtransaction that is always rolled back, so an INSERT, UPDATE or DELETE changes nothing (sequences still advance). '
    'See docs/index-advisor.md.';

CREATE FUNCTION steward.estimate_index_size(index_statement text)
RETURNS bigint
LANGUAGE c VOLATILE STRICT
AS 'MODULE_PATHNAME', 'steward_estimate_index_size';
COMMENT ON FUNCTION steward.estimate_index_size(text) IS
    'The estimated size in bytes of the index a CREATE INDEX statement would build, without building it: from the '
    'table''s size and its columns'' statistics (ANALYZE them first), modelled on how PostgreSQL 15 lays out B-tree, '
    'hash, BRIN and GIN pages. B-tree estimates are tested to lie within 30 % of the built index; GIN''s are coarser. '
    'See docs/index-advisor.md.';
