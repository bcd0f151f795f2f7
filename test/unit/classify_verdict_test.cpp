// Unit tests of the classification verdict: every category, names alone, values alone, both,
// the tricky negatives, json documents and the ordering of confidences.
#include <gtest/gtest.h>

#include <cstdio>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "classify/verdict.hpp"

namespace steward::classify {
namespace {

using Values = std::vector<std::optional<std::string>>;

constexpr int kYear = 2025, kMonth = 6, kDay = 15;

ColumnSample Sample(std::string table, std::string column, std::string type, Values values,
                    std::string comment = {}) {
  return ColumnSample{std::move(table), std::move(column), std::move(type), std::move(comment), {},
                      std::move(values)};
}

std::optional<Verdict> Classify(const ColumnSample &sample) {
  return ClassifyColumn(sample, kYear, kMonth, kDay);
}

// The category of the verdict, or "-" when none (readable in failure messages).
std::string CategoryOf(const ColumnSample &sample) {
  const auto verdict = Classify(sample);
  return verdict ? Name(verdict->category) : "-";
}

double ConfidenceOf(const ColumnSample &sample) {
  const auto verdict = Classify(sample);
  return verdict ? verdict->confidence : 0.0;
}

std::string EvidenceOf(const ColumnSample &sample) {
  const auto verdict = Classify(sample);
  return verdict ? verdict->evidence : "-";
}

Values Generate(std::size_t count, const std::function<std::string(std::size_t)> &make) {
  Values values;
  for (std::size_t i = 0; i < count; ++i) values.emplace_back(make(i));
  return values;
}

std::string Padded(std::size_t number, int width) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%0*zu", width, number);
  return buffer;
}

// Token-shaped test values are assembled from parts so that secret scanners do not flag this file.
std::string RandomString(std::mt19937 &random, std::string_view alphabet, std::size_t length) {
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::string text;
  for (std::size_t i = 0; i < length; ++i) text += alphabet[pick(random)];
  return text;
}

constexpr std::string_view kBase62 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

// ---- Generators of realistic values -------------------------------------------------------------

std::string Email(std::size_t i) { return "user" + std::to_string(i) + "@example.com"; }

// The digits followed by their Luhn check digit.
std::string WithLuhnDigit(const std::string &digits) {
  int sum = 0;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    int digit = digits[digits.size() - 1 - i] - '0';
    if (i % 2 == 0) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return digits + static_cast<char>('0' + (10 - sum % 10) % 10);
}

std::string VisaCard(std::size_t i) { return WithLuhnDigit("4" + Padded(i * 7919 + 12345, 14)); }

// A German IBAN of an 18-digit BBAN with its mod-97 check digits.
std::string GermanIban(std::size_t i) {
  const std::string bban = "37040044" + Padded(i * 104729 + 532013000, 10);
  int remainder = 0;
  for (const char c : bban + "131400") remainder = (remainder * 10 + (c - '0')) % 97;
  return "DE" + Padded(static_cast<std::size_t>(98 - remainder), 2) + bban;
}

std::string Ssn(std::size_t i) { return "536-" + Padded(i % 90 + 10, 2) + "-" + Padded(i + 1, 4); }
std::string Nino(std::size_t i) { return "AB" + Padded(i * 37 + 100000, 6) + "C"; }
std::string Ipv4(std::size_t i) {
  return "10.1." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1);
}
std::string BirthDate(std::size_t i) {
  return std::to_string(1940 + i % 60) + "-" + Padded(i % 12 + 1, 2) + "-" + Padded(i % 28 + 1, 2);
}
std::string Phone(std::size_t i) { return "+49 30 " + Padded(i * 7 + 1000000, 7); }

Values Bcrypts(std::size_t count) {
  std::mt19937 random(7);
  return Generate(count, [&random](std::size_t) {
    return "$2b$12$" + RandomString(random, std::string(kBase62) + "./", 53);
  });
}

