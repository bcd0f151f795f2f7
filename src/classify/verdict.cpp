// Pure C++ verdict of data classification (see verdict.hpp for the rules).
#include "common/cpp_only.hpp"  // first: this file must not see PostgreSQL headers
#include "classify/verdict.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <unordered_set>
#include <string_view>
#include <utility>

#include "classify/validators.hpp"
#include "common/ascii.hpp"

namespace steward::classify {

namespace {

// ---- Constants (first guesses, to be tuned against the labelled benchmark) ------------------

constexpr double kNameOnlyFactor = 0.8;  // a name's confidence without values: strength * 0.8
constexpr std::size_t kMinValues = 5;    // fewer counted values decide nothing
constexpr double kStrongShare = 0.8;
constexpr double kMediumShare = 0.3;
constexpr double kContradictedShare = 0.05;   // below it a decisive validator drops the name
constexpr double kContradictedFactor = 0.75;  // decisive validator, share 0.05-0.3
constexpr double kUnconfirmedFactor = 0.75;   // partial validator or shape check, share < 0.3
constexpr double kShapeSupport = 0.4;         // what a passing shape check adds (postal codes)
constexpr double kValuesAloneShare = 0.6;     // values decide without a name from this share
constexpr double kEmbeddedFactor = 0.8;       // free text that contains e-mail addresses
constexpr double kReportConfidence = 0.5;     // weaker verdicts are not reported
constexpr double kRandomTokenFactor = 0.7;    // secrets shown mostly by random tokens
constexpr double kInetConfidence = 0.9;
constexpr double kCidrConfidence = 0.75;
constexpr double kPointConfidence = 0.8;
constexpr int kMaxJsonDepth = 8;
constexpr std::size_t kMaxJsonKeysPerDocument = 300;
constexpr std::size_t kMaxJsonPaths = 256;
constexpr std::size_t kMaxJsonValuesPerPath = 1000;

std::size_t Index(Category category) { return static_cast<std::size_t>(category); }

double Combine(double a, double b) { return 1 - (1 - a) * (1 - b); }

using namespace steward::ascii;

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), ToLower);
  return lower;
}

// ---- Types -------------------------------------------------------------------------------------

enum class TypeKind {
  kText,     // text, varchar, char, and unknown types (domains, enums, citext)
  kInteger,  // smallint, integer, bigint
  kDecimal,  // numeric, real, double precision
  kDate,     // date, timestamp
  kInet,
  kCidr,
  kPoint,
  kGeometry,  // PostGIS geometry and geography
  kJson,
  kArray,   // judged by name only
  kBinary,  // bytea: password_hash and secret by name only
  kNone,    // boolean, uuid, money, times, intervals, bit strings, ...: never sensitive
};

TypeKind KindOf(std::string_view type) {
  const std::string t = Lower(Trim(type));
  if (t.size() >= 2 && t.compare(t.size() - 2, 2, "[]") == 0) return TypeKind::kArray;
  for (const std::string_view integer : {"smallint", "integer", "bigint", "int", "int2", "int4",
                                         "int8", "smallserial", "serial", "bigserial"})
    if (t == integer) return TypeKind::kInteger;
  for (const std::string_view decimal : {"numeric", "decimal", "real", "double precision", "float"})
    if (StartsWith(t, decimal)) return TypeKind::kDecimal;
  if (t == "date" || StartsWith(t, "timestamp")) return TypeKind::kDate;
  if (t == "inet") return TypeKind::kInet;
  if (t == "cidr") return TypeKind::kCidr;
  if (t == "point") return TypeKind::kPoint;
  if (StartsWith(t, "geometry") || StartsWith(t, "geography")) return TypeKind::kGeometry;
  if (t == "json" || t == "jsonb") return TypeKind::kJson;
  if (t == "bytea") return TypeKind::kBinary;
  for (const std::string_view none :
       {"boolean", "bool", "uuid", "money", "oid", "xid", "cid", "tid", "tsvector", "tsquery",
        "pg_lsn", "box", "line", "lseg", "path", "polygon", "circle", "txid_snapshot"})
    if (t == none) return TypeKind::kNone;
  for (const std::string_view none :
       {"time", "interval", "bit", "macaddr", "reg", "int4range", "int8range", "numrange",
        "tsrange", "tstzrange", "daterange", "int4multirange", "int8multirange", "nummultirange"})
    if (StartsWith(t, none)) return TypeKind::kNone;
  return TypeKind::kText;
}

// Whether a column of this type can hold the category at all.
bool Allows(TypeKind kind, Category category) {
  const bool number = category == Category::kCreditCard || category == Category::kNationalId ||
                      category == Category::kPhone || category == Category::kPostalCode;
  switch (kind) {
    case TypeKind::kText:
    case TypeKind::kJson:
    case TypeKind::kArray:
      return true;
    case TypeKind::kInteger:
      return number;
    case TypeKind::kDecimal:
      return number || category == Category::kGeolocation;
    case TypeKind::kDate:
      return category == Category::kDateOfBirth;
    case TypeKind::kInet:
    case TypeKind::kCidr:
      return category == Category::kIpAddress;
    case TypeKind::kPoint:
    case TypeKind::kGeometry:
      return category == Category::kGeolocation;
    case TypeKind::kBinary:
      return category == Category::kPasswordHash || category == Category::kSecret;
    case TypeKind::kNone:
      return false;
  }
  return false;
}

