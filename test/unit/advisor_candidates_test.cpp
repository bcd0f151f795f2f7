// GoogleTest tests of the index advisor's candidates (src/advisor/candidates.hpp): the candidate
// rules, the redundancy rule, default index names and CREATE INDEX statements.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "advisor/candidates.hpp"

namespace steward::advisor {
namespace {

using Keys = std::vector<std::string>;

KeyUse Use(std::string key, KeyRole role, double distinct = -1) {
  KeyUse use;
  use.key = std::move(key);
  use.role = role;
  use.distinct = distinct;
  return use;
}

// ORDER BY key DESC: PostgreSQL's default for DESC is NULLS FIRST.
KeyUse SortDesc(std::string key) {
  KeyUse use = Use(std::move(key), KeyRole::kSort);
  use.descending = true;
  use.nulls_first = true;
  return use;
}

TableUse Orders(std::vector<KeyUse> uses) {
  TableUse use;
  use.table = "public.orders";
  use.oid = 16384;
  use.rows = 1000;
  use.uses = std::move(uses);
  return use;
}

IndexDefinition Index(Keys keys, std::string method = "btree", Keys include = {},
                      std::string predicate = {}, unsigned oid = 16384) {
  IndexDefinition definition;
  definition.table = "public.orders";
  definition.oid = oid;
  definition.method = std::move(method);
  definition.keys = std::move(keys);
  definition.include = std::move(include);
  definition.predicate = std::move(predicate);
  return definition;
}

// Each candidate as one line, for readable failures and exact comparisons.
std::string Describe(const IndexDefinition &definition) { return definition.Statement(); }

std::vector<std::string> Describe(const std::vector<IndexDefinition> &definitions) {
  std::vector<std::string> out;
  for (const IndexDefinition &definition : definitions) out.push_back(Describe(definition));
  return out;
}

bool Has(const std::vector<IndexDefinition> &candidates, const IndexDefinition &wanted) {
  return std::find(candidates.begin(), candidates.end(), wanted) != candidates.end();
}

// Equality on a (1000 values) and b (10 values), a range on c, ORDER BY d DESC.
TableUse Typical() {
  return Orders({Use("b", KeyRole::kEquality, 10), Use("a", KeyRole::kEquality, 1000),
                 Use("c", KeyRole::kRange), SortDesc("d")});
}

TEST(AdvisorCandidates, SingleKeysThenCompositesMostDistinctFirst) {
  const std::vector<IndexDefinition> candidates = CandidatesFor(Typical());
  const std::vector<std::string> expected = {
      "CREATE INDEX ON public.orders USING btree (a)",
      "CREATE INDEX ON public.orders USING btree (b)",
      "CREATE INDEX ON public.orders USING btree (c)",
      "CREATE INDEX ON public.orders USING btree (a, b)",
      "CREATE INDEX ON public.orders USING btree (a, b, c)",
      "CREATE INDEX ON public.orders USING btree (a, b, d DESC)",
  };
  EXPECT_EQ(Describe(candidates), expected);
  for (const IndexDefinition &candidate : candidates) {
    EXPECT_EQ(candidate.table, "public.orders");
    EXPECT_EQ(candidate.oid, 16384u);
  }
}

TEST(AdvisorCandidates, UnknownDistinctGoesLast) {
  const auto candidates = CandidatesFor(Orders({Use("x", KeyRole::kEquality, -1),
                                                Use("y", KeyRole::kEquality, 5),
                                                Use("z", KeyRole::kEquality, 50)}));
  EXPECT_TRUE(Has(candidates, Index({"z", "y", "x"})));
  EXPECT_FALSE(Has(candidates, Index({"x", "y", "z"})));
}

TEST(AdvisorCandidates, SortOrderIsSpelledOnlyWhenNotTheDefault) {
  KeyUse desc_nulls_last = Use("d", KeyRole::kSort);
  desc_nulls_last.descending = true;
  KeyUse asc_nulls_first = Use("e", KeyRole::kSort);
  asc_nulls_first.nulls_first = true;
  const auto candidates =
      CandidatesFor(Orders({Use("a", KeyRole::kEquality, 100), desc_nulls_last, asc_nulls_first}));
  EXPECT_TRUE(Has(candidates, Index({"a", "d DESC NULLS LAST", "e NULLS FIRST"})))
      << ::testing::PrintToString(Describe(candidates));
  // Sorting alone: the sort keys by themselves.
  const auto sort_only = CandidatesFor(Orders({SortDesc("d"), Use("e", KeyRole::kSort)}));
  EXPECT_EQ(Describe(sort_only),
            std::vector<std::string>{"CREATE INDEX ON public.orders USING btree (d DESC, e)"});
}

TEST(AdvisorCandidates, JoinKeyAloneAndAfterTheFilters) {
  const auto candidates =
      CandidatesFor(Orders({Use("customer_id", KeyRole::kJoin), Use("status", KeyRole::kEquality, 5)}));
  EXPECT_TRUE(Has(candidates, Index({"customer_id"})));
  EXPECT_TRUE(Has(candidates, Index({"status"})));
  EXPECT_TRUE(Has(candidates, Index({"status", "customer_id"})));
  EXPECT_EQ(candidates.size(), 3u) << ::testing::PrintToString(Describe(candidates));
}

TEST(AdvisorCandidates, CoveringVariantsWhenTheQueryReadsFewOtherColumns) {
  TableUse use = Typical();
  use.columns_read = {"a", "d", "e"};
  const auto candidates = CandidatesFor(use);
  EXPECT_TRUE(Has(candidates, Index({"a"}, "btree", {"d", "e"})));
  EXPECT_TRUE(Has(candidates, Index({"b"}, "btree", {"a", "d", "e"})));
  EXPECT_TRUE(Has(candidates, Index({"c"}, "btree", {"a", "d", "e"})));
  EXPECT_TRUE(Has(candidates, Index({"a", "b"}, "btree", {"d", "e"})));
  EXPECT_TRUE(Has(candidates, Index({"a", "b", "c"}, "btree", {"d", "e"})));
  // d is a key there (as d DESC): only e is included.
  EXPECT_TRUE(Has(candidates, Index({"a", "b", "d DESC"}, "btree", {"e"})));
  EXPECT_EQ(candidates.size(), 12u) << ::testing::PrintToString(Describe(candidates));
}

TEST(AdvisorCandidates, NoCoveringVariantForMoreThanThreeColumns) {
  TableUse use = Typical();
  use.columns_read = {"e", "f", "g", "h"};
  const auto candidates = CandidatesFor(use);
  for (const IndexDefinition &candidate : candidates)
    EXPECT_TRUE(candidate.include.empty()) << Describe(candidate);
  EXPECT_EQ(candidates.size(), 6u);
  // Columns that are all keys: nothing to include.
  TableUse keyed = Orders({Use("a", KeyRole::kEquality, 1000)});
  keyed.columns_read = {"a"};
  const auto single = CandidatesFor(keyed);
  EXPECT_EQ(Describe(single),
            std::vector<std::string>{"CREATE INDEX ON public.orders USING btree (a)"});
}

TEST(AdvisorCandidates, NoCoveringVariantOfAnExpressionIndex) {
  KeyUse lower = Use("(lower(email))", KeyRole::kEquality, 1000);
  lower.expression = true;
  TableUse use = Orders({lower});
  use.columns_read = {"id"};
  const auto candidates = CandidatesFor(use);
  EXPECT_EQ(Describe(candidates),
            std::vector<std::string>{"CREATE INDEX ON public.orders USING btree ((lower(email)))"});
}

TEST(AdvisorCandidates, PartialIndexForALiteralOnAColumnOfFewValues) {
  TableUse use = Typical();
  use.uses[0].condition = "b = 'x'::text";  // b: 10 distinct values
  const auto candidates = CandidatesFor(use);
  const IndexDefinition partial = Index({"a", "c", "d DESC"}, "btree", {}, "b = 'x'::text");
  EXPECT_TRUE(Has(candidates, partial)) << ::testing::PrintToString(Describe(candidates));
  int partials = 0;
  for (const IndexDefinition &candidate : candidates) {
    if (candidate.predicate.empty()) continue;
    ++partials;
    for (const std::string &key : candidate.keys) EXPECT_NE(key, "b");
  }
  EXPECT_EQ(partials, 1);
  EXPECT_EQ(candidates.size(), 7u);
}

TEST(AdvisorCandidates, NoPartialIndexForManyOrUnknownValues) {
  for (double distinct : {21.0, 1000.0, -1.0}) {
    KeyUse status = Use("status", KeyRole::kEquality, distinct);
    status.condition = "status = 'open'::text";
    const auto candidates =
        CandidatesFor(Orders({status, Use("created", KeyRole::kRange)}));
    for (const IndexDefinition &candidate : candidates)
      EXPECT_TRUE(candidate.predicate.empty()) << distinct << ": " << Describe(candidate);
  }
  // At the limit (20 values) there is one.
  KeyUse status = Use("status", KeyRole::kEquality, 20);
  status.condition = "status = 'open'::text";
  const auto candidates = CandidatesFor(Orders({status, Use("created", KeyRole::kRange)}));
  EXPECT_TRUE(Has(candidates, Index({"created"}, "btree", {}, "status = 'open'::text")));
  // Without a condition (a parameter, not a literal) there is none.
  const auto parameter =
      CandidatesFor(Orders({Use("status", KeyRole::kEquality, 3), Use("created", KeyRole::kRange)}));
  for (const IndexDefinition &candidate : parameter) EXPECT_TRUE(candidate.predicate.empty());
}

TEST(AdvisorCandidates, NoPartialIndexWithoutOtherKeys) {
  KeyUse status = Use("status", KeyRole::kEquality, 4);
  status.condition = "status = 'open'::text";
  const auto candidates = CandidatesFor(Orders({status}));
  EXPECT_EQ(Describe(candidates),
            std::vector<std::string>{"CREATE INDEX ON public.orders USING btree (status)"});
}

TEST(AdvisorCandidates, GinForContainment) {
  const auto candidates = CandidatesFor(Orders({Use("tags", KeyRole::kContains)}));
  EXPECT_EQ(Describe(candidates),
            std::vector<std::string>{"CREATE INDEX ON public.orders USING gin (tags)"});
}

TEST(AdvisorCandidates, TrigramGinOnlyWithPgTrgm) {
  TableUse use = Orders({Use("title", KeyRole::kPattern)});
  EXPECT_TRUE(CandidatesFor(use).empty());
  use.trigram_available = true;
  EXPECT_EQ(Describe(CandidatesFor(use)),
            std::vector<std::string>{
                "CREATE INDEX ON public.orders USING gin (title gin_trgm_ops)"});
}

TEST(AdvisorCandidates, BrinForCorrelatedRangesOnLargeTables) {
  KeyUse created = Use("created", KeyRole::kRange);
  created.correlation = 0.95;
  TableUse use = Orders({created});
  use.rows = 1000000;
  EXPECT_TRUE(Has(CandidatesFor(use), Index({"created"}, "brin")));
  use.uses[0].correlation = -0.9;  // descending physical order serves as well
  EXPECT_TRUE(Has(CandidatesFor(use), Index({"created"}, "brin")));
  use.uses[0].correlation = 0.89;
  EXPECT_FALSE(Has(CandidatesFor(use), Index({"created"}, "brin")));
  use.uses[0].correlation = 0.99;
  use.rows = 999999;
  EXPECT_FALSE(Has(CandidatesFor(use), Index({"created"}, "brin")));
  // Not on an expression.
  use.rows = 1e6;
  use.uses[0].key = "(date_trunc('day', created))";
  use.uses[0].expression = true;
  for (const IndexDefinition &candidate : CandidatesFor(use)) EXPECT_NE(candidate.method, "brin");
}

TEST(AdvisorCandidates, NoDuplicatesAndAtMostFourKeys) {
  TableUse use = Orders({Use("a", KeyRole::kEquality, 100), Use("a", KeyRole::kEquality, 100),
                         Use("b", KeyRole::kEquality, 50), Use("c", KeyRole::kEquality, 40),
                         Use("d", KeyRole::kEquality, 30), Use("e", KeyRole::kEquality, 20),
                         Use("f", KeyRole::kRange), Use("a", KeyRole::kJoin),
                         Use("g", KeyRole::kSort), Use("tags", KeyRole::kContains),
                         Use("tags", KeyRole::kContains)});
  use.columns_read = {"a", "h"};
  const auto candidates = CandidatesFor(use);
  ASSERT_FALSE(candidates.empty());
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    EXPECT_LE(candidates[i].keys.size(), 4u) << Describe(candidates[i]);
    EXPECT_FALSE(candidates[i].keys.empty());
    for (std::size_t j = i + 1; j < candidates.size(); ++j)
      EXPECT_FALSE(candidates[i] == candidates[j]) << Describe(candidates[i]);
  }
  EXPECT_EQ(std::count(candidates.begin(), candidates.end(), Index({"a"})), 1);
  EXPECT_EQ(std::count(candidates.begin(), candidates.end(), Index({"tags"}, "gin")), 1);
}

TEST(AdvisorCandidates, NothingToIndex) {
  EXPECT_TRUE(CandidatesFor(Orders({})).empty());
}

TEST(AdvisorMakesRedundant, LeadingPrefixIsRedundant) {
  EXPECT_TRUE(MakesRedundant(Index({"a", "b"}), Index({"a"})));
  EXPECT_FALSE(MakesRedundant(Index({"a"}), Index({"a", "b"})));
  EXPECT_FALSE(MakesRedundant(Index({"a", "b"}), Index({"b"})));
  EXPECT_FALSE(MakesRedundant(Index({"b", "a"}), Index({"a", "b"})));
  // An index is redundant next to itself.
  EXPECT_TRUE(MakesRedundant(Index({"a", "b"}), Index({"a", "b"})));
}

TEST(AdvisorMakesRedundant, SortOrderMustMatch) {
  EXPECT_FALSE(MakesRedundant(Index({"a DESC"}), Index({"a"})));
  EXPECT_FALSE(MakesRedundant(Index({"a"}), Index({"a DESC"})));
  EXPECT_TRUE(MakesRedundant(Index({"a DESC", "b"}), Index({"a DESC"})));
}

TEST(AdvisorMakesRedundant, SameTablePredicateAndBtreeOnly) {
  EXPECT_FALSE(MakesRedundant(Index({"a", "b"}, "btree", {}, "b > 0"), Index({"a"})));
  EXPECT_FALSE(MakesRedundant(Index({"a", "b"}), Index({"a"}, "btree", {}, "b > 0")));
  EXPECT_TRUE(
      MakesRedundant(Index({"a", "b"}, "btree", {}, "b > 0"), Index({"a"}, "btree", {}, "b > 0")));
  EXPECT_FALSE(MakesRedundant(Index({"a", "b"}, "btree", {}, {}, 1), Index({"a"}, "btree", {}, {}, 2)));
  EXPECT_FALSE(MakesRedundant(Index({"a", "b"}), Index({"a"}, "hash")));
  EXPECT_FALSE(MakesRedundant(Index({"a", "b"}, "hash"), Index({"a"})));
  EXPECT_FALSE(MakesRedundant(Index({"a"}, "gin"), Index({"a"}, "gin")));
}

TEST(AdvisorMakesRedundant, IncludedColumnsMustBeAmongTheOthersColumns) {
  // b's INCLUDE column among a's INCLUDE columns or a's keys (whatever their order).
  EXPECT_TRUE(MakesRedundant(Index({"a", "b"}, "btree", {"c"}), Index({"a"}, "btree", {"c"})));
  EXPECT_TRUE(MakesRedundant(Index({"a", "c"}), Index({"a"}, "btree", {"c"})));
  EXPECT_TRUE(MakesRedundant(Index({"a", "c DESC"}), Index({"a"}, "btree", {"c"})));
  EXPECT_FALSE(MakesRedundant(Index({"a", "b"}), Index({"a"}, "btree", {"c"})));
  EXPECT_FALSE(MakesRedundant(Index({"a", "b"}, "btree", {"c"}), Index({"a"}, "btree", {"c", "d"})));
  // a's extra INCLUDE columns do not matter.
  EXPECT_TRUE(MakesRedundant(Index({"a"}, "btree", {"c", "d"}), Index({"a"}, "btree", {"d"})));
  EXPECT_TRUE(MakesRedundant(Index({"a"}, "btree", {"c"}), Index({"a"})));
}

TEST(AdvisorIndexName, TableWithoutSchemaThenKeysWithoutOrder) {
  IndexDefinition definition = Index({"customer_id", "created_at DESC"});
  EXPECT_EQ(IndexName(definition), "orders_customer_id_created_at_idx");
  definition.keys = {"customer_id NULLS FIRST", "created_at DESC NULLS LAST"};
  EXPECT_EQ(IndexName(definition), "orders_customer_id_created_at_idx");
  definition.table = "orders";
  EXPECT_EQ(IndexName(definition), "orders_customer_id_created_at_idx");
}

TEST(AdvisorIndexName, QuotedNamesAndExpressionsBecomeLowerCaseWords) {
  IndexDefinition definition = Index({"\"CustomerId\"", "(lower((\"E-Mail\")::text))"});
  definition.table = "\"Sales\".\"Order Lines\"";
  EXPECT_EQ(IndexName(definition), "order_lines_customerid_lower_e_mail_text_idx");
  definition.table = "public.orders";
  definition.keys = {"(date_trunc('day'::text, created))"};
  EXPECT_EQ(IndexName(definition), "orders_date_trunc_day_text_created_idx");
  for (char c : IndexName(definition))
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '_') << c;
}

