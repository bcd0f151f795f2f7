// The page layout model behind EstimateIndexSize(); the constants are PostgreSQL 15's (8 kB
// pages, 24-byte page header, 4-byte line pointers, 8-byte MAXALIGN).
#include "common/cpp_only.hpp"

#include "advisor/index_size.hpp"

#include <algorithm>
#include <cmath>

namespace steward::advisor {
namespace {

constexpr double kPageHeader = 24;
constexpr double kLinePointer = 4;
constexpr double kIndexTupleHeader = 8;  // IndexTupleData
constexpr double kHeapPointer = 6;       // ItemPointerData, in a B-tree posting list

double MaxAlign(double bytes) { return std::ceil(bytes / 8) * 8; }
double Align(double offset, int alignment) {
  return alignment <= 1 ? offset : std::ceil(offset / alignment) * alignment;
}

// Bytes of the columns' data in one index tuple; whether some tuples have a null bitmap, and
// whether the data varies in length from tuple to tuple.
double DataBytes(const std::vector<IndexColumn> &columns, double *null_fraction, bool *varies) {
  double offset = 0;
  double all_present = 1;
  for (const IndexColumn &column : columns) {
    offset = Align(offset, column.alignment) + column.width * (1 - column.null_fraction);
    all_present *= 1 - column.null_fraction;
    if (varies != nullptr && (column.alignment == 1 || column.null_fraction > 0)) *varies = true;
  }
  if (null_fraction != nullptr) *null_fraction = 1 - all_present;
  return offset;
}

// Index tuple bytes with header and null bitmap where needed (the data then starts at 16),
// padded to MAXALIGN: for data of varying length, by 3.5 bytes on average.
double TupleBytes(double data, double null_fraction, bool varies) {
  const auto padded = [&](double bytes) { return varies ? bytes + 3.5 : MaxAlign(bytes); };
  return (1 - null_fraction) * padded(kIndexTupleHeader + data) +
         null_fraction * padded(2 * kIndexTupleHeader + data);
}

// Pages of a B-tree: leaves filled to 90 % by the sorted build, inner pages to 70 %, a metapage.
IndexSize Btree(const IndexShape &shape, double rows) {
  constexpr double kSpecial = 16;  // BTPageOpaqueData
  const double usable = kBlockSize - kPageHeader - kSpecial;
  double null_fraction = 0;
  std::vector<IndexColumn> all = shape.keys;
  all.insert(all.end(), shape.included.begin(), shape.included.end());
  bool varies = false;
  const double data = DataBytes(all, &null_fraction, &varies);
  const double tuple = TupleBytes(data, null_fraction, varies) + kLinePointer;

  double leaf_bytes = rows * tuple;
  if (shape.deduplicate && !shape.unique && shape.included.empty()) {
    double groups = 1;
    bool known = true;
    for (const IndexColumn &key : shape.keys) {
      if (key.distinct < 0) known = false;
      groups *= std::max(1.0, key.distinct);
    }
    groups = std::min(groups, rows);
    const double per_group = groups > 0 ? rows / groups : 0;
    // Values that repeat are merged; below 2 rows per value on average only some repeat: the
    // saving grows linearly from none (1 row per value) to full (2 or more).
    if (known && per_group > 1) {
      // A posting list tuple holds at most about half of the largest tuple (1352 bytes).
      const double key_tuple = MaxAlign(kIndexTupleHeader + data);
      const double pointers_per_tuple = std::floor((1352 - key_tuple) / kHeapPointer);
      const double tuples_per_group = std::ceil(per_group / pointers_per_tuple);
      // Each posting list tuple: the key, its heap pointers, padded to MAXALIGN (3.5 bytes on
      // average), a line pointer.
      const double merged =
          groups * (tuples_per_group * (key_tuple + 3.5 + kLinePointer) + per_group * kHeapPointer);
      const double weight = std::min(1.0, per_group - 1);
      leaf_bytes = (1 - weight) * leaf_bytes + weight * std::min(leaf_bytes, merged);
    }
  }
  IndexSize size;
  size.entries = rows;
  double level = std::max(1.0, std::ceil(leaf_bytes / (usable * 0.90)));
  double pages = level;
  const double pivot =
      MaxAlign(kIndexTupleHeader + DataBytes(shape.keys, nullptr, nullptr)) + kLinePointer;
  const double fanout = std::max(2.0, std::floor(usable * 0.70 / pivot));
  while (level > 1) {
    level = std::ceil(level / fanout);
    pages += level;
    ++size.tree_height;
  }
  size.pages = pages + 1;
  return size;
}

// Hash: 20-byte entries (header and 4-byte hash code), buckets filled to 75 %, a metapage and a
// bitmap page; buckets are allocated in groups, so about a fifth more than filled.
IndexSize Hash(double rows) {
  const double per_page =
      std::floor((kBlockSize * 0.75) / (MaxAlign(kIndexTupleHeader + 4) + kLinePointer));
  IndexSize size;
  size.entries = rows;
  size.pages = std::max(2.0, std::ceil(rows / per_page * 1.2)) + 2;
  return size;
}

// BRIN: one summary tuple (least and greatest value of each column) per range of table pages,
// a range map of about 1,360 ranges per page, a metapage.
IndexSize Brin(const IndexShape &shape) {
  const double ranges = std::max(1.0, std::ceil(shape.table_pages / shape.pages_per_range));
  double data = 0;
  for (const IndexColumn &key : shape.keys) data = Align(data, key.alignment) + 2 * key.width;
  const double tuple = MaxAlign(kIndexTupleHeader + data) + kLinePointer;
  const double per_page = std::max(1.0, std::floor((kBlockSize - kPageHeader - 8) / tuple));
  IndexSize size;
  size.entries = ranges;
  size.pages = 1 + std::ceil(ranges / 1360) + std::ceil(ranges / per_page);
  return size;
}

// GIN: every extracted key once, with a compressed list of heap pointers (about 2 bytes each,
// measured on jsonb and arrays). A coarse model: GIN's size depends on the keys' distribution
// more than on anything the statistics hold.
IndexSize Gin(const IndexShape &shape, double rows) {
  const double keys = rows * std::max(1.0, shape.gin_keys_per_row);
  double key_width = 8;
  if (!shape.keys.empty())
    key_width = shape.keys.front().width / std::max(1.0, shape.gin_keys_per_row);
  const double distinct = std::max(1.0, keys / 200);
  const double bytes =
      keys * 2 + distinct * (MaxAlign(kIndexTupleHeader + key_width) + kLinePointer);
  IndexSize size;
  size.entries = rows;
  size.pages = 2 + std::ceil(bytes / ((kBlockSize - kPageHeader) * 0.9));
  return size;
}

}  // namespace

IndexSize EstimateIndexSize(const IndexShape &shape) {
  const double rows = std::max(0.0, shape.table_rows * shape.row_fraction);
  switch (shape.method) {
    case AccessMethod::kBtree:
      return Btree(shape, rows);
    case AccessMethod::kHash:
      return Hash(rows);
    case AccessMethod::kBrin:
      return Brin(shape);
    case AccessMethod::kGin:
      return Gin(shape, rows);
    case AccessMethod::kOther:
      break;
  }
  // GiST, SP-GiST and others: a B-tree's entries without deduplication, pages less full.
  IndexShape btree = shape;
  btree.deduplicate = false;
  IndexSize size = Btree(btree, rows);
  size.pages = std::ceil(size.pages * 1.3);
  return size;
}

}  // namespace steward::advisor