bool HasUsableValues(TypeKind kind) {
  return kind == TypeKind::kText || kind == TypeKind::kInteger || kind == TypeKind::kDecimal ||
         kind == TypeKind::kDate;
}

// ---- Value checks without a validator of their own ---------------------------------------------

struct Today {
  int year, month, day;
};

// Exactly `count` ASCII digits at text[at].
bool ReadDigits(std::string_view text, std::size_t at, std::size_t count, int &out) {
  if (at + count > text.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (!IsDigit(text[i])) return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

// A date (YYYY-MM-DD, optionally with a time; DD.MM.YYYY; DD/MM/YYYY or MM/DD/YYYY) implying an
// age of 0-120 on `today`.
bool IsBirthDate(std::string_view text, const Today &today) {
  const auto age = [&today](int year, int month, int day) {
    return AgeInYearsIfBirthDate(year, month, day, today.year, today.month, today.day).has_value();
  };
  text = Trim(text);
  int a = 0, b = 0, c = 0;
  const bool date_only = text.size() == 10 || (text.size() > 10 && text[10] == ' ');
  if (ReadDigits(text, 0, 4, a) && text.size() >= 10 && text[4] == '-' && text[7] == '-' &&
      ReadDigits(text, 5, 2, b) && ReadDigits(text, 8, 2, c) && (date_only || text[10] == 'T'))
    return age(a, b, c);
  if (ReadDigits(text, 0, 2, a) && text.size() >= 10 && (text[2] == '.' || text[2] == '/') &&
      text[5] == text[2] && ReadDigits(text, 3, 2, b) && ReadDigits(text, 6, 4, c) && date_only)
    return age(c, b, a) || (text[2] == '/' && age(c, a, b));
  return false;
}

// A decimal number: optional sign, digits, optional fraction.
std::optional<double> ParseNumber(std::string_view text) {
  text = Trim(text);
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    const bool negative = text.front() == '-';
    const auto rest = ParseNumber(text.substr(1));
    if (!rest || text.size() < 2 || !IsDigit(text[1])) return std::nullopt;
    return negative ? -*rest : *rest;
  }
  double value = 0, scale = 0;
  bool digits = false;
  for (const char c : text) {
    if (IsDigit(c)) {
      digits = true;
      if (scale == 0) {
        value = value * 10 + (c - '0');
      } else {
        value += (c - '0') * scale;
        scale /= 10;
      }
    } else if (c == '.' && scale == 0) {
      scale = 0.1;
    } else {
      return std::nullopt;
    }
  }
  if (!digits) return std::nullopt;
  return value;
}

// Free text with an e-mail address among its words ("Call me or write to ana@example.org.").
bool ContainsEmailAddress(std::string_view text) {
  if (text.find('@') == std::string_view::npos) return false;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = std::min(text.find_first_of(" \t\r\n,;<>()[]\"'", at), text.size());
    std::string_view word = text.substr(at, end - at);
    while (!word.empty() && (word.back() == '.' || word.back() == ':')) word.remove_suffix(1);
    if (word.find('@') != std::string_view::npos && IsEmailAddress(word)) return true;
    at = end + 1;
  }
  return false;
}