TEST(AdvisorIndexName, AtMost63Bytes) {
  IndexDefinition definition =
      Index({"a_rather_long_column_name_number_one", "a_rather_long_column_name_number_two"});
  definition.table = "public.a_table_with_a_name_that_is_quite_long_already";
  const std::string name = IndexName(definition);
  EXPECT_EQ(name.size(), 63u);
  EXPECT_EQ(name.substr(name.size() - 4), "_idx");
  EXPECT_EQ(name.rfind("a_table_with_a_name_that_is_quite_long_already_a_rather", 0), 0u) << name;
  definition.method = "gin";
  EXPECT_EQ(IndexName(definition).size(), 63u);
  EXPECT_EQ(IndexName(definition).substr(59), "_gin");
}

TEST(AdvisorIndexName, MethodSuffixAndPartial) {
  EXPECT_EQ(IndexName(Index({"tags"}, "gin")), "orders_tags_gin");
  EXPECT_EQ(IndexName(Index({"created"}, "brin")), "orders_created_brin");
  EXPECT_EQ(IndexName(Index({"a"}, "hash")), "orders_a_hash");
  EXPECT_EQ(IndexName(Index({"a", "c"}, "btree", {"x"}, "b = 'x'::text")),
            "orders_a_c_partial_idx");
  EXPECT_EQ(IndexName(Index({"a"}, "gin", {}, "b = 1")), "orders_a_partial_gin");
}

