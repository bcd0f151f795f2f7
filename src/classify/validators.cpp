// Pure C++ value validators of data classification (see validators.hpp).
#include "common/cpp_only.hpp"  // first: this file must not see PostgreSQL headers
#include "classify/validators.hpp"
#include "common/ascii.hpp"

#include <arpa/inet.h>
#include <phonenumbers/logger.h>
#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string>
#include <utility>

// The classifier calls these on up to ~1000 sampled values per column, so they are hand-written
// scanners over std::string_view: no regex engine, no heap allocation, locale-independent ASCII
// tests (<cctype> would depend on the server's locale). The one exception is ParsePhoneNumber,
// which asks libphonenumber, but only about text its own allocation-free shape filter passed.
namespace steward::classify {

namespace {

using namespace steward::ascii;

// The alphabet of modular crypt hashes ("hash64"), also bcrypt's.
bool IsCryptChar(char c) { return IsAlnum(c) || c == '.' || c == '/'; }
bool IsBase64Char(char c) { return IsAlnum(c) || c == '+' || c == '/'; }
// passlib's "adapted base64" uses '.' for '+'; accept both so either library's output matches.
bool IsAb64Char(char c) { return IsBase64Char(c) || c == '.'; }
bool IsBase64UrlChar(char c) { return IsAlnum(c) || c == '-' || c == '_'; }
bool IsWordChar(char c) { return IsAlnum(c) || c == '_'; }
// Unlike strchr, never matches the NUL that a text may contain.
bool OneOf(char c, std::string_view set) { return set.find(c) != std::string_view::npos; }

template <typename Predicate>
bool AllOf(std::string_view text, Predicate predicate) {
  for (const char c : text)
    if (!predicate(c)) return false;
  return true;
}

// Value of a short run of ASCII digits (the caller checked they are digits).
int Number(std::string_view digits) {
  int value = 0;
  for (const char c : digits) value = value * 10 + (c - '0');
  return value;
}

bool IsNumber(std::string_view text, std::size_t max_digits) {
  return !text.empty() && text.size() <= max_digits && AllOf(text, IsDigit);
}

// Splits text at '$' into at most kMaxFields fields; 0 when there are more (no known format has).
constexpr std::size_t kMaxFields = 8;
std::size_t SplitDollar(std::string_view text, std::array<std::string_view, kMaxFields> &fields) {
  std::size_t count = 0;
  while (true) {
    if (count == kMaxFields) return 0;
    const std::size_t dollar = text.find('$');
    fields[count++] = text.substr(0, dollar);
    if (dollar == std::string_view::npos) return count;
    text.remove_prefix(dollar + 1);
  }
}

// ---- Payment cards ----------------------------------------------------------------------------

constexpr std::size_t kMaxCardDigits = 19;

// Issuers print numbers as 4-4-4-4(-3), 4-6-5 (Amex) or 4-6-4 (Diners); other groupings are
// references and phone numbers that happen to have enough digits.
bool PlausibleCardGrouping(const int *groups, std::size_t count) {
  if (count == 1) return true;
  if (count == 3 && groups[0] == 4 && groups[1] == 6 && (groups[2] == 5 || groups[2] == 4))
    return true;
  if (count < 3) return false;
  for (std::size_t i = 0; i + 1 < count; ++i)
    if (groups[i] != 4) return false;
  return groups[count - 1] >= 1 && groups[count - 1] <= 4;
}

// The digits of a card number in `out`, or an empty view when the text is not shaped like one.
std::string_view CardDigits(std::string_view text, char (&out)[kMaxCardDigits]) {
  std::size_t length = 0, group_count = 0;
  int groups[6] = {}, current = 0;
  char separator = 0;
  for (const char c : text) {
    if (IsDigit(c)) {
      if (length == kMaxCardDigits) return {};
      out[length++] = c;
      ++current;
    } else if (c == ' ' || c == '-') {
      // One separator kind, single, between digits.
      if (current == 0 || (separator != 0 && c != separator) || group_count == 5) return {};
      separator = c;
      groups[group_count++] = current;
      current = 0;
    } else {
      return {};
    }
  }
  if (current == 0) return {};
  groups[group_count++] = current;
  if (!PlausibleCardGrouping(groups, group_count)) return {};
  return std::string_view(out, length);
}

struct CardRule {
  CardBrand brand;
  std::size_t min_length, max_length;
};

// The issuer of a number by its prefix (the IIN ranges), most specific ranges first, so that
// Maestro gets only the 5x/6x prefixes no other brand has taken.
std::optional<CardRule> CardIssuer(std::string_view digits) {
  const int p1 = Number(digits.substr(0, 1)), p2 = Number(digits.substr(0, 2));
  const int p3 = Number(digits.substr(0, 3)), p4 = Number(digits.substr(0, 4));
  if (p1 == 4) return CardRule{CardBrand::kVisa, 13, 19};
  if (p2 == 34 || p2 == 37) return CardRule{CardBrand::kAmex, 15, 15};
  if (p4 >= 3528 && p4 <= 3589) return CardRule{CardBrand::kJcb, 16, 19};
  if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39)
    return CardRule{CardBrand::kDinersClub, 14, 19};
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720))
    return CardRule{CardBrand::kMastercard, 16, 16};
  if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65)
    return CardRule{CardBrand::kDiscover, 16, 19};
  if (p2 == 62) return CardRule{CardBrand::kUnionPay, 16, 19};
  if (p2 == 50 || (p2 >= 56 && p2 <= 69)) return CardRule{CardBrand::kMaestro, 12, 19};
  return std::nullopt;
}

// ---- IBAN -------------------------------------------------------------------------------------

struct IbanCountry {
  char code[3];
  std::uint8_t length;
};

