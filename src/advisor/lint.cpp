// steward.lint_query(): rules that flag query shapes no index can serve well (a function on an
// indexed column, a leading wildcard, an implicit cast, OR across columns, NOT IN over a nullable
// column, large OFFSET, ORDER BY random(), a Cartesian product), each with a safe rewrite where
// one exists. The statement is parsed and analyzed, never planned or run.
#include "advisor/planning.hpp"
#include "advisor/query_tree.hpp"
#include "pg/boundary.hpp"

extern "C" {
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/pg_attribute.h"
#include "catalog/pg_class.h"
#include "catalog/pg_index.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parsetree.h"
#include "rewrite/rewriteManip.h"
#include "utils/fmgroids.h"
#include "utils/formatting.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/ruleutils.h"
#include "utils/syscache.h"
}

namespace steward::advisor {
namespace {

struct Finding {
  const char *rule;
  const char *severity;
  const char *detail;
  const char *rewrite;
};

struct Lint {
  List *findings;  // Finding *
  Query *top;      // the statement, for rewrites that show the whole statement
};

void Report(Lint *lint, const char *rule, const char *severity, const char *detail,
            const char *rewrite) {
  auto *finding = static_cast<Finding *>(palloc0(sizeof(Finding)));
  *finding = Finding{rule, severity, detail, rewrite};
  lint->findings = lappend(lint->findings, finding);
}

const char *TableName(Oid relid) {
  return quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)),
                                    get_rel_name(relid));
}

// A column as the statement can name it: qualified by its range table alias when the query
// reads several relations.
const char *ColumnText(Query *query, const Var *var) {
  RangeTblEntry *entry = rt_fetch(var->varno, query->rtable);
  const char *column = quote_identifier(get_attname(entry->relid, var->varattno, false));
  if (list_length(query->rtable) <= 1) return column;
  return psprintf("%s.%s", quote_identifier(entry->eref->aliasname), column);
}

bool NormalizeVars(Node *node, void *unused) {
  if (node == nullptr) return false;
  if (IsA(node, Var)) {
    Var *var = castNode(Var, node);
    var->varnosyn = var->varno;
    var->varattnosyn = var->varattno;
    return false;
  }
  return expression_tree_walker(node, Walker(NormalizeVars), unused);
}

// An expression of one table's columns as CREATE INDEX writes it (Vars renumbered to 1).
Node *AsIndexExpression(Node *node, int rtindex) {
  Node *copy = static_cast<Node *>(copyObjectImpl(node));
  if (rtindex != 1) ChangeVarNodes(copy, rtindex, 1, 0);
  NormalizeVars(copy, nullptr);
  return copy;
}

const char *ExpressionText(Node *node, int rtindex, Oid relid) {
  return deparse_expression(AsIndexExpression(node, rtindex),
                            deparse_context_for(get_rel_name(relid), relid), false, false);
}

struct IndexFacts {
  bool leading;     // the column leads some index
  bool expression;  // an index leads with exactly this expression
};

IndexFacts IndexesOn(Oid relid, AttrNumber attribute, Node *expression) {
  IndexFacts facts{false, false};
  Relation relation = table_open(relid, AccessShareLock);
  List *indexes = RelationGetIndexList(relation);
  table_close(relation, AccessShareLock);
  ListCell *cell;
  foreach (cell, indexes) {
    HeapTuple tuple = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(lfirst_oid(cell)));
    if (!HeapTupleIsValid(tuple)) continue;
    auto *index = reinterpret_cast<Form_pg_index>(GETSTRUCT(tuple));
    if (index->indnatts > 0 && index->indkey.values[0] == attribute) facts.leading = true;
    if (expression != nullptr && index->indnatts > 0 && index->indkey.values[0] == 0) {
      bool isnull;
      Datum datum = SysCacheGetAttr(INDEXRELID, tuple, Anum_pg_index_indexprs, &isnull);
      if (!isnull) {
        List *expressions = static_cast<List *>(stringToNode(TextDatumGetCString(datum)));
        Node *first = static_cast<Node *>(linitial(expressions));
        NormalizeVars(first, nullptr);
        if (equal(first, expression) || equal(Strip(first), Strip(expression)))
          facts.expression = true;
      }
    }
    ReleaseSysCache(tuple);
  }
  return facts;
}

bool IsEquality(Oid op) {
  const char *name = get_opname(op);
  return name != nullptr && strcmp(name, "=") == 0;
}

