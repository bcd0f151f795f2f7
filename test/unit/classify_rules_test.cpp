// GoogleTest tests of the user rules of data classification (src/classify/rules.hpp).
#include <gtest/gtest.h>

#include "classify/rules.hpp"
#include "common/error.hpp"

namespace steward::classify {
namespace {

ColumnSample Sample(std::string column, std::vector<std::optional<std::string>> values) {
  return ColumnSample{"members", std::move(column), "text", "", "", std::move(values)};
}

RuleDefinition Rule(long id, std::optional<std::string> name, std::optional<std::string> value,
                    Category category = Category::kNationalId, double confidence = 0.9) {
  RuleDefinition rule;
  rule.id = id;
  rule.category = category;
  rule.name_pattern = std::move(name);
  rule.value_pattern = std::move(value);
  rule.confidence = confidence;
  return rule;
}

std::vector<std::optional<std::string>> Repeat(const std::string &value, int times) {
  return std::vector<std::optional<std::string>>(times, value);
}

TEST(ClassifyRules, PatternErrorNamesTheProblem) {
  EXPECT_FALSE(PatternError("^LOY-[0-9]{8}$").has_value());
  ASSERT_TRUE(PatternError("([a-z]").has_value());
  EXPECT_NE(PatternError("([a-z]")->find("missing )"), std::string::npos);
  // Backreferences are not RE2: refused at insert time, not at classification time.
  EXPECT_TRUE(PatternError("(a)\\1").has_value());
}

TEST(ClassifyRules, InvalidPatternThrowsNamingTheRule) {
  try {
    Rules rules({Rule(7, std::nullopt, "([0-9]")});
    FAIL() << "expected an error";
  } catch (const Error &error) {
    EXPECT_EQ(error.SqlState(), "2201B");
    EXPECT_NE(std::string(error.what()).find("rule 7"), std::string::npos);
  }
}

TEST(ClassifyRules, NamePatternIgnoresCaseAndMatchesAnywhere) {
  const Rules rules({Rule(1, "loyalty", std::nullopt)});
  const auto verdict = rules.Apply(Sample("Customer_LOYALTY_no", {}));
  ASSERT_TRUE(verdict.has_value());
  EXPECT_EQ(verdict->category, Category::kNationalId);
  EXPECT_DOUBLE_EQ(verdict->confidence, 0.9);
  EXPECT_EQ(verdict->evidence, "rule 1: name \"Customer_LOYALTY_no\" matches 'loyalty'");
  EXPECT_FALSE(rules.Apply(Sample("points", {})).has_value());
}

TEST(ClassifyRules, ValuePatternNeedsTheShareOfWholeValues) {
  const Rules rules({Rule(2, std::nullopt, "LOY-[0-9]{8}")});
  auto values = Repeat(" LOY-12345678 ", 9);
  values.push_back("something else");
  values.push_back(std::nullopt);
  values.push_back("   ");
  const auto verdict = rules.Apply(Sample("c7", values));
  ASSERT_TRUE(verdict.has_value());
  EXPECT_EQ(verdict->evidence, "rule 2: 90% of 10 sampled values match 'LOY-[0-9]{8}'");
  // A value that merely contains the pattern does not match.
  EXPECT_FALSE(rules.Apply(Sample("c7", Repeat("see LOY-12345678", 10))).has_value());
  // Below the share, or too few values: no verdict.
  auto mixed = Repeat("LOY-12345678", 7);
  for (int i = 0; i < 3; ++i) mixed.push_back("n/a");
  EXPECT_FALSE(rules.Apply(Sample("c7", mixed)).has_value());
  EXPECT_FALSE(rules.Apply(Sample("c7", Repeat("LOY-12345678", 4))).has_value());
}

TEST(ClassifyRules, BothPatternsMustMatch) {
  RuleDefinition rule = Rule(3, "^badge", "[A-Z]{2}[0-9]{6}", Category::kNationalId);
  rule.description = "employee badges";
  const Rules rules({rule});
  const auto verdict = rules.Apply(Sample("badge_no", Repeat("AB123456", 20)));
  ASSERT_TRUE(verdict.has_value());
  EXPECT_EQ(verdict->evidence,
            "rule 3 (employee badges): name \"badge_no\" matches '^badge' + 100% of 20 sampled "
            "values match '[A-Z]{2}[0-9]{6}'");
  EXPECT_FALSE(rules.Apply(Sample("serial", Repeat("AB123456", 20))).has_value());
  EXPECT_FALSE(rules.Apply(Sample("badge_no", Repeat("ab123456", 20))).has_value());
}

TEST(ClassifyRules, MostConfidentRuleWinsThenLowestId) {
  const Rules rules({Rule(5, "ref", std::nullopt, Category::kSecret, 0.6),
                     Rule(9, "ref", std::nullopt, Category::kIban, 0.95),
                     Rule(4, "ref", std::nullopt, Category::kPhone, 0.95)});
  const auto verdict = rules.Apply(Sample("bank_ref", {}));
  ASSERT_TRUE(verdict.has_value());
  EXPECT_EQ(verdict->category, Category::kPhone);
  EXPECT_TRUE(Rules({}).empty());
}

}  // namespace
}  // namespace steward::classify
