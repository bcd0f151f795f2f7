// SQL entry points steward.check_health() and steward.health_status(): run every check of the
// catalogue, each in its own subtransaction, and return the findings.
#include <algorithm>
#include <map>

#include <boost/format.hpp>

#include "pg/spi.hpp"

#include "health/checks.hpp"
#include "health/evaluate.hpp"
#include "health/filesystem.hpp"
#include "pg_steward.hpp"

namespace steward::health {
namespace {

struct Environment {
  std::map<std::string, Threshold> thresholds;
  bool sees_all_statistics = false;
  std::optional<std::string> pg_stat_statements;  // schema-qualified view name
  std::string role;
};

Environment ReadEnvironment(const pg::Spi &spi) {
  Environment environment;
  const pg::QueryResult thresholds = spi.Query(
      "SELECT check_name, warning, critical, enabled, unit, direction "
      "FROM steward.health_threshold");
  for (const pg::Row &row : thresholds.rows) {
    Threshold threshold;
    threshold.check_name = row[0].value_or("");
    threshold.warning = ParseNumber(row[1]);
    threshold.critical = ParseNumber(row[2]);
    threshold.enabled = row[3].value_or("t") == "t";
    threshold.unit = row[4].value_or("");
    threshold.direction = row[5].value_or("above") == "below" ? Direction::kBelow : Direction::kAbove;
    environment.thresholds.emplace(threshold.check_name, threshold);
  }
  const pg::QueryResult facts = spi.Query(
      "SELECT pg_catalog.pg_has_role('pg_read_all_stats', 'USAGE'), "
      "       (SELECT format('%I.pg_stat_statements', n.nspname) FROM pg_catalog.pg_extension e "
      "          JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace "
      "         WHERE e.extname = 'pg_stat_statements'), "
      "       quote_ident(current_user)");
  environment.sees_all_statistics = facts.rows.at(0)[0].value_or("f") == "t";
  environment.pg_stat_statements = facts.rows.at(0)[1];
  environment.role = facts.rows.at(0)[2].value_or("");
  return environment;
}

// A WARNING row for a check that could not run, saying why and how to make it run.
Finding CannotRun(const CheckDefinition &check, const std::string &why, const std::string &fix) {
  Finding finding;
  finding.check_name = check.name;
  finding.status = Status::kWarning;
  finding.detail = (boost::format("check could not run: %1%") % why).str();
  finding.fix = fix;
  return finding;
}

std::string ReplaceAll(std::string text, const std::string &from, const std::string &to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// Appends the statvfs figures to a disk_space row: value, then arguments path, used %, free, total.
void MeasureFilesystemRow(pg::Row &row) {
  std::string path = row.size() > 3 ? row[3].value_or("") : "";
  if (path.empty())
    path = DataDir;
  else if (path == "pg_wal")
    path = std::string(DataDir) + "/pg_wal";
  row.resize(4);
  row[3] = path;
  const std::optional<FilesystemUsage> usage = MeasureFilesystem(path);
  if (!usage) {
    row[2] = "WARNING";
    row.push_back("unknown (statvfs failed)");
    row.push_back("unknown");
    row.push_back("unknown");
    return;
  }
  row[1] = (boost::format("%.4f") % usage->used_percent).str();
  row.push_back((boost::format("%.1f %%") % usage->used_percent).str());
  row.push_back(HumanBytes(usage->available_bytes));
  row.push_back(HumanBytes(usage->total_bytes));
}

void RunCheck(const pg::Spi &spi, const CheckDefinition &check, const Environment &environment,
              bool include_ok, std::vector<Finding> &findings) {
  const auto threshold = environment.thresholds.find(check.name);
  if (threshold == environment.thresholds.end()) {
    findings.push_back(CannotRun(check, "it has no row in steward.health_threshold",
                                 "ALTER EXTENSION pg_steward UPDATE; or reinstall the extension"));
    return;
  }
  if (!threshold->second.enabled) return;

  std::string query = check.query;
  if (check.requirement == Requirement::kAllStatistics && !environment.sees_all_statistics) {
    findings.push_back(CannotRun(
        check,
        (boost::format("role %1% cannot see other roles' sessions") % environment.role).str(),
        (boost::format("GRANT pg_monitor TO %1%;") % environment.role).str()));
    return;
  }
  if (check.requirement == Requirement::kPgStatStatements) {
    if (!environment.pg_stat_statements) {
      findings.push_back(CannotRun(check, "pg_stat_statements is not created in this database",
                                   "CREATE EXTENSION pg_stat_statements; (it must also be in "
                                   "shared_preload_libraries)"));
      return;
    }
    query = ReplaceAll(query, "@pgss@", *environment.pg_stat_statements);
  }

  // Candidate objects below both levels cannot be reported: leave them in the server. (A check
  // that reports measurements keeps every row, for its OK rows.) A level that is NULL is never
  // reached, and least()/greatest() ignore it.
  if (!check.reports_measurements)
    query = (boost::format("SELECT * FROM (%1%) AS candidate(object, value, minimum_status) "
                           "WHERE candidate.minimum_status IS NOT NULL OR candidate.value %2%") %
             query %
             (threshold->second.direction == Direction::kAbove ? ">= least($1, $2)"
                                                              : "<= greatest($1, $2)"))
                .str();

  pg::QueryResult result;
  const std::optional<Error> error = pg::TryInSubtransaction([&] {
    result = spi.Query(query, {pg::Parameter::Float8(threshold->second.warning),
                               pg::Parameter::Float8(threshold->second.critical),
                               pg::Parameter::Float8(static_cast<double>(slow_query_ms))});
  });
  if (error) {
    std::string fix = error->Hint();
    if (error->SqlState() == sqlstate::kInsufficientPrivilege)
      fix = (boost::format("GRANT pg_monitor TO %1%;") % environment.role).str();
    if (fix.empty()) fix = "see the detail; the other checks ran";
    findings.push_back(CannotRun(check, error->what(), fix));
    return;
  }

  // A check whose rows cannot be turned into texts (a defect of ours) reports that, and the
  // other checks still run.
  std::vector<Finding> reported;
  std::vector<Finding> measurements;
  try {
    for (pg::Row &row : result.rows) {
      if (check.requirement == Requirement::kFilesystem) MeasureFilesystemRow(row);
      Finding finding = EvaluateRow(check.name, check.detail, check.fix, threshold->second, row);
      if (finding.status != Status::kOk) {
        reported.push_back(std::move(finding));
      } else if (check.reports_measurements) {
        finding.fix.reset();
        measurements.push_back(std::move(finding));
      }
    }
  } catch (const Error &error) {
    findings.push_back(CannotRun(check, error.what(), "report this as a pg_steward defect"));
    return;
  }
  for (Finding &finding : reported) findings.push_back(std::move(finding));
  if (!reported.empty() || !include_ok) return;

  // Nothing to report: the measurements as OK rows, or one OK row saying what was checked.
  if (!measurements.empty()) {
    for (Finding &finding : measurements) findings.push_back(std::move(finding));
    return;
  }
  Finding finding;
  finding.check_name = check.name;
  finding.status = Status::kOk;
  const std::string threshold_text = FormatThreshold(threshold->second);
  if (!threshold_text.empty()) finding.threshold = threshold_text;
  finding.detail = check.ok_detail;
  findings.push_back(std::move(finding));
}

std::vector<Finding> RunChecks(bool include_ok) {
  // Fresh statistics: a second call in the same transaction must not see the first one's.
  pg::Call([] { pgstat_clear_snapshot(); });
  pg::Spi spi;
  const Environment environment = ReadEnvironment(spi);
  std::vector<Finding> findings;
  for (const CheckDefinition &check : Checks()) RunCheck(spi, check, environment, include_ok, findings);
  std::stable_sort(findings.begin(), findings.end(), [](const Finding &a, const Finding &b) {
    if (a.status != b.status) return a.status > b.status;
    if (a.check_name != b.check_name) return a.check_name < b.check_name;
    return a.object.value_or("") < b.object.value_or("");
  });
  return findings;
}

Datum TextOrNull(const std::optional<std::string> &text, bool *is_null) {
  *is_null = !text.has_value();
  return text ? CStringGetTextDatum(text->c_str()) : Datum(0);
}

Datum CheckHealth(FunctionCallInfo fcinfo) {
  const bool include_ok = !PG_ARGISNULL(0) && PG_GETARG_BOOL(0);
  const std::vector<Finding> findings = RunChecks(include_ok);
  pg::Call([&] {
    InitMaterializedSRF(fcinfo, 0);
    auto *result = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
    for (const Finding &finding : findings) {
      Datum values[7];
      bool nulls[7] = {false, false, false, false, false, false, false};
      values[0] = CStringGetTextDatum(finding.check_name.c_str());
      values[1] = CStringGetTextDatum(StatusName(finding.status));
      values[2] = TextOrNull(finding.object, &nulls[2]);
      values[3] = TextOrNull(finding.value, &nulls[3]);
      values[4] = TextOrNull(finding.threshold, &nulls[4]);
      values[5] = TextOrNull(finding.detail, &nulls[5]);
      values[6] = TextOrNull(finding.fix, &nulls[6]);
      tuplestore_putvalues(result->setResult, result->setDesc, values, nulls);
    }
  });
  return Datum(0);
}

Datum HealthStatus(FunctionCallInfo) {
  const std::vector<Finding> findings = RunChecks(false);
  const Status worst = findings.empty() ? Status::kOk : findings.front().status;
  return pg::Call([&] { return CStringGetTextDatum(StatusName(worst)); });
}

}  // namespace
}  // namespace steward::health

STEWARD_SQL_FUNCTION(check_health, steward::health::CheckHealth)
STEWARD_SQL_FUNCTION(health_status, steward::health::HealthStatus)