// SWIFT IBAN registry: every country's fixed IBAN length (French overseas departments and
// territories bank under FR, Aland under FI, the Channel Islands under GB).
constexpr IbanCountry kIbanCountries[] = {
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22},
    {"BH", 22}, {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24},
    {"DE", 22}, {"DJ", 27}, {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18},
    {"FK", 18}, {"FO", 18}, {"FR", 27}, {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27},
    {"GT", 28}, {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26}, {"IT", 27},
    {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20}, {"LU", 20},
    {"LV", 21}, {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19}, {"MN", 20}, {"MR", 27},
    {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23}, {"PK", 24}, {"PL", 28},
    {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33}, {"SA", 24}, {"SC", 31},
    {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"SO", 23}, {"ST", 25}, {"SV", 28},
    {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20}, {"YE", 30},
};

constexpr std::size_t kMaxIbanLength = 34;

std::optional<std::size_t> IbanLength(char first, char second) {
  for (const IbanCountry &country : kIbanCountries)
    if (country.code[0] == first && country.code[1] == second) return country.length;
  return std::nullopt;
}

// ---- Secrets ----------------------------------------------------------------------------------

int Base64UrlValue(char c) {
  if (IsUpper(c)) return c - 'A';
  if (IsLower(c)) return c - 'a' + 26;
  if (IsDigit(c)) return c - '0' + 52;
  return c == '-' ? 62 : 63;
}

// Decodes the start of a base64url text (already checked to hold only base64url characters) into
// `out`; returns how many bytes it wrote. Only the start matters to recognise a JWT.
std::size_t DecodeBase64UrlPrefix(std::string_view text, char *out, std::size_t capacity) {
  std::size_t written = 0;
  unsigned bits = 0, pending = 0;
  for (const char c : text) {
    if (written == capacity) break;
    bits = (bits << 6) | static_cast<unsigned>(Base64UrlValue(c));
    pending += 6;
    if (pending >= 8) {
      pending -= 8;
      out[written++] = static_cast<char>((bits >> pending) & 0xFF);
    }
  }
  return written;
}

std::string_view SkipJsonSpace(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  return text;
}

// header.payload.signature, header a JSON object that starts with "alg" or "typ" (every JOSE
// library writes one of them first), payload a JSON object. The signature is empty for alg=none.
bool IsJwt(std::string_view text) {
  const std::size_t first_dot = text.find('.');
  if (first_dot == std::string_view::npos) return false;
  const std::size_t second_dot = text.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos || text.find('.', second_dot + 1) != text.npos)
    return false;
  const std::string_view header = text.substr(0, first_dot);
  const std::string_view payload = text.substr(first_dot + 1, second_dot - first_dot - 1);
  const std::string_view signature = text.substr(second_dot + 1);
  if (header.size() < 8 || payload.size() < 2 || !AllOf(header, IsBase64UrlChar) ||
      !AllOf(payload, IsBase64UrlChar) || !AllOf(signature, IsBase64UrlChar))
    return false;
  char decoded[16];
  std::string_view json(decoded, DecodeBase64UrlPrefix(header, decoded, sizeof decoded));
  json = SkipJsonSpace(json);
  if (json.empty() || json.front() != '{') return false;
  json = SkipJsonSpace(json.substr(1));
  if (!StartsWith(json, "\"alg\"") && !StartsWith(json, "\"typ\"")) return false;
  json = std::string_view(decoded, DecodeBase64UrlPrefix(payload, decoded, sizeof decoded));
  json = SkipJsonSpace(json);
  return !json.empty() && json.front() == '{';
}

// "-----BEGIN <label>-----" where the label ends in PRIVATE KEY (RSA, EC, OPENSSH, ENCRYPTED,
// PKCS#8 ...); certificates and public keys are not secrets.
bool ContainsPemPrivateKey(std::string_view text) {
  constexpr std::string_view kBegin = "-----BEGIN ";
  for (std::size_t at = text.find(kBegin); at != text.npos; at = text.find(kBegin, at + 1)) {
    const std::size_t label_start = at + kBegin.size();
    const std::size_t label_end = text.find("-----", label_start);
    if (label_end == text.npos) return false;
    const std::string_view label = text.substr(label_start, label_end - label_start);
    if (label.size() <= 64 && EndsWith(label, "PRIVATE KEY")) return true;
  }
  return false;
}

// ---- Random tokens ----------------------------------------------------------------------------

bool IsUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_position ? text[i] != '-' : !IsHex(text[i])) return false;
  }
  return true;
}

// Hex digests of MD5, SHA-1 (git), SHA-224, SHA-256, SHA-384 and SHA-512: checksums and content
// hashes, usually of non-secret data, and indistinguishable from each other by their values.
bool IsHexDigest(std::string_view text) {
  switch (text.size()) {
    case 32:
    case 40:
    case 56:
    case 64:
    case 96:
    case 128:
      return AllOf(text, IsHex);
    default:
      return false;
  }
}

// A text that repeats a short pattern, e.g. the base64 of "abcabcabc" (period 4). The last four
// characters may differ: base64 ends with a partial group and padding.
bool IsPeriodic(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() < 8) return false;
  const std::size_t checked = text.size() - 4;
  for (std::size_t period = 1; period * 2 <= checked; ++period) {
    bool repeats = true;
    for (std::size_t i = 0; i + period < checked && repeats; ++i)
      repeats = text[i] == text[i + period];
    if (repeats) return true;
  }
  return false;
}

}  // namespace

const char *Name(CardBrand brand) {
  switch (brand) {
    case CardBrand::kVisa:
      return "Visa";
    case CardBrand::kMastercard:
      return "Mastercard";
    case CardBrand::kAmex:
      return "American Express";
    case CardBrand::kDiscover:
      return "Discover";
    case CardBrand::kJcb:
      return "JCB";
    case CardBrand::kDinersClub:
      return "Diners Club";
    case CardBrand::kUnionPay:
      return "UnionPay";
    case CardBrand::kMaestro:
      return "Maestro";
  }
  return "card";
}

