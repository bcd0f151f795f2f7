// GoogleTest tests of the index size model (src/advisor/index_size.hpp), against sizes of indexes
// PostgreSQL 15 built with CREATE INDEX.
#include <gtest/gtest.h>

#include <vector>

#include "advisor/index_size.hpp"

namespace steward::advisor {
namespace {

IndexColumn Column(double width, int alignment, double distinct = -1, double null_fraction = 0) {
  IndexColumn column;
  column.width = width;
  column.alignment = alignment;
  column.distinct = distinct;
  column.null_fraction = null_fraction;
  return column;
}

IndexShape Shape(AccessMethod method, double rows, std::vector<IndexColumn> keys) {
  IndexShape shape;
  shape.method = method;
  shape.table_rows = rows;
  shape.table_pages = rows / 157;  // a narrow table
  shape.keys = std::move(keys);
  return shape;
}

// A bigint column of unique values, as in a primary key.
IndexShape BigintKey(double rows) {
  IndexShape shape = Shape(AccessMethod::kBtree, rows, {Column(8, 8, rows)});
  shape.unique = true;
  return shape;
}

// An int column of 20000 values, deduplicated as PostgreSQL 15 does by default.
IndexShape IntOf20000Values(double rows) {
  IndexShape shape = Shape(AccessMethod::kBtree, rows, {Column(4, 4, 20000)});
  shape.deduplicate = true;
  return shape;
}

void ExpectMonotonicInRows(IndexShape shape) {
  double previous_pages = 0, previous_entries = -1;
  for (double rows = 1; rows < 2e8; rows *= 1.07) {
    shape.table_rows = rows;
    shape.table_pages = rows / 157;
    const IndexSize size = EstimateIndexSize(shape);
    EXPECT_GE(size.pages, previous_pages) << "rows " << rows;
    EXPECT_GE(size.entries, previous_entries) << "rows " << rows;
    previous_pages = size.pages;
    previous_entries = size.entries;
  }
  shape.table_rows = 1e3;
  const double small = EstimateIndexSize(shape).pages;
  shape.table_rows = 1e7;
  EXPECT_GT(EstimateIndexSize(shape).pages, small * 100);
}

TEST(AdvisorIndexSize, MonotonicInRows) {
  {
    SCOPED_TRACE("btree");
    ExpectMonotonicInRows(BigintKey(0));
  }
  {
    SCOPED_TRACE("btree, text with nulls");
    ExpectMonotonicInRows(Shape(AccessMethod::kBtree, 0, {Column(23.5, 1, -1, 0.3)}));
  }
  {
    SCOPED_TRACE("hash");
    ExpectMonotonicInRows(Shape(AccessMethod::kHash, 0, {Column(8, 8)}));
  }
  {
    SCOPED_TRACE("gin");
    IndexShape gin = Shape(AccessMethod::kGin, 0, {Column(120, 4)});
    gin.gin_keys_per_row = 6;
    ExpectMonotonicInRows(gin);
  }
}

TEST(AdvisorIndexSize, DeduplicatedBtreeMonotonicInRows) {
  ExpectMonotonicInRows(IntOf20000Values(0));
}

TEST(AdvisorIndexSize, BtreeOfAUniqueBigintIsCloseToPostgres) {
  // CREATE TABLE t (id bigint PRIMARY KEY) with 1,000,000 rows: the index is 22,487,040 bytes
  // (2745 pages).
  const IndexSize size = EstimateIndexSize(BigintKey(1e6));
  EXPECT_NEAR(size.pages, 2745, 2745 * 0.05);
  EXPECT_NEAR(size.pages * kBlockSize, 22487040, 22487040 * 0.05);
  EXPECT_DOUBLE_EQ(size.entries, 1e6);
  EXPECT_EQ(size.tree_height, 2);  // bt_metap() level of that index: root, 10 inner, leaves
}

TEST(AdvisorIndexSize, DeduplicationShrinksAnIndexOfRepeatedValues) {
  // An int column with 20000 distinct values over 1,000,000 rows: 7,135,232 bytes (871 pages).
  const IndexSize deduplicated = EstimateIndexSize(IntOf20000Values(1e6));
  EXPECT_NEAR(deduplicated.pages, 871, 871 * 0.10);
  EXPECT_NEAR(deduplicated.pages * kBlockSize, 7135232, 7135232 * 0.10);
  EXPECT_DOUBLE_EQ(deduplicated.entries, 1e6);

  IndexShape plain = IntOf20000Values(1e6);
  plain.deduplicate = false;
  const IndexSize without = EstimateIndexSize(plain);
  EXPECT_LT(deduplicated.pages * 2.5, without.pages);
  // Without deduplication an int4 tuple takes as much room as an int8 one (MAXALIGN).
  EXPECT_DOUBLE_EQ(without.pages, EstimateIndexSize(BigintKey(1e6)).pages);
}

TEST(AdvisorIndexSize, UniqueOrIncludeOrUnknownDistinctDisablesDeduplication) {
  IndexShape plain = IntOf20000Values(1e6);
  plain.deduplicate = false;
  const double without = EstimateIndexSize(plain).pages;

  IndexShape unique = IntOf20000Values(1e6);
  unique.unique = true;
  EXPECT_DOUBLE_EQ(EstimateIndexSize(unique).pages, without);

  IndexShape unknown = IntOf20000Values(1e6);
  unknown.keys[0].distinct = -1;
  EXPECT_DOUBLE_EQ(EstimateIndexSize(unknown).pages, without);

  IndexShape covering = IntOf20000Values(1e6);
  covering.included = {Column(4, 4)};
  plain.included = covering.included;
  EXPECT_DOUBLE_EQ(EstimateIndexSize(covering).pages, EstimateIndexSize(plain).pages);

  // All distinct: nothing to deduplicate.
  IndexShape distinct = IntOf20000Values(1e6);
  distinct.keys[0].distinct = 1e6;
  EXPECT_DOUBLE_EQ(EstimateIndexSize(distinct).pages, without);
}

TEST(AdvisorIndexSize, TreeHeight) {
  const IndexSize tiny = EstimateIndexSize(BigintKey(10));
  EXPECT_EQ(tiny.tree_height, 0);
  EXPECT_EQ(tiny.pages, 2);  // metapage and the root leaf
  EXPECT_EQ(EstimateIndexSize(BigintKey(0)).pages, 2);
  EXPECT_GE(EstimateIndexSize(BigintKey(1e7)).tree_height, 2);
  EXPECT_LE(EstimateIndexSize(BigintKey(1e7)).tree_height, 3);
}

TEST(AdvisorIndexSize, BrinIsAFewPages) {
  // A 1,000,000-row table of 6370 pages, BRIN on a timestamp with pages_per_range 128:
  // 24,576 bytes (metapage, range map, one regular page).
  IndexShape brin = Shape(AccessMethod::kBrin, 1e6, {Column(8, 8)});
  brin.table_pages = 6370;
  brin.pages_per_range = 128;
  const IndexSize size = EstimateIndexSize(brin);
  EXPECT_EQ(size.pages, 3);
  EXPECT_EQ(size.pages * kBlockSize, 24576);
  EXPECT_EQ(size.entries, 50);  // ceil(6370 / 128) ranges
  // Smaller ranges, more summaries; still a tiny fraction of a B-tree.
  brin.pages_per_range = 1;
  EXPECT_GT(EstimateIndexSize(brin).pages, size.pages);
  EXPECT_LT(EstimateIndexSize(brin).pages, EstimateIndexSize(BigintKey(1e6)).pages / 10);
}

TEST(AdvisorIndexSize, PartialIndexHoldsItsFractionOfTheRows) {
  const IndexSize whole = EstimateIndexSize(BigintKey(1e6));
  IndexShape partial = BigintKey(1e6);
  partial.row_fraction = 0.2;
  const IndexSize fifth = EstimateIndexSize(partial);
  EXPECT_DOUBLE_EQ(fifth.entries, 2e5);
  EXPECT_NEAR(fifth.pages / whole.pages, 0.2, 0.2 * 0.05);
  // The same as an index of 200,000 rows.
  EXPECT_DOUBLE_EQ(fifth.pages, EstimateIndexSize(BigintKey(2e5)).pages);
}

TEST(AdvisorIndexSize, WiderKeysMakeBiggerIndexes) {
  const double bigint = EstimateIndexSize(BigintKey(1e6)).pages;
  IndexShape two = BigintKey(1e6);
  two.keys.push_back(Column(8, 8, 1e6));
  const double composite = EstimateIndexSize(two).pages;
  EXPECT_GT(composite, bigint * 1.3);
  IndexShape text = Shape(AccessMethod::kBtree, 1e6, {Column(36, 1, 1e6)});
  EXPECT_GT(EstimateIndexSize(text).pages, composite);
}

TEST(AdvisorIndexSize, OtherMethodsAreLargerThanABtree) {
  IndexShape gist = Shape(AccessMethod::kOther, 1e6, {Column(8, 8, 1e6)});
  IndexShape btree = gist;
  btree.method = AccessMethod::kBtree;
  EXPECT_GT(EstimateIndexSize(gist).pages, EstimateIndexSize(btree).pages);
  // An empty hash index still has a metapage, a bitmap page and its first buckets.
  EXPECT_GE(EstimateIndexSize(Shape(AccessMethod::kHash, 0, {Column(8, 8)})).pages, 3);
}

}  // namespace
}  // namespace steward::advisor
