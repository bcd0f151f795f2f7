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
};

// Parses, analyzes (parameter types inferred from their use) and rewrites text. Requires a
// statement the planner plans (SELECT, INSERT, UPDATE, DELETE, MERGE) and checks that the
// caller may read and write what it names.
AnalyzedStatement AnalyzeStatement(const char *text);

struct PlanResult {
  double cost;    // total cost, summed over the queries
  List *indexes;  // OIDs of the indexes the plans use
};

// Plans the statement (the active what-if set applies); params may be nullptr.
PlanResult PlanStatement(const AnalyzedStatement &statement, ParamListInfo params,
                         StringInfo explain_text);

// Index OIDs used anywhere in a plan (scans, bitmap scans, subplans).
List *IndexesUsed(PlannedStmt *plan);

}  // namespace steward::advisor