const char *Name(PasswordHashFormat format) {
  switch (format) {
    case PasswordHashFormat::kBcrypt:
      return "bcrypt";
    case PasswordHashFormat::kArgon2:
      return "Argon2";
    case PasswordHashFormat::kScrypt:
      return "scrypt";
    case PasswordHashFormat::kPbkdf2:
      return "PBKDF2";
    case PasswordHashFormat::kSha512Crypt:
      return "SHA-512-crypt";
    case PasswordHashFormat::kSha256Crypt:
      return "SHA-256-crypt";
    case PasswordHashFormat::kMd5Crypt:
      return "MD5-crypt";
  }
  return "password hash";
}

const char *Name(SecretKind kind) {
  switch (kind) {
    case SecretKind::kAwsAccessKeyId:
      return "AWS access key ID";
    case SecretKind::kGitHubToken:
      return "GitHub token";
    case SecretKind::kStripeKey:
      return "Stripe secret key";
    case SecretKind::kSlackToken:
      return "Slack token";
    case SecretKind::kJwt:
      return "JSON Web Token";
    case SecretKind::kPemPrivateKey:
      return "PEM private key";
    case SecretKind::kGoogleApiKey:
      return "Google API key";
  }
  return "secret";
}

bool PassesLuhn(std::string_view digits) {
  if (digits.empty()) return false;
  int sum = 0;
  bool doubled = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (!IsDigit(*it)) return false;
    int digit = *it - '0';
    if (doubled) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
    doubled = !doubled;
  }
  return sum % 10 == 0;
}

std::optional<CardBrand> ValidateCardNumber(std::string_view text) {
  char buffer[kMaxCardDigits];
  const std::string_view digits = CardDigits(Trim(text), buffer);
  if (digits.size() < 12 || !PassesLuhn(digits)) return std::nullopt;
  const std::optional<CardRule> rule = CardIssuer(digits);
  if (!rule || digits.size() < rule->min_length || digits.size() > rule->max_length)
    return std::nullopt;
  // Visa issues 13, 16 and 19 digits only; 14, 15, 17 and 18 are other numbers with a 4 in front.
  if (rule->brand == CardBrand::kVisa && digits.size() != 13 && digits.size() != 16 &&
      digits.size() != 19)
    return std::nullopt;
  return rule->brand;
}

bool IsValidIban(std::string_view text) {
  text = Trim(text);
  char compact[kMaxIbanLength];
  std::size_t length = 0, group = 0;
  for (const char c : text) {
    if (c == ' ') {
      // Printed IBANs are grouped by four from the left; one space between full groups only.
      if (group != 4) return false;
      group = 0;
      continue;
    }
    if (!IsAlnum(c) || length == kMaxIbanLength) return false;
    compact[length++] = ToUpper(c);
    ++group;
  }
  if (length < 15 || !IsUpper(compact[0]) || !IsUpper(compact[1]) || !IsDigit(compact[2]) ||
      !IsDigit(compact[3]))
    return false;
  // Check digits are 02-98 by construction; 00, 01 and 99 are congruent to 97, 98 and 02 and
  // would pass mod 97 although no bank issues them.
  const int check = (compact[2] - '0') * 10 + (compact[3] - '0');
  if (check < 2 || check > 98) return false;
  const std::optional<std::size_t> expected = IbanLength(compact[0], compact[1]);
  if (!expected || *expected != length) return false;
  // ISO 7064 mod 97-10 over BBAN + country + check digits, letters as 10..35, computed
  // incrementally so that no big number is needed.
  unsigned remainder = 0;
  for (std::size_t i = 0; i < length; ++i) {
    const char c = compact[(i + 4) % length];
    remainder = IsDigit(c) ? (remainder * 10 + static_cast<unsigned>(c - '0')) % 97
                           : (remainder * 100 + static_cast<unsigned>(c - 'A' + 10)) % 97;
  }
  return remainder == 1;
}

bool IsValidUsSsn(std::string_view text) {
  text = Trim(text);
  char digits[9];
  if (text.size() == 11 && text[3] == '-' && text[6] == '-') {
    std::size_t length = 0;
    for (std::size_t i = 0; i < text.size(); ++i)
      if (i != 3 && i != 6) digits[length++] = text[i];
  } else if (text.size() == 9) {
    std::memcpy(digits, text.data(), 9);
  } else {
    return false;
  }
  const std::string_view number(digits, 9);
  if (!AllOf(number, IsDigit)) return false;
  const int area = Number(number.substr(0, 3)), group = Number(number.substr(3, 2));
  const int serial = Number(number.substr(5, 4));
  // The SSA never assigns area 000, 666 or 9xx (ITINs and advertising), group 00 or serial 0000.
  if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) return false;
  // Numbers printed on sample wallet cards and in advertising, and the universal placeholder.
  return number != "078051120" && number != "219099999" && number != "123456789";
}