// Common given names of English, German, French and Spanish speakers, lower case.
const std::unordered_set<std::string_view> &FirstNames() {
  static const std::unordered_set<std::string_view> names = [] {
    static constexpr std::string_view kList =
        "aaron abigail adam adrian adriana agnes agustin agustín aitana alain alba albert "
        "alberto alejandra alejandro alessandra alessandro alex alexander alexandra "
        "alexandre alexis alfonso alfred alice alicia alina alvaro amanda amelia amélie "
        "ana andrea andreas andrew andrés angela angelika angelo anja anke ann anna anne "
        "annette anthony antoine antoinette antonella antonio arnaud arthur ashley audrey "
        "axel barbara beatriz ben benjamin bernard bernd bertrand bettina birgit björn "
        "bram brandon brian brigitte bruno camille carla carlos carmen carol caroline "
        "catherine cecile celine charles charlotte chiara chloe chloé chris christian "
        "christina christine christoph christopher claire claudia clément colin cristina "
        "cynthia cécile céline daan dagmar daniel daniela daniele david davide deborah "
        "denis diana diane diego dieter dirk dolores dominique donald donna dorothy "
        "edward elena elisa elisabeth elizabeth ella ellen emanuele emily emma emmanuel "
        "enrique eric erik ernesto esther eva evelyn fabian fabienne federica federico "
        "felix fenna fernando florian francesca francesco francisco francoise frank franz "
        "françois françoise frederic frédéric gabriel gabriele gabrielle gary georg "
        "george gerhard gianluca giorgia giorgio giovanna giovanni giulia giulio giuseppe "
        "gloria gonzalo grace gregory guillaume gunter gérard günter hannah hans harald "
        "harry heather heike heinz helen helena helga helmut henry hugo hélène ian ilaria "
        "ines ingrid inés irene isabel isabella isabelle jack jacob jacqueline jacques "
        "james jan jane janet janina jason javier jean jeanne jennifer jens jeremy jesse "
        "jessica joachim joan joaquin joaquín joe johanna johannes john jonas jonathan "
        "joost jordi jorge jose josef joseph joshua josé juan judith julia julian julie "
        "julien justin jérôme jörg jürgen karen karin karl katharina katherine kathleen "
        "kathrin kenneth kevin klaus kristina larry lars laura laure lea lena leon leonie "
        "lieke linda lisa lola lorenzo louis louise luca lucas lucia lucía luigi luis "
        "luisa lukas léa léon manuel manuela marc marcel marco marcos margaret maria "
        "marie marina mario mark markus marta martha martin martina martín mary maría "
        "massimo mathieu matteo matthew matthias mattia maurizio max maximilian mercedes "
        "michael michel michela michele michelle miguel monica monika monique nathalie "
        "nicola nicolas nicole niklas nina noah noemi noor nuria olga oliver olivia oscar "
        "pablo paola paolo pascal patricia patrick paul paula pedro peter petra philippe "
        "pierre pieter pilar rachel rafael ralf ramon ramón raquel raymond rebecca regina "
        "renate rené riccardo richard rita robert roberta roberto rocio rocío roger "
        "roland rosa ruth ryan sabine samuel sander sandra sanne sara sarah sascha scott "
        "sebastian sergio silvia simon simona simone sofia sofía sophie stefan stefanie "
        "stefano stephanie steven stéphane susan susanne sven sylvie sébastien teresa "
        "thierry thomas tim timothy tobias tom tommaso ursula valentina valerio valérie "
        "vanessa vera veronica victor victoria vincent vincenzo virginie walter werner "
        "william wolfgang wouter yolanda yvonne zoe zoé álvaro óscar ";
    std::unordered_set<std::string_view> set;
    for (std::size_t at = 0; at < kList.size();) {
      const std::size_t end = kList.find(' ', at);
      set.insert(kList.substr(at, end - at));
      at = end + 1;
    }
    return set;
  }();
  return names;
}

// A person's name as people write it: two to four words of letters (apostrophes, dashes and a
// title's dot allowed), each capitalised or all in capitals, one of them a common first name:
// "Ana García López", "Dr. Maria Schmidt", "SMITH, JOHN". Surnames alone are not recognised.
bool LooksLikePersonName(std::string_view text) {
  std::size_t words = 0;
  bool first_name = false;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = std::min(text.find(' ', at), text.size());
    std::string_view word = text.substr(at, end - at);
    at = end + 1;
    if (word.empty()) continue;
    if (word.back() == ',') word.remove_suffix(1);
    if (word.empty() || ++words > 4) return false;
    const unsigned char head = static_cast<unsigned char>(word.front());
    if (!IsUpper(word.front()) && head < 0x80) return false;
    std::string lower;
    for (const char c : word) {
      if (!IsAlpha(c) && static_cast<unsigned char>(c) < 0x80 && c != '\'' && c != '-' && c != '.')
        return false;
      lower += ToLower(c);
    }
    first_name = first_name || FirstNames().count(lower) > 0;
  }
  return words >= 2 && first_name;
}

// 3-10 letters, digits, spaces and dashes with at least one digit: 10115, SW1A 1AA, 75008, K1A-0B1.
bool LooksLikePostalCode(std::string_view text) {
  text = Trim(text);
  if (text.size() < 3 || text.size() > 10) return false;
  bool digit = false;
  for (const char c : text) {
    digit = digit || IsDigit(c);
    if (!IsDigit(c) && !IsAlpha(c) && c != ' ' && c != '-') return false;
  }
  return digit;
}

// ---- Value statistics --------------------------------------------------------------------------

struct ValueStats {
  std::size_t counted = 0;  // non-NULL, non-blank values
  std::array<std::size_t, kAllCategories.size()> valid{};
  std::size_t strict_national_ids = 0;  // not a plain number: dashed SSNs, NINOs, DNI/NIE
  std::array<std::size_t, kNationalIdKinds> national_id_kinds{};
  std::size_t strict_phones = 0;    // international or national notation, not digits only
  std::size_t embedded_emails = 0;  // free text containing an e-mail address
  std::size_t security_codes = 0;   // 3-4 digits: a card's CVV/CVC, by name only
  std::size_t ipv4 = 0, ipv6 = 0;
  std::size_t known_secrets = 0;  // DetectSecret; valid[kSecret] adds random tokens
  std::size_t latitudes = 0;      // numbers within +-90; valid[kGeolocation] counts +-180
  std::array<std::size_t, 8> brands{};
  std::array<std::size_t, 7> hash_formats{};
  std::array<std::size_t, 7> secret_kinds{};
};

