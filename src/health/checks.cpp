// The whole catalogue of health checks, in the order they run.
#include "common/cpp_only.hpp"  // first: this file must not see PostgreSQL headers
#include "health/checks.hpp"

namespace steward::health {

const std::vector<CheckDefinition> &Checks() {
  static const std::vector<CheckDefinition> all = [] {
    std::vector<CheckDefinition> checks = ServerChecks();
    const std::vector<CheckDefinition> &schema = SchemaChecks();
    checks.insert(checks.end(), schema.begin(), schema.end());
    return checks;
  }();
  return all;
}

}  // namespace steward::health