Values AwsKeys(std::size_t count) {
  std::mt19937 random(11);
  return Generate(count, [&random](std::size_t) {
    return std::string("AK") + "IA" + RandomString(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
  });
}

Values RandomTokens(std::size_t count) {
  std::mt19937 random(13);
  return Generate(count, [&random](std::size_t) { return RandomString(random, kBase62, 32); });
}

Values Hex(std::size_t count, std::size_t length) {
  std::mt19937 random(17);
  return Generate(count, [&random, length](std::size_t) {
    return RandomString(random, "0123456789abcdef", length);
  });
}

Values Uuids(std::size_t count) {
  std::mt19937 random(19);
  return Generate(count, [&random](std::size_t) {
    const auto hex = [&random](std::size_t n) {
      return RandomString(random, "0123456789abcdef", n);
    };
    return hex(8) + "-" + hex(4) + "-4" + hex(3) + "-a" + hex(3) + "-" + hex(12);
  });
}

// ---- Categories, positive
// ------------------------------------------------------------------------

TEST(Verdict, EmailByNameAndValues) {
  const auto sample = Sample("customers", "contact_email", "text", Generate(200, Email));
  EXPECT_EQ(CategoryOf(sample), "email");
  EXPECT_EQ(EvidenceOf(sample),
            "name \"contact_email\" + 100% of 200 sampled values are valid e-mail addresses");
  EXPECT_GT(ConfidenceOf(sample), 0.95);
}

TEST(Verdict, EmailByValuesAlone) {
  Values values = Generate(970, Email);
  for (int i = 0; i < 30; ++i) values.emplace_back("n/a");
  values.emplace_back(std::nullopt);
  const auto sample = Sample("leads", "contact", "character varying(255)", values);
  EXPECT_EQ(CategoryOf(sample), "email");
  EXPECT_EQ(EvidenceOf(sample), "97% of 1000 sampled values are valid e-mail addresses");
  EXPECT_NEAR(ConfidenceOf(sample), 0.935, 1e-9);
}

TEST(Verdict, ValuesAloneNeedSixtyPercent) {
  Values values = Generate(50, Email);
  for (int i = 0; i < 50; ++i) values.emplace_back("n/a");
  EXPECT_EQ(CategoryOf(Sample("leads", "c3", "text", values)), "-");
  for (int i = 0; i < 25; ++i) values.emplace_back("x" + Email(i));
  values.resize(80);
  for (int i = 0; i < 20; ++i) values.emplace_back(Email(100 + i));  // 70 of 100
  const auto sample = Sample("leads", "c3", "text", values);
  EXPECT_EQ(CategoryOf(sample), "email");
  EXPECT_NEAR(ConfidenceOf(sample), 0.72, 1e-9);
}

TEST(Verdict, NameOnlyOnAnEmptyTable) {
  const auto sample = Sample("customers", "email", "text", {});
  EXPECT_EQ(CategoryOf(sample), "email");
  EXPECT_NEAR(ConfidenceOf(sample), 0.9 * 0.8, 1e-9);
  EXPECT_EQ(EvidenceOf(sample), "name \"email\" (no sampled values)");
  // NULLs and blanks are no values; fewer than five decide nothing.
  const auto few = Sample("customers", "email", "text", {std::nullopt, "", "x", "y"});
  EXPECT_EQ(CategoryOf(few), "email");
  EXPECT_EQ(EvidenceOf(few), "name \"email\" (2 sampled values, too few to check)");
}

TEST(Verdict, PhoneByNameAndValues) {
  const auto sample = Sample("customers", "telefonnummer", "text", Generate(100, Phone));
  EXPECT_EQ(CategoryOf(sample), "phone");
  EXPECT_GT(ConfidenceOf(sample), ConfidenceOf(Sample("customers", "telefonnummer", "text", {})));
  // German mobile numbers with their country code, digits only (an MSISDN).
  const auto msisdn = [](std::size_t i) { return "49151" + Padded(i * 7919 + 20000000, 8); };
  EXPECT_EQ(CategoryOf(Sample("customers", "mobile", "bigint", Generate(50, msisdn))), "phone");
  // Counting numbers are no phone numbers: a name alone is too weak against them.
  EXPECT_EQ(CategoryOf(Sample("customers", "mobile", "bigint",
                              Generate(50, [](std::size_t i) { return Padded(i, 11); }))),
            "-");
}

TEST(Verdict, PhoneByValuesAloneOnlyInAPhoneNotation) {
  const auto international = Sample("customers", "c5", "text", Generate(100, Phone));
  EXPECT_EQ(CategoryOf(international), "phone");
  EXPECT_EQ(EvidenceOf(international), "100% of 100 sampled values are valid phone numbers");
  // Digits alone could be order numbers: they need a name.
  const auto msisdn = [](std::size_t i) { return "49151" + Padded(i * 7919 + 20000000, 8); };
  EXPECT_EQ(CategoryOf(Sample("customers", "c5", "text", Generate(100, msisdn))), "-");
}

TEST(Verdict, PhoneNameWithValuesOfAnotherShapeIsLowered) {
  const auto sample = Sample("customers", "phone", "text",
                             Generate(100, [](std::size_t) { return std::string("ask at desk"); }));
  EXPECT_EQ(CategoryOf(sample), "phone");
  EXPECT_NEAR(ConfidenceOf(sample), 0.9 * 0.8 * 0.75, 1e-9);
}

TEST(Verdict, CreditCardByNameAndValues) {
  const auto sample = Sample("payments", "card_number", "text", Generate(200, VisaCard));
  EXPECT_EQ(CategoryOf(sample), "credit_card");
  EXPECT_GT(ConfidenceOf(sample), 0.95);
}

TEST(Verdict, CreditCardByValuesAlone) {
  Values values = Generate(98, VisaCard);
  values.emplace_back("5555555555554444");
  values.emplace_back("5105105105105100");
  const auto sample = Sample("payments", "c1", "text", values);
  EXPECT_EQ(CategoryOf(sample), "credit_card");
  EXPECT_EQ(EvidenceOf(sample),
            "100% of 100 sampled values pass Luhn with a Visa/Mastercard issuer prefix");
}

TEST(Verdict, CreditCardSecurityCodesByName) {
  // A CVV column: the name says card data, and 3-4 digits are what a security code looks like.
  const auto sample = Sample("payments", "cvv", "text",
                             Generate(50, [](std::size_t i) { return Padded(i * 13 % 1000, 3); }));
  EXPECT_EQ(CategoryOf(sample), "credit_card");
  EXPECT_EQ(EvidenceOf(sample),
            "name \"cvv\" + 100% of 50 sampled values are 3-4 digit card security codes");
  // Values of no card format lower the name below what is reported.
  EXPECT_EQ(CategoryOf(Sample("payments", "cvv", "text",
                              Generate(50, [](std::size_t) { return std::string("n/a"); }))),
            "-");
}

TEST(Verdict, IbanByNameAndValues) {
  EXPECT_EQ(CategoryOf(Sample("accounts", "iban", "text", Generate(100, GermanIban))), "iban");
}

TEST(Verdict, IbanByValuesAlone) {
  const auto sample = Sample("accounts", "ref", "text", Generate(100, GermanIban));
  EXPECT_EQ(CategoryOf(sample), "iban");
  EXPECT_EQ(EvidenceOf(sample), "100% of 100 sampled values are valid IBANs");
}

TEST(Verdict, IbanByComment) {
  const auto sample = Sample("accounts", "c7", "text", {}, "Bank IBAN");
  EXPECT_EQ(CategoryOf(sample), "iban");
  EXPECT_EQ(EvidenceOf(sample), "column comment mentions \"IBAN\" (no sampled values)");
  const auto with_values = Sample("accounts", "c7", "text", Generate(100, GermanIban), "Bank IBAN");
  EXPECT_EQ(EvidenceOf(with_values),
            "column comment mentions \"IBAN\" + 100% of 100 sampled values are valid IBANs");
}

TEST(Verdict, NationalIdByNameAndValues) {
  EXPECT_EQ(CategoryOf(Sample("employees", "ssn", "text", Generate(100, Ssn))), "national_id");
  // Nine-digit numbers are SSNs when the name says so.
  EXPECT_EQ(
      CategoryOf(Sample("employees", "ssn", "integer",
                        Generate(100, [](std::size_t i) { return "5362" + Padded(i + 1, 5); }))),
      "national_id");
}

TEST(Verdict, NationalIdByValuesAlone) {
  const auto ssns = Sample("employees", "c2", "text", Generate(100, Ssn));
  EXPECT_EQ(CategoryOf(ssns), "national_id");
  EXPECT_EQ(EvidenceOf(ssns), "100% of 100 sampled values are valid national IDs (US SSN)");
  const auto ninos = Sample("employees", "c2", "text", Generate(100, Nino));
  EXPECT_EQ(CategoryOf(ninos), "national_id");
  EXPECT_EQ(EvidenceOf(ninos), "100% of 100 sampled values are valid national IDs (UK NINO)");
}

TEST(Verdict, IpAddressByType) {
  const auto inet = Sample("sessions", "origin", "inet", Generate(100, Ipv4));
  EXPECT_EQ(CategoryOf(inet), "ip_address");
  EXPECT_EQ(EvidenceOf(inet), "column of type inet");
  EXPECT_NEAR(ConfidenceOf(inet), 0.9, 1e-9);
  EXPECT_EQ(CategoryOf(Sample("sessions", "net", "cidr", {})), "ip_address");
  EXPECT_GT(ConfidenceOf(Sample("sessions", "client_ip", "inet", {})), ConfidenceOf(inet));
}

TEST(Verdict, IpAddressByNameAndValues) {
  const auto sample = Sample("sessions", "client_ip", "text", Generate(100, Ipv4));
  EXPECT_EQ(CategoryOf(sample), "ip_address");
  EXPECT_EQ(EvidenceOf(sample),
            "name \"client_ip\" + 100% of 100 sampled values are IPv4 addresses");
}

TEST(Verdict, IpAddressByValuesAlone) {
  EXPECT_EQ(CategoryOf(Sample("sessions", "origin", "text", Generate(100, Ipv4))), "ip_address");
}

TEST(Verdict, PersonNameByName) {
  const Values names = {"Jane Doe", "Max Mustermann", "Jean Dupont", "María García", "Li Wei"};
  EXPECT_EQ(CategoryOf(Sample("customers", "last_name", "text", names)), "person_name");
  EXPECT_EQ(CategoryOf(Sample("customers", "name", "text", names)), "person_name");
  const Values products = {"Desk Lamp", "Garden Hose XL", "Yoga Mat", "Water Bottle", "Backpack"};
  EXPECT_EQ(CategoryOf(Sample("products", "name", "text", products)), "-");
  EXPECT_EQ(CategoryOf(Sample("customers", "c1", "text", products)), "-");
}

TEST(Verdict, PersonNameByValues) {
  const Values names = {"Jane Doe",     "Max Mustermann", "Jean Dupont",
                        "María García", "Dr. Anna Weber", "SMITH, JOHN"};
  const auto sample = Sample("imports", "c1", "text", names);
  EXPECT_EQ(CategoryOf(sample), "person_name");
  EXPECT_EQ(EvidenceOf(sample),
            "100% of 6 sampled values look like people's names (with a common first name)");
  // Surnames alone are recognised by name only; cities and single words never.
  EXPECT_EQ(
      CategoryOf(Sample("imports", "c1", "text", {"Paris", "Berlin", "Madrid", "Lyon", "Bonn"})),
      "-");
  EXPECT_EQ(CategoryOf(Sample("customers", "surname", "text",
                              {"Doe", "Mustermann", "Dupont", "García", "Weber"})),
            "person_name");
}

TEST(Verdict, StreetAddressByName) {
  const auto sample =
      Sample("customers", "street_address", "text",
             Generate(50, [](std::size_t i) { return "Hauptstraße " + std::to_string(i + 1); }));
  EXPECT_EQ(CategoryOf(sample), "street_address");
  EXPECT_NEAR(ConfidenceOf(sample), 0.9 * 0.8, 1e-9);
}

TEST(Verdict, ValuesOfAnotherCategoryBeatTheComment) {
  const auto sample =
      Sample("accounts", "c7", "text", Generate(100, GermanIban), "Name of the account holder");
  EXPECT_EQ(CategoryOf(sample), "iban");
  EXPECT_EQ(EvidenceOf(sample),
            "100% of 100 sampled values are valid IBANs (the comment suggests person_name)");
}

TEST(Verdict, ValuesOfAnotherCategoryBeatTheName) {
  const auto sample = Sample("customers", "address", "text", Generate(100, Email));
  EXPECT_EQ(CategoryOf(sample), "email");
  EXPECT_EQ(EvidenceOf(sample),
            "100% of 100 sampled values are valid e-mail addresses (the name suggests "
            "street_address)");
}

TEST(Verdict, PostalCodeByNameAndValues) {
  const auto sample =
      Sample("customers", "zip", "integer",
             Generate(100, [](std::size_t i) { return std::to_string(10115 + i); }));
  EXPECT_EQ(CategoryOf(sample), "postal_code");
  EXPECT_GT(ConfidenceOf(sample), ConfidenceOf(Sample("customers", "zip", "integer", {})));
}

TEST(Verdict, DateOfBirthByNameAndValues) {
  const auto sample = Sample("patients", "date_of_birth", "date", Generate(100, BirthDate));
  EXPECT_EQ(CategoryOf(sample), "date_of_birth");
  EXPECT_EQ(EvidenceOf(sample),
            "name \"date_of_birth\" + 100% of 100 sampled values are dates "
            "implying ages of 0-120 years");
  EXPECT_EQ(CategoryOf(Sample("kunden", "geburtsdatum", "text",
                              Generate(100,
                                       [](std::size_t i) {
                                         return Padded(i % 28 + 1, 2) + ".03.19" +
                                                Padded(i % 90 + 10, 2);
                                       }))),
            "date_of_birth");
}

TEST(Verdict, DateOfBirthNeverByValuesAlone) {
  EXPECT_EQ(CategoryOf(Sample("patients", "d1", "date", Generate(100, BirthDate))), "-");
  EXPECT_EQ(CategoryOf(Sample("patients", "d1", "text", Generate(100, BirthDate))), "-");
}

TEST(Verdict, DateOfBirthNameRefutedByFutureDates) {
  const auto sample =
      Sample("patients", "birthday", "date",
             Generate(100, [](std::size_t i) { return "2031-01-" + Padded(i % 28 + 1, 2); }));
  EXPECT_EQ(CategoryOf(sample), "-");
}

TEST(Verdict, PasswordHashByNameAndValues) {
  const auto sample = Sample("users", "password_digest", "text", Bcrypts(100));
  EXPECT_EQ(CategoryOf(sample), "password_hash");
  EXPECT_GT(ConfidenceOf(sample), 0.95);
}

TEST(Verdict, PasswordHashByValuesAlone) {
  const auto sample = Sample("users", "c9", "text", Bcrypts(100));
  EXPECT_EQ(CategoryOf(sample), "password_hash");
  EXPECT_EQ(EvidenceOf(sample), "100% of 100 sampled values are bcrypt password hashes");
}

TEST(Verdict, PasswordInPlainTextIsStillAPassword) {
  const auto sample =
      Sample("users", "password", "text",
             Generate(100, [](std::size_t i) { return "hunter" + std::to_string(i); }));
  EXPECT_EQ(CategoryOf(sample), "password_hash");
  EXPECT_NEAR(ConfidenceOf(sample), 0.9 * 0.8, 1e-9);
}

TEST(Verdict, SecretByNameAndValues) {
  const auto sample = Sample("integrations", "api_key", "text", AwsKeys(50));
  EXPECT_EQ(CategoryOf(sample), "secret");
  EXPECT_GT(ConfidenceOf(sample), 0.95);
}

TEST(Verdict, SecretByValuesAlone) {
  const auto known = Sample("integrations", "c4", "text", AwsKeys(50));
  EXPECT_EQ(CategoryOf(known), "secret");
  EXPECT_EQ(EvidenceOf(known),
            "100% of 50 sampled values are credentials of a known format (AWS access key ID)");
  // Random tokens alone are weaker evidence than credentials of a known format.
  const auto tokens = Sample("integrations", "c4", "text", RandomTokens(50));
  EXPECT_EQ(CategoryOf(tokens), "secret");
  EXPECT_EQ(EvidenceOf(tokens), "100% of 50 sampled values look like random tokens");
  EXPECT_LT(ConfidenceOf(tokens), ConfidenceOf(known));
}

TEST(Verdict, GeolocationByType) {
  const auto sample = Sample("stores", "position", "point", {"(52.52,13.40)"});
  EXPECT_EQ(CategoryOf(sample), "geolocation");
  EXPECT_EQ(EvidenceOf(sample), "column of type point");
}

TEST(Verdict, GeolocationByNameAndNumbersInRange) {
  const auto lat = Sample("deliveries", "latitude", "double precision",
                          Generate(100, [](std::size_t i) { return std::to_string(-60.0 + i); }));
  EXPECT_EQ(CategoryOf(lat), "geolocation");
  EXPECT_GT(ConfidenceOf(lat), ConfidenceOf(Sample("deliveries", "latitude", "numeric", {})));
  EXPECT_EQ(CategoryOf(Sample("deliveries", "lng", "numeric(9,6)",
                              Generate(100,
                                       [](std::size_t i) {
                                         return std::to_string(-170.5 + 3 * static_cast<double>(i));
                                       }))),
            "geolocation");
}

TEST(Verdict, GeolocationNameRefutedByNumbersOutOfRange) {
  // "lat" numbers of 100-1000 are no latitudes.
  EXPECT_EQ(
      CategoryOf(Sample("deliveries", "lat", "numeric",
                        Generate(100, [](std::size_t i) { return std::to_string(100 + 9 * i); }))),
      "-");
}

TEST(Verdict, GeolocationNeedsANameOrType) {
  EXPECT_EQ(CategoryOf(Sample(
                "deliveries", "x", "double precision",
                Generate(100, [](std::size_t i) { return std::to_string(50.0 + i / 100.0); }))),
            "-");
}

// ---- Contradictions ----------------------------------------------------------------------------

TEST(Verdict, EmailNameRefutedByValues) {
  const auto sample =
      Sample("newsletter", "email", "text",
             Generate(200, [](std::size_t i) { return "template " + std::to_string(i); }));
  EXPECT_EQ(CategoryOf(sample), "-");
}

TEST(Verdict, EmailNameWeaklySupportedIsLowered) {
  Values values = Generate(20, Email);
  for (int i = 0; i < 80; ++i) values.emplace_back("unknown");
  const auto sample = Sample("customers", "email", "text", values);
  EXPECT_EQ(CategoryOf(sample), "email");
  EXPECT_NEAR(ConfidenceOf(sample), 0.9 * 0.8 * 0.75, 1e-9);
  EXPECT_EQ(EvidenceOf(sample),
            "name \"email\" + only 20% of 100 sampled values are valid e-mail addresses");
}

// ---- Tricky negatives
// ----------------------------------------------------------------------------

TEST(TrickyNegative, OrderNumbersPassingLuhnByChanceAreNotCards) {
  // Consecutive 16-digit numbers with a Visa prefix: every tenth passes Luhn.
  const auto sample =
      Sample("orders", "order_number", "bigint",
             Generate(1000, [](std::size_t i) { return std::to_string(4000000000000000 + i); }));
  EXPECT_EQ(CategoryOf(sample), "-");
  EXPECT_EQ(CategoryOf(Sample("orders", "order_ref", "text", sample.values)), "-");
}

TEST(TrickyNegative, NineDigitIdsAreNotSsns) {
  EXPECT_EQ(CategoryOf(Sample(
                "orders", "order_id", "integer",
                Generate(500, [](std::size_t i) { return std::to_string(100000000 + 7919 * i); }))),
            "-");
  EXPECT_EQ(CategoryOf(Sample(
                "orders", "ref", "text",
                Generate(500, [](std::size_t i) { return std::to_string(100000000 + 7919 * i); }))),
            "-");
}

TEST(TrickyNegative, ProductCodesAreNotSensitive) {
  EXPECT_EQ(
      CategoryOf(Sample(
          "products", "product_code", "text",
          Generate(500, [](std::size_t i) { return "SKU-2024-" + Padded(i, 6) + "-BLUE-XL"; }))),
      "-");
  // EAN-13 barcodes with a card issuer prefix: about one in ten passes Luhn.
  EXPECT_EQ(CategoryOf(Sample("products", "ean", "text",
                              Generate(500,
                                       [](std::size_t i) {
                                         const std::string digits = "400638" + Padded(i * 31, 6);
                                         int sum = 0;
                                         for (std::size_t k = 0; k < 12; ++k)
                                           sum += (digits[k] - '0') * (k % 2 ? 3 : 1);
                                         return digits +
                                                static_cast<char>('0' + (10 - sum % 10) % 10);
                                       }))),
            "-");
}

TEST(TrickyNegative, ZipLikeIntegersOutsideAddressesAreNotPostalCodes) {
  EXPECT_EQ(CategoryOf(Sample(
                "inventory", "store_code", "integer",
                Generate(500, [](std::size_t i) { return std::to_string(10000 + 97 * i); }))),
            "-");
}

TEST(TrickyNegative, BooleanEmailVerifiedIsNotEmail) {
  const Values flags = Generate(100, [](std::size_t i) { return i % 3 ? "true" : "false"; });
  EXPECT_EQ(CategoryOf(Sample("customers", "email_verified", "boolean", flags)), "-");
  EXPECT_EQ(CategoryOf(Sample("customers", "email", "boolean", flags)), "-");
  EXPECT_EQ(CategoryOf(Sample("customers", "email_verified", "text", flags)), "-");
}

TEST(TrickyNegative, PhoneCountIsNotPhone) {
  EXPECT_EQ(CategoryOf(Sample("customers", "phone_count", "integer",
                              Generate(100, [](std::size_t i) { return std::to_string(i % 3); }))),
            "-");
}

TEST(TrickyNegative, HexDigestsAreNotSecrets) {
  EXPECT_EQ(CategoryOf(Sample("files", "checksum", "text", Hex(200, 64))), "-");
  EXPECT_EQ(CategoryOf(Sample("deploys", "commit", "text", Hex(200, 40))), "-");
  EXPECT_EQ(CategoryOf(Sample("files", "c3", "character(32)", Hex(200, 32))), "-");
}

TEST(TrickyNegative, UuidsAreNotSecrets) {
  EXPECT_EQ(CategoryOf(Sample("requests", "request_id", "text", Uuids(200))), "-");
  EXPECT_EQ(CategoryOf(Sample("requests", "c4", "text", Uuids(200))), "-");
  EXPECT_EQ(CategoryOf(Sample("requests", "correlation", "uuid", Uuids(200))), "-");
}

TEST(TrickyNegative, CreatedAtIsNotDateOfBirth) {
  const Values stamps = Generate(500, [](std::size_t i) {
    return "2024-" + Padded(i % 12 + 1, 2) + "-" + Padded(i % 28 + 1, 2) + " 10:30:00+00";
  });
  EXPECT_EQ(CategoryOf(Sample("orders", "created_at", "timestamp with time zone", stamps)), "-");
  EXPECT_EQ(CategoryOf(Sample("orders", "created_at", "text", stamps)), "-");
}

TEST(TrickyNegative, FreeTextMentioningOneAddressInAThousandRows) {
  Values notes = Generate(
      999, [](std::size_t i) { return "Customer called about delivery " + std::to_string(i); });
  notes.emplace_back("jane.doe@example.com");
  EXPECT_EQ(CategoryOf(Sample("tickets", "notes", "text", notes)), "-");
  notes.back() = "please reply to jane.doe@example.com";
  EXPECT_EQ(CategoryOf(Sample("tickets", "notes", "text", notes)), "-");
}

// ---- json and jsonb
// ------------------------------------------------------------------------------

TEST(Json, KeyHoldingEmails) {
  const auto sample = Sample("events", "payload", "jsonb", Generate(200, [](std::size_t i) {
                               return R"({"plan": "pro", "user": {"id": )" + std::to_string(i) +
                                      R"(, "email": ")" + Email(i) + R"(", "tags": ["a", "b"]}})";
                             }));
  EXPECT_EQ(CategoryOf(sample), "email");
  EXPECT_EQ(EvidenceOf(sample),
            "key payload->user->email: 100% of 200 sampled values are valid e-mail addresses");
  EXPECT_GT(ConfidenceOf(sample), 0.95);
}

TEST(Json, KeyFoundByValuesAlone) {
  const auto sample = Sample("events", "data", "json", Generate(100, [](std::size_t i) {
                               return R"({"c": ")" + Email(i) + R"(", "n": 3})";
                             }));
  EXPECT_EQ(CategoryOf(sample), "email");
  EXPECT_EQ(EvidenceOf(sample),
            "key data->c: 100% of 100 sampled values are valid e-mail addresses");
}

TEST(Json, ArraysOfObjectsAndEscapes) {
  const auto sample = Sample("events", "payload", "jsonb", Generate(50, [](std::size_t i) {
                               return R"({"contacts": [{"mail": "user)" + std::to_string(i) +
                                      R"(\u0040example.com"}, {"mail": "x\"y@example.com"}]})";
                             }));
  EXPECT_EQ(CategoryOf(sample), "email");
  EXPECT_EQ(EvidenceOf(sample),
            "key payload->contacts->mail: 50% of 100 sampled values are valid e-mail addresses");
}

