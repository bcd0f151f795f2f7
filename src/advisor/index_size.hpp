// The size of an index that does not exist yet, from the table's statistics: the page layout of
// each access method, modelled as PostgreSQL 15 builds it with CREATE INDEX. Pure C++.
#pragma once

#include <vector>

namespace steward::advisor {

enum class AccessMethod { kBtree, kHash, kBrin, kGin, kOther };

// One column of the index as the table's statistics describe it.
struct IndexColumn {
  double width = 8;          // average stored bytes (pg_statistic.stawidth, or the type's)
  int alignment = 1;         // 1, 2, 4 or 8 (a short varlena is not aligned: 1)
  double null_fraction = 0;  // of the indexed rows
  double distinct = -1;      // distinct values among the rows; < 0 when unknown
};

struct IndexShape {
  AccessMethod method = AccessMethod::kBtree;
  double table_rows = 0;
  double table_pages = 0;
  double row_fraction = 1;  // of the table's rows the index holds (a partial index: < 1)
  std::vector<IndexColumn> keys;
  std::vector<IndexColumn> included;  // INCLUDE columns (B-tree)
  bool unique = false;
  // Every key column's operator class allows B-tree deduplication (btequalimage) and there is no
  // INCLUDE column: runs of equal keys are stored once with a list of heap pointers.
  bool deduplicate = false;
  double gin_keys_per_row = 1;  // GIN: keys extracted from one row
  int pages_per_range = 128;    // BRIN
};

struct IndexSize {
  double pages = 1;    // including the metapage
  double entries = 0;  // index tuples (what the planner calls tuples)
  int tree_height = 0;
};

constexpr double kBlockSize = 8192;

IndexSize EstimateIndexSize(const IndexShape &shape);

}  // namespace steward::advisor