ValueStats Measure(const std::vector<std::optional<std::string>> &values, const Today &today) {
  ValueStats stats;
  for (const auto &value : values) {
    if (!value) continue;
    const std::string_view text = Trim(*value);
    if (text.empty()) continue;
    ++stats.counted;
    const auto count = [&stats](Category category) { ++stats.valid[Index(category)]; };
    if (IsEmailAddress(text)) count(Category::kEmail);
    if (const auto brand = ValidateCardNumber(text)) {
      count(Category::kCreditCard);
      ++stats.brands[static_cast<std::size_t>(*brand)];
    }
    if (IsValidIban(text)) count(Category::kIban);
    if (const auto kind = DetectNationalId(text)) {
      count(Category::kNationalId);
      ++stats.national_id_kinds[static_cast<std::size_t>(*kind)];
      if (*kind == NationalIdKind::kUkNino || *kind == NationalIdKind::kSpanishDni ||
          *kind == NationalIdKind::kItalianCodiceFiscale ||
          (*kind == NationalIdKind::kUsSsn && text.find('-') != std::string_view::npos))
        ++stats.strict_national_ids;
    }
    if (const auto family = IpAddressFamily(text)) {
      count(Category::kIpAddress);
      ++(*family == 4 ? stats.ipv4 : stats.ipv6);
    }
    if (const auto format = DetectPasswordHash(text)) {
      count(Category::kPasswordHash);
      ++stats.hash_formats[static_cast<std::size_t>(*format)];
    }
    if (const auto kind = DetectSecret(text)) {
      count(Category::kSecret);
      ++stats.known_secrets;
      ++stats.secret_kinds[static_cast<std::size_t>(*kind)];
    } else if (LooksLikeRandomToken(text)) {
      count(Category::kSecret);
    }
    if (IsBirthDate(text, today)) count(Category::kDateOfBirth);
    if (const auto phone = ParsePhoneNumber(text)) {
      count(Category::kPhone);
      if (phone->notation != PhoneNotation::kDigitsOnly) ++stats.strict_phones;
    }
    if (!IsEmailAddress(text) && ContainsEmailAddress(text)) ++stats.embedded_emails;
    if (LooksLikePersonName(text)) count(Category::kPersonName);
    if ((text.size() == 3 || text.size() == 4) && std::all_of(text.begin(), text.end(), IsDigit))
      ++stats.security_codes;
    if (LooksLikePostalCode(text)) count(Category::kPostalCode);
    if (const auto number = ParseNumber(text)) {
      if (std::fabs(*number) <= 180) count(Category::kGeolocation);
      if (std::fabs(*number) <= 90) ++stats.latitudes;
    }
  }
  return stats;
}

// A latitude's name ("lat", "Latitude", "breitengrad"): its values lie within +-90.
bool IsLatitudeName(std::string_view matched) {
  std::string letters;
  for (const char c : matched)
    if (IsAlpha(c)) letters += ToLower(c);
  return letters == "lat" || letters == "latitude" || letters == "latitud" ||
         letters == "breitengrad";
}

// The values of the category; `strict` for values alone (national IDs that are no plain number).
std::size_t ValidCount(const ValueStats &stats, Category category, bool latitude, bool strict) {
  if (category == Category::kGeolocation && latitude) return stats.latitudes;
  if (category == Category::kNationalId && strict) return stats.strict_national_ids;
  if (category == Category::kPhone && strict) return stats.strict_phones;
  if (category == Category::kCreditCard && !strict)
    return stats.valid[Index(category)] + stats.security_codes;
  return stats.valid[Index(category)];
}

double Share(std::size_t count, std::size_t total) {
  return total == 0 ? 0 : static_cast<double>(count) / static_cast<double>(total);
}

// Strong shares give 0.85-0.95, medium ones 0.4-0.8, weak ones nothing.
double ValueConfidence(double share) {
  if (share >= kStrongShare) return 0.85 + 0.5 * (share - kStrongShare);
  if (share >= kMediumShare) return 0.4 + 0.8 * (share - kMediumShare);
  return 0;
}

// ---- Evidence ----------------------------------------------------------------------------------

// The names of the most frequent kinds, most frequent first, e.g. "Visa/Mastercard".
template <typename Enum, std::size_t N>
std::string TopNames(const std::array<std::size_t, N> &counts) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < N; ++i)
    if (counts[i] > 0) order.push_back(i);
  std::stable_sort(order.begin(), order.end(),
                   [&counts](std::size_t a, std::size_t b) { return counts[a] > counts[b]; });
  if (order.size() > 3) order.resize(3);
  std::string names;
  for (const std::size_t i : order) {
    if (!names.empty()) names += '/';
    names += Name(static_cast<Enum>(i));
  }
  return names;
}

std::string WithArticle(const std::string &noun) {
  const bool vowel =
      !noun.empty() && std::string_view("AEIOUaeiou").find(noun[0]) != std::string_view::npos;
  return (vowel ? "an " : "a ") + noun;
}