TEST(Json, ProductAttributesAreNotSensitive) {
  const auto sample = Sample(
      "products", "attributes", "jsonb", Generate(300, [](std::size_t i) {
        return R"({"color": "blue", "size": "XL", "weight_g": )" + std::to_string(300 + i) +
               R"(, "name": "Trail Runner )" + std::to_string(i) + R"(", "sku": "SKU-2024-)" +
               Padded(i, 6) + R"(", "dimensions": {"w": 30, "h": 12, "d": 20}, "in_stock": true})";
      }));
  EXPECT_EQ(CategoryOf(sample), "-");
}

TEST(Json, BoundedAndTolerant) {
  // Truncated documents keep what was read; keys deeper than eight objects are not read.
  std::string deep = R"({"a": )";
  for (int i = 0; i < 9; ++i) deep += R"({"a": )";
  Values values;
  for (std::size_t i = 0; i < 100; ++i) {
    values.emplace_back(deep + '"' + Email(i) + "\"}}}}}}}}}}");
    values.emplace_back(R"({"owner": {"email": ")" + Email(i) + R"(", "bio": "trunc)");
    values.emplace_back("not json at all");
    values.emplace_back(std::nullopt);
  }
  const auto sample = Sample("events", "payload", "jsonb", values);
  EXPECT_EQ(CategoryOf(sample), "email");
  EXPECT_EQ(EvidenceOf(sample),
            "key payload->owner->email: 100% of 100 sampled values are valid e-mail addresses");
  // A document of more keys than the scanner reads a document.
  std::string wide = "{";
  for (int i = 0; i < 400; ++i) wide += R"("k)" + std::to_string(i) + R"(": 1, )";
  wide += R"("email": "a@example.com"})";
  EXPECT_EQ(CategoryOf(Sample("events", "payload", "jsonb", Values(10, wide))), "-");
}

