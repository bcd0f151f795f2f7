// Small helpers for walking analyzed query trees, shared by the advisor's workload reader
// (workload.cpp) and lint_query() (lint.cpp).
#pragma once

#include "pg/postgres.hpp"

extern "C" {
#include "nodes/parsenodes.h"
}

namespace steward::advisor {

// PostgreSQL's tree walkers take a walker of unspecified arguments (bool (*)()).
template <typename Context>
bool (*Walker(bool (*walker)(Node *, Context *)))() {
  return reinterpret_cast<bool (*)()>(reinterpret_cast<void (*)()>(walker));
}

// The level-0 range table entries and columns an expression references, and whether it has
// sublinks.
struct VarScan {
  Bitmapset *relations;
  Bitmapset *columns;  // attribute numbers (offset by FirstLowInvalidHeapAttributeNumber)
  bool sublink;
};
VarScan ScanOf(Node *node);

// The expression under binary-compatible casts (RelabelType).
Node *Strip(Node *node);

// The table (plain, partitioned, materialized view) a range table index names in query, or
// InvalidOid.
Oid TableOf(Query *query, int rtindex);

}  // namespace steward::advisor