// What the valid values are, completing "97% of 1000 sampled values ...".
std::string Describe(Category category, const ValueStats &stats, bool latitude) {
  switch (category) {
    case Category::kEmail:
      return "are valid e-mail addresses";
    case Category::kCreditCard:
      if (stats.security_codes > stats.valid[Index(category)])
        return "are 3-4 digit card security codes";
      return "pass Luhn with " + WithArticle(TopNames<CardBrand>(stats.brands)) + " issuer prefix";
    case Category::kIban:
      return "are valid IBANs";
    case Category::kNationalId:
      return "are valid national IDs (" + TopNames<NationalIdKind>(stats.national_id_kinds) + ")";
    case Category::kIpAddress:
      if (stats.ipv4 > 0 && stats.ipv6 > 0) return "are IPv4 or IPv6 addresses";
      return stats.ipv6 > 0 ? "are IPv6 addresses" : "are IPv4 addresses";
    case Category::kPasswordHash:
      return "are " + TopNames<PasswordHashFormat>(stats.hash_formats) + " password hashes";
    case Category::kSecret:
      if (stats.known_secrets == 0) return "look like random tokens";
      if (stats.known_secrets == stats.valid[Index(Category::kSecret)])
        return "are credentials of a known format (" + TopNames<SecretKind>(stats.secret_kinds) +
               ")";
      return "are credentials (" + TopNames<SecretKind>(stats.secret_kinds) + ") or random tokens";
    case Category::kDateOfBirth:
      return "are dates implying ages of 0-120 years";
    case Category::kPhone:
      return "are valid phone numbers";
    case Category::kPostalCode:
      return "look like postal codes";
    case Category::kGeolocation:
      return latitude ? "are numbers within -90..90 (latitudes)"
                      : "are numbers within -180..180 (longitudes)";
    case Category::kPersonName:
      return "look like people's names (with a common first name)";
    case Category::kStreetAddress:
      break;
  }
  return "match";
}

std::string ValuesEvidence(double share, std::size_t total, const std::string &description) {
  const long percent = static_cast<long>(std::floor(share * 100 + 1e-9));
  return std::to_string(percent) + "% of " + std::to_string(total) + " sampled values " +
         description;
}

std::string Join(const std::vector<std::string> &parts) {
  std::string joined;
  for (const std::string &part : parts) {
    if (part.empty()) continue;
    if (!joined.empty()) joined += " + ";
    joined += part;
  }
  return joined;
}

std::string CommentEvidence(const std::string &matched) {
  const std::string_view marker = "; marked ";
  const std::size_t at = matched.find(marker);
  if (at == std::string::npos) return "column comment mentions \"" + matched + "\"";
  return "column comment mentions \"" + matched.substr(0, at) + "\" (marked \"" +
         matched.substr(at + marker.size()) + "\")";
}

// ---- Judging one column (or one key of a json column) ------------------------------------------

struct Column {
  std::string_view table;  // the table's name, and its comment when it has one
  std::string_view name;
  std::string_view comment;
  TypeKind kind;
  const std::vector<std::optional<std::string>> *values;
  bool is_json_key;  // the caller names the key; evidence leaves the name out
};

struct NameSignal {
  Category category;
  double strength;
  std::string matched;   // the words that matched, for latitude names
  std::string evidence;  // empty for a json key
  const char *source;    // "name", "comment", "name and comment"
};

std::optional<NameSignal> FindNameSignal(const Column &column) {
  std::optional<NameMatch> by_name = MatchColumnName(column.name, column.table);
  if (by_name && !Allows(column.kind, by_name->category)) by_name.reset();
  std::optional<NameMatch> by_comment;
  if (!column.comment.empty()) by_comment = MatchComment(column.comment);
  if (by_comment && !Allows(column.kind, by_comment->category)) by_comment.reset();

  const std::string name_evidence =
      column.is_json_key ? std::string() : "name \"" + std::string(column.name) + "\"";
  if (by_name && by_comment && by_name->category == by_comment->category)
    return NameSignal{by_name->category, Combine(by_name->strength, by_comment->strength),
                      by_name->matched, Join({name_evidence, CommentEvidence(by_comment->matched)}),
                      "name and comment"};
  if (by_comment && (!by_name || by_comment->strength > by_name->strength))
    return NameSignal{by_comment->category, by_comment->strength, by_comment->matched,
                      CommentEvidence(by_comment->matched), "comment"};
  if (by_name)
    return NameSignal{by_name->category, by_name->strength, by_name->matched, name_evidence,
                      "name"};
  return std::nullopt;
}

// How values bear on a name's category.
enum class Check {
  kNone,      // no value check: the name decides (person_name, street_address)
  kDecisive,  // the validator knows every value of the category: values can refute the name
  kPartial,   // the validator knows some formats: a low share only lowers the name
  kShape,     // a shape check: weak support, a low share lowers the name
  kOpen,      // values confirm, never refute (a password column may hold plain text)
  kSupport,   // like kOpen for a check that knows few values (first names: not surnames)
};

