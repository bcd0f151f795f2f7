// Candidate indexes from what the workload's queries do with each table (filters, joins, sorts),
// and the redundancy rule between indexes. Pure C++: the facts come from the parsed queries
// (workload.cpp), the candidates go to the planner as hypothetical indexes (suggest.cpp).
#pragma once

#include <string>
#include <vector>

namespace steward::advisor {

enum class KeyRole {
  kEquality,  // column = constant or parameter, IN (...)
  kRange,     // <, <=, >, >=, BETWEEN
  kJoin,      // column = other table's column
  kSort,      // ORDER BY
  kContains,  // jsonb or array operators a GIN index serves (@>, ?, &&, ...)
  kPattern,   // LIKE '%...%': a trigram GIN index (pg_trgm)
};

// One use of a column (or of an expression over one table's columns) by one query.
struct KeyUse {
  std::string key;          // as an index key: a quoted column name, or "(expression)"
  bool expression = false;  // key is an expression
  KeyRole role = KeyRole::kEquality;
  bool descending = false;   // kSort
  bool nulls_first = false;  // kSort
  std::string condition;     // kEquality with a literal: the condition, as SQL ("status = 'x'")
  double distinct = -1;      // distinct values in the table (< 0: unknown)
  bool null_test = false;    // column IS NULL (kEquality with its condition)
  double null_fraction = 0;  // of the column's values
  double correlation = 0;    // of the column's order with the table's physical order
};

// What one query does with one table.
struct TableUse {
  std::string table;  // schema-qualified, quoted
  unsigned oid = 0;
  double rows = 0;  // of the table
  std::vector<KeyUse> uses;
  std::vector<std::string> columns_read;  // quoted names of the columns the query reads
  bool trigram_available = false;         // pg_trgm is installed
};

struct IndexDefinition {
  std::string table;
  unsigned oid = 0;
  std::string method = "btree";
  std::vector<std::string> keys;     // index keys as written in CREATE INDEX (with DESC, opclass)
  std::vector<std::string> include;  // INCLUDE columns
  std::string predicate;             // WHERE condition of a partial index, or empty

  // CREATE INDEX [CONCURRENTLY] [name] ON table USING method (keys) [INCLUDE (...)] [WHERE ...]
  std::string Statement(const std::string &name = {}, bool concurrently = false) const;
  bool operator==(const IndexDefinition &other) const;
};

// Candidates for one query's use of one table: single keys, equality keys then a range or the
// sort keys, covering variants, partial indexes for equality with a literal on a column of few
// values, GIN for containment and trigram patterns, BRIN for ranges on columns that follow the
// physical order of a large table. Without duplicates.
std::vector<IndexDefinition> CandidatesFor(const TableUse &use);

// True when b's keys are a leading prefix of a's (same table, B-tree, same orders and
// predicate), whatever their INCLUDE columns: the advisor never proposes b next to a.
bool KeysArePrefix(const IndexDefinition &a, const IndexDefinition &b);

// True when b adds nothing to a (b is redundant next to a): same table and method (B-tree), b's
// keys a leading prefix of a's with the same orders, same predicate, and b's INCLUDE columns
// among a's columns. An index is redundant next to itself.
bool MakesRedundant(const IndexDefinition &a, const IndexDefinition &b);

// A default index name from the table and keys: table_key1_key2_idx (PostgreSQL's style),
// letters, digits and underscores only, at most 63 bytes.
std::string IndexName(const IndexDefinition &definition);

}  // namespace steward::advisor