// The text of a constant, or nullptr.
const char *ConstText(Node *node) {
  if (node == nullptr || !IsA(node, Const) || castNode(Const, node)->constisnull) return nullptr;
  const Const *constant = castNode(Const, node);
  Oid output;
  bool varlena;
  getTypeOutputInfo(constant->consttype, &output, &varlena);
  return OidOutputFunctionCall(output, constant->constvalue);
}

// A value as SQL text, typed as type when it is not a constant (a $n takes the type of what it
// is compared with in the rewritten condition otherwise).
const char *ValueText(Node *value, Oid type) {
  const char *text = deparse_expression(value, NIL, false, false);
  if (IsA(value, Const)) return text;
  return psprintf("(%s)::%s", text, format_type_be(type));
}

// Whether a constant converts to type without losing anything; the converted constant's SQL
// text then. Conversion errors (22xxx) mean no; a data type input function may only raise them.
const char *ConvertedConstant(Const *constant, Oid type) {
  const char *text = ConstText(reinterpret_cast<Node *>(constant));
  if (text == nullptr) return nullptr;
  MemoryContext caller = CurrentMemoryContext;
  ResourceOwner owner = CurrentResourceOwner;
  const char *volatile converted = nullptr;
  BeginInternalSubTransaction(nullptr);
  MemoryContextSwitchTo(caller);
  PG_TRY();
  {
    Oid input, ioparam, output;
    bool varlena;
    getTypeInputInfo(type, &input, &ioparam);
    getTypeOutputInfo(type, &output, &varlena);
    Datum datum = OidInputFunctionCall(input, const_cast<char *>(text), ioparam, -1);
    if (strcmp(OidOutputFunctionCall(output, datum), text) == 0) {
      int16 length;
      bool byval;
      get_typlenbyval(type, &length, &byval);
      Const *typed = makeConst(type, -1, get_typcollation(type), length, datum, false, byval);
      converted = deparse_expression(reinterpret_cast<Node *>(typed), NIL, false, false);
    }
    ReleaseCurrentSubTransaction();
  }
  PG_CATCH();
  {
    MemoryContextSwitchTo(caller);
    ErrorData *error = CopyErrorData();
    FlushErrorState();
    RollbackAndReleaseCurrentSubTransaction();
    MemoryContextSwitchTo(caller);
    CurrentResourceOwner = owner;
    if (ERRCODE_TO_CATEGORY(error->sqlerrcode) != ERRCODE_DATA_EXCEPTION) ReThrowError(error);
    converted = nullptr;
  }
  PG_END_TRY();
  MemoryContextSwitchTo(caller);
  CurrentResourceOwner = owner;
  return converted;
}

// The one column a function or cast applies to: f(col), f('const', col), col::type.
Var *ColumnArgument(Node *key, List **arguments) {
  List *args = NIL;
  if (IsA(key, FuncExpr))
    args = castNode(FuncExpr, key)->args;
  else if (IsA(key, CoerceViaIO))
    args = list_make1(castNode(CoerceViaIO, key)->arg);
  else
    return nullptr;
  Var *column = nullptr;
  ListCell *cell;
  foreach (cell, args) {
    Node *arg = Strip(static_cast<Node *>(lfirst(cell)));
    if (IsA(arg, Var) && castNode(Var, arg)->varlevelsup == 0 && castNode(Var, arg)->varattno > 0) {
      if (column != nullptr) return nullptr;
      column = castNode(Var, arg);
    } else if (!IsA(arg, Const)) {
      return nullptr;
    }
  }
  *arguments = args;
  return column;
}

const char *UnitOf(List *args) {
  const char *unit = ConstText(Strip(static_cast<Node *>(linitial(args))));
  return unit == nullptr ? nullptr : asc_tolower(unit, strlen(unit));
}

