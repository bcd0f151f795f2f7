// Acting as another role (see security.hpp).
#include "pg/security.hpp"

namespace steward::pg {

// GetUserIdAndSecContext and SetUserIdAndSecContext only read and write two globals: they cannot
// fail, so no Call() is needed.
ActingAs::ActingAs(Oid role) {
  GetUserIdAndSecContext(&saved_user_, &saved_context_);
  SetUserIdAndSecContext(
      role, saved_context_ | SECURITY_LOCAL_USERID_CHANGE | SECURITY_RESTRICTED_OPERATION);
}

ActingAs::~ActingAs() { SetUserIdAndSecContext(saved_user_, saved_context_); }

Oid ExtensionOwner(const Spi &spi) {
  const QueryResult result =
      spi.Query("SELECT extowner FROM pg_catalog.pg_extension WHERE extname = 'pg_steward'");
  return static_cast<Oid>(std::stoul(*result.rows.at(0).at(0)));
}

}  // namespace steward::pg
