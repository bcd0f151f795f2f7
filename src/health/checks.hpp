// The catalogue of health checks: one query and the texts around it per check (pure C++).
#pragma once


#include <vector>

namespace steward::health {

// What a check needs beyond reading the catalogs, resolved by the PostgreSQL adapter.
enum class Requirement {
  kNone,
  kAllStatistics,     // sees other roles' sessions: superuser or pg_read_all_stats
  kPgStatStatements,  // @pgss@ in the query is replaced by the view, schema-qualified
  kFilesystem,        // the adapter appends statvfs figures for the path in argument 1
};

// A check's query returns one row per candidate finding:
//   1. object (text), 2. value (float8 in the threshold's unit, or NULL),
//   3. minimum status ('WARNING', 'CRITICAL' or NULL), 4.. arguments %1%, %2%, ... of the texts.
// Parameters: $1 warning level, $2 critical level, $3 steward.slow_query_ms (all float8).
// A row is reported when its value reaches a threshold level or it names a minimum status.
struct CheckDefinition {
  const char *name;
  const char *query;
  const char *detail;     // Boost.Format template
  const char *fix;        // Boost.Format template: SQL or a concrete action
  const char *ok_detail;  // what an OK row says when no row was returned
  Requirement requirement;
  // true: the rows are measurements of the server as a whole (connections, disk space), shown
  // as OK rows with their values under include_ok; false: the rows are candidate objects, and
  // an OK row just says ok_detail.
  bool reports_measurements = false;
};

// Every check; ServerChecks() (checks_server.cpp) then SchemaChecks() (checks_schema.cpp).
const std::vector<CheckDefinition> &Checks();
const std::vector<CheckDefinition> &ServerChecks();
const std::vector<CheckDefinition> &SchemaChecks();

}  // namespace steward::health