// f(col) op value, col::type op value: the column's index cannot serve the condition.
void CheckFunctionOnColumn(Lint *lint, Query *query, Node *key, Node *value, Oid op) {
  List *args = NIL;
  Var *column = ColumnArgument(key, &args);
  if (column == nullptr) return;
  const Oid relid = TableOf(query, column->varno);
  if (!OidIsValid(relid)) return;
  const VarScan value_scan = ScanOf(value);
  if (value_scan.sublink || bms_is_member(column->varno, value_scan.relations)) return;
  Node *expression = AsIndexExpression(key, column->varno);
  const IndexFacts indexes = IndexesOn(relid, column->varattno, expression);
  if (indexes.expression) return;
  const char *name = ColumnText(query, column);
  const char *table = TableName(relid);
  const char *key_text = ExpressionText(key, column->varno, relid);
  const char *op_name = get_opname(op);
  const bool implicit =
      (IsA(key, FuncExpr) && castNode(FuncExpr, key)->funcformat == COERCE_IMPLICIT_CAST) ||
      (IsA(key, CoerceViaIO) && castNode(CoerceViaIO, key)->coerceformat == COERCE_IMPLICIT_CAST);
  if (implicit) {
    if (!indexes.leading) return;
    const char *column_type = format_type_be(column->vartype);
    const char *rewrite = nullptr;
    if (IsA(value, Const))
      if (const char *converted = ConvertedConstant(castNode(Const, value), column->vartype))
        rewrite = psprintf("%s %s %s", name, op_name, converted);
    Report(lint, "implicit_cast_defeats_index", "WARNING",
           psprintf("%s %s %s: column %s of %s (%s) is cast to %s to be compared, so its index "
                    "is not used; compare it with a value of type %s%s",
                    key_text, op_name, deparse_expression(value, NIL, false, false), name, table,
                    column_type, format_type_be(exprType(key)), column_type,
                    rewrite == nullptr ? " (the value does not convert exactly: check the "
                                         "condition's meaning)"
                                       : ""),
           rewrite);
    return;
  }
  const Oid function = IsA(key, FuncExpr) ? castNode(FuncExpr, key)->funcid : InvalidOid;
  const bool case_folding = function == F_LOWER_TEXT || function == F_UPPER_TEXT;
  if (!indexes.leading && !case_folding) return;
  const char *create = psprintf("CREATE INDEX ON %s ((%s))", table, key_text);
  const char *rewrite = nullptr;
  const char *detail = nullptr;
  const bool equality = IsEquality(op);
  const Oid column_type = column->vartype;
  const bool timestamp =
      column_type == TIMESTAMPOID || column_type == TIMESTAMPTZOID || column_type == DATEOID;
  if (equality && timestamp && list_length(args) == 2 && function != InvalidOid &&
      (function == F_EXTRACT_TEXT_TIMESTAMP || function == F_EXTRACT_TEXT_TIMESTAMPTZ ||
       function == F_EXTRACT_TEXT_DATE)) {
    const char *unit = UnitOf(args);
    const char *year = ConstText(value);
    if (unit != nullptr && strcmp(unit, "year") == 0 && year != nullptr &&
        strspn(year, "0123456789") == strlen(year) && strlen(year) <= 4 && atoi(year) >= 1) {
      const int n = atoi(year);
      rewrite = psprintf("%s >= '%04d-01-01' AND %s < '%04d-01-01'", name, n, name, n + 1);
    }
  } else if (equality && exprType(key) == DATEOID &&
             (column_type == TIMESTAMPOID || column_type == TIMESTAMPTZOID) &&
             list_length(args) == 1) {
    // date(col) = X, col::date = X
    const char *x = ValueText(value, DATEOID);
    rewrite = psprintf("%s >= %s AND %s < %s + 1", name, x, name, x);
  } else if (equality && list_length(args) == 2 &&
             (function == F_DATE_TRUNC_TEXT_TIMESTAMP ||
              function == F_DATE_TRUNC_TEXT_TIMESTAMPTZ)) {
    const char *unit = UnitOf(args);
    if (unit != nullptr &&
        (strcmp(unit, "day") == 0 || strcmp(unit, "month") == 0 || strcmp(unit, "year") == 0 ||
         strcmp(unit, "hour") == 0 || strcmp(unit, "week") == 0)) {
      bool aligned = !IsA(value, Const);
      if (IsA(value, Const) && !castNode(Const, value)->constisnull &&
          exprType(value) == exprType(key)) {
        // date_trunc(unit, X) = X: otherwise no row matches and a range would find some.
        Datum truncated =
            OidFunctionCall2Coll(function, InvalidOid, castNode(Const, linitial(args))->constvalue,
                                 castNode(Const, value)->constvalue);
        aligned = DatumGetInt64(truncated) == DatumGetInt64(castNode(Const, value)->constvalue);
      }
      if (aligned) {
        const char *x = ValueText(value, exprType(key));
        rewrite = psprintf("%s >= %s AND %s < %s + interval '1 %s'", name, x, name, x, unit);
      }
    }
  }
  if (case_folding)
    detail = psprintf("%s %s ...: no index on %s serves it; create one: %s", key_text, op_name,
                      key_text, create);
  else
    detail = psprintf(
        "%s %s ...: the index on column %s of %s cannot serve a condition on %s; %s", key_text,
        op_name, name, table, key_text,
        rewrite != nullptr
            ? "compare the column itself with a range (the rewrite), or create an expression index"
            : psprintf("compare the column itself, or create an expression index: %s", create));
  Report(lint, "function_on_indexed_column", "WARNING", detail, rewrite);
}