bool IsValidUkNino(std::string_view text) {
  text = Trim(text);
  char compact[9];
  std::size_t length = 0;
  bool after_space = false;
  for (const char c : text) {
    if (c == ' ') {
      // Printed as AB 12 34 56 C: a single space after the prefix, a digit pair, or before the
      // suffix.
      if (after_space || (length != 2 && length != 4 && length != 6 && length != 8)) return false;
      after_space = true;
      continue;
    }
    if (length == 9) return false;
    compact[length++] = ToUpper(c);
    after_space = false;
  }
  if (length != 9) return false;
  const char first = compact[0], second = compact[1];
  if (!IsUpper(first) || !IsUpper(second)) return false;
  // HMRC never allocates these letters (they read like digits or other letters) or prefixes.
  if (OneOf(first, "DFIQUV") || OneOf(second, "DFIOQUV")) return false;
  const std::string_view prefix(compact, 2);
  for (const char *excluded : {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
    if (prefix == excluded) return false;
  return AllOf(std::string_view(compact + 2, 6), IsDigit) && compact[8] >= 'A' && compact[8] <= 'D';
}

namespace {

// Copies the text without its single spaces into `out` (at most `capacity` characters) and sets
// bit i of `spaces` for a space after the i-th character. False when the text is longer, starts
// or ends with a space or has two in a row.
bool RemoveSpaces(std::string_view text, char *out, std::size_t capacity, std::size_t &length,
                  unsigned &spaces) {
  length = 0;
  spaces = 0;
  bool after_space = false;
  for (const char c : text) {
    if (c == ' ') {
      if (length == 0 || after_space) return false;
      spaces |= 1U << length;
      after_space = true;
      continue;
    }
    if (length == capacity) return false;
    out[length++] = c;
    after_space = false;
  }
  return !after_space;
}

constexpr unsigned Bits(std::initializer_list<unsigned> positions) {
  unsigned mask = 0;
  for (const unsigned position : positions) mask |= 1U << position;
  return mask;
}

}  // namespace

bool IsValidSpanishDni(std::string_view text) {
  text = Trim(text);
  char compact[9];
  if (text.size() == 10 && (text[8] == '-' || text[8] == ' ')) {
    std::memcpy(compact, text.data(), 8);
    compact[8] = text[9];
  } else if (text.size() == 9) {
    std::memcpy(compact, text.data(), 9);
  } else {
    return false;
  }
  // NIE: the X, Y or Z in front stands for the digit 0, 1 or 2 of an 8-digit number.
  const char first = ToUpper(compact[0]);
  if (first == 'X' || first == 'Y' || first == 'Z')
    compact[0] = static_cast<char>('0' + (first - 'X'));
  const std::string_view number(compact, 8);
  if (!AllOf(number, IsDigit)) return false;
  const int value = Number(number);
  if (value == 0) return false;
  return ToUpper(compact[8]) == "TRWAGMYFPDXBNJZSQVHLCKE"[value % 23];
}

bool IsValidFrenchNir(std::string_view text) {
  text = Trim(text);
  char nir[15];
  std::size_t length;
  unsigned spaces;
  if (!RemoveSpaces(text, nir, sizeof nir, length, spaces) || length != 15) return false;
  nir[5] = ToUpper(nir[5]);
  nir[6] = ToUpper(nir[6]);
  const bool corsica = nir[5] == '2' && (nir[6] == 'A' || nir[6] == 'B');
  if (!AllOf(std::string_view(nir, 5), IsDigit) ||
      !(corsica || AllOf(std::string_view(nir + 5, 2), IsDigit)) ||
      !AllOf(std::string_view(nir + 7, 8), IsDigit))
    return false;
  // Printed as S YY MM DD CCC OOO KK; overseas departments (97x, 98x) have a third department
  // digit and a two-digit commune: S YY MM DDD CC OOO KK.
  const bool overseas = nir[5] == '9' && (nir[6] == '7' || nir[6] == '8');
  if ((spaces & ~(overseas ? Bits({1, 3, 5, 8, 10, 13}) : Bits({1, 3, 5, 7, 10, 13}))) != 0)
    return false;
  // Sex: 1 or 2; 7 or 8 for provisional numbers (people not yet registered).
  if (!OneOf(nir[0], "1278")) return false;
  // Month: 01-12; 20-42 and 50-99 stand in for an unknown month (birth records lacking one,
  // provisional numbers).
  const int month = Number(std::string_view(nir + 3, 2));
  if (!((month >= 1 && month <= 12) || (month >= 20 && month <= 42) || month >= 50)) return false;
  // The key covers 2A as 19 and 2B as 18.
  if (corsica) {
    nir[5] = '1';
    nir[6] = nir[6] == 'A' ? '9' : '8';
  }
  int remainder = 0;
  for (std::size_t i = 0; i < 13; ++i) remainder = (remainder * 10 + (nir[i] - '0')) % 97;
  return Number(std::string_view(nir + 13, 2)) == 97 - remainder;
}

bool IsValidGermanTaxId(std::string_view text) {
  text = Trim(text);
  char id[11];
  std::size_t length;
  unsigned spaces;
  if (!RemoveSpaces(text, id, sizeof id, length, spaces) || length != 11 ||
      (spaces & ~Bits({2, 5, 8})) != 0)
    return false;
  const std::string_view digits(id, 11);
  if (!AllOf(digits, IsDigit) || digits[0] == '0') return false;
  // Among the first ten digits exactly one digit repeats: twice, or (since 2016) three times but
  // not three in a row.
  int counts[10] = {};
  for (std::size_t i = 0; i < 10; ++i) ++counts[digits[i] - '0'];
  int repeated = 0, most = 0;
  for (const int count : counts) {
    if (count > 1) ++repeated;
    most = std::max(most, count);
  }
  if (repeated != 1 || most > 3) return false;
  for (std::size_t i = 0; i + 2 < 10; ++i)
    if (digits[i] == digits[i + 1] && digits[i] == digits[i + 2]) return false;
  // ISO 7064 MOD 11,10.
  int product = 10;
  for (std::size_t i = 0; i < 10; ++i) {
    int sum = (digits[i] - '0' + product) % 10;
    if (sum == 0) sum = 10;
    product = sum * 2 % 11;
  }
  const int check = 11 - product == 10 ? 0 : 11 - product;
  return digits[10] - '0' == check;
}

const char *Name(NationalIdKind kind) {
  switch (kind) {
    case NationalIdKind::kUsSsn:
      return "US SSN";
    case NationalIdKind::kUkNino:
      return "UK NINO";
    case NationalIdKind::kSpanishDni:
      return "Spanish DNI/NIE";
    case NationalIdKind::kFrenchNir:
      return "French NIR";
    case NationalIdKind::kGermanTaxId:
      return "German tax ID";
    case NationalIdKind::kDutchBsn:
      return "Dutch BSN";
    case NationalIdKind::kItalianCodiceFiscale:
      return "Italian codice fiscale";
  }
  return "national ID";
}

std::optional<NationalIdKind> DetectNationalId(std::string_view text) {
  if (IsValidUsSsn(text)) return NationalIdKind::kUsSsn;
  if (IsValidUkNino(text)) return NationalIdKind::kUkNino;
  if (IsValidSpanishDni(text)) return NationalIdKind::kSpanishDni;
  if (IsValidFrenchNir(text)) return NationalIdKind::kFrenchNir;
  if (IsValidGermanTaxId(text)) return NationalIdKind::kGermanTaxId;
  if (IsValidDutchBsn(text)) return NationalIdKind::kDutchBsn;
  if (IsValidItalianCodiceFiscale(text)) return NationalIdKind::kItalianCodiceFiscale;
  return std::nullopt;
}

bool IsValidDutchBsn(std::string_view text) {
  text = Trim(text);
  if (text.size() != 8 && text.size() != 9) return false;
  int sum = 0, weight = static_cast<int>(text.size());
  bool nonzero = false;
  for (std::size_t i = 0; i < text.size(); ++i, --weight) {
    if (!IsDigit(text[i])) return false;
    const int digit = text[i] - '0';
    nonzero = nonzero || digit != 0;
    sum += i + 1 == text.size() ? -digit : weight * digit;
  }
  return nonzero && sum % 11 == 0;
}

bool IsValidItalianCodiceFiscale(std::string_view text) {
  text = Trim(text);
  if (text.size() != 16) return false;
  constexpr std::string_view kOmocodia = "LMNPQRSTUV";  // stand for 0-9
  constexpr std::string_view kMonths = "ABCDEHLMPRST";
  // Values of the characters at odd positions (1st, 3rd, ...), for 0-9 and A-Z alike.
  constexpr int kOdd[26] = {1,  0,  5, 7, 9, 13, 15, 17, 19, 21, 2,  4,  18,
                            20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};
  int sum = 0;
  for (std::size_t i = 0; i < 15; ++i) {
    const char c = ToUpper(text[i]);
    const bool digit_place = (i >= 6 && i <= 7) || (i >= 9 && i <= 10) || (i >= 12 && i <= 14);
    if (digit_place) {
      if (!IsDigit(c) && kOmocodia.find(c) == std::string_view::npos) return false;
    } else if (!IsUpper(c)) {
      return false;
    }
    if (i == 8 && kMonths.find(c) == std::string_view::npos) return false;
    const int index = IsDigit(c) ? c - '0' : c - 'A';
    sum += i % 2 == 0 ? kOdd[index] : index;
  }
  return ToUpper(text[15]) == 'A' + sum % 26;
}

bool IsEmailAddress(std::string_view text) {
  text = Trim(text);
  if (text.size() > 254) return false;
  const std::size_t at = text.find('@');
  if (at == std::string_view::npos) return false;
  const std::string_view local = text.substr(0, at), domain = text.substr(at + 1);
  // Dot-atom: atext characters in dot-separated non-empty atoms. Spaces are not atext, so an
  // address inside free text never matches.
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.')
    return false;
  char previous = 0;
  for (const char c : local) {
    const bool atext = IsAlnum(c) || OneOf(c, "!#$%&'*+-/=?^_`{|}~");
    if (!(atext || c == '.') || (c == '.' && previous == '.')) return false;
    previous = c;
  }
  if (domain.empty() || domain.size() > 253) return false;
  std::size_t labels = 0;
  std::string_view rest = domain, label;
  while (true) {
    const std::size_t dot = rest.find('.');
    label = rest.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    if (!AllOf(label, [](char c) { return IsAlnum(c) || c == '-'; })) return false;
    ++labels;
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  // A real domain part: at least "example.org", and a top-level domain that can exist.
  const bool punycode = label.size() > 4 && (label[0] == 'x' || label[0] == 'X') &&
                        (label[1] == 'n' || label[1] == 'N') && label[2] == '-' && label[3] == '-';
  return labels >= 2 && ((label.size() >= 2 && AllOf(label, IsAlpha)) || punycode);
}

std::optional<int> IpAddressFamily(std::string_view text) {
  text = Trim(text);
  // INET6_ADDRSTRLEN includes the terminator; longer text is no address. An embedded NUL would
  // end inet_pton's string early and let trailing junk through.
  char buffer[INET6_ADDRSTRLEN];
  if (text.empty() || text.size() >= sizeof buffer ||
      std::memchr(text.data(), '\0', text.size()) != nullptr)
    return std::nullopt;
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  unsigned char address[16];
  if (text.find(':') != std::string_view::npos)
    return inet_pton(AF_INET6, buffer, address) == 1 ? std::optional<int>(6) : std::nullopt;
  return inet_pton(AF_INET, buffer, address) == 1 ? std::optional<int>(4) : std::nullopt;
}

namespace {

namespace phone = i18n::phonenumbers;

constexpr std::size_t kMinPhoneDigits = 7, kMaxPhoneDigits = 15;
// Written phone numbers stay well below: "+49 (0) 151 / 234 567 89" has 25 characters.
constexpr std::size_t kMaxPhoneText = 32;

bool IsPhoneSeparator(char c) { return OneOf(c, " -()./"); }

// Digit groups written with one separator the way dates, US SSNs and ZIP+4 codes, decimals,
// dotted thousands, IPv4 addresses and versions are, and phone numbers hardly ever; many of them
// would still match some country's phone number metadata: 2024-01-02, 02.01.2024, 1/2/2024,
// 123-45-6789, 94105-1234, 1234567.89, 12.345.678, 192.168.10.200.
bool IsOtherNumberNotation(std::string_view text) {
  char separator = 0;
  std::size_t sizes[kMaxPhoneText], count = 0, current = 0;
  for (const char c : text) {
    if (IsDigit(c)) {
      ++current;
      continue;
    }
    if ((separator != 0 && c != separator) || current == 0) return false;
    separator = c;
    sizes[count++] = current;
    current = 0;
  }
  sizes[count++] = current;
  if (separator != '-' && separator != '.' && separator != '/') return false;
  if (count == 3 && ((sizes[0] == 4 && sizes[1] <= 2 && sizes[2] <= 2) ||
                     (sizes[0] <= 2 && sizes[1] <= 2 && sizes[2] == 4)))
    return true;  // a date
  if (separator == '-')
    return (count == 3 && sizes[0] == 3 && sizes[1] == 2 && sizes[2] == 4) ||  // SSN
           (count == 2 && sizes[0] == 5 && sizes[1] == 4);                     // ZIP+4
  if (separator != '.') return false;
  if (count == 2) return true;  // a decimal fraction
  if (count == 4 && std::all_of(sizes, sizes + count, [](std::size_t size) { return size <= 3; }))
    return true;  // IPv4 address or version
  // Thousands: 1-3 digits without a leading 0, then groups of three.
  return sizes[0] <= 3 && text.front() != '0' &&
         std::all_of(sizes + 1, sizes + count, [](std::size_t size) { return size == 3; });
}

// libphonenumber's process-wide instance. Its default logger is already the silent NullLogger;
// installing one ourselves keeps the server log clean whatever else in the process set before.
const phone::PhoneNumberUtil &PhoneUtil() {
  static const phone::PhoneNumberUtil *const util = [] {
    phone::PhoneNumberUtil *instance = phone::PhoneNumberUtil::GetInstance();
    instance->SetLogger(new phone::NullLogger());  // takes ownership
    return instance;
  }();
  return *util;
}

// The region of a number written with its country code, when libphonenumber holds it valid.
std::optional<std::string> ValidInternationalRegion(std::string_view digits) {
  const phone::PhoneNumberUtil &util = PhoneUtil();
  phone::PhoneNumber number;
  std::string text = "+";
  text.append(digits);
  if (util.Parse(text, "ZZ", &number) != phone::PhoneNumberUtil::NO_PARSING_ERROR ||
      !util.IsValidNumber(number))
    return std::nullopt;
  std::string region;
  util.GetRegionCodeForNumber(number, &region);
  return region;
}

// The countries whose national notation sampled data most often uses, US first: (312) 549-8125
// is also a valid Italian and Austrian number.
constexpr const char *kNationalRegions[] = {"US", "GB", "DE", "FR", "ES", "IT", "NL", "BE",
                                            "AT", "CH", "CA", "AU", "IE", "PT", "PL", "SE"};

std::optional<std::string> ValidNationalRegion(std::string_view digits) {
  const phone::PhoneNumberUtil &util = PhoneUtil();
  const std::string text(digits);
  for (const char *region : kNationalRegions) {
    phone::PhoneNumber number;
    // A number the region would dial abroad (011 49 ... in the US) is no national number.
    if (util.Parse(text, region, &number) != phone::PhoneNumberUtil::NO_PARSING_ERROR ||
        number.country_code() != util.GetCountryCodeForRegion(region) ||
        !util.IsValidNumber(number))
      continue;
    // The region of the number itself: a Canadian number read as a US one is Canadian.
    std::string assigned;
    util.GetRegionCodeForNumber(number, &assigned);
    return assigned;
  }
  return std::nullopt;
}

}  // namespace

std::optional<PhoneNumberMatch> ParsePhoneNumber(std::string_view text) {
  // The shape filter, with no allocation: most sampled text fails at its first character.
  text = Trim(text);
  if (text.empty() || text.size() > kMaxPhoneText) return std::nullopt;
  const bool plus = text.front() == '+';
  const std::string_view body = plus ? text.substr(1) : text;
  if (body.empty() || !(IsDigit(body.front()) || body.front() == '(') || !IsDigit(body.back()))
    return std::nullopt;
  char buffer[kMaxPhoneText];
  std::size_t length = 0;
  bool separated = false;
  for (const char c : body) {
    if (IsDigit(c)) {
      buffer[length++] = c;
    } else if (IsPhoneSeparator(c)) {
      separated = true;
    } else {
      return std::nullopt;
    }
  }
  std::string_view digits(buffer, length);
  const bool idd = !plus && StartsWith(digits, "00");  // 00: the international prefix in Europe
  if (idd) digits.remove_prefix(2);
  if (digits.size() < kMinPhoneDigits || digits.size() > kMaxPhoneDigits) return std::nullopt;
  if (!plus && !idd && separated && IsOtherNumberNotation(body)) return std::nullopt;

  try {
    if (plus || idd) {
      if (std::optional<std::string> region = ValidInternationalRegion(digits))
        return PhoneNumberMatch{std::move(*region), PhoneNotation::kInternational};
    } else if (separated || digits.front() == '0') {
      if (std::optional<std::string> region = ValidNationalRegion(digits))
        return PhoneNumberMatch{std::move(*region), PhoneNotation::kNational};
    } else if (std::optional<std::string> region = ValidInternationalRegion(digits)) {
      return PhoneNumberMatch{std::move(*region), PhoneNotation::kDigitsOnly};
    }
  } catch (...) {
    // Only std::bad_alloc can come out of libphonenumber; no match is the safe answer.
  }
  return std::nullopt;
}

namespace {

// "m=65536,t=3,p=4" (Argon2) or "ln=16,r=8,p=1" (passlib scrypt): the named decimal parameters in
// order; Argon2 may append keyid= and data= after them.
bool HasParameters(std::string_view text, std::initializer_list<std::string_view> names,
                   bool allow_more) {
  for (const std::string_view name : names) {
    if (!StartsWith(text, name)) return false;
    text.remove_prefix(name.size());
    const std::size_t comma = text.find(',');
    if (!IsNumber(text.substr(0, comma), 10)) return false;
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (comma != std::string_view::npos && text.empty()) return false;
  }
  return text.empty() || allow_more;
}

// The salt and hash fields of passlib and Argon2 notations: unpadded (adapted) base64.
bool SaltAndHash(std::string_view salt, std::string_view hash, std::size_t min_salt,
                 std::size_t min_hash) {
  return salt.size() >= min_salt && hash.size() >= min_hash && AllOf(salt, IsAb64Char) &&
         AllOf(hash, IsAb64Char);
}

// $5$ / $6$ (SHA-crypt): optional rounds=N, a salt of up to 16 characters, a fixed-size hash.
bool IsShaCrypt(const std::array<std::string_view, kMaxFields> &fields, std::size_t count,
                std::size_t hash_length) {
  std::size_t next = 2;
  if (count == 5) {
    if (!StartsWith(fields[2], "rounds=") || !IsNumber(fields[2].substr(7), 10)) return false;
    next = 3;
  } else if (count != 4) {
    return false;
  }
  const std::string_view salt = fields[next], hash = fields[next + 1];
  return salt.size() <= 16 && AllOf(salt, IsCryptChar) && hash.size() == hash_length &&
         AllOf(hash, IsCryptChar);
}

}  // namespace

std::optional<PasswordHashFormat> DetectPasswordHash(std::string_view text) {
  text = Trim(text);
  std::array<std::string_view, kMaxFields> fields;
  const std::size_t count = SplitDollar(text, fields);
  if (count < 4) return std::nullopt;

  // Django: pbkdf2_sha256$<iterations>$<alphanumeric salt>$<padded base64 hash>.
  if (fields[0] == "pbkdf2_sha256" || fields[0] == "pbkdf2_sha1") {
    if (count == 4 && IsNumber(fields[1], 10) && !fields[2].empty() && AllOf(fields[2], IsAlnum) &&
        fields[3].size() >= 20 &&
        AllOf(fields[3], [](char c) { return IsBase64Char(c) || c == '='; }))
      return PasswordHashFormat::kPbkdf2;
    return std::nullopt;
  }
  // Everything else is modular crypt notation: $id$...
  if (!fields[0].empty()) return std::nullopt;
  const std::string_view id = fields[1];

  // bcrypt: $2b$NN$ + 22 characters of salt and 31 of hash, 60 in all.
  if (id.size() == 2 && id[0] == '2' && OneOf(id[1], "abyx")) {
    if (count == 4 && text.size() == 60 && IsNumber(fields[2], 2) && fields[2].size() == 2) {
      const int cost = Number(fields[2]);
      if (cost >= 4 && cost <= 31 && fields[3].size() == 53 && AllOf(fields[3], IsCryptChar))
        return PasswordHashFormat::kBcrypt;
    }
    return std::nullopt;
  }
  // Argon2 (PHC string): $argon2id$v=19$m=..,t=..,p=..$salt$hash; Argon2 1.0 had no v=.
  if (id == "argon2id" || id == "argon2i" || id == "argon2d") {
    std::size_t next = 2;
    if (count == 6) {
      if (!StartsWith(fields[2], "v=") || !IsNumber(fields[2].substr(2), 3)) return std::nullopt;
      next = 3;
    } else if (count != 5) {
      return std::nullopt;
    }
    // Argon2 requires salts of at least 8 bytes (11 base64 characters) and tags of 4 (6).
    if (HasParameters(fields[next], {"m=", "t=", "p="}, true) &&
        SaltAndHash(fields[next + 1], fields[next + 2], 11, 6))
      return PasswordHashFormat::kArgon2;
    return std::nullopt;
  }
  // passlib scrypt: $scrypt$ln=16,r=8,p=1$salt$hash.
  if (id == "scrypt") {
    if (count == 5 && HasParameters(fields[2], {"ln=", "r=", "p="}, false) &&
        SaltAndHash(fields[3], fields[4], 1, 16))
      return PasswordHashFormat::kScrypt;
    return std::nullopt;
  }
  // crypt scrypt (libxcrypt, libsodium): $7$ + N (1) r (5) p (5) + salt, $, 43-character hash.
  if (id == "7") {
    if (count == 4 && fields[2].size() > 11 && AllOf(fields[2].substr(0, 11), IsCryptChar) &&
        AllOf(fields[2], [](char c) { return c > ' ' && c < 127; }) && fields[3].size() == 43 &&
        AllOf(fields[3], IsCryptChar))
      return PasswordHashFormat::kScrypt;
    return std::nullopt;
  }
  // passlib PBKDF2: $pbkdf2-sha256$<iterations>$salt$hash ($pbkdf2$ is SHA-1).
  if (id == "pbkdf2" || id == "pbkdf2-sha256" || id == "pbkdf2-sha512" || id == "pbkdf2-sha1") {
    if (count == 5 && IsNumber(fields[2], 10) && SaltAndHash(fields[3], fields[4], 1, 16))
      return PasswordHashFormat::kPbkdf2;
    return std::nullopt;
  }
  if (id == "6")
    return IsShaCrypt(fields, count, 86) ? std::optional(PasswordHashFormat::kSha512Crypt)
                                         : std::nullopt;
  if (id == "5")
    return IsShaCrypt(fields, count, 43) ? std::optional(PasswordHashFormat::kSha256Crypt)
                                         : std::nullopt;
  // MD5-crypt: $1$ + salt of up to 8 characters + $ + 22-character hash.
  if (id == "1" && count == 4 && fields[2].size() <= 8 && AllOf(fields[2], IsCryptChar) &&
      fields[3].size() == 22 && AllOf(fields[3], IsCryptChar))
    return PasswordHashFormat::kMd5Crypt;
  return std::nullopt;
}

std::optional<SecretKind> DetectSecret(std::string_view text) {
  if (ContainsPemPrivateKey(text)) return SecretKind::kPemPrivateKey;
  text = Trim(text);
  if (text.size() == 20 && (StartsWith(text, "AKIA") || StartsWith(text, "ASIA")) &&
      AllOf(text.substr(4), [](char c) { return IsUpper(c) || IsDigit(c); }))
    return SecretKind::kAwsAccessKeyId;
  // Classic GitHub tokens: gh + p(ersonal) o(auth) u(ser-to-server) s(erver) r(efresh) + _ + 36.
  if (text.size() == 40 && StartsWith(text, "gh") && OneOf(text[2], "pousr") && text[3] == '_' &&
      AllOf(text.substr(4), IsAlnum))
    return SecretKind::kGitHubToken;
  if (text.size() == 93 && StartsWith(text, "github_pat_") && AllOf(text.substr(11), IsWordChar))
    return SecretKind::kGitHubToken;
  for (const std::string_view prefix : {"sk_live_", "rk_live_", "sk_test_", "rk_test_"})
    if (StartsWith(text, prefix) && text.size() >= prefix.size() + 24 &&
        AllOf(text.substr(prefix.size()), IsAlnum))
      return SecretKind::kStripeKey;
  // Slack: xoxb- (bot), xoxp- (user), xoxa-/xoxr-/xoxs- (app, refresh, session), then numeric
  // team and user ids and a random part, all dash-separated.
  if (StartsWith(text, "xox") && text.size() >= 25 && OneOf(text[3], "bpars") && text[4] == '-' &&
      AllOf(text.substr(5), [](char c) { return IsAlnum(c) || c == '-'; }) &&
      text.find('-', 5) != std::string_view::npos)
    return SecretKind::kSlackToken;
  if (text.size() == 39 && StartsWith(text, "AIza") && AllOf(text.substr(4), IsBase64UrlChar))
    return SecretKind::kGoogleApiKey;
  if (IsJwt(text)) return SecretKind::kJwt;
  return std::nullopt;
}

double ShannonEntropyBitsPerChar(std::string_view text) {
  if (text.empty()) return 0;
  std::array<unsigned, 256> counts{};
  for (const char c : text) ++counts[static_cast<unsigned char>(c)];
  double entropy = 0;
  const double length = static_cast<double>(text.size());
  for (const unsigned count : counts) {
    if (count == 0) continue;
    const double share = count / length;
    entropy -= share * std::log2(share);
  }
  return entropy;
}

bool LooksLikeRandomToken(std::string_view text) {
  text = Trim(text);
  // Shorter strings are too short to tell from codes; longer ones are data blobs (base64 images,
  // serialised objects), not credentials.
  if (text.size() < 20 || text.size() > 256) return false;
  bool lower = false, upper = false, digit = false, symbol = false;
  for (const char c : text) {
    if (IsLower(c)) {
      lower = true;
    } else if (IsUpper(c)) {
      upper = true;
    } else if (IsDigit(c)) {
      digit = true;
    } else if (c == '+' || c == '/' || c == '=' || c == '-' || c == '_' || c == '.') {
      // The alphabets of base64, base64url and the separators of prefixed tokens.
      symbol = true;
    } else {
      // Spaces, ':', '@', '?' ...: text, URLs, addresses, timestamps; not a token.
      return false;
    }
  }
  if (lower + upper + digit < 2) return false;
  if (IsUuid(text) || IsHexDigest(text) || IsPeriodic(text)) return false;

  // The alphabet the text was drawn from, judged by its character classes; a text of hex digits
  // of one case was drawn from 16 characters.
  const bool hex = AllOf(text, [](char c) { return IsDigit(c) || (c >= 'a' && c <= 'f'); }) ||
                   AllOf(text, [](char c) { return IsDigit(c) || (c >= 'A' && c <= 'F'); });
  const double alphabet = hex ? 16 : 26.0 * lower + 26.0 * upper + 10.0 * digit + 4.0 * symbol;
  const double length = static_cast<double>(text.size());
  // A string of n characters cannot show more than log2(min(n, alphabet)) bits per character. In
  // simulations of uniformly random tokens (lengths 20-100; alphabets of 16, 36, 62 and 64
  // characters) 99 % reach at least 0.76 of that maximum; identifiers, timestamps, IBANs and
  // numbered codes stay at 0.6-0.75 because they repeat digits and letters.
  const double attainable = std::log2(std::min(length, alphabet));
  if (ShannonEntropyBitsPerChar(text) < 0.75 * attainable) return false;

  // A long run of one character class is a word ("Hauptstrasse12Berlin") or a counter
  // ("SKU-2024-000123"): reject the text when a run that long would appear in under 1 % of random
  // strings of this length and alphabet (about n * p^run, p the class's share of the alphabet).
  const auto class_of = [](char c) { return IsLower(c) ? 0 : IsUpper(c) ? 1 : IsDigit(c) ? 2 : 3; };
  const double class_size[] = {hex ? 6.0 : 26.0, hex ? 6.0 : 26.0, 10.0};
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const int current = class_of(text[i]);
    run = i > 0 && class_of(text[i - 1]) == current ? run + 1 : 1;
    if (current < 3 &&
        length * std::pow(class_size[current] / alphabet, static_cast<double>(run)) < 0.01)
      return false;
  }
  return true;
}

std::optional<int> AgeInYearsIfBirthDate(int year, int month, int day, int today_year,
                                         int today_month, int today_day) {
  const auto valid = [](int y, int m, int d) {
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  };
  if (!valid(year, month, day) || !valid(today_year, today_month, today_day)) return std::nullopt;
  // Completed years: one less until the birthday of this year (29 February counts on 1 March).
  int age = today_year - year;
  if (today_month < month || (today_month == month && today_day < day)) --age;
  if (age < 0 || age > 120) return std::nullopt;
  return age;
}

}  // namespace steward::classify
