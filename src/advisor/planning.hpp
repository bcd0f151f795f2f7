// Planning statements without running them: parse (errors carry the position), analyze with
// parameters of inferred types, rewrite, plan; the cost, the indexes a plan uses, its EXPLAIN text.
#pragma once

#include "pg/postgres.hpp"

extern "C" {
#include "nodes/params.h"
#include "nodes/parsenodes.h"
#include "nodes/plannodes.h"
}

namespace steward::advisor {

// The one statement of text, parsed. A syntax error is an ERROR whose detail shows where.
RawStmt *ParseOneStatement(const char *text, const char *what);

// A statement ready to plan: its rewritten queries and the types of its $n parameters.
struct AnalyzedStatement {
  const char *text;
  List *queries;  // Query *, after rewriting (rules may make several)
  Oid *parameter_types;
  int parameters;
  ParamListInfo bound;  // values given to some parameters (BindLimits), or nullptr
};

// Parses, analyzes (parameter types inferred from their use) and rewrites text. Requires a
// statement the planner plans (SELECT, INSERT, UPDATE, DELETE, MERGE) and checks that the
// caller may read and write what it names.
AnalyzedStatement AnalyzeStatement(const char *text);

struct PlanResult {
  double cost;    // total cost, summed over the queries
  List *indexes;  // OIDs of the indexes the plans use
};

// Plans the statement (the active what-if set applies) with params, or when nullptr with the
// statement's bound values.
PlanResult PlanStatement(const AnalyzedStatement &statement, ParamListInfo params,
                         StringInfo explain_text);

// Gives LIMIT $n the value rows (pg_stat_statements' rows per call: what the statement returns)
// and OFFSET $n the value 0, as constants the planner plans with. pg_stat_statements writes
// every LIMIT 10 as LIMIT $1; unknown, the planner expects a tenth of the rows and undervalues
// the indexes that serve a top-N query.
void BindLimits(AnalyzedStatement &statement, double rows);

// Index OIDs used anywhere in a plan (scans, bitmap scans, subplans).
List *IndexesUsed(PlannedStmt *plan);

}  // namespace steward::advisor
