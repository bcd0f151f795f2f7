// Pure C++ value validators of data classification: cards, IBANs, IDs, addresses, hashes, secrets.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

// Every validator judges one sampled value as a whole. Surrounding whitespace is ignored (char(n)
// columns pad with spaces); any other text around the value makes it invalid, because the
// classifier asks "is this value an X", not "does this text mention an X".
namespace steward::classify {

enum class CardBrand {
  kVisa,
  kMastercard,
  kAmex,
  kDiscover,
  kJcb,
  kDinersClub,
  kUnionPay,
  kMaestro,
};
const char *Name(CardBrand brand);

// Luhn (mod 10) checksum of a string of ASCII digits; false for anything else or an empty string.
bool PassesLuhn(std::string_view digits);

// The brand of a payment card number: 12-19 digits, optionally in groups separated by single
// spaces or dashes (4-4-4-4, 4-6-5, ...), passing Luhn and the issuer's prefix and length table.
std::optional<CardBrand> ValidateCardNumber(std::string_view text);

// ISO 13616 IBAN: known country, that country's exact length, mod-97 == 1. Either case; spaces
// only between groups of four.
bool IsValidIban(std::string_view text);

// US Social Security number (NNN-NN-NNNN or nine digits) under the SSA's allocation rules.
bool IsValidUsSsn(std::string_view text);

// UK National Insurance number (AB123456C, AB 12 34 56 C, AB 123456 C) under HMRC's prefix rules.
bool IsValidUkNino(std::string_view text);

// Spanish DNI (8 digits + check letter) or NIE (X, Y or Z + 7 digits + check letter, X/Y/Z
// counting as 0/1/2): the letter is TRWAGMYFPDXBNJZSQVHLCKE[number mod 23]. Either case; a single
// '-' or space may precede the letter (12345678-Z). The number 0 is never issued.
bool IsValidSpanishDni(std::string_view text);

// French NIR (numero de securite sociale): sex 1, 2, 7 or 8, year, month 01-12, 20-42 or 50-99,
// department (2A/2B for Corsica, counted as 19/18 in the key), commune, order, then the key
// 97 - (first 13 digits mod 97). Single spaces allowed between the printed groups
// (1 85 05 78 006 084 91; 97x/98x departments group as 3 + 2 digits with the commune).
bool IsValidFrenchNir(std::string_view text);

// German tax identification number (Steuer-IdNr): 11 digits, the first not 0, the last an ISO 7064
// MOD 11,10 check digit. In the first 10 digits exactly one digit occurs twice or three times (the
// others at most once), and a threefold digit never three times in a row. Single spaces allowed
// between the printed groups (86 095 742 719).
bool IsValidGermanTaxId(std::string_view text);

// Dutch citizen service number (BSN): 9 digits (8 with the leading zero dropped) whose weighted
// sum 9*d1 + 8*d2 + ... + 2*d8 - d9 is a multiple of 11 (the "elfproef"), not all zeros.
bool IsValidDutchBsn(std::string_view text);

// Italian codice fiscale: 6 letters (surname, name), 2 digits (year), a month letter
// (ABCDEHLMPRST), 2 digits (day, +40 for women), a letter and 3 digits (municipality), and the
// check letter; digits may be replaced by LMNPQRSTUV (omocodia). Either case.
bool IsValidItalianCodiceFiscale(std::string_view text);

enum class NationalIdKind {
  kUsSsn,
  kUkNino,
  kSpanishDni,
  kFrenchNir,
  kGermanTaxId,
  kDutchBsn,
  kItalianCodiceFiscale,
};
inline constexpr std::size_t kNationalIdKinds = 7;
const char *Name(NationalIdKind kind);

// The first of IsValidUsSsn, IsValidUkNino, IsValidSpanishDni, IsValidFrenchNir,
// IsValidGermanTaxId, IsValidDutchBsn and IsValidItalianCodiceFiscale (in this order) that
// accepts the text.
std::optional<NationalIdKind> DetectNationalId(std::string_view text);

// An e-mail address of RFC 5322 shape: dot-atom local part, a domain of at least two labels and an
// alphabetic (or xn-- punycode) top-level domain.
bool IsEmailAddress(std::string_view text);

// 4 or 6 when the whole text is an IPv4 or IPv6 address, else std::nullopt.
std::optional<int> IpAddressFamily(std::string_view text);

// How a phone number was written, which is how strong the evidence is.
enum class PhoneNotation {
  kInternational,  // with a '+' or '00' international prefix: +49 151 23456789
  kNational,       // no prefix, but separators or a trunk 0: (312) 549-8125, 030 12345678
  kDigitsOnly,     // bare digits read as E.164 without '+' (MSISDNs); order numbers collide
};

struct PhoneNumberMatch {
  std::string region;  // ISO 3166 code libphonenumber assigns, e.g. "DE" ("001": non-geographic)
  PhoneNotation notation;
};

// A phone number valid under libphonenumber's metadata (PhoneNumberUtil::IsValidNumber). The text
// must be shaped like one: 7-15 digits (not counting a 00 prefix), separators from " -()./", a
// '+' only in front, a digit or '(' first and a digit last; dates, SSNs, ZIP+4 codes, decimals,
// dotted thousands and IPv4 addresses are not phone numbers. International notation is parsed as
// such. National notation is tried as a number of US, GB, DE, FR, ES, IT, NL, BE, AT, CH, CA, AU,
// IE, PT, PL and SE; the first of them where it is valid decides (the region is still the
// number's own: a Canadian number read as a US one is CA). Bare digits without a leading 0 are
// read as "+" + digits. Never throws.
std::optional<PhoneNumberMatch> ParsePhoneNumber(std::string_view text);

enum class PasswordHashFormat {
  kBcrypt,
  kArgon2,
  kScrypt,
  kPbkdf2,
  kSha512Crypt,
  kSha256Crypt,
  kMd5Crypt,
};
const char *Name(PasswordHashFormat format);

// The format of a password hash in modular crypt, passlib or Django notation.
std::optional<PasswordHashFormat> DetectPasswordHash(std::string_view text);

enum class SecretKind {
  kAwsAccessKeyId,
  kGitHubToken,
  kStripeKey,
  kSlackToken,
  kJwt,
  kPemPrivateKey,
  kGoogleApiKey,
};
const char *Name(SecretKind kind);

// A credential of a well-known format. A PEM private key may sit anywhere in the text (key files
// are stored with comments around them); every other format must be the whole value.
std::optional<SecretKind> DetectSecret(std::string_view text);

// Shannon entropy of the text's byte distribution, in bits per character (0 for empty text).
double ShannonEntropyBitsPerChar(std::string_view text);

// A generated token of no known format (session ids, API keys, random passwords): at least 20
// characters of a token alphabet, mixing character classes, with near-random entropy; never a
// UUID, a hex digest, a number or a repetition.
bool LooksLikeRandomToken(std::string_view text);

// The age in completed years on the given today when the birth date is a real calendar date and
// implies an age of 0-120; std::nullopt otherwise (invalid dates, future dates, older than 120).
std::optional<int> AgeInYearsIfBirthDate(int year, int month, int day, int today_year,
                                         int today_month, int today_day);

}  // namespace steward::classify
