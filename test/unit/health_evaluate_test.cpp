// Unit tests of the pure health evaluation: statuses, units, texts, and the check catalogue.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "common/error.hpp"
#include "health/checks.hpp"
#include "health/evaluate.hpp"
#include "health/filesystem.hpp"

namespace steward::health {
namespace {

Threshold Above(std::optional<double> warning, std::optional<double> critical, std::string unit = "%") {
  return Threshold{"test", warning, critical, true, std::move(unit), Direction::kAbove};
}

TEST(Classify, AboveReachesLevelsInclusively) {
  const Threshold t = Above(70, 90);
  EXPECT_EQ(Classify(69.99, t), Status::kOk);
  EXPECT_EQ(Classify(70, t), Status::kWarning);
  EXPECT_EQ(Classify(89.9, t), Status::kWarning);
  EXPECT_EQ(Classify(90, t), Status::kCritical);
  EXPECT_EQ(Classify(std::nullopt, t), Status::kOk);
}

TEST(Classify, BelowIsWorseWhenSmaller) {
  const Threshold t{"cache_hit_ratio", 99, 95, true, "%", Direction::kBelow};
  EXPECT_EQ(Classify(99.5, t), Status::kOk);
  EXPECT_EQ(Classify(99, t), Status::kWarning);
  EXPECT_EQ(Classify(90, t), Status::kCritical);
}

TEST(Classify, NullLevelsAreNeverReached) {
  EXPECT_EQ(Classify(1e9, Above(std::nullopt, std::nullopt)), Status::kOk);
  EXPECT_EQ(Classify(1e9, Above(1, std::nullopt)), Status::kWarning);
  EXPECT_EQ(Classify(1e9, Above(std::nullopt, 5)), Status::kCritical);
  EXPECT_EQ(Classify(std::numeric_limits<double>::quiet_NaN(), Above(0, 0)), Status::kOk);
}

TEST(FormatValue, Units) {
  EXPECT_EQ(FormatValue(87.456, "%"), "87.5 %");
  EXPECT_EQ(FormatValue(0.25, "%"), "0.25 %");
  EXPECT_EQ(FormatValue(45, "s"), "45 s");
  EXPECT_EQ(FormatValue(120, "s"), "2 min");
  EXPECT_EQ(FormatValue(330, "s"), "5 min 30 s");
  EXPECT_EQ(FormatValue(3600 * 26, "s"), "1 d 2 h");
  EXPECT_EQ(FormatValue(0.5, "MB"), "512 kB");
  EXPECT_EQ(FormatValue(1536, "MB"), "1.5 GB");
  EXPECT_EQ(FormatValue(3, "count"), "3");
  EXPECT_EQ(FormatValue(1200, "rows"), "1200 rows");
  EXPECT_EQ(FormatValue(std::nullopt, "%"), "");
}

TEST(FormatThreshold, NamesBothLevelsAndTheDirection) {
  EXPECT_EQ(FormatThreshold(Above(70, 90)), "warning >= 70 %, critical >= 90 %");
  EXPECT_EQ(FormatThreshold(Threshold{"c", 99, 95, true, "%", Direction::kBelow}),
            "warning <= 99 %, critical <= 95 %");
  EXPECT_EQ(FormatThreshold(Above(std::nullopt, std::nullopt)), "");
  EXPECT_EQ(FormatThreshold(Above(1, std::nullopt, "count")), "warning >= 1");
}

TEST(FormatText, FillsPositionalArguments) {
  EXPECT_EQ(FormatText("%2% before %1%", {"a", "b"}), "b before a");
  EXPECT_EQ(FormatText("50 %% of %1%", {"x"}), "50 % of x");
  EXPECT_EQ(FormatText("only %1%", {"a", "unused"}), "only a");
  EXPECT_THROW(FormatText("%1% and %2%", {"a"}), Error);
}

TEST(EvaluateRow, MinimumStatusRaisesButNeverLowers) {
  const Threshold t = Above(10, 20, "count");
  QueryRow row{std::string("obj"), std::string("25"), std::string("WARNING"), std::string("arg")};
  Finding f = EvaluateRow("c", "d %1%", "f %1%", t, row);
  EXPECT_EQ(f.status, Status::kCritical);
  EXPECT_EQ(f.detail, "d arg");
  EXPECT_EQ(f.value, "25");
  row[1] = std::nullopt;
  f = EvaluateRow("c", "d", "f", t, row);
  EXPECT_EQ(f.status, Status::kWarning);
  EXPECT_FALSE(f.value.has_value());
  row[2] = std::string("BOGUS");
  EXPECT_THROW(EvaluateRow("c", "d", "f", t, row), Error);
}

// Every check of the catalogue has a unique name, a query, and templates that fill.
TEST(Catalogue, ChecksAreWellFormed) {
  std::set<std::string> names;
  for (const CheckDefinition &check : Checks()) {
    EXPECT_TRUE(names.insert(check.name).second) << "duplicate check " << check.name;
    EXPECT_NE(std::string(check.query).find("SELECT"), std::string::npos) << check.name;
    const std::vector<std::string> arguments(12, "x");
    EXPECT_NO_THROW(FormatText(check.detail, arguments)) << check.name;
    EXPECT_NO_THROW(FormatText(check.fix, arguments)) << check.name;
    EXPECT_FALSE(std::string(check.ok_detail).empty()) << check.name;
  }
  EXPECT_GE(names.size(), 30u);
  for (const char *required :
       {"connections", "idle_in_transaction", "long_running_queries", "blocked_queries",
        "xid_wraparound", "multixact_wraparound", "autovacuum_lag", "stale_statistics",
        "never_analyzed", "table_bloat", "index_bloat", "duplicate_indexes", "unused_indexes",
        "invalid_indexes", "missing_primary_keys", "unindexed_foreign_keys",
        "sequence_exhaustion", "integer_overflow_risk", "cache_hit_ratio", "replication_slots",
        "replication_lag", "archiving", "prepared_transactions", "checksum_failures",
        "deadlocks", "temp_files", "disk_space", "slow_queries", "pg_stat_statements_missing",
        "risky_settings", "outdated_extensions", "unlogged_tables", "not_valid_constraints"})
    EXPECT_EQ(names.count(required), 1u) << "missing check " << required;
}

TEST(Filesystem, MeasuresTheRootAndRejectsMissingPaths) {
  const auto root = MeasureFilesystem("/");
  ASSERT_TRUE(root.has_value());
  EXPECT_GT(root->total_bytes, 0u);
  EXPECT_GE(root->used_percent, 0.0);
  EXPECT_LE(root->used_percent, 100.0);
  EXPECT_FALSE(MeasureFilesystem("/no/such/path/anywhere").has_value());
  EXPECT_EQ(HumanBytes(512), "512 bytes");
  EXPECT_EQ(HumanBytes(1536), "1.5 kB");
}

}  // namespace
}  // namespace steward::health
