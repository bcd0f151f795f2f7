// Pure C++ verdict of data classification: one column's name, comment, type and sampled values
// combined into a category, a confidence and a sentence of evidence.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classify/names.hpp"

// The PostgreSQL adapter samples a table once and calls ClassifyColumn for each of its columns.
// The rules are deliberately few and explainable; their constants live at the top of verdict.cpp
// and were tuned against the labelled benchmark in test/bench/classify/ (docs/classification.md).
//
// Signals
// - Name: MatchColumnName(column, table) and MatchComment(comment). When both suggest the same
//   category their strengths combine as 1 - (1-a)(1-b); when they disagree the stronger wins.
// - Type: format_type's name decides which categories a column can hold at all. Booleans, uuid,
//   money, intervals, times, bit strings, text search and system types hold none. Integers hold
//   only numbers (credit_card, national_id, phone, postal_code); numeric/real/double precision
//   also geolocation; date and timestamp types only date_of_birth; inet and cidr only ip_address
//   and are evidence of it by themselves (0.9 and 0.75); point and PostGIS geometry/geography
//   only geolocation (0.8 by themselves); bytea only password_hash and secret, by name. Arrays
//   are judged by name only. Unknown types (domains, enums, citext) are treated as text.
// - Values: the share of the sampled values that validate, per category: email IsEmailAddress,
//   credit_card ValidateCardNumber (or, by name only, 3-4 digit security codes), iban
//   IsValidIban, national_id DetectNationalId (US SSN, UK NINO, Spanish DNI/NIE, French NIR,
//   German tax ID), phone ParsePhoneNumber (libphonenumber), ip_address IpAddressFamily,
//   password_hash DetectPasswordHash, secret DetectSecret or LooksLikeRandomToken, person_name
//   two to four capitalised words with a common first name, date_of_birth a date (YYYY-MM-DD,
//   DD.MM.YYYY, DD/MM/YYYY, MM/DD/YYYY) implying an age of 0-120, geolocation a number within
//   +-90 (a latitude name) or +-180. postal_code (3-10 letters, digits, spaces, dashes with a
//   digit) has a shape check only, which supports a name but never decides alone.
//   NULLs and blank strings are not counted. Values decide nothing below 5 counted values.
//   A share >= 0.8 is strong evidence (confidence 0.85-0.95), 0.3-0.8 medium (0.4-0.8), below
//   0.3 weak (none).
//
// Combination
// - Name (or comment) alone, e.g. an empty table: the name's category at strength * 0.8.
// - Name and values agreeing (medium or strong share): 1 - (1 - name)(1 - values).
// - Name contradicted by values (share below 0.3): for email and ip_address, whose validators
//   recognise every value of the category, and for geolocation and date_of_birth in numeric and
//   date columns, a share below 0.05 drops the column and 0.05-0.3 lowers the name's confidence
//   by a quarter. Validators that recognise only some formats (iban: domestic account numbers;
//   national_id: passports; phone: extensions, test numbers; date_of_birth in text) and the
//   postal code shape check lower it by a quarter. password_hash, secret and person_name (first
//   names say nothing of surname columns) are never contradicted.
// - Values strongly (>= 0.8) showing a category that values alone may decide, while the name's
//   category is not shown: the values win (a column "address" of e-mail addresses is email).
// - Values alone (a share >= 0.6) decide only email, credit_card, iban, national_id (in a form
//   that cannot be a plain number: dashed SSNs, NINOs, DNI/NIE), phone (written with + or 00, or
//   in a national notation with separators; digits alone are order numbers as often as MSISDNs),
//   ip_address, password_hash, secret and person_name. Secrets shown mostly by random tokens
//   rather than known credential formats count 0.7 of their confidence, and not at all in a
//   column whose name says it identifies something (end_to_end_id, payment_reference).
//   street_address, postal_code, geolocation and date_of_birth need a name or comment match (or
//   the type for geolocation). Free text in which >= 60% of the values contain an e-mail address
//   is email at 0.8 of the share's confidence; one mention in a thousand rows is nothing.
// - json and jsonb: the sampled documents are scanned (objects at depth <= 8, at most 300 keys a
//   document, 256 distinct key paths) and every key path is judged like a column of its own, with
//   the key as its name; the strongest key wins over the column's own name signal when more
//   confident, and evidence names it as column->key.
// - A verdict below confidence 0.5 is not reported: a name contradicted by its values, or an
//   ambiguous abbreviation alone.
namespace steward::classify {

struct ColumnSample {
  std::string table;
  std::string column;
  // The type as format_type prints it: text, character varying(255), integer, bigint, inet, cidr,
  // date, timestamp with time zone, point, jsonb, ...
  std::string type;
  std::string comment;
  // The table's comment: like the table's name, it tells whether the table holds people.
  std::string table_comment;
  // Sampled values as text (dates in ISO style), NULLs included, each already truncated.
  std::vector<std::optional<std::string>> values;
};

struct Verdict {
  Category category;
  double confidence;     // in (0,1]
  std::string evidence;  // e.g. name "contact" + 97% of 1000 sampled values are valid e-mail ...
};

// What the classifier reads of a column of the given type (as format_type prints it): nothing
// (booleans, uuid, inet, point, arrays, bytea, ...: judged by name and type alone), its values as
// text, or its json documents.
enum class SampleAs { kNothing, kText, kJson };
SampleAs HowToSample(std::string_view type);

// The category the column most likely holds, or std::nullopt when it judges the column not
// sensitive. The date of today judges birth dates.
std::optional<Verdict> ClassifyColumn(const ColumnSample &sample, int today_year, int today_month,
                                      int today_day);

}  // namespace steward::classify
