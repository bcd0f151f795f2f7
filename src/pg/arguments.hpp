// Reading the arguments of an SQL-callable function into C++ values.
#pragma once

#include "pg/postgres.hpp"

namespace steward::pg {

// The n-th argument, of type text, or std::nullopt when it is NULL.
std::optional<std::string> TextArgument(FunctionCallInfo fcinfo, int n);

// The n-th argument, of type name, or std::nullopt when it is NULL.
std::optional<std::string> NameArgument(FunctionCallInfo fcinfo, int n);

}  // namespace steward::pg