void CheckLike(Lint *lint, Query *query, Node *column_side, Node *pattern, Oid op) {
  const char *name = get_opname(op);
  if (name == nullptr || (strcmp(name, "~~") != 0 && strcmp(name, "~~*") != 0)) return;
  Node *key = Strip(column_side);
  if (!IsA(key, Var) || castNode(Var, key)->varlevelsup != 0) return;
  const Var *var = castNode(Var, key);
  const Oid relid = TableOf(query, var->varno);
  const char *text = ConstText(Strip(pattern));
  if (!OidIsValid(relid) || text == nullptr || (text[0] != '%' && text[0] != '_')) return;
  const char *column = ColumnText(query, var);
  Report(lint, "leading_wildcard_like", "WARNING",
         psprintf("%s %s '%s' starts with a wildcard: a B-tree index cannot serve it and every "
                  "row of %s is read; a trigram index can: CREATE EXTENSION IF NOT EXISTS "
                  "pg_trgm; CREATE INDEX ON %s USING gin (%s gin_trgm_ops)",
                  column, strcmp(name, "~~") == 0 ? "LIKE" : "ILIKE", text, TableName(relid),
                  TableName(relid), quote_identifier(get_attname(relid, var->varattno, false))),
         nullptr);
}

Node *Folded(Node *node) {
  return Strip(eval_const_expressions(nullptr, static_cast<Node *>(copyObjectImpl(node))));
}

void CheckCondition(Lint *lint, Query *query, Node *condition) {
  if (!IsA(condition, OpExpr) || list_length(castNode(OpExpr, condition)->args) != 2) return;
  const Oid op = castNode(OpExpr, condition)->opno;
  Node *left = Strip(static_cast<Node *>(linitial(castNode(OpExpr, condition)->args)));
  Node *right = Strip(static_cast<Node *>(lsecond(castNode(OpExpr, condition)->args)));
  // Constants as the planner sees them: 2023 compared with numeric is numeric(2023) until folded.
  if (ScanOf(left).relations == nullptr) left = Folded(left);
  if (ScanOf(right).relations == nullptr) right = Folded(right);
  CheckLike(lint, query, left, right, op);
  CheckFunctionOnColumn(lint, query, left, right, op);
  const Oid commutator = get_commutator(op);
  if (OidIsValid(commutator)) CheckFunctionOnColumn(lint, query, right, left, commutator);
}

// a = 1 OR b = 2 on one table: one index cannot serve both arms.
void CheckOr(Lint *lint, Query *query, BoolExpr *expression) {
  int table = 0;
  Bitmapset *first = nullptr;
  bool differ = false;
  ListCell *cell;
  foreach (cell, expression->args) {
    const VarScan scan = ScanOf(static_cast<Node *>(lfirst(cell)));
    if (scan.sublink || bms_num_members(scan.relations) != 1) return;
    const int rtindex = bms_next_member(scan.relations, -1);
    if (table != 0 && rtindex != table) return;
    table = rtindex;
    if (foreach_current_index(cell) == 0)
      first = scan.columns;
    else if (!bms_equal(first, scan.columns))
      differ = true;
  }
  const Oid relid = TableOf(query, table);
  if (!differ || !OidIsValid(relid)) return;
  Report(lint, "or_across_columns", "NOTICE",
         psprintf("%s: the arms filter different columns of %s, so one index cannot serve the "
                  "condition; give each column its own index (the planner can combine them with "
                  "a BitmapOr) or write one query per arm joined with UNION",
                  ExpressionText(reinterpret_cast<Node *>(expression), table, relid),
                  TableName(relid)),
         nullptr);
}