TEST(AdvisorIndexName, OperatorClassIsNotPartOfTheName) {
  EXPECT_EQ(IndexName(Index({"title gin_trgm_ops"}, "gin")), "orders_title_gin");
}

TEST(AdvisorIndexName, DotInsideAQuotedTableName) {
  IndexDefinition definition = Index({"id"});
  definition.table = "public.\"Order.Lines\"";
  EXPECT_EQ(IndexName(definition), "order_lines_id_idx");
}

TEST(AdvisorStatement, ExactText) {
  const IndexDefinition plain = Index({"a"});
  EXPECT_EQ(plain.Statement(), "CREATE INDEX ON public.orders USING btree (a)");
  EXPECT_EQ(plain.Statement("orders_a_idx"),
            "CREATE INDEX orders_a_idx ON public.orders USING btree (a)");
  EXPECT_EQ(plain.Statement({}, true), "CREATE INDEX CONCURRENTLY ON public.orders USING btree (a)");

  const IndexDefinition full =
      Index({"customer_id", "created_at DESC"}, "btree", {"total", "status"}, "status = 'open'::text");
  EXPECT_EQ(full.Statement("orders_customer_id_created_at_partial_idx", true),
            "CREATE INDEX CONCURRENTLY orders_customer_id_created_at_partial_idx ON public.orders "
            "USING btree (customer_id, created_at DESC) INCLUDE (total, status) "
            "WHERE status = 'open'::text");
  EXPECT_EQ(Index({"title gin_trgm_ops"}, "gin").Statement("t_gin"),
            "CREATE INDEX t_gin ON public.orders USING gin (title gin_trgm_ops)");
}

