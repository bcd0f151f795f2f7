// Pure C++ name signal of data classification: column names and comments suggest categories.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Names and comments are evidence, not proof: every match carries a strength in [0,1] that the
// classifier combines with the type and value signals. A name that describes metadata about a
// thing (email_verified, phone_count, token_expires_at) is no evidence of the thing at all.
namespace steward::classify {

enum class Category {
  kEmail,
  kPhone,
  kCreditCard,
  kIban,
  kNationalId,
  kIpAddress,
  kPersonName,
  kStreetAddress,
  kPostalCode,
  kDateOfBirth,
  kPasswordHash,
  kSecret,
  kGeolocation,
};

// Every category, in the order of the enum (for listing the allowed values in an error).
inline constexpr std::array<Category, 13> kAllCategories = {
    Category::kEmail,       Category::kPhone,         Category::kCreditCard,
    Category::kIban,        Category::kNationalId,    Category::kIpAddress,
    Category::kPersonName,  Category::kStreetAddress, Category::kPostalCode,
    Category::kDateOfBirth, Category::kPasswordHash,  Category::kSecret,
    Category::kGeolocation,
};

// The SQL name of a category: email, phone, credit_card, ..., geolocation.
const char *Name(Category category);

// The category of a SQL name, spelled exactly as Name() spells it; std::nullopt for anything else.
std::optional<Category> ParseCategory(std::string_view name);

// The lower-case words of an identifier. Words end at any character that is not an ASCII letter
// (underscores, dashes, spaces, dots, digits: "address_line2" -> address, line), at a lower-case
// letter followed by an upper-case one ("customerEmail" -> customer, email) and before the last
// letter of an upper-case run that is followed by a lower-case one ("IPAddress" -> ip, address;
// "customerEMail" -> customer, e, mail). Bytes of multi-byte UTF-8 characters count as lower-case
// letters, so "teléfono" stays one word. Splitting can cut a word in two ("e_mail", "eMail"); the
// matchers below therefore also try adjacent words joined ("e" + "mail" = "email").
std::vector<std::string> SplitIdentifier(std::string_view identifier);

struct NameMatch {
  Category category;
  double strength;      // in (0,1]; how strongly the name alone suggests the category
  std::string matched;  // the words that matched, e.g. "e_mail" or "date of birth"
};

// The category that a column's name suggests, from a dictionary of words and abbreviations in
// English, German, French and Spanish. `table` is the table's name: a bare "name" column suggests a
// person's name only in a table of people (customers, users, kunden, clientes, ...). std::nullopt
// when nothing matches or when a modifier word makes the column metadata about the thing
// (email_verified, phone_count, has_phone, email_id, mail_sent_at; see names.cpp for the rule).
std::optional<NameMatch> MatchColumnName(std::string_view column, std::string_view table = {});

// The category that a free-text column comment suggests, from the same dictionary. Markers such as
// "PII", "personal data", "GDPR", "confidential" or "sensitive" raise the strength of a category
// that matched, but a marker alone returns std::nullopt (the caller combines it with the values),
// and a negated marker ("not PII", "non-sensitive") makes the whole comment std::nullopt.
std::optional<NameMatch> MatchComment(std::string_view comment);

}  // namespace steward::classify
