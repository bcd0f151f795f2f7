// Helpers for walking analyzed query trees (query_tree.hpp).
#include "advisor/query_tree.hpp"

extern "C" {
#include "access/sysattr.h"
#include "catalog/pg_class.h"
#include "nodes/nodeFuncs.h"
#include "parser/parsetree.h"
}

namespace steward::advisor {
namespace {

bool ScanVars(Node *node, VarScan *scan) {
  if (node == nullptr) return false;
  if (IsA(node, Var)) {
    const Var *var = castNode(Var, node);
    if (var->varlevelsup == 0) {
      scan->relations = bms_add_member(scan->relations, var->varno);
      scan->columns =
          bms_add_member(scan->columns, var->varattno - FirstLowInvalidHeapAttributeNumber);
    }
    return false;
  }
  if (IsA(node, SubLink)) {
    scan->sublink = true;
    return false;
  }
  return expression_tree_walker(node, Walker(ScanVars), scan);
}

}  // namespace

VarScan ScanOf(Node *node) {
  VarScan scan{nullptr, nullptr, false};
  ScanVars(node, &scan);
  return scan;
}

Node *Strip(Node *node) {
  while (node != nullptr && IsA(node, RelabelType))
    node = reinterpret_cast<Node *>(castNode(RelabelType, node)->arg);
  return node;
}

Oid TableOf(Query *query, int rtindex) {
  if (rtindex <= 0 || rtindex > list_length(query->rtable)) return InvalidOid;
  RangeTblEntry *entry = rt_fetch(rtindex, query->rtable);
  return entry->rtekind == RTE_RELATION &&
                 (entry->relkind == RELKIND_RELATION ||
                  entry->relkind == RELKIND_PARTITIONED_TABLE || entry->relkind == RELKIND_MATVIEW)
             ? entry->relid
             : InvalidOid;
}

}  // namespace steward::advisor
