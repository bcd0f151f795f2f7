// pg_stat_statements' normalised query texts put $n where constants were. Most stay valid SQL;
// a typed literal does not: date '2024-01-01' becomes date $1, which PostgreSQL cannot parse.
// RepairNormalizedQuery() rewrites those forms into casts ($1::date). Pure C++.
#pragma once

#include <string>

namespace steward::advisor {

// The text with every "<type name> $n" (date, time, timestamp, timestamptz, interval, the
// numeric, text, boolean, json and network types, with or without "with/without time zone")
// turned into "$n::<type name>", outside string literals, quoted identifiers and comments.
std::string RepairNormalizedQuery(const std::string &text);

}  // namespace steward::advisor
