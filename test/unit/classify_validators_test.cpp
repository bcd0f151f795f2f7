// Unit tests of the classification value validators: known-valid and known-invalid values of each.
#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "classify/validators.hpp"

namespace steward::classify {
namespace {

// ---- Payment cards ----------------------------------------------------------------------------

TEST(Luhn, PublicTestNumbersPass) {
  EXPECT_TRUE(PassesLuhn("4111111111111111"));
  EXPECT_TRUE(PassesLuhn("79927398713"));
  EXPECT_TRUE(PassesLuhn("0"));
  EXPECT_FALSE(PassesLuhn("4111111111111112"));
  EXPECT_FALSE(PassesLuhn("79927398710"));
}

TEST(Luhn, OnlyDigits) {
  EXPECT_FALSE(PassesLuhn(""));
  EXPECT_FALSE(PassesLuhn("4111 1111 1111 1111"));
  EXPECT_FALSE(PassesLuhn("4111-1111-1111-1111"));
  EXPECT_FALSE(PassesLuhn("a"));
}

TEST(CardNumber, PublicTestNumbersOfEveryBrand) {
  EXPECT_EQ(ValidateCardNumber("4111111111111111"), CardBrand::kVisa);
  EXPECT_EQ(ValidateCardNumber("4012888888881881"), CardBrand::kVisa);
  EXPECT_EQ(ValidateCardNumber("4222222222222"), CardBrand::kVisa);        // 13 digits
  EXPECT_EQ(ValidateCardNumber("4111111111111111110"), CardBrand::kVisa);  // 19 digits
  EXPECT_EQ(ValidateCardNumber("5555555555554444"), CardBrand::kMastercard);
  EXPECT_EQ(ValidateCardNumber("5105105105105100"), CardBrand::kMastercard);
  EXPECT_EQ(ValidateCardNumber("2223003122003222"), CardBrand::kMastercard);  // 2-series
  EXPECT_EQ(ValidateCardNumber("378282246310005"), CardBrand::kAmex);
  EXPECT_EQ(ValidateCardNumber("371449635398431"), CardBrand::kAmex);
  EXPECT_EQ(ValidateCardNumber("6011111111111117"), CardBrand::kDiscover);
  EXPECT_EQ(ValidateCardNumber("6011000990139424"), CardBrand::kDiscover);
  EXPECT_EQ(ValidateCardNumber("3530111333300000"), CardBrand::kJcb);
  EXPECT_EQ(ValidateCardNumber("3566002020360505"), CardBrand::kJcb);
  EXPECT_EQ(ValidateCardNumber("30569309025904"), CardBrand::kDinersClub);
  EXPECT_EQ(ValidateCardNumber("38520000023237"), CardBrand::kDinersClub);
  EXPECT_EQ(ValidateCardNumber("36227206271667"), CardBrand::kDinersClub);
  EXPECT_EQ(ValidateCardNumber("6200000000000005"), CardBrand::kUnionPay);
  EXPECT_EQ(ValidateCardNumber("6759649826438453"), CardBrand::kMaestro);
  EXPECT_EQ(ValidateCardNumber("6304000000000000"), CardBrand::kMaestro);
  EXPECT_EQ(ValidateCardNumber("500000000009"), CardBrand::kMaestro);  // 12 digits
}

TEST(CardNumber, PrintedGroupings) {
  EXPECT_EQ(ValidateCardNumber("4111 1111 1111 1111"), CardBrand::kVisa);
  EXPECT_EQ(ValidateCardNumber("4111-1111-1111-1111"), CardBrand::kVisa);
  EXPECT_EQ(ValidateCardNumber("3782 822463 10005"), CardBrand::kAmex);
  EXPECT_EQ(ValidateCardNumber("3056 930902 5904"), CardBrand::kDinersClub);
  EXPECT_EQ(ValidateCardNumber("4111 1111 1111 1111 110"), CardBrand::kVisa);
  EXPECT_EQ(ValidateCardNumber(" 4111111111111111  "), CardBrand::kVisa);  // char(n) padding
}

TEST(CardNumber, ImplausibleGroupingsAreNotCards) {
  EXPECT_EQ(ValidateCardNumber("41 11 11 11 11 11 11 11"), std::nullopt);
  EXPECT_EQ(ValidateCardNumber("4111 1111-1111 1111"), std::nullopt);
  EXPECT_EQ(ValidateCardNumber("4111  1111 1111 1111"), std::nullopt);
  EXPECT_EQ(ValidateCardNumber("4111-1111-1111-1111-"), std::nullopt);
  EXPECT_EQ(ValidateCardNumber("-4111111111111111"), std::nullopt);
  EXPECT_EQ(ValidateCardNumber("411111 1111111111"), std::nullopt);
  EXPECT_EQ(ValidateCardNumber("4111.1111.1111.1111"), std::nullopt);
  EXPECT_EQ(ValidateCardNumber("card 4111111111111111"), std::nullopt);
}

TEST(CardNumber, LuhnFailuresAndLengths) {
  EXPECT_EQ(ValidateCardNumber("4111111111111112"), std::nullopt);
  EXPECT_EQ(ValidateCardNumber("5555555555554445"), std::nullopt);
  EXPECT_EQ(ValidateCardNumber(""), std::nullopt);
  EXPECT_EQ(ValidateCardNumber("0"), std::nullopt);
  EXPECT_EQ(ValidateCardNumber("41111111118"), std::nullopt);           // 11 digits
  EXPECT_EQ(ValidateCardNumber("41111111111111111111"), std::nullopt);  // 20 digits
}

// Order numbers and IDs pass Luhn one time in ten: the issuer table must reject them.
TEST(CardNumber, LuhnPassingNumbersOutsideTheIssuerTableAreNotCards) {
  for (const char *number : {"1000000000000008", "7000000012345679", "9999999999999995",
                             "0000000000000000", "123456789015", "8000000000000003"}) {
    ASSERT_TRUE(PassesLuhn(number)) << number;  // the premise of the test
    EXPECT_EQ(ValidateCardNumber(number), std::nullopt) << number;
  }
}

TEST(CardNumber, RightPrefixWrongLengthIsNotACard) {
  for (const char *number : {"411111111111116",    // Visa has no 15-digit numbers
                             "44444444444444444",  // nor 17
                             "3782822463100052",   // Amex is 15 digits only
                             "3411111111111110",   // idem
                             "601100000004",       // Discover is 16-19
                             "511111111114",       // Mastercard is 16 only
                             "55555555555544440"}) {
    if (PassesLuhn(number)) {
      EXPECT_EQ(ValidateCardNumber(number), std::nullopt) << number;
    } else {
      ADD_FAILURE() << number << " should pass Luhn for this test to mean anything";
    }
  }
}

TEST(CardNumber, BrandNames) {
  EXPECT_STREQ(Name(CardBrand::kVisa), "Visa");
  EXPECT_STREQ(Name(CardBrand::kAmex), "American Express");
  EXPECT_STREQ(Name(CardBrand::kDinersClub), "Diners Club");
  EXPECT_STREQ(Name(CardBrand::kMaestro), "Maestro");
}

// ---- IBAN -------------------------------------------------------------------------------------

TEST(Iban, RegistryExamples) {
  for (const char *iban :
       {"GB82WEST12345698765432", "DE89370400440532013000", "FR1420041010050500013M02606",
        "NL91ABNA0417164300", "BE68539007547034", "CH9300762011623852957", "AT611904300234573201",
        "ES9121000418450200051332", "IT60X0542811101000000123456", "NO9386011117947"})
    EXPECT_TRUE(IsValidIban(iban)) << iban;
}

TEST(Iban, PrintedFormAndCase) {
  EXPECT_TRUE(IsValidIban("GB82 WEST 1234 5698 7654 32"));
  EXPECT_TRUE(IsValidIban("DE89 3704 0044 0532 0130 00"));
  EXPECT_TRUE(IsValidIban("gb82west12345698765432"));
  EXPECT_TRUE(IsValidIban("  DE89370400440532013000 "));
  EXPECT_FALSE(IsValidIban("GB82 WEST1234 5698 7654 32"));
  EXPECT_FALSE(IsValidIban("GB82  WEST 1234 5698 7654 32"));
  EXPECT_FALSE(IsValidIban("GB8 2WES T123 4569 8765 432"));
  EXPECT_FALSE(IsValidIban("GB82-WEST-1234-5698-7654-32"));
  EXPECT_FALSE(IsValidIban("IBAN GB82WEST12345698765432"));
}

TEST(Iban, OneChangedCharacterFailsTheChecksum) {
  EXPECT_FALSE(IsValidIban("GB82WEST12345698765433"));
  EXPECT_FALSE(IsValidIban("DE89370400440532013001"));
  EXPECT_FALSE(IsValidIban("DE88370400440532013000"));
  EXPECT_FALSE(IsValidIban("GB82WEST12345698756432"));  // swapped digits
}

TEST(Iban, LengthMustMatchTheCountry) {
  // Check digits recomputed so that mod 97 holds: only the length is wrong.
  EXPECT_FALSE(IsValidIban("DE543704004405320130001"));  // 23 for DE (22)
  EXPECT_FALSE(IsValidIban("DE5137040044053201300"));    // 21
  EXPECT_FALSE(IsValidIban("XX831234567890123456"));     // no such country
  EXPECT_FALSE(IsValidIban(""));
  EXPECT_FALSE(IsValidIban("DE89"));
}

// ---- US SSN -----------------------------------------------------------------------------------

TEST(UsSsn, AllocatableNumbers) {
  EXPECT_TRUE(IsValidUsSsn("536-22-8726"));
  EXPECT_TRUE(IsValidUsSsn("536228726"));
  EXPECT_TRUE(IsValidUsSsn("001-01-0001"));
  EXPECT_TRUE(IsValidUsSsn("899-99-9999"));
}

TEST(UsSsn, NeverAllocated) {
  EXPECT_FALSE(IsValidUsSsn("000-12-3456"));
  EXPECT_FALSE(IsValidUsSsn("666-12-3456"));
  EXPECT_FALSE(IsValidUsSsn("900-12-3456"));
  EXPECT_FALSE(IsValidUsSsn("987-65-4321"));
  EXPECT_FALSE(IsValidUsSsn("536-00-8726"));
  EXPECT_FALSE(IsValidUsSsn("536-22-0000"));
  EXPECT_FALSE(IsValidUsSsn("078-05-1120"));  // the Woolworth wallet card
  EXPECT_FALSE(IsValidUsSsn("219-09-9999"));
  EXPECT_FALSE(IsValidUsSsn("123-45-6789"));
}

TEST(UsSsn, Shape) {
  EXPECT_FALSE(IsValidUsSsn("536-228726"));
  EXPECT_FALSE(IsValidUsSsn("536 22 8726"));
  EXPECT_FALSE(IsValidUsSsn("53622872"));
  EXPECT_FALSE(IsValidUsSsn("5362287260"));
  EXPECT_FALSE(IsValidUsSsn("53a-22-8726"));
  EXPECT_FALSE(IsValidUsSsn("2024-01-15"));
}

// ---- UK NINO ----------------------------------------------------------------------------------

TEST(UkNino, ValidNumbersAndSpacing) {
  EXPECT_TRUE(IsValidUkNino("AB123456C"));
  EXPECT_TRUE(IsValidUkNino("JG103759A"));
  EXPECT_TRUE(IsValidUkNino("AB 12 34 56 C"));
  EXPECT_TRUE(IsValidUkNino("AB 123456 C"));
  EXPECT_TRUE(IsValidUkNino("ab123456d"));
}

TEST(UkNino, ExcludedLettersAndPrefixes) {
  EXPECT_FALSE(IsValidUkNino("QQ123456C"));  // HMRC's own placeholder
  EXPECT_FALSE(IsValidUkNino("DA123456C"));
  EXPECT_FALSE(IsValidUkNino("FA123456C"));
  EXPECT_FALSE(IsValidUkNino("VA123456C"));
  EXPECT_FALSE(IsValidUkNino("AO123456C"));
  EXPECT_FALSE(IsValidUkNino("AI123456C"));
  for (const char *prefix : {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
    EXPECT_FALSE(IsValidUkNino(std::string(prefix) + "123456C")) << prefix;
}

TEST(UkNino, Shape) {
  EXPECT_FALSE(IsValidUkNino("AB123456E"));  // suffix A-D
  EXPECT_FALSE(IsValidUkNino("AB12345C"));
  EXPECT_FALSE(IsValidUkNino("AB1234567C"));
  EXPECT_FALSE(IsValidUkNino("A1123456C"));
  EXPECT_FALSE(IsValidUkNino("AB 1 23456 C"));
  EXPECT_FALSE(IsValidUkNino("AB  123456 C"));
  EXPECT_FALSE(IsValidUkNino("AB12E456C"));
  EXPECT_FALSE(IsValidUkNino(""));
}

// ---- Spanish DNI / NIE ------------------------------------------------------------------------

// Check letters: TRWAGMYFPDXBNJZSQVHLCKE[n mod 23], e.g. 12345678 mod 23 = 14 -> Z; the NIE
// X1234567 counts as 01234567, mod 23 = 19 -> L.
TEST(NationalIdSpanishDni, ValidDniAndNie) {
  EXPECT_TRUE(IsValidSpanishDni("12345678Z"));
  EXPECT_TRUE(IsValidSpanishDni("87654321X"));
  EXPECT_TRUE(IsValidSpanishDni("45678901G"));
  EXPECT_TRUE(IsValidSpanishDni("00000001R"));
  EXPECT_TRUE(IsValidSpanishDni("X1234567L"));
  EXPECT_TRUE(IsValidSpanishDni("Y1234567X"));
  EXPECT_TRUE(IsValidSpanishDni("Z7654321H"));
}

TEST(NationalIdSpanishDni, CaseSeparatorAndPadding) {
  EXPECT_TRUE(IsValidSpanishDni("12345678z"));
  EXPECT_TRUE(IsValidSpanishDni("x1234567l"));
  EXPECT_TRUE(IsValidSpanishDni("12345678-Z"));
  EXPECT_TRUE(IsValidSpanishDni("12345678 Z"));
  EXPECT_TRUE(IsValidSpanishDni("X1234567-L"));
  EXPECT_TRUE(IsValidSpanishDni(" 12345678Z  "));
}

TEST(NationalIdSpanishDni, WrongLetterOrShape) {
  EXPECT_FALSE(IsValidSpanishDni("12345678A"));  // check letter of another number
  EXPECT_FALSE(IsValidSpanishDni("12345679Z"));
  EXPECT_FALSE(IsValidSpanishDni("X1234567A"));
  EXPECT_FALSE(IsValidSpanishDni("Y1234567L"));  // X's letter with a Y
  EXPECT_FALSE(IsValidSpanishDni("00000000T"));  // passes mod 23, never issued
  EXPECT_FALSE(IsValidSpanishDni("X0000000T"));
  EXPECT_FALSE(IsValidSpanishDni("1234567L"));  // 7 digits
  EXPECT_FALSE(IsValidSpanishDni("123456789Z"));
  EXPECT_FALSE(IsValidSpanishDni("12345678"));
  EXPECT_FALSE(IsValidSpanishDni("1234S678Z"));
  EXPECT_FALSE(IsValidSpanishDni("W1234567L"));
  EXPECT_FALSE(IsValidSpanishDni("12345678--Z"));
  EXPECT_FALSE(IsValidSpanishDni("12345678  Z"));
  EXPECT_FALSE(IsValidSpanishDni("X-1234567L"));
  EXPECT_FALSE(IsValidSpanishDni("DNI 12345678Z"));
  EXPECT_FALSE(IsValidSpanishDni(""));
}

// ---- French NIR -------------------------------------------------------------------------------

// Keys: 97 - (first 13 digits mod 97), e.g. 1850578006084 mod 97 = 6 -> 91.
TEST(NationalIdFrenchNir, ValidNumbers) {
  EXPECT_TRUE(IsValidFrenchNir("185057800608491"));
  EXPECT_TRUE(IsValidFrenchNir("255081416802538"));
  EXPECT_TRUE(IsValidFrenchNir("285057800608441"));
  EXPECT_TRUE(IsValidFrenchNir("142327512345690"));  // month 32
  EXPECT_TRUE(IsValidFrenchNir("185207800608440"));  // month 20
  EXPECT_TRUE(IsValidFrenchNir("185557800608418"));  // month 55
  EXPECT_TRUE(IsValidFrenchNir("799129999999952"));  // provisional, sex 7
  EXPECT_TRUE(IsValidFrenchNir("855057800608447"));  // provisional, sex 8
}

TEST(NationalIdFrenchNir, CorsicaCountsAs19And18) {
  EXPECT_TRUE(IsValidFrenchNir("185052A00608435"));
  EXPECT_TRUE(IsValidFrenchNir("185052B00608462"));
  EXPECT_TRUE(IsValidFrenchNir("185052a00608435"));
  EXPECT_TRUE(IsValidFrenchNir("1 85 05 2A 006 084 35"));
  EXPECT_FALSE(IsValidFrenchNir("185052A00608462"));  // 2B's key
  EXPECT_FALSE(IsValidFrenchNir("185052C00608435"));
  EXPECT_FALSE(IsValidFrenchNir("18505A200608435"));
}

TEST(NationalIdFrenchNir, PrintedGroups) {
  EXPECT_TRUE(IsValidFrenchNir("1 85 05 78 006 084 91"));
  EXPECT_TRUE(IsValidFrenchNir("2 55 08 14 168 025 38"));
  EXPECT_TRUE(IsValidFrenchNir("1850578006084 91"));
  EXPECT_TRUE(IsValidFrenchNir("1 85 05 971 23 084 45"));  // overseas: 3-digit department
  EXPECT_TRUE(IsValidFrenchNir(" 185057800608491 "));
  EXPECT_FALSE(IsValidFrenchNir("18 505 78 006 084 91"));
  EXPECT_FALSE(IsValidFrenchNir("1 85 05 78 006 08 491"));
  EXPECT_FALSE(IsValidFrenchNir("1 85 05 97 123 084 45"));  // overseas grouped like mainland
  EXPECT_FALSE(IsValidFrenchNir("1 85 05 78  006 084 91"));
  EXPECT_FALSE(IsValidFrenchNir("1-85-05-78-006-084-91"));
  EXPECT_FALSE(IsValidFrenchNir("NIR 1 85 05 78 006 084 91"));
}

TEST(NationalIdFrenchNir, WrongKeyOrFields) {
  EXPECT_FALSE(IsValidFrenchNir("185057800608436"));
  EXPECT_FALSE(IsValidFrenchNir("185057800608492"));
  EXPECT_FALSE(IsValidFrenchNir("185057800608591"));  // one digit changed
  EXPECT_FALSE(IsValidFrenchNir("385057800608488"));  // key fits, sex 3 does not exist
  EXPECT_FALSE(IsValidFrenchNir("185137800608425"));  // key fits, month 13
  EXPECT_FALSE(IsValidFrenchNir("185457800608452"));  // key fits, month 45
  EXPECT_FALSE(IsValidFrenchNir("18505780060849"));   // 14 characters
  EXPECT_FALSE(IsValidFrenchNir("1850578006084910"));
  EXPECT_FALSE(IsValidFrenchNir("1850578OO608491"));  // letters O for zeros
  EXPECT_FALSE(IsValidFrenchNir(""));
}

// ---- German tax ID ----------------------------------------------------------------------------

TEST(NationalIdGermanTaxId, ValidNumbers) {
  EXPECT_TRUE(IsValidGermanTaxId("86095742719"));
  EXPECT_TRUE(IsValidGermanTaxId("47036892816"));
  EXPECT_TRUE(IsValidGermanTaxId("65929970489"));
  EXPECT_TRUE(IsValidGermanTaxId("57549285017"));
  EXPECT_TRUE(IsValidGermanTaxId("25768131411"));
  EXPECT_TRUE(IsValidGermanTaxId("12314567893"));
  EXPECT_TRUE(IsValidGermanTaxId("98765432198"));
  EXPECT_TRUE(IsValidGermanTaxId("11213456783"));  // 1 three times, not in a row (since 2016)
}

TEST(NationalIdGermanTaxId, PrintedGroups) {
  EXPECT_TRUE(IsValidGermanTaxId("86 095 742 719"));
  EXPECT_TRUE(IsValidGermanTaxId(" 86095742719 "));
  EXPECT_FALSE(IsValidGermanTaxId("860 957 427 19"));
  EXPECT_FALSE(IsValidGermanTaxId("86  095 742 719"));
  EXPECT_FALSE(IsValidGermanTaxId("86-095-742-719"));
  EXPECT_FALSE(IsValidGermanTaxId("IdNr 86095742719"));
}

TEST(NationalIdGermanTaxId, CheckDigitAndDigitRules) {
  EXPECT_FALSE(IsValidGermanTaxId("86095742718"));  // check digit
  EXPECT_FALSE(IsValidGermanTaxId("86095742791"));
  EXPECT_FALSE(IsValidGermanTaxId("06095742715"));  // check digit fits, leading 0
  EXPECT_FALSE(IsValidGermanTaxId("12345678903"));  // check digit fits, no digit repeats
  EXPECT_FALSE(IsValidGermanTaxId("11223456785"));  // check digit fits, two digits repeat
  EXPECT_FALSE(IsValidGermanTaxId("12131415674"));  // check digit fits, 1 four times
  EXPECT_FALSE(IsValidGermanTaxId("11123456786"));  // check digit fits, 1 three times in a row
  EXPECT_FALSE(IsValidGermanTaxId("8609574271"));
  EXPECT_FALSE(IsValidGermanTaxId("860957427190"));
  EXPECT_FALSE(IsValidGermanTaxId("8609574271X"));
  EXPECT_FALSE(IsValidGermanTaxId(""));
}

// ---- National IDs together --------------------------------------------------------------------

TEST(NationalId, DetectsEachKind) {
  EXPECT_EQ(DetectNationalId("536-22-8726"), NationalIdKind::kUsSsn);
  EXPECT_EQ(DetectNationalId("AB 12 34 56 C"), NationalIdKind::kUkNino);
  EXPECT_EQ(DetectNationalId("12345678Z"), NationalIdKind::kSpanishDni);
  EXPECT_EQ(DetectNationalId("X1234567L"), NationalIdKind::kSpanishDni);
  EXPECT_EQ(DetectNationalId("1 85 05 78 006 084 91"), NationalIdKind::kFrenchNir);
  EXPECT_EQ(DetectNationalId("86 095 742 719"), NationalIdKind::kGermanTaxId);
  EXPECT_EQ(DetectNationalId("12345678A"), std::nullopt);
  EXPECT_EQ(DetectNationalId("185057800608436"), std::nullopt);
  EXPECT_EQ(DetectNationalId("hello"), std::nullopt);
  EXPECT_EQ(DetectNationalId(""), std::nullopt);
}

TEST(NationalId, Names) {
  EXPECT_STREQ(Name(NationalIdKind::kUsSsn), "US SSN");
  EXPECT_STREQ(Name(NationalIdKind::kUkNino), "UK NINO");
  EXPECT_STREQ(Name(NationalIdKind::kSpanishDni), "Spanish DNI/NIE");
  EXPECT_STREQ(Name(NationalIdKind::kFrenchNir), "French NIR");
  EXPECT_STREQ(Name(NationalIdKind::kGermanTaxId), "German tax ID");
}

// ---- E-mail -----------------------------------------------------------------------------------

TEST(Email, Addresses) {
  EXPECT_TRUE(IsEmailAddress("a@b.com"));
  EXPECT_TRUE(IsEmailAddress("jane.doe+news@mail.example.co.uk"));
  EXPECT_TRUE(IsEmailAddress("o'brien@example.ie"));
  EXPECT_TRUE(IsEmailAddress("user_1@sub-domain.example.org"));
  EXPECT_TRUE(IsEmailAddress("info@xn--mnchen-3ya.de"));
  EXPECT_TRUE(IsEmailAddress("shop@example.xn--p1ai"));
  EXPECT_TRUE(IsEmailAddress(" Jane@Example.COM "));
}

TEST(Email, NotAddresses) {
  EXPECT_FALSE(IsEmailAddress("contact me at a@b.com please"));
  EXPECT_FALSE(IsEmailAddress("Jane <jane@example.com>"));
  EXPECT_FALSE(IsEmailAddress("a@b"));
  EXPECT_FALSE(IsEmailAddress("a@b.c"));
  EXPECT_FALSE(IsEmailAddress("a@b.c0m"));
  EXPECT_FALSE(IsEmailAddress("a@192.168.1.1"));
  EXPECT_FALSE(IsEmailAddress("@example.com"));
  EXPECT_FALSE(IsEmailAddress("a@"));
  EXPECT_FALSE(IsEmailAddress("a@@example.com"));
  EXPECT_FALSE(IsEmailAddress("a@b@example.com"));
  EXPECT_FALSE(IsEmailAddress(".a@example.com"));
  EXPECT_FALSE(IsEmailAddress("a.@example.com"));
  EXPECT_FALSE(IsEmailAddress("a..b@example.com"));
  EXPECT_FALSE(IsEmailAddress("a@-example.com"));
  EXPECT_FALSE(IsEmailAddress("a@example-.com"));
  EXPECT_FALSE(IsEmailAddress("a@example..com"));
  EXPECT_FALSE(IsEmailAddress("a@example.com."));
  EXPECT_FALSE(IsEmailAddress("a@exa_mple.com"));
  EXPECT_FALSE(IsEmailAddress("email_verified"));
  EXPECT_FALSE(IsEmailAddress("@handle"));
  EXPECT_FALSE(IsEmailAddress(""));
}

TEST(Email, LengthLimits) {
  const std::string local64(64, 'a'), local65(65, 'a'), label63(63, 'b'), label64(64, 'b');
  EXPECT_TRUE(IsEmailAddress(local64 + "@example.com"));
  EXPECT_FALSE(IsEmailAddress(local65 + "@example.com"));
  EXPECT_TRUE(IsEmailAddress("a@" + label63 + ".com"));
  EXPECT_FALSE(IsEmailAddress("a@" + label64 + ".com"));
  // 254 in all is the limit: 64 + "@" + 3 labels of 61 with their dots + ".com" = 254.
  const std::string label61(61, 'c');
  const std::string longest = local64 + "@" + label61 + "." + label61 + "." + label61 + ".com";
  ASSERT_EQ(longest.size(), 254u);
  EXPECT_TRUE(IsEmailAddress(longest));
  EXPECT_FALSE(IsEmailAddress("a" + longest));
}

// ---- IP addresses -----------------------------------------------------------------------------

TEST(IpAddress, Families) {
  EXPECT_EQ(IpAddressFamily("192.168.1.10"), 4);
  EXPECT_EQ(IpAddressFamily("0.0.0.0"), 4);
  EXPECT_EQ(IpAddressFamily("255.255.255.255"), 4);
  EXPECT_EQ(IpAddressFamily("2001:db8::1"), 6);
  EXPECT_EQ(IpAddressFamily("::1"), 6);
  EXPECT_EQ(IpAddressFamily("::ffff:192.0.2.128"), 6);
  EXPECT_EQ(IpAddressFamily("FE80:0000:0000:0000:0202:B3FF:FE1E:8329"), 6);
  EXPECT_EQ(IpAddressFamily(" 10.0.0.1 "), 4);
}

TEST(IpAddress, NotAddresses) {
  EXPECT_EQ(IpAddressFamily("256.1.1.1"), std::nullopt);
  EXPECT_EQ(IpAddressFamily("1.2.3"), std::nullopt);
  EXPECT_EQ(IpAddressFamily("1.2.3.4.5"), std::nullopt);
  EXPECT_EQ(IpAddressFamily("10.0.0.0/8"), std::nullopt);
  EXPECT_EQ(IpAddressFamily("host 10.0.0.1"), std::nullopt);
  EXPECT_EQ(IpAddressFamily("2001:db8::1::2"), std::nullopt);
  EXPECT_EQ(IpAddressFamily("12:30:00"), std::nullopt);  // a time
  EXPECT_EQ(IpAddressFamily("3.14"), std::nullopt);
  EXPECT_EQ(IpAddressFamily(""), std::nullopt);
  EXPECT_EQ(IpAddressFamily(std::string(100, '1')), std::nullopt);
  EXPECT_EQ(IpAddressFamily(std::string("1.2.3.4\0junk", 12)), std::nullopt);
}

// ---- Phone numbers ----------------------------------------------------------------------------

// The region and notation of a match, "-" when there is none, for readable failures.
std::string Phone(std::string_view text) {
  const std::optional<PhoneNumberMatch> match = ParsePhoneNumber(text);
  if (!match) return "-";
  switch (match->notation) {
    case PhoneNotation::kInternational:
      return match->region + " international";
    case PhoneNotation::kNational:
      return match->region + " national";
    case PhoneNotation::kDigitsOnly:
      return match->region + " digits";
  }
  return "?";
}

TEST(PhoneNumber, InternationalNotation) {
  EXPECT_EQ(Phone("+49 151 23456789"), "DE international");
  EXPECT_EQ(Phone("+1 415-555-2671"), "US international");
  EXPECT_EQ(Phone("+1 (650) 253-0000"), "US international");
  EXPECT_EQ(Phone("+44 20 7946 0958"), "GB international");
  EXPECT_EQ(Phone("+33 6 54 18 68 86"), "FR international");
  EXPECT_EQ(Phone("+34 612 345 678"), "ES international");
  EXPECT_EQ(Phone("+61 2 9374 4000"), "AU international");
  EXPECT_EQ(Phone("+4915112345678"), "DE international");
  EXPECT_EQ(Phone("+49 (0) 151 23456789"), "DE international");  // the (0) trunk prefix
  EXPECT_EQ(Phone("0049 151 23456789"), "DE international");
  EXPECT_EQ(Phone("(0049) 151 23456789"), "DE international");
  EXPECT_EQ(Phone("+800 1234 5678"), "001 international");  // non-geographic freephone
  EXPECT_EQ(Phone("  +49 151 23456789 "), "DE international");
}

TEST(PhoneNumber, NationalNotation) {
  EXPECT_EQ(Phone("(312) 549-8125"), "US national");  // also valid in IT and AT, US comes first
  EXPECT_EQ(Phone("312-549-8125"), "US national");
  EXPECT_EQ(Phone("416-979-3000"), "CA national");  // read as US, but a Canadian number
  EXPECT_EQ(Phone("020 7946 0958"), "GB national");
  EXPECT_EQ(Phone("0151 23456789"), "DE national");
  EXPECT_EQ(Phone("0151/23456789"), "DE national");
  EXPECT_EQ(Phone("015123456789"), "DE national");  // trunk 0, no separators
  // Valid in several of the regions; the first in the order wins: 03 is a UK non-geographic
  // range, and 06 54 ... and 612 345 678 are German numbers as well as French and Spanish ones.
  EXPECT_EQ(Phone("030 12345678"), "GB national");
  EXPECT_EQ(Phone("06 54 18 68 86"), "DE national");
  EXPECT_EQ(Phone("06.54.18.68.86"), "DE national");
  EXPECT_EQ(Phone("612 345 678"), "DE national");
}

TEST(PhoneNumber, DigitsOnlyIsWeakEvidence) {
  EXPECT_EQ(Phone("4915112345678"), "DE digits");
  EXPECT_EQ(Phone("14155552671"), "US digits");
  EXPECT_EQ(Phone("447946095812"), "GB digits");  // +44 7946 095812, a UK mobile
  EXPECT_EQ(Phone("44794609581"), "-");           // one digit short of one
  EXPECT_EQ(Phone("100000123"), "-");             // an order number: +1 000 001 23 is no number
}

TEST(PhoneNumber, NotPhoneNumbers) {
  EXPECT_EQ(Phone("12345"), "-");
  EXPECT_EQ(Phone("0000000000"), "-");
  EXPECT_EQ(Phone("+49 abc"), "-");
  EXPECT_EQ(Phone("1.5"), "-");
  EXPECT_EQ(Phone("12345678901234567890"), "-");   // 20 digits
  EXPECT_EQ(Phone("+49 151 2345678901234"), "-");  // 16 digits
  EXPECT_EQ(Phone("call +49 151 23456789"), "-");  // text around the number
  EXPECT_EQ(Phone("+49 151 23456789 (mobile)"), "-");
  EXPECT_EQ(Phone("+49 151 23456789 ext. 12"), "-");
  EXPECT_EQ(Phone("++49 151 23456789"), "-");
  EXPECT_EQ(Phone("49+151 23456789"), "-");
  EXPECT_EQ(Phone("-151 23456789"), "-");
  EXPECT_EQ(Phone("0151 23456789-"), "-");
  EXPECT_EQ(Phone("4111 1111 1111 1111"), "-");  // a card number: 16 digits
  EXPECT_EQ(Phone("011 49 151 23456789"), "-");  // US exit code: not a national number
  EXPECT_EQ(Phone(""), "-");
  EXPECT_EQ(Phone("   "), "-");
  EXPECT_EQ(Phone("+"), "-");
  EXPECT_EQ(Phone(std::string_view("+49 151\0 23456789", 17)), "-");
}

TEST(PhoneNumber, OtherNumberNotationsAreNotPhones) {
  // Each of these is a valid number in some region's metadata if read as a phone number.
  EXPECT_EQ(Phone("2024-01-02"), "-");
  EXPECT_EQ(Phone("02.01.2024"), "-");
  EXPECT_EQ(Phone("1/2/2024"), "-");
  EXPECT_EQ(Phone("2024/01/02"), "-");
  EXPECT_EQ(Phone("123-45-6789"), "-");  // SSN
  EXPECT_EQ(Phone("94105-1234"), "-");   // ZIP+4
  EXPECT_EQ(Phone("1234567.89"), "-");
  EXPECT_EQ(Phone("12.345.678"), "-");
  EXPECT_EQ(Phone("192.168.100.200"), "-");
  EXPECT_EQ(Phone("-12345678"), "-");
}

TEST(PhoneNumber, ShapeFilterRejectsOrdinaryText) {
  for (const char *text :
       {"hello world", "Hauptstrasse 12", "jane.doe@example.com", "SKU-2024-000123",
        "2024-01-02 10:30:00", "3.14", "true", "550e8400-e29b-41d4-a716-446655440000",
        "DE89 3704 0044 0532 0130 00", "12345678Z", "https://example.com/1234567"})
    EXPECT_EQ(Phone(text), "-") << text;
  EXPECT_EQ(Phone(std::string(1000, '1')), "-");
  EXPECT_EQ(Phone(std::string(100, ' ') + "+49 151 23456789"), "DE international");
}

// ---- Password hashes --------------------------------------------------------------------------

TEST(PasswordHash, Formats) {
  EXPECT_EQ(DetectPasswordHash("$2b$12$EixZaYVK1fsbw1ZfbX3OXePaWxn96p36WQoeG6Lruj3vjPGga31lW"),
            PasswordHashFormat::kBcrypt);
  EXPECT_EQ(DetectPasswordHash("$2y$04$EixZaYVK1fsbw1ZfbX3OXePaWxn96p36WQoeG6Lruj3vjPGga31lW"),
            PasswordHashFormat::kBcrypt);
  EXPECT_EQ(DetectPasswordHash(
                "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG"),
            PasswordHashFormat::kArgon2);
  EXPECT_EQ(DetectPasswordHash(
                "$argon2i$m=4096,t=3,p=1$c29tZXNhbHQ$iWh06vD8Fy27wf9npn6FXWiCX4K6pW6Ue1Bnzz07Z8A"),
            PasswordHashFormat::kArgon2);
  EXPECT_EQ(DetectPasswordHash("$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$"
                               "nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E"),
            PasswordHashFormat::kScrypt);
  EXPECT_EQ(DetectPasswordHash(
                "$7$C6..../....SodiumChloride$kBGj9fHznVYFQMEn/qDCfrDevf9YDtcDdKvEqHJLV8D"),
            PasswordHashFormat::kScrypt);
  EXPECT_EQ(DetectPasswordHash("pbkdf2_sha256$260000$TuBE8jSmnXfVTX8vKTq5Tt$Ixn6d/"
                               "pFu8DUpKzcMxRMTOFtBPHWxG44Cm+wmfbqR9g="),
            PasswordHashFormat::kPbkdf2);
  EXPECT_EQ(DetectPasswordHash("$pbkdf2-sha256$29000$N2YMIWQsBWBMae09x1jrPQ$"
                               "tpeVrKaa6x0t4dYuGGZWQdnjq2xCO0K2QD0T2KmaP0c"),
            PasswordHashFormat::kPbkdf2);
  EXPECT_EQ(DetectPasswordHash("$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/"
                               "jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/"),
            PasswordHashFormat::kSha512Crypt);
  EXPECT_EQ(DetectPasswordHash("$6$rounds=5000$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/"
                               "jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/"),
            PasswordHashFormat::kSha512Crypt);
  EXPECT_EQ(DetectPasswordHash("$5$saltsalt$gOjOtoMpVhru2uyjeJSEc/JaLQWOXMNmlOnj6T4AtC."),
            PasswordHashFormat::kSha256Crypt);
  EXPECT_EQ(DetectPasswordHash("$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/"),
            PasswordHashFormat::kMd5Crypt);
}

TEST(PasswordHash, NearMisses) {
  // bcrypt: cost out of range, one character short, unknown minor version.
  EXPECT_EQ(DetectPasswordHash("$2b$03$EixZaYVK1fsbw1ZfbX3OXePaWxn96p36WQoeG6Lruj3vjPGga31lW"),
            std::nullopt);
  EXPECT_EQ(DetectPasswordHash("$2b$32$EixZaYVK1fsbw1ZfbX3OXePaWxn96p36WQoeG6Lruj3vjPGga31lW"),
            std::nullopt);
  EXPECT_EQ(DetectPasswordHash("$2b$12$EixZaYVK1fsbw1ZfbX3OXePaWxn96p36WQoeG6Lruj3vjPGga31l"),
            std::nullopt);
  EXPECT_EQ(DetectPasswordHash("$2c$12$EixZaYVK1fsbw1ZfbX3OXePaWxn96p36WQoeG6Lruj3vjPGga31lW"),
            std::nullopt);
  // Argon2 without its parameters; SHA-crypt with a truncated hash; MD5-crypt salt too long.
  EXPECT_EQ(DetectPasswordHash("$argon2id$v=19$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG"),
            std::nullopt);
  EXPECT_EQ(DetectPasswordHash("$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2"),
            std::nullopt);
  EXPECT_EQ(DetectPasswordHash("$1$saltsaltsalt$qjXMvbEw8oaL.CzflDtaK/"), std::nullopt);
  EXPECT_EQ(DetectPasswordHash("pbkdf2_sha256$many$TuBE8jSmnXfVTX8vKTq5Tt$Ixn6d/pFu8DUpKzcMxRM="),
            std::nullopt);
}

TEST(PasswordHash, OtherTextIsNoHash) {
  EXPECT_EQ(DetectPasswordHash("5f4dcc3b5aa765d61d8327deb882cf99"), std::nullopt);  // bare md5
  EXPECT_EQ(DetectPasswordHash("password123"), std::nullopt);
  EXPECT_EQ(DetectPasswordHash("$100.00"), std::nullopt);
  EXPECT_EQ(DetectPasswordHash("$1$"), std::nullopt);
  EXPECT_EQ(DetectPasswordHash("price $5$ discount $1$ total"), std::nullopt);
  EXPECT_EQ(DetectPasswordHash(""), std::nullopt);
  EXPECT_STREQ(Name(PasswordHashFormat::kSha512Crypt), "SHA-512-crypt");
}

// ---- Secrets ----------------------------------------------------------------------------------

// Token-shaped test values are assembled from parts so that secret scanners do not flag this file.
std::string Join(const std::string &prefix, const std::string &rest) { return prefix + rest; }

TEST(Secret, KnownFormats) {
  EXPECT_EQ(DetectSecret(Join("AKIA", "IOSFODNN7EXAMPLE")), SecretKind::kAwsAccessKeyId);
  EXPECT_EQ(DetectSecret(Join("ASIA", "Y34FZKBOKMUTVV7A")), SecretKind::kAwsAccessKeyId);
  EXPECT_EQ(DetectSecret(Join("ghp_", "wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx")),
            SecretKind::kGitHubToken);
  EXPECT_EQ(DetectSecret(Join("ghs_", "16C7e42F292c6912E7710c838347Ae178B4a")),
            SecretKind::kGitHubToken);
  EXPECT_EQ(DetectSecret(Join("github_pat_", "11ABCDEFG0abcdefghijkl_" + std::string(59, 'x'))),
            SecretKind::kGitHubToken);
  EXPECT_EQ(DetectSecret(Join("sk_live_", "4eC39HqLyjWDarjtT1zdp7dc")), SecretKind::kStripeKey);
  EXPECT_EQ(DetectSecret(Join("sk_test_", "4eC39HqLyjWDarjtT1zdp7dcXYZ")), SecretKind::kStripeKey);
  EXPECT_EQ(DetectSecret(Join("xoxb-", "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx")),
            SecretKind::kSlackToken);
  EXPECT_EQ(DetectSecret(Join("AIza", "SyD-abcdefghijklmnopqrstuvwxyz01234")),
            SecretKind::kGoogleApiKey);
  EXPECT_EQ(
      DetectSecret("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
                   "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
                   "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"),
      SecretKind::kJwt);
  // {"typ":"JWT","alg":"HS256"} first, and an unsigned token (alg none).
  EXPECT_EQ(DetectSecret("eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJmb28iOiJiYXIifQ."),
            SecretKind::kJwt);
}

TEST(Secret, PemPrivateKeysAnywhereInTheText) {
  const std::string body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n";
  EXPECT_EQ(DetectSecret(Join("-----BEGIN PRIVATE KEY-----\n", body + "-----END PRIVATE KEY-----")),
            SecretKind::kPemPrivateKey);
  EXPECT_EQ(DetectSecret(Join("deploy key:\n-----BEGIN RSA PRIVATE KEY-----\n", body)),
            SecretKind::kPemPrivateKey);
  EXPECT_EQ(DetectSecret(Join("-----BEGIN OPENSSH PRIVATE KEY-----\n", body)),
            SecretKind::kPemPrivateKey);
  EXPECT_EQ(DetectSecret(
                Join("-----BEGIN CERTIFICATE-----\n", body + "-----END CERTIFICATE-----\n"
                                                             "-----BEGIN EC PRIVATE KEY-----\n")),
            SecretKind::kPemPrivateKey);
  EXPECT_EQ(DetectSecret(Join("-----BEGIN PUBLIC KEY-----\n", body)), std::nullopt);
  EXPECT_EQ(DetectSecret(Join("-----BEGIN CERTIFICATE-----\n", body)), std::nullopt);
  EXPECT_EQ(DetectSecret("the PRIVATE KEY----- line without BEGIN"), std::nullopt);
}

TEST(Secret, NearMissesAndLookalikes) {
  EXPECT_EQ(DetectSecret(Join("AKIA", "IOSFODNN7EXAMPL")), std::nullopt);  // 19 characters
  EXPECT_EQ(DetectSecret(Join("AKIA", "iosfodnn7example")), std::nullopt);
  EXPECT_EQ(DetectSecret(Join("ghx_", "wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx")), std::nullopt);
  EXPECT_EQ(DetectSecret(Join("ghp_", "wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINU")), std::nullopt);
  EXPECT_EQ(DetectSecret(Join("sk_live_", "short")), std::nullopt);
  EXPECT_EQ(DetectSecret(Join("pk_live_", "4eC39HqLyjWDarjtT1zdp7dc")), std::nullopt);  // public
  EXPECT_EQ(DetectSecret("xoxb-"), std::nullopt);
  EXPECT_EQ(DetectSecret(Join("token: ", Join("ghp_", "wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx"))),
            std::nullopt);
  // Dotted texts that are no JWT: a header without alg/typ, host names, versions.
  EXPECT_EQ(DetectSecret("eyJmb28iOiJiYXIifQ.eyJmb28iOiJiYXIifQ.abc"), std::nullopt);
  EXPECT_EQ(DetectSecret("www.example.com"), std::nullopt);
  EXPECT_EQ(DetectSecret("1.2.3"), std::nullopt);
  EXPECT_EQ(DetectSecret("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.c29tZQ.sig"), std::nullopt);
  EXPECT_EQ(DetectSecret("550e8400-e29b-41d4-a716-446655440000"), std::nullopt);
  EXPECT_EQ(DetectSecret("da39a3ee5e6b4b0d3255bfef95601890afd80709"), std::nullopt);
  EXPECT_EQ(DetectSecret(""), std::nullopt);
  EXPECT_STREQ(Name(SecretKind::kJwt), "JSON Web Token");
}

// ---- Entropy and random tokens ----------------------------------------------------------------

TEST(Entropy, BitsPerCharacter) {
  EXPECT_EQ(ShannonEntropyBitsPerChar(""), 0);
  EXPECT_EQ(ShannonEntropyBitsPerChar("aaaaaaaa"), 0);
  EXPECT_DOUBLE_EQ(ShannonEntropyBitsPerChar("abab"), 1);
  EXPECT_DOUBLE_EQ(ShannonEntropyBitsPerChar("abcd"), 2);
  EXPECT_DOUBLE_EQ(ShannonEntropyBitsPerChar("0123456789abcdef"), 4);
}

TEST(RandomToken, GeneratedTokens) {
  EXPECT_TRUE(LooksLikeRandomToken("wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8pL2kH"));
  // AWS's documented example secret key ends in a word: "...EXAMPLEKEY" is not random.
  EXPECT_FALSE(LooksLikeRandomToken("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
  EXPECT_TRUE(LooksLikeRandomToken("8f4Kq2LzR7pXw9TbN3vY"));
  EXPECT_TRUE(LooksLikeRandomToken("dGhpc2lzYXJhbmRvbXRva2VuMTIz"));
  EXPECT_TRUE(LooksLikeRandomToken("Zx9_k2-Lq8Pw3Rt7Yb1Nc6Vm"));
  EXPECT_TRUE(LooksLikeRandomToken("3f9a1c7e5b2d8046a1c3e5f7b9d1"));  // hex, 28: no digest length
}

TEST(RandomToken, DigestsUuidsAndIdentifiersAreNot) {
  EXPECT_FALSE(LooksLikeRandomToken("550e8400-e29b-41d4-a716-446655440000"));
  EXPECT_FALSE(LooksLikeRandomToken("550E8400-E29B-41D4-A716-446655440000"));
  EXPECT_FALSE(LooksLikeRandomToken("da39a3ee5e6b4b0d3255bfef95601890afd80709"));  // git SHA
  EXPECT_FALSE(LooksLikeRandomToken("5f4dcc3b5aa765d61d8327deb882cf99"));          // md5
  EXPECT_FALSE(LooksLikeRandomToken("D41D8CD98F00B204E9800998ECF8427E"));
  EXPECT_FALSE(LooksLikeRandomToken(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));  // sha256
  EXPECT_FALSE(LooksLikeRandomToken("2024-01-15T10:30:00.000Z"));
  EXPECT_FALSE(LooksLikeRandomToken("2024-01-15 10:30:00+00"));
  EXPECT_FALSE(LooksLikeRandomToken("12345678901234567890123"));
  EXPECT_FALSE(LooksLikeRandomToken("customer_account_reference_number"));
  EXPECT_FALSE(LooksLikeRandomToken("email_verified"));
  EXPECT_FALSE(LooksLikeRandomToken("SKU-2024-000123-BLUE-XL"));
  EXPECT_FALSE(LooksLikeRandomToken("INV2024000012345678"));
  EXPECT_FALSE(LooksLikeRandomToken("DE89370400440532013000"));
  EXPECT_FALSE(LooksLikeRandomToken("Hauptstrasse12Berlin10115"));
  EXPECT_FALSE(LooksLikeRandomToken("https://example.com/products/12345?ref=abc"));
  EXPECT_FALSE(LooksLikeRandomToken("jane.doe@example.com"));
  EXPECT_FALSE(LooksLikeRandomToken("a short sentence with Words 123"));
  EXPECT_FALSE(LooksLikeRandomToken("Ab3"));
}

TEST(RandomToken, RepetitionsAreNot) {
  EXPECT_FALSE(LooksLikeRandomToken("QUFBQUFBQUFBQUFBQUFBQUFBQUFB"));  // base64 of AAAA...
  EXPECT_FALSE(LooksLikeRandomToken("YWJjYWJjYWJjYWJjYWJjYWJjYWJjYWJjYWJjYWJj"));  // of abcabc...
  EXPECT_FALSE(LooksLikeRandomToken("Ab1Ab1Ab1Ab1Ab1Ab1Ab1Ab1"));
  EXPECT_FALSE(LooksLikeRandomToken("aB3dE5gH7aB3dE5gH7aB3dE5gH7aB3dE5gH7"));
}

// Uniformly random tokens of the usual alphabets and lengths are recognised nearly always.
TEST(RandomToken, RecallOnGeneratedTokens) {
  std::mt19937 generator(20240115);
  struct Case {
    std::string alphabet;
    std::size_t length;
  };
  const std::string base62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const Case cases[] = {{base62, 20},
                        {base62, 32},
                        {base62, 64},
                        {base62 + "-_", 43},
                        {"0123456789abcdef", 48},
                        {"abcdefghijklmnopqrstuvwxyz0123456789", 30}};
  for (const Case &c : cases) {
    std::uniform_int_distribution<std::size_t> pick(0, c.alphabet.size() - 1);
    int recognised = 0;
    for (int i = 0; i < 1000; ++i) {
      std::string token;
      for (std::size_t j = 0; j < c.length; ++j) token += c.alphabet[pick(generator)];
      recognised += LooksLikeRandomToken(token);
    }
    EXPECT_GE(recognised, 950) << c.alphabet << " x " << c.length;
  }
}

// ---- Birth dates ------------------------------------------------------------------------------

TEST(BirthDate, Ages) {
  EXPECT_EQ(AgeInYearsIfBirthDate(1990, 6, 15, 2024, 6, 15), 34);
  EXPECT_EQ(AgeInYearsIfBirthDate(1990, 6, 15, 2024, 6, 14), 33);
  EXPECT_EQ(AgeInYearsIfBirthDate(2024, 1, 1, 2024, 6, 1), 0);
  EXPECT_EQ(AgeInYearsIfBirthDate(1904, 6, 1, 2024, 6, 1), 120);
  EXPECT_EQ(AgeInYearsIfBirthDate(2000, 2, 29, 2023, 2, 28), 22);
  EXPECT_EQ(AgeInYearsIfBirthDate(2000, 2, 29, 2023, 3, 1), 23);
}

TEST(BirthDate, NotBirthDates) {
  EXPECT_EQ(AgeInYearsIfBirthDate(1903, 6, 1, 2024, 6, 1), std::nullopt);  // 121
  EXPECT_EQ(AgeInYearsIfBirthDate(2024, 6, 2, 2024, 6, 1), std::nullopt);  // future
  EXPECT_EQ(AgeInYearsIfBirthDate(2030, 1, 1, 2024, 6, 1), std::nullopt);
  EXPECT_EQ(AgeInYearsIfBirthDate(2023, 2, 29, 2024, 6, 1), std::nullopt);  // no such day
  EXPECT_EQ(AgeInYearsIfBirthDate(1990, 13, 1, 2024, 6, 1), std::nullopt);
  EXPECT_EQ(AgeInYearsIfBirthDate(1990, 4, 31, 2024, 6, 1), std::nullopt);
  EXPECT_EQ(AgeInYearsIfBirthDate(1990, 0, 1, 2024, 6, 1), std::nullopt);
  EXPECT_EQ(AgeInYearsIfBirthDate(1990, 1, 1, 2024, 2, 30), std::nullopt);  // bad today
  EXPECT_EQ(AgeInYearsIfBirthDate(1900, 2, 29, 2000, 1, 1), std::nullopt);  // 1900 not leap
  EXPECT_EQ(AgeInYearsIfBirthDate(2000, 2, 29, 2024, 1, 1), 23);            // 2000 is leap
}

}  // namespace
}  // namespace steward::classify

namespace steward::classify {
namespace {

TEST(NationalIdDutchBsn, ElevenCheck) {
  EXPECT_TRUE(IsValidDutchBsn("111222333"));
  EXPECT_TRUE(IsValidDutchBsn("123456782"));
  EXPECT_TRUE(IsValidDutchBsn(" 123456782 "));
  EXPECT_FALSE(IsValidDutchBsn("123456789"));  // weighted sum not a multiple of 11
  EXPECT_FALSE(IsValidDutchBsn("000000000"));
  EXPECT_FALSE(IsValidDutchBsn("12345678"));  // 8 digits: 8*1+7*2+...+2*7-8 = 104, not 11k
  EXPECT_FALSE(IsValidDutchBsn("1234567820"));
  EXPECT_FALSE(IsValidDutchBsn("12345678a"));
  EXPECT_EQ(DetectNationalId("123456782"), NationalIdKind::kUsSsn);     // also an SSN: the SSN wins
  EXPECT_EQ(DetectNationalId("900000004"), NationalIdKind::kDutchBsn);  // area 900: no SSN
}

TEST(NationalIdItalianCodiceFiscale, CheckLetterMonthAndOmocodia) {
  EXPECT_TRUE(IsValidItalianCodiceFiscale("RSSMRA85T10A562S"));
  EXPECT_TRUE(IsValidItalianCodiceFiscale("bncgvn70a41f205o"));   // a woman (day + 40), lower case
  EXPECT_TRUE(IsValidItalianCodiceFiscale("RSSMRA85T10A56NH"));   // omocodia: N stands for 2
  EXPECT_FALSE(IsValidItalianCodiceFiscale("RSSMRA85T10A562T"));  // wrong check letter
  EXPECT_FALSE(IsValidItalianCodiceFiscale("RSSMRA85F10A562S"));  // F is no month letter
  EXPECT_FALSE(IsValidItalianCodiceFiscale("RSSMRA85T10A562"));   // too short
  EXPECT_FALSE(IsValidItalianCodiceFiscale("R5SMRA85T10A562S"));  // a digit among the letters
  EXPECT_EQ(DetectNationalId("VRDLGU80E05H501L"), NationalIdKind::kItalianCodiceFiscale);
  EXPECT_STREQ(Name(NationalIdKind::kItalianCodiceFiscale), "Italian codice fiscale");
}

}  // namespace
}  // namespace steward::classify