void CheckQual(Lint *lint, Query *query, Node *qual) {
  if (qual == nullptr) return;
  if (IsA(qual, List)) {
    ListCell *cell;
    foreach (cell, castNode(List, qual)) CheckQual(lint, query, static_cast<Node *>(lfirst(cell)));
    return;
  }
  if (IsA(qual, BoolExpr) && castNode(BoolExpr, qual)->boolop != NOT_EXPR) {
    if (castNode(BoolExpr, qual)->boolop == OR_EXPR) CheckOr(lint, query, castNode(BoolExpr, qual));
    ListCell *cell;
    foreach (cell, castNode(BoolExpr, qual)->args)
      CheckQual(lint, query, static_cast<Node *>(lfirst(cell)));
    return;
  }
  CheckCondition(lint, query, qual);
}

void CheckJoinTreeQuals(Lint *lint, Query *query, Node *node) {
  if (node == nullptr) return;
  if (IsA(node, FromExpr)) {
    ListCell *cell;
    foreach (cell, castNode(FromExpr, node)->fromlist)
      CheckJoinTreeQuals(lint, query, static_cast<Node *>(lfirst(cell)));
    CheckQual(lint, query, castNode(FromExpr, node)->quals);
  } else if (IsA(node, JoinExpr)) {
    CheckJoinTreeQuals(lint, query, castNode(JoinExpr, node)->larg);
    CheckJoinTreeQuals(lint, query, castNode(JoinExpr, node)->rarg);
    CheckQual(lint, query, castNode(JoinExpr, node)->quals);
  }
}

// Whether a query's WHERE says column IS NOT NULL.
bool ExcludesNulls(Query *subquery, const Var *column) {
  Node *quals = subquery->jointree->quals;
  List *conjuncts = quals == nullptr ? NIL
                    : IsA(quals, BoolExpr) && castNode(BoolExpr, quals)->boolop == AND_EXPR
                        ? castNode(BoolExpr, quals)->args
                        : list_make1(quals);
  ListCell *cell;
  foreach (cell, conjuncts) {
    Node *conjunct = static_cast<Node *>(lfirst(cell));
    if (IsA(conjunct, NullTest) && castNode(NullTest, conjunct)->nulltesttype == IS_NOT_NULL &&
        equal(Strip(reinterpret_cast<Node *>(castNode(NullTest, conjunct)->arg)), column))
      return true;
  }
  return false;
}

