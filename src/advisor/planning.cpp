// Planning without executing: what EXPLAIN does up to the plan, step by step, so that the advisor
// can plan a statement many times from one analysis (the planner scribbles on its input: each
// planning gets a copy).
#include <algorithm>
#include <cmath>

#include "advisor/planning.hpp"

extern "C" {
#include "commands/explain.h"
#include "executor/executor.h"
#include "nodes/nodeFuncs.h"
#include "parser/analyze.h"
#include "tcop/tcopprot.h"
#include "utils/snapmgr.h"
}

namespace steward::advisor {
namespace {

void CollectIndexes(Plan *plan, List **indexes);

void CollectAll(List *plans, List **indexes) {
  ListCell *cell;
  foreach (cell, plans) CollectIndexes(static_cast<Plan *>(lfirst(cell)), indexes);
}

void CollectIndexes(Plan *plan, List **indexes) {
  if (plan == nullptr) return;
  switch (nodeTag(plan)) {
    case T_IndexScan:
      *indexes = list_append_unique_oid(*indexes, reinterpret_cast<IndexScan *>(plan)->indexid);
      break;
    case T_IndexOnlyScan:
      *indexes = list_append_unique_oid(*indexes, reinterpret_cast<IndexOnlyScan *>(plan)->indexid);
      break;
    case T_BitmapIndexScan:
      *indexes =
          list_append_unique_oid(*indexes, reinterpret_cast<BitmapIndexScan *>(plan)->indexid);
      break;
    case T_Append:
      CollectAll(reinterpret_cast<Append *>(plan)->appendplans, indexes);
      break;
    case T_MergeAppend:
      CollectAll(reinterpret_cast<MergeAppend *>(plan)->mergeplans, indexes);
      break;
    case T_BitmapAnd:
      CollectAll(reinterpret_cast<BitmapAnd *>(plan)->bitmapplans, indexes);
      break;
    case T_BitmapOr:
      CollectAll(reinterpret_cast<BitmapOr *>(plan)->bitmapplans, indexes);
      break;
    case T_SubqueryScan:
      CollectIndexes(reinterpret_cast<SubqueryScan *>(plan)->subplan, indexes);
      break;
    case T_CustomScan:
      CollectAll(reinterpret_cast<CustomScan *>(plan)->custom_plans, indexes);
      break;
    default:
      break;
  }
  CollectIndexes(plan->lefttree, indexes);
  CollectIndexes(plan->righttree, indexes);
}

// Shows a parse error's position: PostgreSQL's own position refers to the caller's statement.
void ShowPosition(void *arg) {
  const char *text = static_cast<const char *>(arg);
  const int position = geterrposition();
  if (position <= 0) return;
  errposition(0);
  internalerrposition(position);
  internalerrquery(text);
}

}  // namespace

RawStmt *ParseOneStatement(const char *text, const char *what) {
  ErrorContextCallback callback;
  callback.callback = ShowPosition;
  callback.arg = const_cast<char *>(text);
  callback.previous = error_context_stack;
  error_context_stack = &callback;
  MemoryContext caller = CurrentMemoryContext;
  List *statements = NIL;
  PG_TRY();
  { statements = pg_parse_query(text); }
  PG_CATCH();
  {
    // The error as it is, and its position in the detail: the position fields do not survive
    // the trip through C++ (steward::Error keeps code, message, detail and hint).
    MemoryContextSwitchTo(caller);
    ErrorData *error = CopyErrorData();
    FlushErrorState();
    error_context_stack = callback.previous;
    const int position = error->internalpos > 0 ? error->internalpos : error->cursorpos;
    ereport(ERROR, (errcode(error->sqlerrcode), errmsg("%s: %s", what, error->message),
                    position > 0 ? errdetail("At character %d of: %s", position, text)
                                 : errdetail("In: %s", text),
                    errhint("Give one SQL statement as PostgreSQL 15 parses it.")));
  }
  PG_END_TRY();
  error_context_stack = callback.previous;
  if (list_length(statements) != 1)
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("%s must be one SQL statement, not %d", what, list_length(statements)),
                    errdetail("In: %s", text), errhint("Give the statements one at a time.")));
  return linitial_node(RawStmt, statements);
}

AnalyzedStatement AnalyzeStatement(const char *text) {
  AnalyzedStatement statement{};
  statement.text = text;
  RawStmt *raw = ParseOneStatement(text, "query");
  switch (nodeTag(raw->stmt)) {
    case T_SelectStmt:
    case T_InsertStmt:
    case T_UpdateStmt:
    case T_DeleteStmt:
    case T_MergeStmt:
      break;
    default:
      ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                      errmsg("query is not planned by the planner: %s", text),
                      errhint("Give a SELECT, INSERT, UPDATE, DELETE or MERGE statement.")));
  }
  Query *query = parse_analyze_varparams(raw, text, &statement.parameter_types,
                                         &statement.parameters, nullptr);
  statement.queries = pg_rewrite_query(query);
  ListCell *cell;
  foreach (cell, statement.queries) {
    Query *rewritten = lfirst_node(Query, cell);
    if (rewritten->commandType != CMD_UTILITY) ExecCheckRTPerms(rewritten->rtable, true);
  }
  return statement;
}

