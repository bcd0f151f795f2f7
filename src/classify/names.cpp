// Pure C++ name signal of data classification (see names.hpp).
#include "common/cpp_only.hpp"  // first: this file must not see PostgreSQL headers
#include "classify/names.hpp"
#include "common/ascii.hpp"

#include <algorithm>
#include <unordered_map>

// How a name is matched:
//
// 1. The name is split into words (SplitIdentifier) and every run of up to kMaxSpan adjacent words
//    is looked up joined without separators, so first_name, firstName, FirstName and firstname are
//    one dictionary key ("firstname"), and so are e_mail, eMail and email. Dictionary keys are
//    therefore written joined: "dateofbirth", "motdepasse", "codigopostal".
// 2. The run covering the most words wins (adresse_email is an e-mail, not a street address;
//    mac_address is no address at all); among equally long runs the stronger entry, then the later
//    one (the head of an English compound comes last: billing_email).
// 3. Modifier words outside the winning run make the column metadata about the thing rather than
//    the thing, and the name no evidence at all: email_verified, has_phone, phone_type, email_id,
//    mail_sent_at, token_expires_at. Counting words only count before the run (num_emails,
//    number_of_phones; but phone_number, phone_no); "last"/"first" only after it (card_last4 is a
//    masked number). Words of hashing (hash, digest, sha256) cancel every category but a password:
//    email_hash is a pseudonym, password_sha256 is a password hash. A modifier inside the winning
//    run does not count: national_id, password_hash, birth_date are dictionary entries.
// 4. Strength: the entry's own strength when the run is the whole name ("email" 0.9, "tel" 0.5),
//    0.1 less when other words surround it ("customer_email" 0.8). Words that only restate the
//    value (number, no, nr, value, raw, text) do not count as other words.
namespace steward::classify {

namespace {

using namespace steward::ascii;

// A byte of a multi-byte UTF-8 character: part of a word, without case.
bool IsHighByte(char c) { return static_cast<unsigned char>(c) >= 0x80; }
bool IsLetter(char c) { return IsUpper(c) || IsLower(c) || IsHighByte(c); }

struct Word {
  std::string text;        // lower-case
  std::size_t begin, end;  // byte offsets in the split text, for quoting the original spelling
};

std::vector<Word> SplitWords(std::string_view text) {
  std::vector<Word> words;
  constexpr std::size_t kNone = std::string_view::npos;
  std::size_t start = kNone;
  const auto flush = [&](std::size_t end) {
    if (start == kNone) return;
    Word word{std::string(text.substr(start, end - start)), start, end};
    std::transform(word.text.begin(), word.text.end(), word.text.begin(), ToLower);
    words.push_back(std::move(word));
    start = kNone;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!IsLetter(c)) {
      flush(i);
      continue;
    }
    if (start != kNone && IsUpper(c)) {
      const char previous = text[i - 1];
      const bool next_lower = i + 1 < text.size() && IsLower(text[i + 1]);
      // customerEmail: a new word at the capital; IPAddress: the last capital of a run starts one.
      if (IsLower(previous) || IsHighByte(previous) || (IsUpper(previous) && next_lower)) flush(i);
    }
    if (start == kNone) start = i;
  }
  flush(text.size());
  return words;
}

// ---- Dictionary --------------------------------------------------------------------------------

enum EntryFlag : unsigned {
  kExactOnly = 1,         // only as the whole name: "nom" alone is a name, nom_produit is not
  kNeedsPersonTable = 2,  // only as the whole name in a table of people ("name")
  kPersonTableBoost = 4,  // stronger in a table of people ("nom", "nombre")
  kCompoundHead = 8,      // also the head of a German compound (lieferadresse, kundentelefon)
};

struct Entry {
  std::string_view key;              // the words joined, lower case
  std::optional<Category> category;  // std::nullopt: a blocker (mac_address is no address)
  double strength;
  unsigned flags;
};

// Strengths: about 0.9 for words that mean the category and little else, 0.7-0.8 for common words
// that usually do (address, mobile, zip), 0.5-0.6 for abbreviations and words with other frequent
// meanings (tel, pan, ip, lat, geo, token, handy: "useful" in English, a mobile phone in German).
constexpr Entry kDictionary[] = {
    // e-mail
    {"email", Category::kEmail, 0.9, 0},
    {"emails", Category::kEmail, 0.85, 0},
    {"emailaddress", Category::kEmail, 0.95, 0},
    {"emailaddr", Category::kEmail, 0.9, 0},
    {"mail", Category::kEmail, 0.6, 0},
    {"mailaddress", Category::kEmail, 0.85, 0},
    {"mailaddr", Category::kEmail, 0.8, 0},
    {"emailadresse", Category::kEmail, 0.95, 0},
    {"mailadresse", Category::kEmail, 0.9, 0},
    {"courriel", Category::kEmail, 0.9, 0},
    {"adressemail", Category::kEmail, 0.9, 0},
    {"adresseemail", Category::kEmail, 0.9, 0},
    {"adressecourriel", Category::kEmail, 0.9, 0},
    {"correo", Category::kEmail, 0.8, 0},
    {"correoelectronico", Category::kEmail, 0.95, 0},
    {"correoelectrónico", Category::kEmail, 0.95, 0},
    // phone
    {"phone", Category::kPhone, 0.9, 0},
    {"phones", Category::kPhone, 0.85, 0},
    {"phonenumber", Category::kPhone, 0.95, 0},
    {"telephone", Category::kPhone, 0.9, 0},
    {"téléphone", Category::kPhone, 0.9, 0},
    {"telephonenumber", Category::kPhone, 0.95, 0},
    {"tel", Category::kPhone, 0.5, 0},
    {"telno", Category::kPhone, 0.8, 0},
    {"telnr", Category::kPhone, 0.8, 0},
    {"telefon", Category::kPhone, 0.9, kCompoundHead},
    {"telefonnummer", Category::kPhone, 0.95, kCompoundHead},
    {"rufnummer", Category::kPhone, 0.85, 0},
    {"telefono", Category::kPhone, 0.9, 0},
    {"teléfono", Category::kPhone, 0.9, 0},
    {"numerodetelefono", Category::kPhone, 0.95, 0},
    {"mobile", Category::kPhone, 0.7, 0},
    {"mobilephone", Category::kPhone, 0.9, 0},
    {"mobilenumber", Category::kPhone, 0.9, 0},
    {"mobil", Category::kPhone, 0.7, 0},
    {"mobilnummer", Category::kPhone, 0.9, 0},
    {"handy", Category::kPhone, 0.5, 0},
    {"handynummer", Category::kPhone, 0.9, kCompoundHead},
    {"cell", Category::kPhone, 0.5, 0},
    {"cellphone", Category::kPhone, 0.9, 0},
    {"celular", Category::kPhone, 0.85, 0},
    {"movil", Category::kPhone, 0.7, 0},
    {"móvil", Category::kPhone, 0.7, 0},
    {"portable", Category::kPhone, 0.5, 0},
    {"fax", Category::kPhone, 0.7, 0},
    {"msisdn", Category::kPhone, 0.9, 0},
    {"landline", Category::kPhone, 0.8, 0},
    {"festnetz", Category::kPhone, 0.8, 0},
    {"mobileapp", std::nullopt, 0, 0},
    {"mobiledevice", std::nullopt, 0, 0},
    {"mobileos", std::nullopt, 0, 0},
    // credit card
    {"creditcard", Category::kCreditCard, 0.9, 0},
    {"creditcardnumber", Category::kCreditCard, 0.95, 0},
    {"debitcard", Category::kCreditCard, 0.85, 0},
    {"cardnumber", Category::kCreditCard, 0.85, 0},
    {"cardno", Category::kCreditCard, 0.8, 0},
    {"cardnum", Category::kCreditCard, 0.8, 0},
    {"cardnr", Category::kCreditCard, 0.8, 0},
    {"ccnum", Category::kCreditCard, 0.85, 0},
    {"ccnumber", Category::kCreditCard, 0.85, 0},
    {"ccno", Category::kCreditCard, 0.8, 0},
    {"pan", Category::kCreditCard, 0.5, 0},
    {"cardpan", Category::kCreditCard, 0.85, 0},
    {"kreditkarte", Category::kCreditCard, 0.9, 0},
    {"kreditkartennummer", Category::kCreditCard, 0.95, 0},
    {"kartennummer", Category::kCreditCard, 0.8, 0},
    {"cartebancaire", Category::kCreditCard, 0.85, 0},
    {"cartedecredit", Category::kCreditCard, 0.9, 0},
    {"numerocarte", Category::kCreditCard, 0.8, 0},
    {"tarjeta", Category::kCreditCard, 0.7, 0},
    {"tarjetacredito", Category::kCreditCard, 0.9, 0},
    {"tarjetadecredito", Category::kCreditCard, 0.9, 0},
    {"numerotarjeta", Category::kCreditCard, 0.9, 0},
    {"numtarjeta", Category::kCreditCard, 0.85, 0},
    {"cvv", Category::kCreditCard, 0.7, 0},
    {"cvc", Category::kCreditCard, 0.7, 0},
    // IBAN and bank accounts (a BIC identifies a bank, not a person: not listed)
    {"iban", Category::kIban, 0.95, 0},
    {"accountnumber", Category::kIban, 0.5, 0},
    {"bankaccount", Category::kIban, 0.75, 0},
    {"bankaccountnumber", Category::kIban, 0.85, 0},
    {"kontonummer", Category::kIban, 0.75, 0},
    {"bankverbindung", Category::kIban, 0.8, 0},
    {"comptebancaire", Category::kIban, 0.8, 0},
    {"rib", Category::kIban, 0.6, 0},
    {"cuentabancaria", Category::kIban, 0.8, 0},
    {"numerocuenta", Category::kIban, 0.7, 0},
    {"numerodecuenta", Category::kIban, 0.7, 0},
    // national identifiers, tax numbers, passports, driving licences
    {"ssn", Category::kNationalId, 0.9, 0},
    {"socialsecurity", Category::kNationalId, 0.85, 0},
    {"socialsecuritynumber", Category::kNationalId, 0.95, 0},
    {"nino", Category::kNationalId, 0.6, 0},
    {"nationalinsurance", Category::kNationalId, 0.85, 0},
    {"nationalinsurancenumber", Category::kNationalId, 0.95, 0},
    {"nationalid", Category::kNationalId, 0.9, 0},
    {"nationalidnumber", Category::kNationalId, 0.95, 0},
    {"taxid", Category::kNationalId, 0.85, 0},
    {"taxnumber", Category::kNationalId, 0.8, 0},
    {"tin", Category::kNationalId, 0.5, kExactOnly},
    {"idcard", Category::kNationalId, 0.7, 0},
    {"idcardnumber", Category::kNationalId, 0.85, 0},
    {"identitycard", Category::kNationalId, 0.85, 0},
    {"passport", Category::kNationalId, 0.85, 0},
    {"passportnumber", Category::kNationalId, 0.9, 0},
    {"passportno", Category::kNationalId, 0.9, 0},
    {"driverslicense", Category::kNationalId, 0.85, 0},
    {"driverlicense", Category::kNationalId, 0.85, 0},
    {"drivinglicence", Category::kNationalId, 0.85, 0},
    {"drivinglicense", Category::kNationalId, 0.85, 0},
    {"steuerid", Category::kNationalId, 0.9, 0},
    {"steueridentifikationsnummer", Category::kNationalId, 0.95, 0},
    {"steuernummer", Category::kNationalId, 0.85, 0},
    {"sozialversicherungsnummer", Category::kNationalId, 0.95, 0},
    {"svnr", Category::kNationalId, 0.7, 0},
    {"personalausweis", Category::kNationalId, 0.9, 0},
    {"personalausweisnummer", Category::kNationalId, 0.95, 0},
    {"ausweisnummer", Category::kNationalId, 0.85, 0},
    {"reisepass", Category::kNationalId, 0.85, 0},
    {"reisepassnummer", Category::kNationalId, 0.9, 0},
    {"fuehrerschein", Category::kNationalId, 0.8, 0},
    {"führerschein", Category::kNationalId, 0.8, 0},
    {"insee", Category::kNationalId, 0.7, 0},
    {"nir", Category::kNationalId, 0.7, 0},
    {"securitesociale", Category::kNationalId, 0.85, 0},
    {"numerosecuritesociale", Category::kNationalId, 0.95, 0},
    {"numerodesecuritesociale", Category::kNationalId, 0.95, 0},
    {"numsecu", Category::kNationalId, 0.8, 0},
    {"passeport", Category::kNationalId, 0.85, 0},
    {"permisdeconduire", Category::kNationalId, 0.85, 0},
    {"dni", Category::kNationalId, 0.85, 0},
    {"nif", Category::kNationalId, 0.8, 0},
    {"nie", Category::kNationalId, 0.6, 0},
    {"nss", Category::kNationalId, 0.6, 0},
    {"pasaporte", Category::kNationalId, 0.85, 0},
    {"cedula", Category::kNationalId, 0.85, 0},
    {"curp", Category::kNationalId, 0.8, 0},
    // IP addresses ("ipv4" splits into "ipv")
    {"ip", Category::kIpAddress, 0.6, 0},
    {"ipv", Category::kIpAddress, 0.6, 0},
    {"ipaddress", Category::kIpAddress, 0.9, 0},
    {"ipaddr", Category::kIpAddress, 0.9, 0},
    {"ipvaddress", Category::kIpAddress, 0.9, 0},
    {"ipvaddr", Category::kIpAddress, 0.9, 0},
    {"clientip", Category::kIpAddress, 0.85, 0},
    {"remoteip", Category::kIpAddress, 0.85, 0},
    {"remoteaddr", Category::kIpAddress, 0.85, 0},
    {"remoteaddress", Category::kIpAddress, 0.8, 0},
    {"sourceip", Category::kIpAddress, 0.8, 0},
    {"srcip", Category::kIpAddress, 0.8, 0},
    {"userip", Category::kIpAddress, 0.85, 0},
    {"loginip", Category::kIpAddress, 0.85, 0},
    {"xforwardedfor", Category::kIpAddress, 0.8, 0},
    {"ipadresse", Category::kIpAddress, 0.9, 0},
    {"adresseip", Category::kIpAddress, 0.9, 0},
    {"direccionip", Category::kIpAddress, 0.9, 0},
    // person names ("name" alone is a product's, a file's, a table's name outside tables of people)
    {"name", Category::kPersonName, 0.6, kNeedsPersonTable},
    {"firstname", Category::kPersonName, 0.9, 0},
    {"lastname", Category::kPersonName, 0.9, 0},
    {"surname", Category::kPersonName, 0.9, 0},
    {"fullname", Category::kPersonName, 0.9, 0},
    {"givenname", Category::kPersonName, 0.9, 0},
    {"familyname", Category::kPersonName, 0.9, 0},
    {"middlename", Category::kPersonName, 0.85, 0},
    {"maidenname", Category::kPersonName, 0.9, 0},
    {"forename", Category::kPersonName, 0.9, 0},
    {"fname", Category::kPersonName, 0.7, 0},
    {"lname", Category::kPersonName, 0.7, 0},
    {"contactname", Category::kPersonName, 0.85, 0},
    {"contactperson", Category::kPersonName, 0.8, 0},
    {"customername", Category::kPersonName, 0.8, 0},
    {"patientname", Category::kPersonName, 0.85, 0},
    {"employeename", Category::kPersonName, 0.85, 0},
    {"cardholder", Category::kPersonName, 0.7, 0},
    {"cardholdername", Category::kPersonName, 0.9, 0},
    {"accountholder", Category::kPersonName, 0.7, 0},
    {"accountholdername", Category::kPersonName, 0.85, 0},
    {"vorname", Category::kPersonName, 0.9, kCompoundHead},
    {"nachname", Category::kPersonName, 0.9, kCompoundHead},
    {"familienname", Category::kPersonName, 0.9, 0},
    {"geburtsname", Category::kPersonName, 0.9, 0},
    {"ansprechpartner", Category::kPersonName, 0.75, 0},
    // the name of a person in a role (the role alone is not enough: recipient_id, holder_type)
    {"holdername", Category::kPersonName, 0.85, 0},
    {"recipientname", Category::kPersonName, 0.85, 0},
    {"receivername", Category::kPersonName, 0.85, 0},
    {"sendername", Category::kPersonName, 0.8, 0},
    {"counterpartyname", Category::kPersonName, 0.75, 0},
    {"beneficiaryname", Category::kPersonName, 0.85, 0},
    {"payeename", Category::kPersonName, 0.8, 0},
    {"payername", Category::kPersonName, 0.8, 0},
    {"displayname", Category::kPersonName, 0.7, 0},
    {"username", std::nullopt, 0.9, 0},  // a login, not a person's name
    {"physician", Category::kPersonName, 0.6, 0},
    {"doctor", Category::kPersonName, 0.55, 0},
    {"arzt", Category::kPersonName, 0.55, 0},
    {"medecin", Category::kPersonName, 0.55, 0},
    {"médecin", Category::kPersonName, 0.55, 0},
    {"medico", Category::kPersonName, 0.55, 0},
    {"médico", Category::kPersonName, 0.55, 0},
    {"nom", Category::kPersonName, 0.5, kExactOnly | kPersonTableBoost},
    {"prenom", Category::kPersonName, 0.9, 0},
    {"prénom", Category::kPersonName, 0.9, 0},
    {"nomdefamille", Category::kPersonName, 0.9, 0},
    {"nomcomplet", Category::kPersonName, 0.9, 0},
    {"nombre", Category::kPersonName, 0.5, kExactOnly | kPersonTableBoost},
    {"nombrecompleto", Category::kPersonName, 0.9, 0},
    {"apellido", Category::kPersonName, 0.9, 0},
    {"apellidos", Category::kPersonName, 0.9, 0},
    // street addresses
    {"address", Category::kStreetAddress, 0.75, 0},
    {"addresses", Category::kStreetAddress, 0.7, 0},
    {"addr", Category::kStreetAddress, 0.6, 0},
    {"street", Category::kStreetAddress, 0.8, 0},
    {"streetaddress", Category::kStreetAddress, 0.9, 0},
    {"streetname", Category::kStreetAddress, 0.85, 0},
    {"addressline", Category::kStreetAddress, 0.9, 0},
    {"homeaddress", Category::kStreetAddress, 0.9, 0},
    {"billingaddress", Category::kStreetAddress, 0.9, 0},
    {"shippingaddress", Category::kStreetAddress, 0.9, 0},
    {"deliveryaddress", Category::kStreetAddress, 0.9, 0},
    {"postaladdress", Category::kStreetAddress, 0.9, 0},
    {"mailingaddress", Category::kStreetAddress, 0.9, 0},
    {"housenumber", Category::kStreetAddress, 0.6, 0},
    {"strasse", Category::kStreetAddress, 0.85, kCompoundHead},
    {"straße", Category::kStreetAddress, 0.85, kCompoundHead},
    {"hausnummer", Category::kStreetAddress, 0.6, 0},
    {"anschrift", Category::kStreetAddress, 0.85, kCompoundHead},
    {"adresse", Category::kStreetAddress, 0.75, kCompoundHead},
    {"adressepostale", Category::kStreetAddress, 0.9, 0},
    {"rue", Category::kStreetAddress, 0.5, 0},
    {"domicile", Category::kStreetAddress, 0.7, 0},
    {"calle", Category::kStreetAddress, 0.8, 0},
    {"direccion", Category::kStreetAddress, 0.7, 0},
    {"dirección", Category::kStreetAddress, 0.7, 0},
    {"domicilio", Category::kStreetAddress, 0.85, 0},
    {"macaddress", std::nullopt, 0, 0},
    {"macaddr", std::nullopt, 0, 0},
    {"hwaddr", std::nullopt, 0, 0},
    {"hardwareaddress", std::nullopt, 0, 0},
    {"webaddress", std::nullopt, 0, 0},
    {"walletaddress", std::nullopt, 0, 0},
    // postal codes
    {"zip", Category::kPostalCode, 0.75, 0},
    {"zipcode", Category::kPostalCode, 0.9, 0},
    {"postalcode", Category::kPostalCode, 0.9, 0},
    {"postcode", Category::kPostalCode, 0.9, 0},
    {"plz", Category::kPostalCode, 0.8, 0},
    {"postleitzahl", Category::kPostalCode, 0.95, 0},
    {"codepostal", Category::kPostalCode, 0.9, 0},
    {"codigopostal", Category::kPostalCode, 0.9, 0},
    {"códigopostal", Category::kPostalCode, 0.9, 0},
    {"zipfile", std::nullopt, 0, 0},
    {"ziparchive", std::nullopt, 0, 0},
    // dates of birth
    {"dob", Category::kDateOfBirth, 0.85, 0},
    {"dateofbirth", Category::kDateOfBirth, 0.95, 0},
    {"birthdate", Category::kDateOfBirth, 0.95, 0},
    {"birthday", Category::kDateOfBirth, 0.85, 0},
    {"bornon", Category::kDateOfBirth, 0.8, 0},
    {"geburtsdatum", Category::kDateOfBirth, 0.95, kCompoundHead},
    {"geburtstag", Category::kDateOfBirth, 0.85, 0},
    {"gebdatum", Category::kDateOfBirth, 0.85, 0},
    {"datenaissance", Category::kDateOfBirth, 0.95, 0},
    {"datedenaissance", Category::kDateOfBirth, 0.95, 0},
    {"naissance", Category::kDateOfBirth, 0.7, 0},
    {"fechanacimiento", Category::kDateOfBirth, 0.95, 0},
    {"fechadenacimiento", Category::kDateOfBirth, 0.95, 0},
    {"nacimiento", Category::kDateOfBirth, 0.7, 0},
    // passwords: stored hashed (or, worse, in clear); either way the password_hash category
    {"password", Category::kPasswordHash, 0.9, 0},
    {"passwd", Category::kPasswordHash, 0.85, 0},
    {"pwd", Category::kPasswordHash, 0.7, 0},
    {"pass", Category::kPasswordHash, 0.5, kExactOnly},
    {"passphrase", Category::kPasswordHash, 0.8, 0},
    {"userpassword", Category::kPasswordHash, 0.9, 0},
    {"passwordhash", Category::kPasswordHash, 0.95, 0},
    {"passwdhash", Category::kPasswordHash, 0.95, 0},
    {"pwdhash", Category::kPasswordHash, 0.9, 0},
    {"passhash", Category::kPasswordHash, 0.9, 0},
    {"hashedpassword", Category::kPasswordHash, 0.95, 0},
    {"hashpassword", Category::kPasswordHash, 0.9, 0},
    {"encryptedpassword", Category::kPasswordHash, 0.95, 0},  // Devise: a bcrypt hash
    {"cryptedpassword", Category::kPasswordHash, 0.95, 0},
    {"passworddigest", Category::kPasswordHash, 0.95, 0},  // Rails has_secure_password
    {"passwort", Category::kPasswordHash, 0.9, 0},
    {"passworthash", Category::kPasswordHash, 0.95, 0},
    {"kennwort", Category::kPasswordHash, 0.9, 0},
    {"motdepasse", Category::kPasswordHash, 0.9, 0},
    {"mdp", Category::kPasswordHash, 0.5, 0},
    {"contrasena", Category::kPasswordHash, 0.9, 0},
    {"contraseña", Category::kPasswordHash, 0.9, 0},
    // secrets: keys and tokens (a public key is none)
    {"secret", Category::kSecret, 0.85, 0},
    {"secrets", Category::kSecret, 0.8, 0},
    {"clientsecret", Category::kSecret, 0.95, 0},
    {"apisecret", Category::kSecret, 0.95, 0},
    {"webhooksecret", Category::kSecret, 0.95, 0},
    {"otpsecret", Category::kSecret, 0.9, 0},
    {"totpsecret", Category::kSecret, 0.9, 0},
    {"mfasecret", Category::kSecret, 0.9, 0},
    {"apikey", Category::kSecret, 0.9, 0},
    {"apitoken", Category::kSecret, 0.9, 0},
    {"apischluessel", Category::kSecret, 0.9, 0},
    {"apischlüssel", Category::kSecret, 0.9, 0},
    {"secretkey", Category::kSecret, 0.95, 0},
    {"secretaccesskey", Category::kSecret, 0.95, 0},
    {"privatekey", Category::kSecret, 0.9, 0},
    {"accesskey", Category::kSecret, 0.8, 0},
    {"signingkey", Category::kSecret, 0.85, 0},
    {"encryptionkey", Category::kSecret, 0.85, 0},
    {"sessionkey", Category::kSecret, 0.8, 0},
    {"sessionid", Category::kSecret, 0.7, 0},
    {"token", Category::kSecret, 0.6, 0},
    {"tokens", Category::kSecret, 0.55, 0},
    {"accesstoken", Category::kSecret, 0.9, 0},
    {"refreshtoken", Category::kSecret, 0.9, 0},
    {"authtoken", Category::kSecret, 0.9, 0},
    {"bearertoken", Category::kSecret, 0.9, 0},
    {"sessiontoken", Category::kSecret, 0.85, 0},
    {"remembertoken", Category::kSecret, 0.85, 0},
    {"confirmationtoken", Category::kSecret, 0.8, 0},
    {"resetpasswordtoken", Category::kSecret, 0.9, 0},
    {"passwordresettoken", Category::kSecret, 0.9, 0},
    {"jwt", Category::kSecret, 0.75, 0},
    {"credential", Category::kSecret, 0.75, 0},
    {"credentials", Category::kSecret, 0.8, 0},
    {"publickey", std::nullopt, 0, 0},
    // geolocation
    {"latitude", Category::kGeolocation, 0.85, 0},
    {"longitude", Category::kGeolocation, 0.85, 0},
    {"lat", Category::kGeolocation, 0.5, 0},
    {"lng", Category::kGeolocation, 0.55, 0},
    {"lon", Category::kGeolocation, 0.5, 0},
    {"latlng", Category::kGeolocation, 0.85, 0},
    {"latlon", Category::kGeolocation, 0.85, 0},
    {"latlong", Category::kGeolocation, 0.85, 0},
    {"lnglat", Category::kGeolocation, 0.85, 0},
    {"geo", Category::kGeolocation, 0.5, 0},
    {"geolocation", Category::kGeolocation, 0.85, 0},
    {"geoloc", Category::kGeolocation, 0.8, 0},
    {"geopoint", Category::kGeolocation, 0.8, 0},
    {"geoposition", Category::kGeolocation, 0.8, 0},
    {"gps", Category::kGeolocation, 0.7, 0},
    {"gpscoordinates", Category::kGeolocation, 0.9, 0},
    {"coordinates", Category::kGeolocation, 0.7, 0},
    {"coords", Category::kGeolocation, 0.7, 0},
    {"location", Category::kGeolocation, 0.5, 0},
    {"breitengrad", Category::kGeolocation, 0.85, 0},
    {"laengengrad", Category::kGeolocation, 0.85, 0},
    {"längengrad", Category::kGeolocation, 0.85, 0},
    {"standort", Category::kGeolocation, 0.5, 0},
    {"geolocalisation", Category::kGeolocation, 0.85, 0},
    {"latitud", Category::kGeolocation, 0.85, 0},
    {"longitud", Category::kGeolocation, 0.5, 0},  // also Spanish for "length"
    {"coordenadas", Category::kGeolocation, 0.75, 0},
    {"ubicacion", Category::kGeolocation, 0.5, 0},
    {"ubicación", Category::kGeolocation, 0.5, 0},
    // Dutch and Italian, the next languages users ask for
    {"emailadres", Category::kEmail, 0.95, 0},
    {"mailadres", Category::kEmail, 0.9, 0},
    {"indirizzoemail", Category::kEmail, 0.95, 0},
    {"posta", Category::kEmail, 0.5, kExactOnly},
    {"telefoonnummer", Category::kPhone, 0.95, kCompoundHead},
    {"telefoon", Category::kPhone, 0.9, kCompoundHead},
    {"mobiel", Category::kPhone, 0.8, 0},
    {"mobielnummer", Category::kPhone, 0.9, 0},
    {"cellulare", Category::kPhone, 0.85, 0},
    {"numerotelefono", Category::kPhone, 0.95, 0},
    {"numerodicellulare", Category::kPhone, 0.95, 0},
    {"rekeningnummer", Category::kIban, 0.7, 0},
    {"contocorrente", Category::kIban, 0.6, 0},
    {"bsn", Category::kNationalId, 0.9, 0},
    {"burgerservicenummer", Category::kNationalId, 0.95, 0},
    {"sofinummer", Category::kNationalId, 0.9, 0},
    {"codicefiscale", Category::kNationalId, 0.95, 0},
    {"cf", Category::kNationalId, 0.4, kExactOnly},
    {"voornaam", Category::kPersonName, 0.9, 0},
    {"achternaam", Category::kPersonName, 0.9, 0},
    {"tussenvoegsel", Category::kPersonName, 0.6, 0},
    {"naam", Category::kPersonName, 0.6, kNeedsPersonTable},
    {"volledigenaam", Category::kPersonName, 0.9, 0},
    {"nome", Category::kPersonName, 0.5, kExactOnly | kPersonTableBoost},
    {"cognome", Category::kPersonName, 0.9, 0},
    {"nominativo", Category::kPersonName, 0.8, 0},
    {"nomecompleto", Category::kPersonName, 0.9, 0},
    {"ownername", Category::kPersonName, 0.75, 0},
    {"adres", Category::kStreetAddress, 0.75, kCompoundHead},
    {"straatnaam", Category::kStreetAddress, 0.8, 0},
    {"huisnummer", Category::kStreetAddress, 0.6, 0},
    {"indirizzo", Category::kStreetAddress, 0.8, 0},
    {"indirizzoresidenza", Category::kStreetAddress, 0.9, 0},
    {"cap", Category::kPostalCode, 0.5, kExactOnly},
    {"codicepostale", Category::kPostalCode, 0.9, 0},
    {"geboortedatum", Category::kDateOfBirth, 0.95, kCompoundHead},
    {"geboortedag", Category::kDateOfBirth, 0.85, 0},
    {"datadinascita", Category::kDateOfBirth, 0.95, 0},
    {"datanascita", Category::kDateOfBirth, 0.95, 0},
    {"wachtwoord", Category::kPasswordHash, 0.9, 0},
    {"parolachiave", Category::kPasswordHash, 0.8, 0},
    {"psk", Category::kSecret, 0.75, 0},
    {"presharedkey", Category::kSecret, 0.9, 0},
    {"wifipassword", Category::kSecret, 0.85, 0},
    {"breedtegraad", Category::kGeolocation, 0.85, 0},
    {"lengtegraad", Category::kGeolocation, 0.85, 0},
    {"latitudine", Category::kGeolocation, 0.85, 0},
    {"longitudine", Category::kGeolocation, 0.85, 0},
};

// Keys are written in at most four words (numero_de_securite_sociale); one more lets a word of
// a key be split in two (e_mail, eMail).
constexpr std::size_t kMaxSpan = 5;

const Entry *Lookup(std::string_view key) {
  static const std::unordered_map<std::string_view, const Entry *> index = [] {
    std::unordered_map<std::string_view, const Entry *> map;
    for (const Entry &entry : kDictionary) map.emplace(entry.key, &entry);
    return map;
  }();
  const auto found = index.find(key);
  return found == index.end() ? nullptr : found->second;
}

// ---- Modifiers ---------------------------------------------------------------------------------

enum class Where { kAnywhere, kBefore, kAfter, kHashing };

struct Modifier {
  std::string_view word;
  Where where;
  bool in_prose;  // also a modifier near a match in a comment ("at", "is", "type" are not)
};

constexpr Modifier kModifiers[] = {
    // state, checks and events about the thing
    {"verified", Where::kAnywhere, true},
    {"verify", Where::kAnywhere, true},
    {"verification", Where::kAnywhere, true},
    {"confirmed", Where::kAnywhere, true},
    {"confirm", Where::kAnywhere, true},
    {"confirmation", Where::kAnywhere, true},
    {"validated", Where::kAnywhere, true},
    {"validation", Where::kAnywhere, true},
    {"valid", Where::kAnywhere, false},
    {"validity", Where::kAnywhere, false},
    {"sent", Where::kAnywhere, true},
    {"changed", Where::kAnywhere, true},
    {"change", Where::kAnywhere, false},
    {"updated", Where::kAnywhere, false},
    {"update", Where::kAnywhere, false},
    {"created", Where::kAnywhere, false},
    {"modified", Where::kAnywhere, false},
    {"reset", Where::kAnywhere, true},
    {"expires", Where::kAnywhere, true},
    {"expiry", Where::kAnywhere, true},
    {"expired", Where::kAnywhere, true},
    {"expiration", Where::kAnywhere, true},
    {"exp", Where::kAnywhere, false},
    {"issued", Where::kAnywhere, false},
    {"revoked", Where::kAnywhere, false},
    {"rotated", Where::kAnywhere, false},
    {"used", Where::kAnywhere, false},
    {"bounced", Where::kAnywhere, false},
    {"bounce", Where::kAnywhere, false},
    {"bounces", Where::kAnywhere, false},
    {"subscribed", Where::kAnywhere, false},
    {"unsubscribed", Where::kAnywhere, false},
    {"subscription", Where::kAnywhere, false},
    {"attempts", Where::kAnywhere, false},
    {"attempt", Where::kAnywhere, false},
    {"tries", Where::kAnywhere, false},
    {"retries", Where::kAnywhere, false},
    {"failures", Where::kAnywhere, false},
    {"error", Where::kAnywhere, false},
    {"errors", Where::kAnywhere, false},
    // booleans and settings
    {"is", Where::kAnywhere, false},
    {"has", Where::kAnywhere, false},
    {"ok", Where::kAnywhere, false},
    {"flag", Where::kAnywhere, false},
    {"flags", Where::kAnywhere, false},
    {"enabled", Where::kAnywhere, false},
    {"enable", Where::kAnywhere, false},
    {"disabled", Where::kAnywhere, false},
    {"allowed", Where::kAnywhere, false},
    {"allow", Where::kAnywhere, false},
    {"blocked", Where::kAnywhere, false},
    {"required", Where::kAnywhere, false},
    {"require", Where::kAnywhere, false},
    {"mandatory", Where::kAnywhere, false},
    {"optional", Where::kAnywhere, false},
    {"visible", Where::kAnywhere, false},
    {"visibility", Where::kAnywhere, false},
    {"hidden", Where::kAnywhere, false},
    {"opt", Where::kAnywhere, false},
    {"optin", Where::kAnywhere, false},
    {"optout", Where::kAnywhere, false},
    {"consent", Where::kAnywhere, false},
    {"preference", Where::kAnywhere, false},
    {"preferences", Where::kAnywhere, false},
    {"pref", Where::kAnywhere, false},
    {"prefs", Where::kAnywhere, false},
    {"notification", Where::kAnywhere, false},
    {"notifications", Where::kAnywhere, false},
    {"notify", Where::kAnywhere, false},
    {"reminder", Where::kAnywhere, false},
    {"campaign", Where::kAnywhere, false},
    {"setting", Where::kAnywhere, false},
    {"settings", Where::kAnywhere, false},
    {"config", Where::kAnywhere, false},
    {"mode", Where::kAnywhere, false},
    {"status", Where::kAnywhere, false},
    {"state", Where::kAnywhere, false},
    {"policy", Where::kAnywhere, false},
    // descriptions of the thing rather than the thing
    {"count", Where::kAnywhere, true},
    {"counts", Where::kAnywhere, true},
    {"cnt", Where::kAnywhere, false},
    {"counter", Where::kAnywhere, false},
    {"type", Where::kAnywhere, false},
    {"types", Where::kAnywhere, false},
    {"kind", Where::kAnywhere, false},
    {"template", Where::kAnywhere, true},
    {"templates", Where::kAnywhere, true},
    {"tpl", Where::kAnywhere, false},
    {"format", Where::kAnywhere, true},
    {"fmt", Where::kAnywhere, false},
    {"length", Where::kAnywhere, true},
    {"len", Where::kAnywhere, false},
    {"size", Where::kAnywhere, false},
    {"strength", Where::kAnywhere, false},
    {"domain", Where::kAnywhere, false},
    {"provider", Where::kAnywhere, false},
    {"masked", Where::kAnywhere, true},
    {"mask", Where::kAnywhere, false},
    {"redacted", Where::kAnywhere, true},
    {"salt", Where::kAnywhere, false},
    {"question", Where::kAnywhere, false},
    {"algorithm", Where::kAnywhere, false},
    {"algo", Where::kAnywhere, false},
    {"scheme", Where::kAnywhere, false},
    {"version", Where::kAnywhere, false},
    {"label", Where::kAnywhere, false},
    {"prefix", Where::kAnywhere, false},
    {"suffix", Where::kAnywhere, false},
    {"pattern", Where::kAnywhere, false},
    {"regex", Where::kAnywhere, false},
    {"column", Where::kAnywhere, false},
    {"field", Where::kAnywhere, false},
    {"frequency", Where::kAnywhere, false},
    {"limit", Where::kAnywhere, false},
    {"quota", Where::kAnywhere, false},
    {"score", Where::kAnywhere, false},
    {"rank", Where::kAnywhere, false},
    {"index", Where::kAnywhere, false},
    {"idx", Where::kAnywhere, false},
    {"ttl", Where::kAnywhere, false},
    {"lifetime", Where::kAnywhere, false},
    {"duration", Where::kAnywhere, false},
    {"interval", Where::kAnywhere, false},
    {"scope", Where::kAnywhere, false},
    {"scopes", Where::kAnywhere, false},
    {"unit", Where::kAnywhere, false},
    {"units", Where::kAnywhere, false},
    {"precision", Where::kAnywhere, false},
    {"accuracy", Where::kAnywhere, false},
    {"radius", Where::kAnywhere, false},
    {"language", Where::kAnywhere, false},
    {"lang", Where::kAnywhere, false},
    {"locale", Where::kAnywhere, false},
    {"country", Where::kAnywhere, false},
    {"extension", Where::kAnywhere, false},
    {"ext", Where::kAnywhere, false},
    {"brand", Where::kAnywhere, false},
    {"issuer", Where::kAnywhere, false},
    {"network", Where::kAnywhere, false},
    // times of events (created_at, mail_sent_at)
    {"at", Where::kAnywhere, false},
    {"date", Where::kAnywhere, false},
    {"time", Where::kAnywhere, false},
    {"timestamp", Where::kAnywhere, false},
    {"datetime", Where::kAnywhere, false},
    {"ts", Where::kAnywhere, false},
    // references to a row that holds the thing: email_id is a foreign key, not an e-mail
    {"id", Where::kAnywhere, false},
    {"ids", Where::kAnywhere, false},
    {"uuid", Where::kAnywhere, false},
    {"fk", Where::kAnywhere, false},
    {"pk", Where::kAnywhere, false},
    {"ref", Where::kAnywhere, false},
    // counting: num_emails, number_of_phones; but phone_number, phone_no
    {"num", Where::kBefore, false},
    {"number", Where::kBefore, false},
    {"nb", Where::kBefore, false},
    {"nbr", Where::kBefore, false},
    {"n", Where::kBefore, false},
    {"no", Where::kBefore, false},
    {"total", Where::kBefore, true},
    {"anzahl", Where::kBefore, true},
    {"cantidad", Where::kBefore, true},
    {"many", Where::kBefore, true},
    {"max", Where::kBefore, false},
    {"min", Where::kBefore, false},
    // parts of a card number: card_last4, card_first6, card_bin
    {"last", Where::kAfter, false},
    {"first", Where::kAfter, false},
    {"bin", Where::kAfter, false},
    {"iin", Where::kAfter, false},
    // hashing: a pseudonym of anything but a password, the stored form of a password
    {"hash", Where::kHashing, true},
    {"hashed", Where::kHashing, true},
    {"digest", Where::kHashing, true},
    {"checksum", Where::kHashing, true},
    {"fingerprint", Where::kHashing, true},
    {"sha", Where::kHashing, true},
    {"md", Where::kHashing, true},
    {"crc", Where::kHashing, false},
    {"hmac", Where::kHashing, true},
    {"crypt", Where::kHashing, false},
    {"bcrypt", Where::kHashing, true},
};

const Modifier *FindModifier(std::string_view word) {
  for (const Modifier &modifier : kModifiers)
    if (modifier.word == word) return &modifier;
  return nullptr;
}

// Does a modifier word at this side of a match of this category cancel it?
bool Cancels(const Modifier &modifier, bool before, Category category) {
  switch (modifier.where) {
    case Where::kAnywhere:
      return true;
    case Where::kBefore:
      return before;
    case Where::kAfter:
      return !before;
    case Where::kHashing:
      return category != Category::kPasswordHash;
  }
  return true;
}

// Words that restate the value: phone_number, iban_no, email_value are as strong as phone, iban.
bool IsNeutral(std::string_view word) {
  for (const std::string_view neutral :
       {"number", "num", "no", "nr", "nbr", "nummer", "numero", "value", "val", "raw", "plain",
        "plaintext", "text", "txt", "str", "string"})
    if (word == neutral) return true;
  return false;
}

// A table of people: the bare "name" of its rows is a person's name.
bool IsPersonTable(std::string_view table) {
  constexpr std::string_view kPeople[] = {
      "customer",   "client",     "cliente",     "user",        "person",    "people",
      "persona",    "personne",   "employee",    "staff",       "member",    "patient",
      "contact",    "kunde",      "kunden",      "mitarbeiter", "benutzer",  "nutzer",
      "empleado",   "usuario",    "utilisateur", "student",     "applicant", "candidate",
      "guest",      "passenger",  "subscriber",  "author",      "teacher",   "driver",
      "personal",   "personen",   "salarie",     "adherent",    "paciente",  "alumno",
      "etudiant",   "étudiant",   "estudiante",  "studente",    "socio",     "miembro",
      "mitglied",   "membre",     "leden",       "klant",       "klanten",   "gebruiker",
      "medewerker", "dipendente", "tenant",      "inquilino",   "donor",     "donateur",
      "borrower",   "ospite",     "huesped",     "traveler",    "traveller", "pasajero",
  };
  for (const Word &word : SplitWords(table)) {
    std::string_view text = word.text;
    for (int pass = 0; pass < 2; ++pass) {
      for (const std::string_view person : kPeople)
        if (text == person) return true;
      // Plurals: customers, clientes, utilisateurs.
      if (text.size() > 3 && text.back() == 's')
        text.remove_suffix(1);
      else
        break;
    }
  }
  return false;
}

// ---- Matching ----------------------------------------------------------------------------------

struct Candidate {
  std::size_t begin, end;  // words [begin, end)
  const Entry *entry;
};

// Every dictionary entry that a run of adjacent words spells, best first (see the top of the file);
// `later_first` breaks the last tie towards the end of a name or the start of a comment.
std::vector<Candidate> FindCandidates(const std::vector<Word> &words, bool later_first) {
  std::vector<Candidate> candidates;
  for (std::size_t begin = 0; begin < words.size(); ++begin) {
    std::string joined;
    for (std::size_t end = begin + 1; end <= words.size() && end - begin <= kMaxSpan; ++end) {
      joined += words[end - 1].text;
      if (const Entry *entry = Lookup(joined)) candidates.push_back({begin, end, entry});
    }
    // A German compound ending in a known head: lieferadresse, rechnungsanschrift.
    const std::string &word = words[begin].text;
    if (Lookup(word) != nullptr) continue;
    for (const Entry &entry : kDictionary) {
      if (!(entry.flags & kCompoundHead) || word.size() < entry.key.size() + 3) continue;
      if (word.compare(word.size() - entry.key.size(), entry.key.size(), entry.key) == 0)
        candidates.push_back({begin, begin + 1, &entry});
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [later_first](const Candidate &a, const Candidate &b) {
                     if (a.end - a.begin != b.end - b.begin)
                       return a.end - a.begin > b.end - b.begin;
                     if (a.entry->strength != b.entry->strength)
                       return a.entry->strength > b.entry->strength;
                     return later_first ? a.begin > b.begin : a.begin < b.begin;
                   });
  return candidates;
}

std::string_view Quote(std::string_view text, const std::vector<Word> &words, std::size_t begin,
                       std::size_t end) {
  return text.substr(words[begin].begin, words[end - 1].end - words[begin].begin);
}

bool IsNegation(std::string_view word) {
  for (const std::string_view negation :
       {"not", "no", "non", "none", "never", "kein", "keine", "keinen", "keiner", "pas", "sin"})
    if (word == negation) return true;
  return false;
}

// The number of words of a marker of sensitive data starting at words[at], or 0.
std::size_t MarkerLength(const std::vector<Word> &words, std::size_t at) {
  const std::string_view word = words[at].text;
  for (const std::string_view single :
       {"pii", "phi", "gdpr", "dsgvo", "rgpd", "ccpa", "hipaa", "confidential", "confidentiel",
        "confidentielle", "confidencial", "vertraulich", "sensitive", "sensible", "sensibel",
        "personenbezogen", "personenbezogene", "personenbezogenen", "restricted"})
    if (word == single) return 1;
  if (at + 1 >= words.size()) return 0;
  const std::string_view next = words[at + 1].text;
  if (word == "personal" && (next == "data" || next == "information" || next == "info")) return 2;
  if (word == "personally" && next == "identifiable") return 2;
  if (word == "donnees" && next == "personnelles") return 2;
  if (word == "données" && next == "personnelles") return 2;
  if (word == "datos" && next == "personales") return 2;
  return 0;
}

// Words that make a whole comment describe a yes/no property ("Whether the e-mail was verified").
bool IsBooleanProse(std::string_view word) {
  return word == "whether" || word == "boolean" || word == "bool";
}

// How many words either side of a match a modifier in a comment reaches ("number of e-mails sent"),
// not counting articles and prepositions ("template of the welcome e-mail").
constexpr std::size_t kProseWindow = 3;

bool IsStopWord(std::string_view word) {
  for (const std::string_view stop :
       {"a",   "an",  "the", "of", "for", "to", "in", "on", "s", "der", "die", "das", "des", "den",
        "dem", "von", "le",  "la", "les", "l",  "du", "de", "d", "el",  "los", "las", "del"})
    if (word == stop) return true;
  return false;
}

std::size_t WindowStart(const std::vector<Word> &words, std::size_t begin) {
  for (std::size_t counted = 0; begin > 0 && counted < kProseWindow; --begin)
    if (!IsStopWord(words[begin - 1].text)) ++counted;
  return begin;
}

std::size_t WindowEnd(const std::vector<Word> &words, std::size_t end) {
  for (std::size_t counted = 0; end < words.size() && counted < kProseWindow; ++end)
    if (!IsStopWord(words[end].text)) ++counted;
  return end;
}

}  // namespace

const char *Name(Category category) {
  switch (category) {
    case Category::kEmail:
      return "email";
    case Category::kPhone:
      return "phone";
    case Category::kCreditCard:
      return "credit_card";
    case Category::kIban:
      return "iban";
    case Category::kNationalId:
      return "national_id";
    case Category::kIpAddress:
      return "ip_address";
    case Category::kPersonName:
      return "person_name";
    case Category::kStreetAddress:
      return "street_address";
    case Category::kPostalCode:
      return "postal_code";
    case Category::kDateOfBirth:
      return "date_of_birth";
    case Category::kPasswordHash:
      return "password_hash";
    case Category::kSecret:
      return "secret";
    case Category::kGeolocation:
      return "geolocation";
  }
  return "unknown";
}

std::optional<Category> ParseCategory(std::string_view name) {
  for (const Category category : kAllCategories)
    if (name == Name(category)) return category;
  return std::nullopt;
}

std::vector<std::string> SplitIdentifier(std::string_view identifier) {
  std::vector<std::string> result;
  for (Word &word : SplitWords(identifier)) result.push_back(std::move(word.text));
  return result;
}

std::optional<NameMatch> MatchColumnName(std::string_view column, std::string_view table) {
  const std::vector<Word> words = SplitWords(column);
  const bool person_table = IsPersonTable(table);
  for (const Candidate &candidate : FindCandidates(words, /*later_first=*/true)) {
    const Entry &entry = *candidate.entry;
    const bool whole = candidate.begin == 0 && candidate.end == words.size();
    if ((entry.flags & (kExactOnly | kNeedsPersonTable)) && !whole) continue;
    if ((entry.flags & kNeedsPersonTable) && !person_table) continue;
    // The best run decides: a blocker (mac_address) or a modifier ends the search, because the
    // shorter runs inside or beside it describe the same thing.
    if (!entry.category) return std::nullopt;
    bool other_words = false;
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (i >= candidate.begin && i < candidate.end) continue;
      const bool before = i < candidate.begin;
      if (const Modifier *modifier = FindModifier(words[i].text))
        if (Cancels(*modifier, before, *entry.category)) return std::nullopt;
      if (!IsNeutral(words[i].text)) other_words = true;
    }
    double strength = entry.strength;
    if (other_words) strength -= 0.1;
    if ((entry.flags & kPersonTableBoost) && person_table) strength += 0.2;
    return NameMatch{*entry.category, std::clamp(strength, 0.05, 1.0),
                     std::string(Quote(column, words, candidate.begin, candidate.end))};
  }
  return std::nullopt;
}

