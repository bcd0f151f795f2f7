// steward.pseudonym(): the deterministic pseudonym that retention's anonymize action writes over
// a personal value: "anon_" and the first 20 hexadecimal digits (80 bits) of its HMAC-SHA-256
// under the database's key (steward.audit_key, readable by the extension's owner only). Equal
// values get equal pseudonyms, so joins and counts still work; without the key nothing leads back.
#include "audit/canonical.hpp"
#include "pg/arguments.hpp"
#include "pg/boundary.hpp"
#include "pg/security.hpp"
#include "pg/spi.hpp"

namespace steward::retention {

namespace {

// The key, read once per backend (it never changes).
const std::string &Key() {
  static std::string key;
  if (!key.empty()) return key;
  pg::Spi spi;
  pg::ActingAs bookkeeper(pg::ExtensionOwner(spi));
  const pg::QueryResult row =
      spi.Query("SELECT encode(key, 'hex') FROM steward.audit_key LIMIT 1");
  if (row.rows.empty() || !row.rows[0][0])
    throw Error(sqlstate::kObjectNotInPrerequisiteState, "steward.audit_key holds no key", {},
                "The extension's install script makes it; reinstall pg_steward.");
  key = *audit::FromHex(*row.rows[0][0]);
  return key;
}

Datum Pseudonym(FunctionCallInfo fcinfo) {
  const std::string value = *pg::TextArgument(fcinfo, 0);  // STRICT: never NULL
  const std::string pseudonym = "anon_" + audit::Hex(audit::HmacSha256(Key(), value)).substr(0, 20);
  return pg::Call([&] { return PointerGetDatum(cstring_to_text(pseudonym.c_str())); });
}

}  // namespace

}  // namespace steward::retention

STEWARD_SQL_FUNCTION(steward_pseudonym, steward::retention::Pseudonym)
