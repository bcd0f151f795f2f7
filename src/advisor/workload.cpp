// Walks analyzed query trees for the facts the candidate rules need. Only what an index can
// serve counts: a key side made of one table's columns (or an immutable expression of them)
// against a side that is constant during the scan (constants, parameters, outer columns) or that
// is another table's column (a join).
#include "advisor/workload.hpp"

extern "C" {
#include "access/stratnum.h"
#include "catalog/namespace.h"
#include "catalog/pg_am_d.h"
#include "catalog/pg_class.h"
#include "commands/defrem.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parsetree.h"
#include "rewrite/rewriteManip.h"
#include "utils/lsyscache.h"
#include "utils/ruleutils.h"
}

#include "advisor/candidates.hpp"
#include "advisor/query_tree.hpp"

namespace steward::advisor {
namespace {

struct Context {
  StatementFacts *facts;
};

// The key an expression of one table's columns makes, as written in CREATE INDEX.
char *KeyText(Node *node, int rtindex, Oid relid, bool *expression, AttrNumber *attribute) {
  if (IsA(node, Var)) {
    *expression = false;
    *attribute = castNode(Var, node)->varattno;
    if (*attribute <= 0) return nullptr;  // system column, whole row
    return pstrdup(quote_identifier(get_attname(relid, *attribute, false)));
  }
  *expression = true;
  *attribute = 0;
  if (contain_mutable_functions(node) || contain_volatile_functions(node)) return nullptr;
  Node *copy = static_cast<Node *>(copyObjectImpl(node));
  if (rtindex != 1) ChangeVarNodes(copy, rtindex, 1, 0);
  return psprintf("(%s)", deparse_expression(copy, deparse_context_for(get_rel_name(relid), relid),
                                             false, false));
}

char *ConditionText(Node *condition, int rtindex, Oid relid) {
  Node *copy = static_cast<Node *>(copyObjectImpl(condition));
  if (rtindex != 1) ChangeVarNodes(copy, rtindex, 1, 0);
  return deparse_expression(copy, deparse_context_for(get_rel_name(relid), relid), false, false);
}

void AddKey(Context *context, Oid relid, KeyRole role, char *key, bool expression,
            AttrNumber attribute, bool descending, bool nulls_first, char *condition) {
  if (key == nullptr) return;
  auto *record = static_cast<KeyRecord *>(palloc0(sizeof(KeyRecord)));
  record->relid = relid;
  record->role = static_cast<int>(role);
  record->key = key;
  record->expression = expression;
  record->attribute = attribute;
  record->descending = descending;
  record->nulls_first = nulls_first;
  record->condition = condition;
  context->facts->keys = lappend(context->facts->keys, record);
}

// The role of an operator for a B-tree (equality or range), or for the default GIN operator
// class of the key's type (containment), or LIKE with a leading wildcard.
bool RoleOf(Oid op, Oid key_type, Node *other, KeyRole *role) {
  List *interpretations = get_op_btree_interpretation(op);
  if (interpretations != NIL) {
    const auto *first = static_cast<OpBtreeInterpretation *>(linitial(interpretations));
    if (first->strategy == BTEqualStrategyNumber) {
      *role = KeyRole::kEquality;
      return true;
    }
    if (first->strategy != ROWCOMPARE_NE) {
      *role = KeyRole::kRange;
      return true;
    }
    return false;
  }
  const Oid gin = GetDefaultOpClass(key_type, GIN_AM_OID);
  if (OidIsValid(gin) && op_in_opfamily(op, get_opclass_family(gin))) {
    *role = KeyRole::kContains;
    return true;
  }
  const char *name = get_opname(op);
  if (name != nullptr && (strcmp(name, "~~") == 0 || strcmp(name, "~~*") == 0) &&
      IsA(other, Const) && !castNode(Const, other)->constisnull) {
    const char *pattern = TextDatumGetCString(castNode(Const, other)->constvalue);
    if (pattern[0] == '%') {
      *role = KeyRole::kPattern;
      return true;
    }
  }
  return false;
}

// column IS NULL: a B-tree finds NULLs; as a partial index's predicate it keeps the rows a
// queue-like query looks for (shipped_at IS NULL).
void ExamineNullTest(Context *context, Query *query, NullTest *test) {
  Node *key = Strip(reinterpret_cast<Node *>(test->arg));
  if (test->nulltesttype != IS_NULL || test->argisrow || !IsA(key, Var)) return;
  const Var *var = castNode(Var, key);
  if (var->varlevelsup != 0) return;
  const Oid relid = TableOf(query, var->varno);
  if (!OidIsValid(relid)) return;
  bool expression;
  AttrNumber attribute;
  char *text = KeyText(key, var->varno, relid, &expression, &attribute);
  AddKey(context, relid, KeyRole::kEquality, text, expression, attribute, false, false,
         ConditionText(reinterpret_cast<Node *>(test), var->varno, relid));
  static_cast<KeyRecord *>(llast(context->facts->keys))->null_test = true;
}

void ExamineCondition(Context *context, Query *query, Node *condition) {
  if (IsA(condition, NullTest)) {
    ExamineNullTest(context, query, castNode(NullTest, condition));
    return;
  }
  Node *left = nullptr, *right = nullptr;
  Oid op = InvalidOid;
  bool array = false;
  if (IsA(condition, OpExpr) && list_length(castNode(OpExpr, condition)->args) == 2) {
    op = castNode(OpExpr, condition)->opno;
    left = Strip(static_cast<Node *>(linitial(castNode(OpExpr, condition)->args)));
    right = Strip(static_cast<Node *>(lsecond(castNode(OpExpr, condition)->args)));
  } else if (IsA(condition, ScalarArrayOpExpr) && castNode(ScalarArrayOpExpr, condition)->useOr) {
    op = castNode(ScalarArrayOpExpr, condition)->opno;
    left = Strip(static_cast<Node *>(linitial(castNode(ScalarArrayOpExpr, condition)->args)));
    right = Strip(static_cast<Node *>(lsecond(castNode(ScalarArrayOpExpr, condition)->args)));
    array = true;
  } else {
    return;
  }
  for (int side = 0; side < 2; ++side) {
    Node *key = side == 0 ? left : right;
    Node *other = side == 0 ? right : left;
    if (array && side == 1) break;  // the array is the other side
    const VarScan key_scan = ScanOf(key);
    if (key_scan.sublink || bms_num_members(key_scan.relations) != 1) continue;
    const int rtindex = bms_next_member(key_scan.relations, -1);
    const Oid relid = TableOf(query, rtindex);
    if (!OidIsValid(relid)) continue;
    const VarScan other_scan = ScanOf(other);
    if (other_scan.sublink) continue;
    KeyRole role;
    const Oid used_op = side == 0 ? op : get_commutator(op);
    if (!OidIsValid(used_op) || !RoleOf(used_op, exprType(key), other, &role)) continue;
    if (array && role != KeyRole::kEquality) continue;
    bool is_join = false;
    if (!bms_is_empty(other_scan.relations)) {
      // A join: the other side one other table's columns, compared for equality.
      if (bms_num_members(other_scan.relations) != 1 || role != KeyRole::kEquality ||
          !OidIsValid(TableOf(query, bms_next_member(other_scan.relations, -1))))
        continue;
      is_join = true;
    }
    bool expression;
    AttrNumber attribute;
    char *text = KeyText(key, rtindex, relid, &expression, &attribute);
    // jsonb containment alone: jsonb_path_ops makes a smaller, faster GIN index than jsonb_ops.
    if (text != nullptr && role == KeyRole::kContains && exprType(key) == JSONBOID) {
      const char *name = get_opname(used_op);
      if (name != nullptr && strcmp(name, "@>") == 0) text = psprintf("%s jsonb_path_ops", text);
    }
    char *literal = nullptr;
    if (!is_join && role == KeyRole::kEquality && !array && IsA(other, Const) && !expression)
      literal = ConditionText(condition, rtindex, relid);
    AddKey(context, relid, is_join ? KeyRole::kJoin : role, text, expression, attribute, false,
           false, literal);
  }
}

// Conjuncts of a qualification (its top-level AND).
void ExamineQual(Context *context, Query *query, Node *qual) {
  if (qual == nullptr) return;
  if (IsA(qual, BoolExpr) && castNode(BoolExpr, qual)->boolop == AND_EXPR) {
    ListCell *cell;
    foreach (cell, castNode(BoolExpr, qual)->args)
      ExamineQual(context, query, static_cast<Node *>(lfirst(cell)));
    return;
  }
  if (IsA(qual, List)) {
    ListCell *cell;
    foreach (cell, castNode(List, qual))
      ExamineQual(context, query, static_cast<Node *>(lfirst(cell)));
    return;
  }
  ExamineCondition(context, query, qual);
}

void ExamineJoinTree(Context *context, Query *query, Node *node) {
  if (node == nullptr) return;
  if (IsA(node, FromExpr)) {
    ListCell *cell;
    foreach (cell, castNode(FromExpr, node)->fromlist)
      ExamineJoinTree(context, query, static_cast<Node *>(lfirst(cell)));
    ExamineQual(context, query, castNode(FromExpr, node)->quals);
  } else if (IsA(node, JoinExpr)) {
    ExamineJoinTree(context, query, castNode(JoinExpr, node)->larg);
    ExamineJoinTree(context, query, castNode(JoinExpr, node)->rarg);
    ExamineQual(context, query, castNode(JoinExpr, node)->quals);
  }
}

struct ReadContext {
  Context *context;
  Query *query;
};

// Columns read: every level-0 column of a table, anywhere in the query but its sub-queries.
bool CollectReads(Node *node, ReadContext *read) {
  if (node == nullptr) return false;
  if (IsA(node, Var)) {
    const Var *var = castNode(Var, node);
    if (var->varlevelsup != 0 || var->varattno <= 0) return false;
    const Oid relid = TableOf(read->query, var->varno);
    if (!OidIsValid(relid)) return false;
    auto *record = static_cast<ColumnRecord *>(palloc0(sizeof(ColumnRecord)));
    record->relid = relid;
    record->column = pstrdup(quote_identifier(get_attname(relid, var->varattno, false)));
    read->context->facts->columns = lappend(read->context->facts->columns, record);
    return false;
  }
  if (IsA(node, Query)) return false;
  return expression_tree_walker(node, Walker(CollectReads), read);
}

void ExamineQuery(Context *context, Query *query);

bool FindQueries(Node *node, Context *context) {
  if (node == nullptr) return false;
  if (IsA(node, Query)) {
    ExamineQuery(context, castNode(Query, node));
    return false;
  }
  return expression_tree_walker(node, Walker(FindQueries), context);
}

void ExamineQuery(Context *context, Query *query) {
  ExamineJoinTree(context, query, reinterpret_cast<Node *>(query->jointree));
  // ORDER BY on one table's columns.
  ListCell *cell;
  foreach (cell, query->sortClause) {
    auto *clause = lfirst_node(SortGroupClause, cell);
    TargetEntry *entry = get_sortgroupclause_tle(clause, query->targetList);
    Node *expression = Strip(reinterpret_cast<Node *>(entry->expr));
    const VarScan scan = ScanOf(expression);
    if (scan.sublink || bms_num_members(scan.relations) != 1) continue;
    const int rtindex = bms_next_member(scan.relations, -1);
    const Oid relid = TableOf(query, rtindex);
    if (!OidIsValid(relid)) continue;
    Oid family, type;
    int16 strategy = 0;
    if (!get_ordering_op_properties(clause->sortop, &family, &type, &strategy)) continue;
    bool is_expression;
    AttrNumber attribute;
    char *key = KeyText(expression, rtindex, relid, &is_expression, &attribute);
    AddKey(context, relid, KeyRole::kSort, key, is_expression, attribute,
           strategy == BTGreaterStrategyNumber, clause->nulls_first, nullptr);
  }
  foreach (cell, query->rtable) {
    const Oid relid = TableOf(query, foreach_current_index(cell) + 1);
    if (OidIsValid(relid))
      context->facts->tables = list_append_unique_oid(context->facts->tables, relid);
  }
  ReadContext read{context, query};
  query_tree_walker(query, Walker(CollectReads), &read,
                    QTW_IGNORE_RANGE_TABLE | QTW_IGNORE_CTE_SUBQUERIES);
  // Sub-queries: in the range table, in CTEs, in sublinks.
  query_tree_walker(query, Walker(FindQueries), context, 0);
}

}  // namespace

StatementFacts ExtractFacts(const AnalyzedStatement &statement) {
  StatementFacts facts{};
  facts.command = CMD_SELECT;
  Context context{&facts};
  ListCell *cell;
  foreach (cell, statement.queries) {
    Query *query = lfirst_node(Query, cell);
    if (query->commandType == CMD_UTILITY) continue;
    ExamineQuery(&context, query);
    if (query->resultRelation > 0 && !OidIsValid(facts.written)) {
      facts.written = TableOf(query, query->resultRelation);
      facts.command = query->commandType;
      if (query->commandType == CMD_UPDATE) {
        ListCell *target;
        foreach (target, query->targetList) {
          auto *entry = lfirst_node(TargetEntry, target);
          if (!entry->resjunk) facts.updated = bms_add_member(facts.updated, entry->resno);
        }
      }
    }
  }
  return facts;
}

StatementFacts WriteFacts(const char *text) {
  StatementFacts facts{};
  facts.command = CMD_SELECT;
  RawStmt *raw = ParseOneStatement(text, "query");
  RangeVar *target = nullptr;
  if (IsA(raw->stmt, InsertStmt)) {
    target = castNode(InsertStmt, raw->stmt)->relation;
    facts.command = CMD_INSERT;
  } else if (IsA(raw->stmt, UpdateStmt)) {
    target = castNode(UpdateStmt, raw->stmt)->relation;
    facts.command = CMD_UPDATE;
  }
  if (target == nullptr) return facts;
  facts.written = RangeVarGetRelid(target, NoLock, true);
  if (!OidIsValid(facts.written)) return facts;
  if (facts.command == CMD_UPDATE) {
    ListCell *cell;
    foreach (cell, castNode(UpdateStmt, raw->stmt)->targetList) {
      const auto *column = lfirst_node(ResTarget, cell);
      const AttrNumber attribute = get_attnum(facts.written, column->name);
      if (attribute > 0) facts.updated = bms_add_member(facts.updated, attribute);
    }
  }
  return facts;
}

}  // namespace steward::advisor