TEST(AdvisorStatement, EqualityComparesTheDefinitionNotTheTableText) {
  IndexDefinition a = Index({"a"});
  IndexDefinition b = a;
  b.table = "orders";  // same oid
  EXPECT_TRUE(a == b);
  b.include = {"c"};
  EXPECT_FALSE(a == b);
  b = a;
  b.predicate = "c > 0";
  EXPECT_FALSE(a == b);
  b = a;
  b.oid = 1;
  EXPECT_FALSE(a == b);
  b = a;
  b.method = "hash";
  EXPECT_FALSE(a == b);
}

TEST(AdvisorCandidates, AllDescendingKeysBecomeAscending) {
  KeyUse day = Use("day", KeyRole::kSort);
  day.descending = true;
  day.nulls_first = true;  // DESC's default
  EXPECT_TRUE(Has(CandidatesFor(Orders({day})), Index({"day"})));
  EXPECT_FALSE(Has(CandidatesFor(Orders({day})), Index({"day DESC"})));
  // A mixed order stays as it is.
  KeyUse first = Use("a", KeyRole::kEquality, 10);
  EXPECT_TRUE(Has(CandidatesFor(Orders({first, day})), Index({"a", "day DESC"})));
}

TEST(AdvisorCandidates, MostlyNullColumnsGetAPartialIndexOfTheirValues) {
  KeyUse coupon = Use("coupon", KeyRole::kEquality, 500);
  coupon.null_fraction = 0.97;
  EXPECT_TRUE(Has(CandidatesFor(Orders({coupon})), Index({"coupon"}, "btree", {}, "(coupon IS NOT NULL)")));
  coupon.null_fraction = 0.2;
  EXPECT_FALSE(Has(CandidatesFor(Orders({coupon})), Index({"coupon"}, "btree", {}, "(coupon IS NOT NULL)")));
}

TEST(AdvisorCandidates, NoBrinForARangeTheStatementAlsoSortsBy) {
  KeyUse created = Use("created", KeyRole::kRange);
  created.correlation = 0.99;
  KeyUse order = Use("created", KeyRole::kSort);
  TableUse use = Orders({created, order});
  use.rows = 1e7;
  EXPECT_FALSE(Has(CandidatesFor(use), Index({"created"}, "brin")));
  use.uses.pop_back();
  EXPECT_TRUE(Has(CandidatesFor(use), Index({"created"}, "brin")));
}

}  // namespace
}  // namespace steward::advisor