// x NOT IN (SELECT col ...): one NULL in col makes the condition NULL for every x.
void CheckNotIn(Lint *lint, BoolExpr *negation) {
  if (negation->boolop != NOT_EXPR || list_length(negation->args) != 1) return;
  Node *arg = static_cast<Node *>(linitial(negation->args));
  if (!IsA(arg, SubLink) || castNode(SubLink, arg)->subLinkType != ANY_SUBLINK) return;
  SubLink *sublink = castNode(SubLink, arg);
  Query *subquery = castNode(Query, sublink->subselect);
  if (!IsA(sublink->testexpr, OpExpr) || subquery->setOperations != nullptr) return;
  OpExpr *test = castNode(OpExpr, sublink->testexpr);
  if (list_length(test->args) != 2 || !IsA(Strip(static_cast<Node *>(lsecond(test->args))), Param))
    return;
  const Param *param = castNode(Param, Strip(static_cast<Node *>(lsecond(test->args))));
  TargetEntry *entry = get_tle_by_resno(subquery->targetList, param->paramid);
  if (entry == nullptr) return;
  Node *selected = Strip(reinterpret_cast<Node *>(entry->expr));
  if (!IsA(selected, Var) || castNode(Var, selected)->varlevelsup != 0) return;
  const Var *column = castNode(Var, selected);
  const Oid relid = TableOf(subquery, column->varno);
  if (!OidIsValid(relid) || column->varattno <= 0) return;
  HeapTuple tuple =
      SearchSysCache2(ATTNUM, ObjectIdGetDatum(relid), Int16GetDatum(column->varattno));
  if (!HeapTupleIsValid(tuple)) return;
  const bool not_null = reinterpret_cast<Form_pg_attribute>(GETSTRUCT(tuple))->attnotnull;
  ReleaseSysCache(tuple);
  if (not_null || ExcludesNulls(subquery, column)) return;
  const char *column_name = ColumnText(subquery, column);
  // The rewrite: the same statement with NOT EXISTS (SELECT 1 FROM ... WHERE col = x AND ...).
  const char *rewrite = nullptr;
  if (!subquery->hasAggs && subquery->groupClause == NIL && subquery->groupingSets == NIL &&
      subquery->havingQual == nullptr && subquery->limitCount == nullptr &&
      subquery->limitOffset == nullptr && !subquery->hasTargetSRFs && !subquery->hasWindowFuncs &&
      lint->top != nullptr) {
    Query *exists = static_cast<Query *>(copyObjectImpl(subquery));
    OpExpr *match = static_cast<OpExpr *>(copyObjectImpl(test));
    Node *outer = static_cast<Node *>(copyObjectImpl(linitial(test->args)));
    IncrementVarSublevelsUp(outer, 1, 0);
    match->args = list_make2(outer, copyObjectImpl(entry->expr));
    exists->jointree->quals =
        make_and_qual(exists->jointree->quals, reinterpret_cast<Node *>(match));
    exists->targetList =
        list_make1(makeTargetEntry(reinterpret_cast<Expr *>(makeConst(
                                       INT4OID, -1, InvalidOid, 4, Int32GetDatum(1), false, true)),
                                   1, nullptr, false));
    exists->sortClause = NIL;
    exists->distinctClause = NIL;
    exists->hasDistinctOn = false;
    SubLink *replacement = makeNode(SubLink);
    replacement->subLinkType = EXISTS_SUBLINK;
    replacement->subselect = reinterpret_cast<Node *>(exists);
    replacement->location = -1;
    List *original = negation->args;
    negation->args = list_make1(replacement);
    rewrite = pg_get_querydef(lint->top, false);
    negation->args = original;
  }
  Report(lint, "not_in_nullable_subquery", "WARNING",
         psprintf("NOT IN (SELECT %s ...): column %s of %s may be NULL, and one NULL makes NOT IN "
                  "false for every row (the query then returns nothing); NOT EXISTS means what "
                  "was intended and is planned as an anti-join",
                  column_name, quote_identifier(get_attname(relid, column->varattno, false)),
                  TableName(relid)),
         rewrite);
}

bool FindNotIn(Node *node, Lint *lint) {
  if (node == nullptr || IsA(node, Query)) return false;  // sub-queries are linted on their own
  if (IsA(node, BoolExpr)) CheckNotIn(lint, castNode(BoolExpr, node));
  return expression_tree_walker(node, Walker(FindNotIn), lint);
}

void CheckOffsetAndOrder(Lint *lint, Query *query) {
  Node *offset = query->limitOffset == nullptr ? nullptr : Folded(query->limitOffset);
  if (offset != nullptr && IsA(offset, Const) && !castNode(Const, offset)->constisnull &&
      castNode(Const, offset)->consttype == INT8OID) {
    const int64 rows = DatumGetInt64(castNode(Const, offset)->constvalue);
    if (rows >= 1000)
      Report(lint, "large_offset", "WARNING",
             psprintf("OFFSET " INT64_FORMAT ": the rows skipped are still read and sorted, and "
                      "each page costs more than the previous one; use keyset pagination: "
                      "WHERE key > last_seen_key ORDER BY key LIMIT n",
                      rows),
             nullptr);
  } else if (offset != nullptr && IsA(offset, Param)) {
    Report(lint, "large_offset", "NOTICE",
           "OFFSET $n: if the offset grows with the page number, every page reads all the rows "
           "before it; use keyset pagination: WHERE key > last_seen_key ORDER BY key LIMIT n",
           nullptr);
  }
  ListCell *cell;
  foreach (cell, query->sortClause) {
    TargetEntry *entry =
        get_sortgroupclause_tle(lfirst_node(SortGroupClause, cell), query->targetList);
    Node *expression = Strip(reinterpret_cast<Node *>(entry->expr));
    if (IsA(expression, FuncExpr) && castNode(FuncExpr, expression)->funcid == F_RANDOM) {
      Report(lint, "order_by_random", "WARNING",
             "ORDER BY random() reads and sorts every row to return a few; for a sample use "
             "TABLESAMPLE SYSTEM (percent) or BERNOULLI (percent), or pick random values of an "
             "indexed key (WHERE id >= random_id ORDER BY id LIMIT n)",
             nullptr);
      break;
    }
  }
}

