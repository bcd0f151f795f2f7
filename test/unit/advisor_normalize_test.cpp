// GoogleTest tests of the repair of pg_stat_statements' normalised query texts
// (src/advisor/normalize.hpp): "<type name> $n" becomes "$n::<type name>", outside string
// literals, quoted identifiers, comments and dollar quotes.
#include <gtest/gtest.h>

#include <string>

#include "advisor/normalize.hpp"

namespace steward::advisor {
namespace {

TEST(AdvisorNormalize, TypedLiteralBecomesCast) {
  EXPECT_EQ(RepairNormalizedQuery("date $1"), "$1::date");
  EXPECT_EQ(RepairNormalizedQuery("SELECT * FROM t WHERE d = date $1"),
            "SELECT * FROM t WHERE d = $1::date");
  EXPECT_EQ(RepairNormalizedQuery("SELECT timestamptz $12"), "SELECT $12::timestamptz");
  EXPECT_EQ(RepairNormalizedQuery("WHERE x IN (numeric $1, jsonb $2)"),
            "WHERE x IN ($1::numeric, $2::jsonb)");
}

TEST(AdvisorNormalize, KeepsTheCaseOfTheTypeName) {
  EXPECT_EQ(RepairNormalizedQuery("WHERE d > DATE $1 AND t < interval $2"),
            "WHERE d > $1::DATE AND t < $2::interval");
  EXPECT_EQ(RepairNormalizedQuery("WHERE u = Uuid $3"), "WHERE u = $3::Uuid");
}

TEST(AdvisorNormalize, TimeZoneVariantsAreOneTypeName) {
  EXPECT_EQ(RepairNormalizedQuery("timestamp with time zone $1"),
            "$1::timestamp with time zone");
  EXPECT_EQ(RepairNormalizedQuery("timestamp without time zone $1"),
            "$1::timestamp without time zone");
  EXPECT_EQ(RepairNormalizedQuery("WHERE t < TIME WITH TIME ZONE $2 LIMIT $3"),
            "WHERE t < $2::TIME WITH TIME ZONE LIMIT $3");
  EXPECT_EQ(RepairNormalizedQuery("WHERE t < time  without\ttime zone $1"),
            "WHERE t < $1::time  without\ttime zone");
}

TEST(AdvisorNormalize, SeveralRepairsInOneText) {
  EXPECT_EQ(RepairNormalizedQuery(
                "SELECT * FROM o WHERE created BETWEEN date $1 AND date $2 + interval $3"),
            "SELECT * FROM o WHERE created BETWEEN $1::date AND $2::date + $3::interval");
}

TEST(AdvisorNormalize, StringLiteralsAreLeftAlone) {
  EXPECT_EQ(RepairNormalizedQuery("SELECT 'date $1'"), "SELECT 'date $1'");
  // A doubled quote does not end the literal.
  EXPECT_EQ(RepairNormalizedQuery("SELECT 'it''s date $1', date $2"),
            "SELECT 'it''s date $1', $2::date");
}

TEST(AdvisorNormalize, QuotedIdentifierIsNotATypeWord) {
  EXPECT_EQ(RepairNormalizedQuery("SELECT \"date\" $1"), "SELECT \"date\" $1");
  EXPECT_EQ(RepairNormalizedQuery("SELECT \"x date $1\" FROM t"), "SELECT \"x date $1\" FROM t");
}

TEST(AdvisorNormalize, CommentsAreLeftAlone) {
  EXPECT_EQ(RepairNormalizedQuery("SELECT 1 -- date $1"), "SELECT 1 -- date $1");
  EXPECT_EQ(RepairNormalizedQuery("SELECT /* date $1 */ 1"), "SELECT /* date $1 */ 1");
  // Block comments nest; a line comment ends at the newline.
  EXPECT_EQ(RepairNormalizedQuery("/* a /* b */ date $1 */ SELECT 1"),
            "/* a /* b */ date $1 */ SELECT 1");
  EXPECT_EQ(RepairNormalizedQuery("SELECT 1 -- date $1\nWHERE d = date $2"),
            "SELECT 1 -- date $1\nWHERE d = $2::date");
}

TEST(AdvisorNormalize, DollarQuotesAreLeftAlone) {
  EXPECT_EQ(RepairNormalizedQuery("SELECT $tag$ date $1 $tag$"), "SELECT $tag$ date $1 $tag$");
  EXPECT_EQ(RepairNormalizedQuery("SELECT $$ date $1 $$, date $2"),
            "SELECT $$ date $1 $$, $2::date");
}

TEST(AdvisorNormalize, CastsAndAliasesAreNotTypedLiterals) {
  EXPECT_EQ(RepairNormalizedQuery("SELECT x::date"), "SELECT x::date");
  EXPECT_EQ(RepairNormalizedQuery("SELECT $1::int"), "SELECT $1::int");
  EXPECT_EQ(RepairNormalizedQuery("SELECT CAST($1 AS date)"), "SELECT CAST($1 AS date)");
  EXPECT_EQ(RepairNormalizedQuery("SELECT created AS date FROM t"),
            "SELECT created AS date FROM t");
  EXPECT_EQ(RepairNormalizedQuery("SELECT created AS date, date $1 AS d FROM t"),
            "SELECT created AS date, $1::date AS d FROM t");
  EXPECT_EQ(RepairNormalizedQuery("SELECT t.date FROM t WHERE t.date = $1"),
            "SELECT t.date FROM t WHERE t.date = $1");
}

TEST(AdvisorNormalize, ColumnNamedLikeATypeIsNotRewritten) {
  EXPECT_EQ(RepairNormalizedQuery("WHERE date = $1"), "WHERE date = $1");
  EXPECT_EQ(RepairNormalizedQuery("WHERE created AT TIME ZONE $1 > $2"),
            "WHERE created AT TIME ZONE $1 > $2");
}

TEST(AdvisorNormalize, PlainParametersAreUnchanged) {
  EXPECT_EQ(RepairNormalizedQuery("SELECT * FROM t WHERE id IN ($1, $2)"),
            "SELECT * FROM t WHERE id IN ($1, $2)");
  EXPECT_EQ(RepairNormalizedQuery("SELECT * FROM t LIMIT $1"), "SELECT * FROM t LIMIT $1");
  EXPECT_EQ(RepairNormalizedQuery(""), "");
}

TEST(AdvisorNormalize, TypeNameMustBeAWholeWord) {
  EXPECT_EQ(RepairNormalizedQuery("SELECT update_date $1"), "SELECT update_date $1");
  EXPECT_EQ(RepairNormalizedQuery("SELECT dates $1"), "SELECT dates $1");
  EXPECT_EQ(RepairNormalizedQuery("SELECT date_trunc($1, d)"), "SELECT date_trunc($1, d)");
}

TEST(AdvisorNormalize, DoublePrecisionIsOneTypeName) {
  EXPECT_EQ(RepairNormalizedQuery("WHERE x > double precision $1"),
            "WHERE x > $1::double precision");
}

TEST(AdvisorNormalize, EscapeStringLiteralsAreLeftAlone) {
  EXPECT_EQ(RepairNormalizedQuery("SELECT E'it\\'s date $1'"), "SELECT E'it\\'s date $1'");
}

}  // namespace
}  // namespace steward::advisor