// Prose is weaker evidence than a name (a comment mentions things it is not about), so entries lose
// 0.1 and the ambiguous ones (below 0.6: tel, ip, geo, handy, location) count only in a comment
// that also carries a marker. A marker adds 0.1 (capped at 1). Modifiers reach kProseWindow words
// and only those that read as metadata in prose (verified, count, template, hash, ...).
std::optional<NameMatch> MatchComment(std::string_view comment) {
  const std::vector<Word> words = SplitWords(comment);

  std::size_t marker_begin = 0, marker_end = 0;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (IsBooleanProse(words[i].text)) return std::nullopt;
    const std::size_t length = MarkerLength(words, i);
    if (length == 0) continue;
    for (std::size_t back = 1; back <= 2 && back <= i; ++back)
      if (IsNegation(words[i - back].text)) return std::nullopt;  // "not PII", "non-sensitive"
    if (marker_end == 0) {
      marker_begin = i;
      marker_end = i + length;
    }
  }
  const bool marked = marker_end != 0;

  std::vector<std::pair<std::size_t, std::size_t>> taken;  // runs blocked or cancelled
  const auto overlaps_taken = [&](const Candidate &candidate) {
    for (const auto &[begin, end] : taken)
      if (candidate.begin < end && begin < candidate.end) return true;
    return false;
  };
  for (const Candidate &candidate : FindCandidates(words, /*later_first=*/false)) {
    const Entry &entry = *candidate.entry;
    if (overlaps_taken(candidate)) continue;
    const bool whole = candidate.begin == 0 && candidate.end == words.size();
    if ((entry.flags & kNeedsPersonTable) || ((entry.flags & kExactOnly) && !whole)) continue;
    if (!entry.category) {
      taken.emplace_back(candidate.begin, candidate.end);
      continue;
    }
    if (entry.strength < 0.6 && !marked) continue;
    const std::size_t from = WindowStart(words, candidate.begin);
    const std::size_t to = WindowEnd(words, candidate.end);
    bool cancelled = false;
    for (std::size_t i = from; i < to && !cancelled; ++i) {
      if (i >= candidate.begin && i < candidate.end) continue;
      const Modifier *modifier = FindModifier(words[i].text);
      cancelled = modifier && modifier->in_prose &&
                  Cancels(*modifier, i < candidate.begin, *entry.category);
      // "Number of e-mails" is a count; "phone number" is the value, so "number" alone is not.
      cancelled = cancelled || (i < candidate.begin && words[i].text == "number" &&
                                i + 1 < words.size() && words[i + 1].text == "of");
    }
    if (cancelled) {
      taken.emplace_back(candidate.begin, candidate.end);
      continue;
    }
    double strength = entry.strength - 0.1;
    std::string matched(Quote(comment, words, candidate.begin, candidate.end));
    if (marked) {
      strength += 0.1;
      matched += "; marked ";
      matched += Quote(comment, words, marker_begin, marker_end);
    }
    return NameMatch{*entry.category, std::clamp(strength, 0.05, 1.0), std::move(matched)};
  }
  return std::nullopt;
}

}  // namespace steward::classify