TEST(Json, ColumnNameAloneWhenNoKeyMatches) {
  const auto sample =
      Sample("customers", "home_address", "jsonb", Generate(20, [](std::size_t i) {
               return R"({"line1": "Hauptstraße )" + std::to_string(i) + R"(", "city": "Berlin"})";
             }));
  EXPECT_EQ(CategoryOf(sample), "street_address");
}

// ---- Confidence ordering
// --------------------------------------------------------------------------

TEST(Confidence, NameAndValuesOverValuesOverName) {
  const Values emails = Generate(200, Email);
  const double both = ConfidenceOf(Sample("customers", "email", "text", emails));
  const double values = ConfidenceOf(Sample("customers", "c1", "text", emails));
  const double name = ConfidenceOf(Sample("customers", "email", "text", {}));
  EXPECT_GT(both, values);
  EXPECT_GT(values, name);
  EXPECT_GT(name, 0.0);
  EXPECT_LE(both, 1.0);

  const Values cards = Generate(200, VisaCard);
  EXPECT_GT(ConfidenceOf(Sample("payments", "card_number", "text", cards)),
            ConfidenceOf(Sample("payments", "c1", "text", cards)));
  EXPECT_GT(ConfidenceOf(Sample("payments", "c1", "text", cards)),
            ConfidenceOf(Sample("payments", "card_number", "text", {})));
}

