// Unit tests of the classification name signal: splitting, names, comments, tricky negatives.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "classify/names.hpp"

namespace steward::classify {
namespace {

using Words = std::vector<std::string>;

// The category a column name suggests, or "-" when none (readable in failure messages).
std::string CategoryOf(std::string_view column, std::string_view table = {}) {
  const auto match = MatchColumnName(column, table);
  return match ? Name(match->category) : "-";
}

std::string CategoryOfComment(std::string_view comment) {
  const auto match = MatchComment(comment);
  return match ? Name(match->category) : "-";
}

double StrengthOf(std::string_view column, std::string_view table = {}) {
  const auto match = MatchColumnName(column, table);
  return match ? match->strength : 0.0;
}

void ExpectAll(const char *category, std::initializer_list<std::string_view> columns) {
  for (const std::string_view column : columns) EXPECT_EQ(CategoryOf(column), category) << column;
}

void ExpectNone(std::initializer_list<std::string_view> columns) {
  for (const std::string_view column : columns) EXPECT_EQ(CategoryOf(column), "-") << column;
}

// ---- Categories --------------------------------------------------------------------------------

TEST(Category, NamesRoundTrip) {
  EXPECT_EQ(kAllCategories.size(), 13u);
  for (const Category category : kAllCategories)
    EXPECT_EQ(ParseCategory(Name(category)), category) << Name(category);
  EXPECT_STREQ(Name(Category::kCreditCard), "credit_card");
  EXPECT_STREQ(Name(Category::kDateOfBirth), "date_of_birth");
  EXPECT_STREQ(Name(Category::kIpAddress), "ip_address");
  EXPECT_STREQ(Name(Category::kGeolocation), "geolocation");
}

TEST(Category, UnknownNames) {
  EXPECT_EQ(ParseCategory(""), std::nullopt);
  EXPECT_EQ(ParseCategory("e-mail"), std::nullopt);
  EXPECT_EQ(ParseCategory("creditcard"), std::nullopt);
  EXPECT_EQ(ParseCategory("email "), std::nullopt);
}

// ---- SplitIdentifier ---------------------------------------------------------------------------

TEST(SplitIdentifier, Cases) {
  EXPECT_EQ(SplitIdentifier("customer_email"), (Words{"customer", "email"}));
  EXPECT_EQ(SplitIdentifier("customerEmail"), (Words{"customer", "email"}));
  EXPECT_EQ(SplitIdentifier("CustomerEmail"), (Words{"customer", "email"}));
  EXPECT_EQ(SplitIdentifier("customer-email"), (Words{"customer", "email"}));
  EXPECT_EQ(SplitIdentifier("CUSTOMER_EMAIL"), (Words{"customer", "email"}));
  EXPECT_EQ(SplitIdentifier("Date of Birth"), (Words{"date", "of", "birth"}));
}

TEST(SplitIdentifier, Acronyms) {
  EXPECT_EQ(SplitIdentifier("IPAddress"), (Words{"ip", "address"}));
  EXPECT_EQ(SplitIdentifier("userID"), (Words{"user", "id"}));
  EXPECT_EQ(SplitIdentifier("customerEMail"), (Words{"customer", "e", "mail"}));
  EXPECT_EQ(SplitIdentifier("SSN"), (Words{"ssn"}));
  EXPECT_EQ(SplitIdentifier("HTTPServerURL"), (Words{"http", "server", "url"}));
}

TEST(SplitIdentifier, DigitsAndSeparators) {
  EXPECT_EQ(SplitIdentifier("address_line2"), (Words{"address", "line"}));
  EXPECT_EQ(SplitIdentifier("email2"), (Words{"email"}));
  EXPECT_EQ(SplitIdentifier("ipv4_addr"), (Words{"ipv", "addr"}));
  EXPECT_EQ(SplitIdentifier("__a__b__"), (Words{"a", "b"}));
  EXPECT_EQ(SplitIdentifier(""), Words{});
  EXPECT_EQ(SplitIdentifier("123_-"), Words{});
}

TEST(SplitIdentifier, Utf8StaysInWords) {
  EXPECT_EQ(SplitIdentifier("teléfono_móvil"), (Words{"teléfono", "móvil"}));
  EXPECT_EQ(SplitIdentifier("Straße"), (Words{"straße"}));
  EXPECT_EQ(SplitIdentifier("prénomClient"), (Words{"prénom", "client"}));
}

// ---- Column names, per category ----------------------------------------------------------------

TEST(ColumnName, Email) {
  ExpectAll("email", {"email", "e_mail", "eMail", "EMail", "customerEMail", "customer_email",
                      "CustomerEmail", "email_address", "EmailAddress", "contact_mail",
                      "unconfirmed_email", "courriel", "adresse_email", "adresse_mail", "correo",
                      "correo_electronico", "EmailAdresse", "e_mail_adresse", "email2"});
}

TEST(ColumnName, Phone) {
  ExpectAll("phone", {"phone",         "phone_number",  "phoneNumber",
                      "PhoneNo",       "home_phone",    "tel",
                      "tel_no",        "telephone",     "téléphone",
                      "mobile",        "mobile_number", "cell_phone",
                      "fax",           "msisdn",        "telefon",
                      "Telefonnummer", "handy",         "handynummer",
                      "telefono",      "teléfono",      "numero_de_telefono",
                      "movil",         "celular",       "portable"});
}

TEST(ColumnName, CreditCard) {
  ExpectAll("credit_card",
            {"credit_card", "creditCardNumber", "CreditCard", "card_number", "cc_num", "ccNumber",
             "pan", "card_pan", "kreditkarte", "Kreditkartennummer", "carte_bancaire",
             "numero_carte", "tarjeta", "numero_tarjeta", "tarjeta_de_credito", "cvv"});
}

TEST(ColumnName, Iban) {
  ExpectAll("iban", {"iban", "IBAN", "customer_iban", "iban_no", "bank_account",
                     "bankAccountNumber", "account_number", "kontonummer", "compte_bancaire", "rib",
                     "cuenta_bancaria", "numero_de_cuenta"});
}

TEST(ColumnName, NationalId) {
  ExpectAll("national_id", {"ssn",
                            "SSN",
                            "social_security_number",
                            "socialSecurityNo",
                            "nino",
                            "national_insurance_number",
                            "national_id",
                            "NationalIdNumber",
                            "tax_id",
                            "passport_number",
                            "drivers_license",
                            "steuer_id",
                            "SteuerID",
                            "steuernummer",
                            "personalausweis",
                            "ausweisnummer",
                            "sozialversicherungsnummer",
                            "insee",
                            "nir",
                            "numero_securite_sociale",
                            "passeport",
                            "dni",
                            "nif",
                            "nie",
                            "pasaporte"});
}

TEST(ColumnName, IpAddress) {
  ExpectAll("ip_address", {"ip", "ip_address", "ipAddress", "IPAddress", "ipv4_address", "ip6",
                           "client_ip", "clientIp", "remote_addr", "last_login_ip", "public_ip",
                           "x_forwarded_for", "adresse_ip", "IpAdresse", "direccion_ip"});
}

TEST(ColumnName, PersonName) {
  ExpectAll("person_name",
            {"first_name",      "firstName",      "FirstName",   "lastname",     "surname",
             "full_name",       "given_name",     "family_name", "middle_name",  "contact_name",
             "cardholder_name", "vorname",        "Nachname",    "familienname", "prenom",
             "prénom",          "nom_de_famille", "nom",         "apellido",     "apellidos",
             "nombre",          "nombre_completo"});
}

TEST(ColumnName, StreetAddress) {
  ExpectAll("street_address",
            {"address", "street", "street_address", "StreetAddress", "address_line1",
             "addressLine2", "billing_address", "shipping_addr", "strasse", "Straße", "anschrift",
             "adresse", "adresse_postale", "rue", "calle", "direccion", "dirección", "domicilio"});
}

TEST(ColumnName, PostalCode) {
  ExpectAll("postal_code",
            {"zip", "zip_code", "zipCode", "ZIPCode", "postal_code", "postcode", "billing_zip",
             "plz", "Postleitzahl", "code_postal", "codigo_postal", "CodigoPostal"});
}

TEST(ColumnName, DateOfBirth) {
  ExpectAll("date_of_birth",
            {"dob", "DOB", "date_of_birth", "dateOfBirth", "birth_date", "birthdate", "birthday",
             "born_on", "geburtsdatum", "Geburtstag", "date_naissance", "date_de_naissance",
             "fecha_nacimiento", "fechaDeNacimiento"});
}

TEST(ColumnName, PasswordHash) {
  ExpectAll("password_hash",
            {"password", "passwd", "pwd", "password_hash", "passwordHash", "PasswordHash",
             "hashed_password", "encrypted_password", "password_digest", "password_sha256",
             "pwd_hash", "user_password", "old_password", "passwort", "kennwort", "mot_de_passe",
             "MotDePasse", "contrasena", "contraseña"});
}

TEST(ColumnName, Secret) {
  ExpectAll("secret", {"secret", "client_secret", "clientSecret", "api_key", "apiKey", "ApiKey",
                       "secret_key", "private_key", "access_token", "refreshToken", "auth_token",
                       "token", "session_token", "reset_password_token", "webhook_secret",
                       "aws_secret_access_key", "jwt", "credentials", "api_schluessel"});
}

TEST(ColumnName, Geolocation) {
  ExpectAll("geolocation",
            {"latitude",    "longitude",       "lat",         "lng",         "lon",
             "lat_lng",     "latLong",         "geo",         "geolocation", "geo_location",
             "gps",         "gps_coordinates", "coordinates", "location",    "home_location",
             "breitengrad", "laengengrad",     "latitud",     "coordenadas", "ubicacion"});
}

// ---- Strengths ---------------------------------------------------------------------------------

TEST(ColumnName, StrengthsOrderExactOverEmbeddedOverAmbiguous) {
  EXPECT_GE(StrengthOf("email"), 0.85);
  EXPECT_GE(StrengthOf("date_of_birth"), 0.9);
  EXPECT_LT(StrengthOf("customer_email"), StrengthOf("email"));
  EXPECT_GE(StrengthOf("customer_email"), 0.7);
  EXPECT_LE(StrengthOf("tel"), 0.6);
  EXPECT_LE(StrengthOf("pan"), 0.6);
  EXPECT_LE(StrengthOf("nom"), 0.6);
  EXPECT_LE(StrengthOf("ip"), 0.6);
  EXPECT_LE(StrengthOf("lat"), 0.6);
  EXPECT_LT(StrengthOf("login_tel"), StrengthOf("tel"));
  EXPECT_GT(StrengthOf("ip_address"), StrengthOf("ip"));
}

TEST(ColumnName, NeutralWordsKeepTheStrength) {
  EXPECT_DOUBLE_EQ(StrengthOf("phone_no"), StrengthOf("phone"));
  EXPECT_DOUBLE_EQ(StrengthOf("iban_number"), StrengthOf("iban"));
  EXPECT_DOUBLE_EQ(StrengthOf("email_value"), StrengthOf("email"));
}

TEST(ColumnName, StrengthsInRange) {
  for (const std::string_view column :
       {"email", "x_email", "tel", "x_tel_y", "nom", "name", "location", "iban", "x_y_z_iban"}) {
    const auto match = MatchColumnName(column, "customers");
    ASSERT_TRUE(match.has_value()) << column;
    EXPECT_GT(match->strength, 0.0) << column;
    EXPECT_LE(match->strength, 1.0) << column;
  }
}

TEST(ColumnName, MatchedQuotesTheOriginalSpelling) {
  EXPECT_EQ(MatchColumnName("customerEMail")->matched, "EMail");
  EXPECT_EQ(MatchColumnName("billing_first_name")->matched, "first_name");
  EXPECT_EQ(MatchColumnName("DateOfBirth")->matched, "DateOfBirth");
}

// ---- Table context -----------------------------------------------------------------------------

TEST(ColumnName, BareNameOnlyInTablesOfPeople) {
  EXPECT_EQ(CategoryOf("name", "customers"), "person_name");
  EXPECT_EQ(CategoryOf("name", "app_users"), "person_name");
  EXPECT_EQ(CategoryOf("Name", "Kunden"), "person_name");
  EXPECT_EQ(CategoryOf("name", "clientes"), "person_name");
  EXPECT_EQ(CategoryOf("name", "products"), "-");
  EXPECT_EQ(CategoryOf("name"), "-");
  EXPECT_EQ(CategoryOf("product_name", "customers"), "-");
  EXPECT_EQ(CategoryOf("file_name", "users"), "-");
  EXPECT_GT(StrengthOf("nom", "clients"), StrengthOf("nom", "produits"));
}

// ---- Tricky negatives --------------------------------------------------------------------------

TEST(ColumnName, MetadataAboutTheThingIsNotTheThing) {
  ExpectNone({"email_verified",
              "email_count",
              "phone_count",
              "has_phone",
              "is_email_confirmed",
              "phone_type",
              "email_template",
              "mail_sent_at",
              "password_changed_at",
              "password_reset_required",
              "token_expires_at",
              "token_count",
              "ip_allowed",
              "zip_code_count",
              "zip_ok",
              "emailVerified",
              "isEmailConfirmed",
              "PhoneType",
              "email_opt_in",
              "email_bounced",
              "phone_country_code",
              "password_length",
              "password_strength",
              "address_type",
              "address_country",
              "card_brand",
              "card_expiry",
              "credit_card_last4",
              "token_type",
              "token_scope",
              "ip_network",
              "secret_question",
              "password_salt",
              "api_key_prefix",
              "location_accuracy",
              "birth_date_verified",
              "email_status",
              "email_domain"});
}

TEST(ColumnName, ForeignKeysToTheThingAreNotTheThing) {
  ExpectNone({"email_id", "address_id", "phone_id", "location_id", "api_key_id", "emailId",
              "address_uuid"});
  // But an identifier that is the thing stays one.
  EXPECT_EQ(CategoryOf("national_id"), "national_id");
  EXPECT_EQ(CategoryOf("tax_id"), "national_id");
}

TEST(ColumnName, CountingWordsCountOnlyBefore) {
  ExpectNone({"num_emails", "number_of_phones", "n_addresses", "total_tokens", "nb_emails"});
  EXPECT_EQ(CategoryOf("phone_number"), "phone");
  EXPECT_EQ(CategoryOf("phone_num"), "phone");
  EXPECT_EQ(CategoryOf("card_number"), "credit_card");
}

TEST(ColumnName, HashesAreOnlyPasswordHashesForPasswords) {
  ExpectNone({"email_hash", "email_sha256", "phone_md5", "token_hash", "api_key_hash",
              "address_checksum"});
  EXPECT_EQ(CategoryOf("password_hash"), "password_hash");
  EXPECT_EQ(CategoryOf("password_md5"), "password_hash");
}

TEST(ColumnName, OrdinaryColumnsAreNotSensitive) {
  ExpectNone({"id",
              "created_at",
              "updated_at",
              "order_number",
              "product_code",
              "invoice_no",
              "status",
              "amount",
              "quantity",
              "description",
              "notes",
              "payload",
              "contact",
              "c3",
              "sku",
              "country_code",
              "currency",
              "user_id",
              "username",
              "hostname",
              "filename",
              "url",
              "tip",
              "hotel",
              "pancake",
              "timezone",
              "zipper",
              "telemetry",
              "nominal",
              "latency",
              "geometry_srid",
              "keyboard",
              "tokenizer",
              "card",
              "key",
              "public_key",
              "mac_address",
              "MacAddress",
              "wallet_address",
              "zip_file",
              "mobile_app",
              "bic",
              "swift"});
}

TEST(ColumnName, EmptyAndOddNames) { ExpectNone({"", "_", "123", "____", "a"}); }

// ---- Comments ----------------------------------------------------------------------------------

TEST(Comment, FindsTheVocabularyInProse) {
  EXPECT_EQ(CategoryOfComment("The customer's e-mail address"), "email");
  EXPECT_EQ(CategoryOfComment("Mobile phone number, E.164"), "phone");
  EXPECT_EQ(CategoryOfComment("Date of birth as entered at registration"), "date_of_birth");
  EXPECT_EQ(CategoryOfComment("Geburtsdatum des Kunden"), "date_of_birth");
  EXPECT_EQ(CategoryOfComment("Adresse e-mail du client"), "email");
  EXPECT_EQ(CategoryOfComment("Número de teléfono del cliente"), "phone");
  EXPECT_EQ(CategoryOfComment("IP address of the client at login"), "ip_address");
  EXPECT_EQ(CategoryOfComment("bcrypt hash of the user's password"), "password_hash");
  EXPECT_EQ(CategoryOfComment("OAuth refresh token"), "secret");
  EXPECT_EQ(CategoryOfComment("Full name, as on the passport"), "person_name");
}

TEST(Comment, MetadataProseIsNotTheThing) {
  EXPECT_EQ(CategoryOfComment("Whether the e-mail address was verified"), "-");
  EXPECT_EQ(CategoryOfComment("Number of e-mails sent to the customer"), "-");
  EXPECT_EQ(CategoryOfComment("Template of the welcome e-mail"), "-");
  EXPECT_EQ(CategoryOfComment("SHA-256 hash of the e-mail, for joins"), "-");
  EXPECT_EQ(CategoryOfComment("MAC address of the device"), "-");
  EXPECT_EQ(CategoryOfComment("Order total in cents"), "-");
  EXPECT_EQ(CategoryOfComment(""), "-");
}

TEST(Comment, AmbiguousWordsNeedAMarker) {
  EXPECT_EQ(CategoryOfComment("Handy for debugging"), "-");
  EXPECT_EQ(CategoryOfComment("geo shard"), "-");
  EXPECT_EQ(CategoryOfComment("tel (PII)"), "phone");
}

TEST(Comment, MarkersRaiseTheStrength) {
  const auto plain = MatchComment("customer e-mail");
  const auto marked = MatchComment("customer e-mail (PII, GDPR)");
  ASSERT_TRUE(plain && marked);
  EXPECT_EQ(marked->category, Category::kEmail);
  EXPECT_GT(marked->strength, plain->strength);
  EXPECT_LE(marked->strength, 1.0);
  EXPECT_EQ(marked->matched, "e-mail; marked PII");
  const auto personal = MatchComment("Wohnadresse; personenbezogene Daten: Straße und Hausnummer");
  ASSERT_TRUE(personal);
  EXPECT_EQ(personal->category, Category::kStreetAddress);
  EXPECT_EQ(CategoryOfComment("Datos personales: fecha de nacimiento"), "date_of_birth");
}

TEST(Comment, AMarkerAloneIsNoCategory) {
  EXPECT_EQ(MatchComment("PII"), std::nullopt);
  EXPECT_EQ(MatchComment("Contains personal data (GDPR art. 4)"), std::nullopt);
  EXPECT_EQ(MatchComment("confidential"), std::nullopt);
}

TEST(Comment, NegatedMarkersSilenceTheComment) {
  EXPECT_EQ(MatchComment("Not PII: a hash of the e-mail for analytics"), std::nullopt);
  EXPECT_EQ(MatchComment("non-sensitive demo phone number"), std::nullopt);
  EXPECT_EQ(MatchComment("Enthält keine personenbezogenen Daten"), std::nullopt);
}

}  // namespace
}  // namespace steward::classify