// Join tree leaves and the conditions linking them (a union-find over range table indexes).
struct Components {
  int parent[256];
  Bitmapset *leaves;
  Bitmapset *cross_joined;  // leaves connected only by an explicit CROSS JOIN
};

int Find(Components *components, int x) {
  while (components->parent[x] != x)
    x = components->parent[x] = components->parent[components->parent[x]];
  return x;
}

void Union(Components *components, int a, int b) {
  components->parent[Find(components, a)] = Find(components, b);
}

Bitmapset *LeavesOf(Query *query, Node *node) {
  if (node == nullptr) return nullptr;
  if (IsA(node, RangeTblRef)) {
    const int rtindex = castNode(RangeTblRef, node)->rtindex;
    RangeTblEntry *entry = rt_fetch(rtindex, query->rtable);
    // Only relations and sub-queries count; a one-row sub-query (an aggregate without GROUP
    // BY), a function, VALUES or a LATERAL item is no Cartesian product.
    if (entry->lateral) return nullptr;
    if (entry->rtekind == RTE_RELATION || entry->rtekind == RTE_CTE ||
        (entry->rtekind == RTE_SUBQUERY &&
         !(entry->subquery->hasAggs && entry->subquery->groupClause == NIL &&
           entry->subquery->groupingSets == NIL)))
      return bms_make_singleton(rtindex);
    return nullptr;
  }
  if (IsA(node, JoinExpr))
    return bms_union(LeavesOf(query, castNode(JoinExpr, node)->larg),
                     LeavesOf(query, castNode(JoinExpr, node)->rarg));
  if (IsA(node, FromExpr)) {
    Bitmapset *leaves = nullptr;
    ListCell *cell;
    foreach (cell, castNode(FromExpr, node)->fromlist)
      leaves = bms_union(leaves, LeavesOf(query, static_cast<Node *>(lfirst(cell))));
    return leaves;
  }
  return nullptr;
}

void Connect(Components *components, Bitmapset *relations) {
  int first = -1;
  int member = -1;
  while ((member = bms_next_member(relations, member)) >= 0) {
    if (!bms_is_member(member, components->leaves)) continue;
    if (first < 0)
      first = member;
    else
      Union(components, first, member);
  }
}

void ConnectQuals(Components *components, Query *query, Node *quals) {
  if (quals == nullptr) return;
  List *conjuncts = IsA(quals, List) ? castNode(List, quals)
                    : IsA(quals, BoolExpr) && castNode(BoolExpr, quals)->boolop == AND_EXPR
                        ? castNode(BoolExpr, quals)->args
                        : list_make1(quals);
  ListCell *cell;
  foreach (cell, conjuncts) {
    Node *flat = flatten_join_alias_vars(query, static_cast<Node *>(lfirst(cell)));
    Connect(components, ScanOf(flat).relations);
  }
}

void ConnectJoinTree(Components *components, Query *query, Node *node, List **cross_joins) {
  if (node == nullptr) return;
  if (IsA(node, FromExpr)) {
    ListCell *cell;
    foreach (cell, castNode(FromExpr, node)->fromlist)
      ConnectJoinTree(components, query, static_cast<Node *>(lfirst(cell)), cross_joins);
    ConnectQuals(components, query, castNode(FromExpr, node)->quals);
  } else if (IsA(node, JoinExpr)) {
    JoinExpr *join = castNode(JoinExpr, node);
    ConnectJoinTree(components, query, join->larg, cross_joins);
    ConnectJoinTree(components, query, join->rarg, cross_joins);
    if (join->jointype == JOIN_INNER && join->quals == nullptr) {
      *cross_joins = lappend(*cross_joins, join);
      return;
    }
    // An outer join links its sides whatever its condition; an inner join through its quals.
    if (join->jointype != JOIN_INNER)
      Connect(components, bms_union(LeavesOf(query, join->larg), LeavesOf(query, join->rarg)));
    else
      ConnectQuals(components, query, join->quals);
  }
}

const char *NamesOf(Query *query, Components *components, int root) {
  StringInfoData names;
  initStringInfo(&names);
  int member = -1;
  while ((member = bms_next_member(components->leaves, member)) >= 0) {
    if (Find(components, member) != root) continue;
    if (names.len > 0) appendStringInfoString(&names, ", ");
    appendStringInfoString(&names,
                           quote_identifier(rt_fetch(member, query->rtable)->eref->aliasname));
  }
  return names.data;
}