TEST(Confidence, StrongerShareMoreConfident) {
  Values mostly = Generate(90, Email), half = Generate(50, Email);
  for (int i = 0; i < 10; ++i) mostly.emplace_back("none");
  for (int i = 0; i < 50; ++i) half.emplace_back("none");
  EXPECT_GT(ConfidenceOf(Sample("t", "c", "text", mostly)),
            ConfidenceOf(Sample("t", "c", "text", half)));
}

}  // namespace
}  // namespace steward::classify

namespace steward::classify {
namespace {

TEST(Verdict, FreeTextWithEmailAddressesInMostRows) {
  Values notes = Generate(80, [](std::size_t i) {
    return "Met at the fair, write to " + Email(i) + ". Call back in May.";
  });
  for (int i = 0; i < 20; ++i) notes.emplace_back("No contact details given.");
  const auto sample = Sample("crm_contacts", "notes", "text", notes);
  EXPECT_EQ(CategoryOf(sample), "email");
  EXPECT_EQ(EvidenceOf(sample), "80% of 100 sampled values contain an e-mail address");
  // One row in a thousand mentioning an address stays negative.
  Values reviews =
      Generate(999, [](std::size_t i) { return "Great product " + std::to_string(i); });
  reviews.emplace_back("Questions? " + Email(1));
  EXPECT_EQ(CategoryOf(Sample("reviews", "body", "text", reviews)), "-");
}

TEST(Verdict, RandomTokensInAnIdentifierColumnAreNoSecret) {
  std::mt19937 random(11);
  const auto token = [&random](std::size_t) { return RandomString(random, kBase62, 32); };
  EXPECT_EQ(CategoryOf(Sample("orders", "payment_reference", "text", Generate(100, token))), "-");
  EXPECT_EQ(CategoryOf(Sample("transfers", "end_to_end_id", "text", Generate(100, token))), "-");
  EXPECT_EQ(CategoryOf(Sample("integrations", "c4", "text", Generate(100, token))), "secret");
}

TEST(Verdict, WeakVerdictsAreNotReported) {
  // "account_number" suggests an IBAN; none of the values is one.
  const auto sample = Sample("customers", "account_number", "text",
                             Generate(100, [](std::size_t i) { return Padded(i + 10000000, 8); }));
  EXPECT_EQ(CategoryOf(sample), "-");
}

TEST(Verdict, GeolocationByPostgisType) {
  const auto sample = Sample("trips", "route_start", "geography(Point,4326)", {});
  EXPECT_EQ(CategoryOf(sample), "geolocation");
  EXPECT_EQ(EvidenceOf(sample), "column of type PostGIS geometry/geography");
  EXPECT_EQ(CategoryOf(Sample("parcels", "outline", "geometry", {})), "geolocation");
}

TEST(Verdict, GermanCompoundsByTheirHead) {
  EXPECT_EQ(CategoryOf(Sample("bestellungen", "lieferadresse", "text", {})), "street_address");
  EXPECT_EQ(CategoryOf(Sample("kunden", "kundentelefon", "text", {})), "phone");
  EXPECT_EQ(CategoryOf(Sample("kunden", "ipadresse", "text", {})), "ip_address");
}

}  // namespace
}  // namespace steward::classify

