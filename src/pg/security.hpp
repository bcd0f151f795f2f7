// Acting as another role for a bounded piece of work, the way SECURITY DEFINER functions do.
#pragma once

#include "pg/spi.hpp"

namespace steward::pg {

// While alive, SQL runs with the privileges of `role` as a security-restricted operation (no SET
// ROLE, no temporary objects); the caller's user and security context come back on destruction,
// and PostgreSQL restores them by itself when a (sub)transaction aborts. Use it only for SQL of
// the extension's own, on the extension's own tables, after checking what the caller may do.
class ActingAs {
 public:
  explicit ActingAs(Oid role);
  ~ActingAs();
  ActingAs(const ActingAs &) = delete;
  ActingAs &operator=(const ActingAs &) = delete;

 private:
  Oid saved_user_;
  int saved_context_;
};

// The role that owns pg_steward in this database: its bookkeeping tables are written as that role.
Oid ExtensionOwner(const Spi &spi);

}  // namespace steward::pg