Check CheckOf(Category category, TypeKind kind) {
  switch (category) {
    case Category::kEmail:
    case Category::kIpAddress:
    case Category::kCreditCard:  // security codes count too (a CVV column)
    case Category::kIban:
      return Check::kDecisive;
    case Category::kNationalId:
    case Category::kPhone:
      return Check::kPartial;
    case Category::kDateOfBirth:
      return kind == TypeKind::kDate ? Check::kDecisive : Check::kPartial;
    case Category::kGeolocation:
      return kind == TypeKind::kDecimal ? Check::kDecisive : Check::kOpen;
    case Category::kPostalCode:
      return Check::kShape;
    case Category::kPasswordHash:
    case Category::kSecret:
      return Check::kOpen;
    case Category::kPersonName:
      return Check::kSupport;
    case Category::kStreetAddress:
      return Check::kNone;
  }
  return Check::kNone;
}

// Categories that values may decide without a name.
constexpr Category kDecidedByValues[] = {
    Category::kEmail,      Category::kCreditCard, Category::kIban,
    Category::kNationalId, Category::kIpAddress,  Category::kPasswordHash,
    Category::kSecret,     Category::kPhone,      Category::kPersonName,
};

// A name whose head (its last word, as in English compounds) says the column identifies a record:
// its random-looking values are identifiers (end_to_end_id, payment_reference, trace_no), its
// numbers no phone numbers (ticket_number). ref_contact and id_token name other things.
bool NamesAnIdentifier(std::string_view column) {
  const std::vector<std::string> words = SplitIdentifier(column);
  if (words.empty()) return false;
  for (const std::string_view identifier :
       {"id", "ids", "ref", "reference", "referenz", "referencia", "no", "nr", "num", "number",
        "code", "uuid", "guid", "identifier", "sku", "serial", "trace", "correlation"})
    if (words.back() == identifier) return true;
  return false;
}

struct ValueSignal {
  Category category;
  double share;
  double confidence;
};

std::optional<ValueSignal> FindValueSignal(const ValueStats &stats, TypeKind kind,
                                           std::string_view column) {
  std::optional<ValueSignal> best;
  for (const Category category : kDecidedByValues) {
    if (!Allows(kind, category)) continue;
    std::size_t valid = ValidCount(stats, category, /*latitude=*/false, /*strict=*/true);
    const bool random_tokens = category == Category::kSecret && stats.known_secrets * 2 < valid;
    if (random_tokens && NamesAnIdentifier(column)) valid = stats.known_secrets;
    // Ticket, order and reference numbers often parse as some country's phone number.
    if (category == Category::kPhone && NamesAnIdentifier(column)) continue;
    const double share = Share(valid, stats.counted);
    if (share < kValuesAloneShare) continue;
    double confidence = ValueConfidence(share);
    if (random_tokens) confidence *= kRandomTokenFactor;
    if (confidence > 0 && (!best || confidence > best->confidence))
      best = ValueSignal{category, share, confidence};
  }
  return best;
}

std::string FewValues(std::size_t counted) {
  if (counted == 0) return " (no sampled values)";
  return " (" + std::to_string(counted) + " sampled value" + (counted == 1 ? "" : "s") +
         ", too few to check)";
}

