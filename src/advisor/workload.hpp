// What each statement of a workload does with each table, read from its parsed and analyzed
// query trees (subqueries, CTEs and sublinks included): filters, joins, sorts, columns read, and
// for INSERT, UPDATE and DELETE the table written and the columns updated.
#pragma once

#include "advisor/planning.hpp"

namespace steward::advisor {

// One use of a key by one statement (C style, palloc'd): see KeyUse in candidates.hpp.
struct KeyRecord {
  Oid relid;
  int role;  // KeyRole
  bool expression, descending, nulls_first;
  bool null_test;        // column IS NULL
  AttrNumber attribute;  // of a plain column; 0 for an expression
  char *key;             // as an index key
  char *condition;       // equality with a literal: the condition as SQL, or nullptr
};

struct ColumnRecord {
  Oid relid;
  char *column;  // quoted
};

struct StatementFacts {
  List *keys;     // KeyRecord *
  List *columns;  // ColumnRecord *, the columns read
  List *tables;   // OIDs of the tables it reads or writes
  Oid written;    // table an INSERT, UPDATE or DELETE writes, or InvalidOid
  CmdType command;
  Bitmapset *updated;  // attribute numbers an UPDATE sets
};

StatementFacts ExtractFacts(const AnalyzedStatement &statement);

// The table an INSERT or UPDATE writes (and the columns an UPDATE sets), from its text alone: a
// write the advisor cannot plan (a parameter of ambiguous type) still costs every index it adds.
// written is InvalidOid for anything else.
StatementFacts WriteFacts(const char *text);

}  // namespace steward::advisor