void CheckJoins(Lint *lint, Query *query) {
  Components components{};
  components.leaves = LeavesOf(query, reinterpret_cast<Node *>(query->jointree));
  if (bms_num_members(components.leaves) < 2 || list_length(query->rtable) >= 256) return;
  for (int i = 0; i < 256; ++i) components.parent[i] = i;
  List *cross_joins = NIL;
  ConnectJoinTree(&components, query, reinterpret_cast<Node *>(query->jointree), &cross_joins);
  // Groups before the explicit CROSS JOINs count, then after.
  Bitmapset *roots = nullptr;
  int member = -1;
  while ((member = bms_next_member(components.leaves, member)) >= 0)
    roots = bms_add_member(roots, Find(&components, member));
  if (bms_num_members(roots) < 2) return;
  StringInfoData groups;
  initStringInfo(&groups);
  int root = -1;
  while ((root = bms_next_member(roots, root)) >= 0) {
    if (groups.len > 0) appendStringInfoString(&groups, " and ");
    appendStringInfo(&groups, "(%s)", NamesOf(query, &components, root));
  }
  ListCell *cell;
  foreach (cell, cross_joins) {
    JoinExpr *join = static_cast<JoinExpr *>(lfirst(cell));
    Connect(&components, bms_union(LeavesOf(query, join->larg), LeavesOf(query, join->rarg)));
  }
  Bitmapset *after = nullptr;
  member = -1;
  while ((member = bms_next_member(components.leaves, member)) >= 0)
    after = bms_add_member(after, Find(&components, member));
  if (bms_num_members(after) < 2)
    Report(lint, "join_without_condition", "NOTICE",
           psprintf("CROSS JOIN: no condition links %s, every row of one pairs with every row "
                    "of the other (a Cartesian product); fine when intended",
                    groups.data),
           nullptr);
  else
    Report(lint, "join_without_condition", "WARNING",
           psprintf("no condition links %s: every row of one pairs with every row of the other "
                    "(a Cartesian product); add the join condition (JOIN ... ON), or write CROSS "
                    "JOIN if the product is intended",
                    groups.data),
           nullptr);
}

void LintQuery(Lint *lint, Query *query);

bool FindQueries(Node *node, Lint *lint) {
  if (node == nullptr) return false;
  if (IsA(node, Query)) {
    LintQuery(lint, castNode(Query, node));
    return false;
  }
  return expression_tree_walker(node, Walker(FindQueries), lint);
}

void LintQuery(Lint *lint, Query *query) {
  if (query->commandType == CMD_UTILITY) return;
  CheckJoinTreeQuals(lint, query, reinterpret_cast<Node *>(query->jointree));
  query_tree_walker(query, Walker(FindNotIn), lint, QTW_IGNORE_RANGE_TABLE);
  CheckOffsetAndOrder(lint, query);
  CheckJoins(lint, query);
  query_tree_walker(query, Walker(FindQueries), lint, 0);
}

Datum LintQuerySql(FunctionCallInfo fcinfo) {
  pg::Call([&] {
    if (PG_ARGISNULL(0))
      ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("query must not be NULL"),
                      errhint("SELECT * FROM steward.lint_query('SELECT ...');")));
    const char *query_text = text_to_cstring(PG_GETARG_TEXT_PP(0));
    const AnalyzedStatement statement = AnalyzeStatement(query_text);
    Lint lint{NIL, nullptr};
    ListCell *cell;
    foreach (cell, statement.queries) {
      lint.top = lfirst_node(Query, cell);
      LintQuery(&lint, lint.top);
    }
    InitMaterializedSRF(fcinfo, 0);
    auto *result = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
    foreach (cell, lint.findings) {
      const Finding *finding = static_cast<const Finding *>(lfirst(cell));
      Datum values[4] = {
          CStringGetTextDatum(finding->rule), CStringGetTextDatum(finding->severity),
          CStringGetTextDatum(finding->detail),
          finding->rewrite != nullptr ? CStringGetTextDatum(finding->rewrite) : Datum(0)};
      bool nulls[4] = {false, false, false, finding->rewrite == nullptr};
      tuplestore_putvalues(result->setResult, result->setDesc, values, nulls);
    }
  });
  return Datum(0);
}

}  // namespace
}  // namespace steward::advisor

STEWARD_SQL_FUNCTION(steward_lint_query, steward::advisor::LintQuerySql)