namespace steward::classify {
namespace {

TEST(Verdict, IdentifierNamesAreJudgedByTheirHead) {
  // 13 digits in groups parse as phone numbers of some country; a ticket number is none.
  const auto ticket = [](std::size_t i) { return "+49 151 " + Padded(i * 7919 + 20000000, 8); };
  EXPECT_EQ(CategoryOf(Sample("bookings", "ticket_number", "text", Generate(100, ticket))), "-");
  EXPECT_EQ(CategoryOf(Sample("bookings", "ref_contact", "text", Generate(100, ticket))), "phone");
}

TEST(Verdict, IbanOrCardNamesRefutedByTheirValues) {
  // A SEPA mandate reference under a comment that mentions the IBAN it belongs to.
  const auto sample = Sample("donors", "rum", "text",
                             Generate(100, [](std::size_t i) { return "RUM-" + Padded(i, 8); }),
                             "Mandate reference for the donor's IBAN");
  EXPECT_EQ(CategoryOf(sample), "-");
  EXPECT_EQ(CategoryOf(Sample("members", "tarjeta", "text",
                              Generate(100, [](std::size_t i) { return "GYM" + Padded(i, 6); }))),
            "-");
}

TEST(Verdict, DutchAndItalianNames) {
  EXPECT_EQ(CategoryOf(Sample("polissen", "geboortedatum", "date", {})), "date_of_birth");
  EXPECT_EQ(CategoryOf(Sample("polissen", "achternaam", "text", {})), "person_name");
  EXPECT_EQ(CategoryOf(Sample("noleggi", "codice_fiscale", "text", {})), "national_id");
  EXPECT_EQ(CategoryOf(Sample("studenti", "cognome", "text", {})), "person_name");
  const auto codici = Sample("noleggi", "c2", "text",
                             {"RSSMRA85T10A562S", "BNCGVN70A41F205O", "VRDLGU80E05H501L",
                              "RSSMRA85T10A56NH", "RSSMRA85T10A562S"});
  EXPECT_EQ(CategoryOf(codici), "national_id");
  EXPECT_EQ(EvidenceOf(codici),
            "100% of 5 sampled values are valid national IDs (Italian codice fiscale)");
}

}  // namespace
}  // namespace steward::classify

namespace steward::classify {
namespace {

TEST(Verdict, TableCommentSaysTheTableHoldsPeople) {
  // "nom" alone: a product's name, or a person's surname?
  ColumnSample sample =
      Sample("t_0042", "nom", "text", {"Dupont", "Martin", "Bernard", "Petit", "Durand"});
  EXPECT_EQ(CategoryOf(sample), "-");
  sample.table_comment = "Clients inscrits sur la boutique";
  EXPECT_EQ(CategoryOf(sample), "person_name");
}

}  // namespace
}  // namespace steward::classify