std::optional<Verdict> Judge(const Column &column, const Today &today) {
  if (column.kind == TypeKind::kNone) return std::nullopt;
  const std::optional<NameSignal> name = FindNameSignal(column);

  // Types that are evidence by themselves.
  std::optional<std::pair<Category, double>> by_type;
  if (column.kind == TypeKind::kInet) by_type = {Category::kIpAddress, kInetConfidence};
  if (column.kind == TypeKind::kCidr) by_type = {Category::kIpAddress, kCidrConfidence};
  if (column.kind == TypeKind::kPoint || column.kind == TypeKind::kGeometry)
    by_type = {Category::kGeolocation, kPointConfidence};
  if (by_type) {
    const char *type = column.kind == TypeKind::kInet    ? "inet"
                       : column.kind == TypeKind::kCidr  ? "cidr"
                       : column.kind == TypeKind::kPoint ? "point"
                                                         : "PostGIS geometry/geography";
    double confidence = by_type->second;
    std::string evidence = std::string("column of type ") + type;
    if (name) {  // Allows() let only the type's own category through
      confidence = Combine(confidence, name->strength * kNameOnlyFactor);
      evidence = Join({name->evidence, evidence});
    }
    return Verdict{by_type->first, confidence, evidence};
  }

  const ValueStats stats =
      HasUsableValues(column.kind) ? Measure(*column.values, today) : ValueStats{};
  const bool enough = stats.counted >= kMinValues;
  const std::optional<ValueSignal> by_values =
      enough ? FindValueSignal(stats, column.kind, column.name) : std::nullopt;
  const auto values_verdict = [&stats](const ValueSignal &signal, const std::string &suffix) {
    return Verdict{
        signal.category, signal.confidence,
        ValuesEvidence(signal.share, stats.counted, Describe(signal.category, stats, false)) +
            suffix};
  };

  if (!name) {
    if (by_values) return values_verdict(*by_values, "");
    const double embedded = Share(stats.embedded_emails, stats.counted);
    if (enough && embedded >= kValuesAloneShare)
      return Verdict{Category::kEmail, ValueConfidence(embedded) * kEmbeddedFactor,
                     ValuesEvidence(embedded, stats.counted, "contain an e-mail address")};
    return std::nullopt;
  }

  const double name_confidence = name->strength * kNameOnlyFactor;
  if (!enough)
    return Verdict{
        name->category, name_confidence,
        (name->evidence.empty() ? "its name" : name->evidence) + FewValues(stats.counted)};

  const Check check = CheckOf(name->category, column.kind);
  const bool latitude = name->category == Category::kGeolocation && IsLatitudeName(name->matched);
  const double share =
      Share(ValidCount(stats, name->category, latitude, /*strict=*/false), stats.counted);

  // Values that clearly show another category beat a name they do not confirm (a column "address"
  // of e-mail addresses), unless the name says password or secret, whose values vary.
  if (by_values && by_values->category != name->category && by_values->share >= kStrongShare &&
      (check == Check::kNone || share < kMediumShare) && check != Check::kOpen)
    return values_verdict(*by_values, " (the " + std::string(name->source) + " suggests " +
                                          Name(name->category) + ")");

  const std::string values_evidence =
      ValuesEvidence(share, stats.counted, Describe(name->category, stats, latitude));
  double confidence = name_confidence;
  std::string evidence = name->evidence;
  switch (check) {
    case Check::kNone:
      break;
    case Check::kShape:
      if (share >= kStrongShare) {
        confidence = Combine(confidence, kShapeSupport);
        evidence = Join({evidence, values_evidence});
      } else if (share < kMediumShare) {
        confidence *= kUnconfirmedFactor;
        evidence = Join({evidence, "only " + values_evidence});
      }
      break;
    case Check::kDecisive:
    case Check::kPartial:
    case Check::kOpen:
    case Check::kSupport:
      if (share >= kMediumShare) {
        confidence = Combine(confidence, ValueConfidence(share));
        evidence = Join({evidence, values_evidence});
      } else if (check == Check::kDecisive && share < kContradictedShare) {
        return std::nullopt;
      } else if (check != Check::kOpen && check != Check::kSupport) {
        confidence *= check == Check::kDecisive ? kContradictedFactor : kUnconfirmedFactor;
        evidence = Join({evidence, "only " + values_evidence});
      }
      break;
  }
  return Verdict{name->category, std::clamp(confidence, 0.0, 1.0), evidence};
}

// ---- json and jsonb ----------------------------------------------------------------------------

// The values of one key path of the sampled documents.
struct KeyValues {
  std::string key;  // the last key of the path
  std::vector<std::optional<std::string>> values;
  bool strings = false, numbers = false, booleans = false;
};

// A small, bounded scanner of JSON text: records the scalar values of object keys at any depth up
// to kMaxJsonDepth, arrays being transparent (payload->phones holds every element). It stops at
// the first malformed or truncated byte, keeping what it recorded.
class JsonScanner {
 public:
  JsonScanner(std::string_view text, std::map<std::string, KeyValues> &paths)
      : text_(text), paths_(paths) {}

  void Scan() {
    SkipSpace();
    Value("", "", 0);
  }

 private:
  enum class Scalar { kString, kNumber, kBoolean, kNull };

  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  void SkipSpace() {
    while (!AtEnd() && IsSpace(text_[pos_])) ++pos_;
  }
  bool Consume(char c) {
    SkipSpace();
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }
  bool Literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  void Record(const std::string &path, std::string_view key, std::optional<std::string> value,
              Scalar scalar) {
    if (path.empty()) return;  // a scalar document or an array of scalars: no key
    auto found = paths_.find(path);
    if (found == paths_.end()) {
      if (paths_.size() >= kMaxJsonPaths) return;
      found = paths_.emplace(path, KeyValues{std::string(key), {}, false, false, false}).first;
    }
    KeyValues &values = found->second;
    if (values.values.size() >= kMaxJsonValuesPerPath) return;
    values.strings = values.strings || scalar == Scalar::kString;
    values.numbers = values.numbers || scalar == Scalar::kNumber;
    values.booleans = values.booleans || scalar == Scalar::kBoolean;
    values.values.push_back(std::move(value));
  }

  bool Value(const std::string &path, std::string_view key, int depth) {
    SkipSpace();
    const char c = Peek();
    if (c == '{') return depth >= kMaxJsonDepth ? SkipNested() : Object(path, depth + 1);
    if (c == '[') return depth >= kMaxJsonDepth ? SkipNested() : Array(path, key, depth + 1);
    if (c == '"') {
      std::string text;
      if (!String(text)) return false;
      Record(path, key, std::move(text), Scalar::kString);
      return true;
    }
    if (c == '-' || IsDigit(c)) {
      const std::size_t start = pos_;
      while (!AtEnd() &&
             (IsDigit(Peek()) || std::string_view("+-.eE").find(Peek()) != std::string_view::npos))
        ++pos_;
      Record(path, key, std::string(text_.substr(start, pos_ - start)), Scalar::kNumber);
      return true;
    }
    for (const std::string_view word : {"true", "false"}) {
      if (!Literal(word)) continue;
      Record(path, key, std::string(word), Scalar::kBoolean);
      return true;
    }
    if (Literal("null")) {
      Record(path, key, std::nullopt, Scalar::kNull);
      return true;
    }
    return false;
  }

