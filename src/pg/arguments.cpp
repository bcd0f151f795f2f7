// Reading the arguments of an SQL-callable function (see arguments.hpp).
#include "pg/arguments.hpp"

#include "pg/boundary.hpp"

namespace steward::pg {

std::optional<std::string> TextArgument(FunctionCallInfo fcinfo, int n) {
  if (PG_ARGISNULL(n)) return std::nullopt;
  // Detoasting may fail (out of memory, a corrupt value): under Call.
  return Call([&] { return std::string(text_to_cstring(PG_GETARG_TEXT_PP(n))); });
}

std::optional<std::string> NameArgument(FunctionCallInfo fcinfo, int n) {
  if (PG_ARGISNULL(n)) return std::nullopt;
  return std::string(NameStr(*PG_GETARG_NAME(n)));
}

}  // namespace steward::pg
