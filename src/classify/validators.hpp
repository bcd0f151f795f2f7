// Pure C++ value validators of data classification: cards, IBANs, IDs, addresses, hashes, secrets.
#pragma once

#include <optional>
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

// An e-mail address of RFC 5322 shape: dot-atom local part, a domain of at least two labels and an
// alphabetic (or xn-- punycode) top-level domain.
bool IsEmailAddress(std::string_view text);

// 4 or 6 when the whole text is an IPv4 or IPv6 address, else std::nullopt.
std::optional<int> IpAddressFamily(std::string_view text);

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