  bool Object(const std::string &path, int depth) {
    ++pos_;  // '{'
    if (Consume('}')) return true;
    do {
      SkipSpace();
      std::string key;
      if (!String(key) || !Consume(':')) return false;
      if (++keys_ > kMaxJsonKeysPerDocument) return false;
      if (!Value(path.empty() ? key : path + "->" + key, key, depth)) return false;
    } while (Consume(','));
    return Consume('}');
  }

  bool Array(const std::string &path, std::string_view key, int depth) {
    ++pos_;  // '['
    if (Consume(']')) return true;
    do {
      if (!Value(path, key, depth)) return false;
    } while (Consume(','));
    return Consume(']');
  }

  // A JSON string at pos_, unescaped (\uXXXX as UTF-8; surrogate pairs as '?').
  bool String(std::string &out) {
    if (Peek() != '"') return false;
    ++pos_;
    while (!AtEnd()) {
      const char c = text_[pos_++];
      if (c == '"') return true;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (AtEnd()) return false;
      const char escaped = text_[pos_++];
      switch (escaped) {
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          if (pos_ + 4 > text_.size()) return false;
          std::uint32_t code = 0;
          for (int i = 0; i < 4; ++i) {
            const char h = text_[pos_++];
            code <<= 4;
            if (IsDigit(h))
              code |= static_cast<std::uint32_t>(h - '0');
            else if (ToLower(h) >= 'a' && ToLower(h) <= 'f')
              code |= static_cast<std::uint32_t>(ToLower(h) - 'a' + 10);
            else
              return false;
          }
          if (code < 0x80) {
            out += static_cast<char>(code);
          } else if (code < 0x800) {
            out += static_cast<char>(0xC0 | (code >> 6));
            out += static_cast<char>(0x80 | (code & 0x3F));
          } else if (code >= 0xD800 && code < 0xE000) {
            out += '?';
          } else {
            out += static_cast<char>(0xE0 | (code >> 12));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
          }
          break;
        }
        default:  // \" \\ \/
          out += escaped;
      }
    }
    return false;
  }

  // Skips an object or array beyond kMaxJsonDepth without recursion.
  bool SkipNested() {
    std::size_t depth = 0;
    bool in_string = false;
    while (!AtEnd()) {
      const char c = text_[pos_++];
      if (in_string) {
        if (c == '\\')
          ++pos_;
        else if (c == '"')
          in_string = false;
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) return true;
      }
    }
    return false;
  }

  std::string_view text_;
  std::map<std::string, KeyValues> &paths_;
  std::size_t pos_ = 0;
  std::size_t keys_ = 0;
};

std::optional<Verdict> JudgeJson(const ColumnSample &sample, std::string_view table,
                                 const Today &today) {
  // The column's own name and comment ("address jsonb"), without values.
  std::optional<Verdict> best = Judge(
      Column{table, sample.column, sample.comment, TypeKind::kJson, &sample.values, false}, today);

  std::map<std::string, KeyValues> paths;
  for (const auto &document : sample.values)
    if (document) JsonScanner(*document, paths).Scan();

  for (const auto &[path, key] : paths) {
    TypeKind kind = TypeKind::kText;
    if (!key.strings && key.numbers) kind = TypeKind::kDecimal;
    if (!key.strings && !key.numbers && key.booleans) kind = TypeKind::kNone;
    const std::optional<Verdict> verdict =
        Judge(Column{table, key.key, {}, kind, &key.values, true}, today);
    if (!verdict || (best && verdict->confidence <= best->confidence)) continue;
    best = Verdict{verdict->category, verdict->confidence,
                   "key " + sample.column + "->" + path + ": " + verdict->evidence};
  }
  return best;
}

}  // namespace

SampleAs HowToSample(std::string_view type) {
  const TypeKind kind = KindOf(type);
  if (kind == TypeKind::kJson) return SampleAs::kJson;
  return HasUsableValues(kind) ? SampleAs::kText : SampleAs::kNothing;
}

std::optional<Verdict> ClassifyColumn(const ColumnSample &sample, int today_year, int today_month,
                                      int today_day) {
  const Today today{today_year, today_month, today_day};
  const TypeKind kind = KindOf(sample.type);
  const std::string table =
      sample.table_comment.empty() ? sample.table : sample.table + " " + sample.table_comment;
  std::optional<Verdict> verdict =
      kind == TypeKind::kJson
          ? JudgeJson(sample, table, today)
          : Judge(Column{table, sample.column, sample.comment, kind, &sample.values, false}, today);
  if (verdict && verdict->confidence < kReportConfidence) return std::nullopt;
  return verdict;
}

}  // namespace steward::classify
