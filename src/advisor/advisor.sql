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

-- Every call of suggest_indexes() leaves a run, its suggestions and the statements it skipped.
CREATE TABLE steward.index_advice_run (
    run_id        bigserial PRIMARY KEY,
    ran_at        timestamptz NOT NULL DEFAULT now(),
    source        text NOT NULL CHECK (source IN ('pg_stat_statements', 'queries')),
    statements    integer NOT NULL,
    calls         float8 NOT NULL,
    skipped       integer NOT NULL,
    workload_cost float8 NOT NULL,
    advised_cost  float8 NOT NULL
);
COMMENT ON TABLE steward.index_advice_run IS
    'One row per call of steward.suggest_indexes(): when, the workload''s source and size (statements planned, their calls, '
    'statements skipped), and the workload''s planner cost (weighted by calls) without and with the suggested indexes.';

CREATE TABLE steward.index_advice (
    run_id               bigint NOT NULL REFERENCES steward.index_advice_run ON DELETE CASCADE,
    action               text NOT NULL CHECK (action IN ('create', 'drop')),
    statement            text NOT NULL,
    relation             oid NOT NULL,
    estimated_size_bytes bigint,
    cost_saved           real,
    queries              bigint[],
    reason               text
);
CREATE INDEX ON steward.index_advice (run_id);
COMMENT ON TABLE steward.index_advice IS
    'The suggestions of each run of steward.suggest_indexes(), as it returned them. steward.index_advice_history adds '
    'whether each was taken since.';

CREATE TABLE steward.index_advice_skipped (
    run_id  bigint NOT NULL REFERENCES steward.index_advice_run ON DELETE CASCADE,
    queryid bigint,
    query   text NOT NULL,
    reason  text NOT NULL
);
CREATE INDEX ON steward.index_advice_skipped (run_id);
COMMENT ON TABLE steward.index_advice_skipped IS
    'Statements of a workload that steward.suggest_indexes() could not plan (a utility statement, a table that is gone, '
    'a syntax the parser rejects, no privilege), with the reason. They never abort the call.';

-- Taken: a suggested index now exists under its name (or one on the same plain columns of the
-- table exists); a suggested drop is taken when the index is gone.
CREATE VIEW steward.index_advice_history AS
SELECT r.run_id, r.ran_at, a.action, a.statement, a.relation::regclass AS relation, a.estimated_size_bytes,
       a.cost_saved, a.queries, a.reason,
       CASE a.action
         WHEN 'create' THEN EXISTS (
             SELECT FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
              WHERE i.indrelid = a.relation
                AND c.relname = (regexp_match(a.statement, '^CREATE INDEX CONCURRENTLY ("(?:[^"]|"")+"|\S+) ON'))[1]
                                 COLLATE "C"
                    OR quote_ident(c.relname) = (regexp_match(a.statement, '^CREATE INDEX CONCURRENTLY ("(?:[^"]|"")+"|\S+) ON'))[1])
         ELSE to_regclass(substr(a.statement, length('DROP INDEX CONCURRENTLY ') + 1)) IS NULL
       END AS taken
  FROM steward.index_advice a JOIN steward.index_advice_run r USING (run_id);
COMMENT ON VIEW steward.index_advice_history IS
    'Every suggestion of every run of steward.suggest_indexes(), newest runs last, with taken: true when a suggested index '
    'now exists (by its suggested name) or a suggested drop was done.';

CREATE FUNCTION steward.suggest_indexes(storage_budget_mb integer DEFAULT NULL, min_improvement real DEFAULT 0.05,
                                        min_calls bigint DEFAULT 2, queries text[] DEFAULT NULL)
RETURNS TABLE (action text, statement text, relation regclass, estimated_size_bytes bigint, cost_saved real,
               queries bigint[], reason text)
LANGUAGE c VOLATILE
AS 'MODULE_PATHNAME', 'steward_suggest_indexes';
COMMENT ON FUNCTION steward.suggest_indexes(integer, real, bigint, text[]) IS
    'Indexes for the whole workload: the statements of pg_stat_statements in this database called at least min_calls '
    'times (weighted by calls), or the given queries. Candidates (multi-column, sort order, INCLUDE, partial, expression, '
    'GIN, BRIN, trigram) are planned as hypothetical indexes; the one saving most planner cost per byte, net of the cost '
    'it adds to the workload''s writes, is chosen, until the next saves less than min_improvement of the workload''s cost '
    'or would exceed storage_budget_mb. Rows: create (CREATE INDEX CONCURRENTLY, estimated size, fraction of the '
    'workload''s cost it saves given the others, the queryids it helps) and drop (unused, redundant or invalid indexes '
    'no constraint needs). Recorded in steward.index_advice. It plans, never runs the statements. See docs/index-advisor.md.';

CREATE FUNCTION steward.suggest_indexes_for(query text)
RETURNS TABLE (action text, statement text, relation regclass, estimated_size_bytes bigint, cost_saved real,
               queries bigint[], reason text)
LANGUAGE sql VOLATILE
BEGIN ATOMIC
    SELECT * FROM steward.suggest_indexes(NULL, 0.05, 1, ARRAY[query]);
END;
COMMENT ON FUNCTION steward.suggest_indexes_for(text) IS
    'steward.suggest_indexes() for one statement: the indexes that would make it cheaper (by at least 5 %), and the '
    'existing indexes on its tables that are redundant or invalid. queries holds 1 when the statement uses the index.';

-- Least privilege: the advisor reads every statement's text (pg_stat_statements) and writes the
-- advice tables: monitoring roles and the extension's owner.
REVOKE ALL ON steward.index_advice_run, steward.index_advice, steward.index_advice_skipped,
    steward.index_advice_history FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION steward.suggest_indexes(integer, real, bigint, text[]), steward.suggest_indexes_for(text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION steward.suggest_indexes(integer, real, bigint, text[]), steward.suggest_indexes_for(text)
    TO pg_monitor;
GRANT SELECT, INSERT ON steward.index_advice_run, steward.index_advice, steward.index_advice_skipped TO pg_monitor;
GRANT SELECT ON steward.index_advice_history TO pg_monitor;
GRANT USAGE ON SEQUENCE steward.index_advice_run_run_id_seq TO pg_monitor;

CREATE FUNCTION steward.lint_query(query text)
RETURNS TABLE (rule text, severity text, detail text, rewrite text)
LANGUAGE c VOLATILE
AS 'MODULE_PATHNAME', 'steward_lint_query';
COMMENT ON FUNCTION steward.lint_query(text) IS
    'Rules on a statement''s shape (parsed and analyzed with the caller''s search_path and privileges, never planned '
    'or run): function_on_indexed_column, implicit_cast_defeats_index, leading_wildcard_like, or_across_columns, '
    'not_in_nullable_subquery, large_offset, order_by_random, join_without_condition. One row per finding with its '
    'severity (WARNING or NOTICE), what is wrong and what to do, and a rewrite of the condition or statement when '
    'one keeps its meaning (NULL otherwise). A clean statement returns no rows. See docs/index-advisor.md.';
-- lint_query() only parses and reads catalogs, with the caller's privileges: PUBLIC may call it.