PlanResult PlanStatement(const AnalyzedStatement &statement, ParamListInfo params,
                         StringInfo explain_text) {
  PlanResult result{0, NIL};
  ListCell *cell;
  foreach (cell, statement.queries) {
    Query *query = lfirst_node(Query, cell);
    if (query->commandType == CMD_UTILITY) continue;  // NOTIFY from a rule
    PlannedStmt *plan =
        pg_plan_query(static_cast<Query *>(copyObjectImpl(query)), statement.text,
                      CURSOR_OPT_PARALLEL_OK, params != nullptr ? params : statement.bound);
    result.cost += plan->planTree->total_cost;
    result.indexes = list_concat_unique_oid(result.indexes, IndexesUsed(plan));
    if (explain_text != nullptr) {
      ExplainState *explain = NewExplainState();
      explain->costs = true;
      explain->format = EXPLAIN_FORMAT_TEXT;
      ExplainBeginOutput(explain);
      PushActiveSnapshot(GetTransactionSnapshot());
      ExplainOnePlan(plan, nullptr, explain, statement.text, params, nullptr, nullptr, nullptr);
      PopActiveSnapshot();
      ExplainEndOutput(explain);
      if (explain_text->len > 0) appendStringInfoChar(explain_text, '\n');
      appendBinaryStringInfo(explain_text, explain->str->data, explain->str->len);
    }
  }
  // EXPLAIN's text ends with a newline; a plan column reads better without it.
  if (explain_text != nullptr)
    while (explain_text->len > 0 && explain_text->data[explain_text->len - 1] == '\n')
      explain_text->data[--explain_text->len] = '\0';
  return result;
}

namespace {

// The number of the external parameter a LIMIT or OFFSET expression is (through casts), or 0.
int ParameterOf(Node *node) {
  while (node != nullptr) {
    if (IsA(node, Param))
      return castNode(Param, node)->paramkind == PARAM_EXTERN ? castNode(Param, node)->paramid : 0;
    if (IsA(node, FuncExpr) && list_length(castNode(FuncExpr, node)->args) == 1)
      node = static_cast<Node *>(linitial(castNode(FuncExpr, node)->args));
    else if (IsA(node, RelabelType))
      node = reinterpret_cast<Node *>(castNode(RelabelType, node)->arg);
    else
      return 0;
  }
  return 0;
}

// Gives $id the value, as a constant of its type (types: the statement's parameter types).
void Bind(ParamListInfo params, const Oid *types, int id, int64 value) {
  if (id <= 0 || id > params->numParams) return;
  const Oid type = types[id - 1];
  ParamExternData &param = params->params[id - 1];
  if (type == INT8OID)
    param.value = Int64GetDatum(value);
  else if (type == INT4OID)
    param.value = Int32GetDatum(static_cast<int32>(Min(value, PG_INT32_MAX)));
  else
    return;
  param.ptype = type;
  param.isnull = false;
  param.pflags = PARAM_FLAG_CONST;
}

}  // namespace

void BindLimits(AnalyzedStatement &statement, double rows) {
  if (statement.parameters == 0) return;
  // The other parameters stay unknown. They must have no type: when estimating selectivities the
  // planner takes the value of every parameter of the right type, constant or not, and would
  // plan "status = $1" as "status = NULL", which finds no row.
  ParamListInfo params = makeParamList(statement.parameters);
  for (int i = 0; i < statement.parameters; ++i) {
    params->params[i].ptype = InvalidOid;
    params->params[i].isnull = true;
    params->params[i].pflags = 0;
    params->params[i].value = Datum(0);
  }
  bool any = false;
  ListCell *cell;
  foreach (cell, statement.queries) {
    Query *query = lfirst_node(Query, cell);
    const int limit = ParameterOf(query->limitCount);
    const int offset = ParameterOf(query->limitOffset);
    if (limit > 0)
      Bind(params, statement.parameter_types, limit,
           static_cast<int64>(std::max(1.0, std::ceil(rows))));
    if (offset > 0) Bind(params, statement.parameter_types, offset, 0);
    any = any || limit > 0 || offset > 0;
  }
  statement.bound = any ? params : nullptr;
}

List *IndexesUsed(PlannedStmt *plan) {
  List *indexes = NIL;
  CollectIndexes(plan->planTree, &indexes);
  CollectAll(plan->subplans, &indexes);
  return indexes;
}

}  // namespace steward::advisor
