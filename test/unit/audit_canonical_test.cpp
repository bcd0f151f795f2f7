// GoogleTest tests of the audit trail's canonical row form and hashes (src/audit/canonical.hpp).
#include <gtest/gtest.h>

#include "audit/canonical.hpp"

namespace steward::audit {
namespace {

TEST(AuditCanonical, LengthPrefixedFieldsAndNulls) {
  EXPECT_EQ(CanonicalRow({"42", std::nullopt, "", "a:b"}), "2:42N0:3:a:b");
  // Fields cannot run into each other: ("ab", "c") and ("a", "bc") differ.
  EXPECT_NE(CanonicalRow({"ab", "c"}), CanonicalRow({"a", "bc"}));
  // NULL and the empty string differ, and so does the text "N".
  EXPECT_NE(CanonicalRow({std::nullopt}), CanonicalRow({""}));
  EXPECT_NE(CanonicalRow({std::nullopt}), CanonicalRow({"N"}));
}

TEST(AuditCanonical, WriterReusesItsBufferAndMatchesCanonicalRow) {
  CanonicalWriter writer;
  writer.Add(std::string(1000, 'x'));
  writer.Clear();
  writer.Add("42");
  writer.AddNull();
  writer.Add("");
  writer.Add("a:b");
  EXPECT_EQ(writer.bytes(), "2:42N0:3:a:b");
  EXPECT_EQ(writer.bytes(), CanonicalRow({"42", std::nullopt, "", "a:b"}));
  writer.Clear();
  writer.AddInteger(-1700000000000000LL);
  writer.AddInteger(4294967295LL);
  EXPECT_EQ(writer.bytes(), "17:-170000000000000010:4294967295");
}

TEST(AuditCanonical, Sha256KnownVectors) {
  // FIPS 180-2 test vectors.
  EXPECT_EQ(Hex(Sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Hex(Sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(AuditCanonical, HmacSha256KnownVector) {
  // RFC 4231, test case 2.
  EXPECT_EQ(Hex(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(AuditCanonical, HexRoundTrip) {
  EXPECT_EQ(Hex(std::string_view("\x00\xff\x10", 3)), "00ff10");
  EXPECT_EQ(FromHex("00FF10"), std::string("\x00\xff\x10", 3));
  EXPECT_FALSE(FromHex("0").has_value());
  EXPECT_FALSE(FromHex("zz").has_value());
}

}  // namespace
}  // namespace steward::audit
