// Hypothetical indexes: indexes described by CREATE INDEX statements that the planner sees, with
// estimated sizes, without their being built; and real indexes hidden from the planner. Used by
// whatif() and suggest_indexes(). C style: the structures live in a memory context.
#pragma once

#include "advisor/planning.hpp"
#include "pg/postgres.hpp"

extern "C" {
#include "nodes/parsenodes.h"
}

namespace steward::advisor {

struct HypotheticalIndex {
  Oid oid;    // made up, never a real relation's
  Oid relid;  // the table
  char *name;
  char *definition;  // CREATE INDEX ... as the user or the advisor wrote it
  Oid am;
  int columns, key_columns;
  AttrNumber *attributes;  // 0 for an expression column
  Oid *types, *collations, *opfamilies, *opcintypes;
  int32 *typmods;
  bool *descending, *nulls_first;
  List *expressions;  // the expression columns, range table index 1
  List *predicate;    // implicit AND, range table index 1; NIL when not partial
  bool unique;
  // Inputs of the size estimate (index_size.hpp), from the table's statistics.
  struct ColumnStatistics *statistics;  // one per column
  double row_fraction;                  // of the table's rows a partial index holds
  bool deduplicate;
  double gin_keys_per_row;
};

// The indexes one planning sees: hypothetical ones added, real ones hidden.
struct WhatIfSet {
  MemoryContext context;
  List *indexes;  // HypotheticalIndex *
  List *hidden;   // OIDs of real indexes
  Oid next_oid;
};

// A new, empty set in a child context of CurrentMemoryContext. The planner sees it only inside
// PlanWith().
WhatIfSet *CreateWhatIfSet();

// Adds the index a CREATE INDEX statement (parsed) describes; text is the statement's text.
// Errors name the statement. The caller must have SELECT on the table.
HypotheticalIndex *AddHypotheticalIndex(WhatIfSet *set, IndexStmt *statement, const char *text);

// Hides a real index from the planner.
void HideIndex(WhatIfSet *set, Oid index);

// Plans the statement with the set visible to the planner (nullptr: none), and only during
// this planning: the previous set is restored on return and on error.
PlanResult PlanWith(const AnalyzedStatement &statement, WhatIfSet *set, StringInfo explain_text);

// The estimated size, in bytes, of a hypothetical index on its table as it is now.
double EstimatedBytes(const HypotheticalIndex *index);

// The hypothetical index with this OID in the set (nullptr: none), or nullptr.
const HypotheticalIndex *FindHypothetical(const WhatIfSet *set, Oid oid);

void InstallPlannerHooks();

}  // namespace steward::advisor
