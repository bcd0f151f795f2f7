// steward.run_job(): a job run now, in the caller's session and transaction, as the job's owner,
// recorded in steward.job_run like a scheduled run.
#include "pg/arguments.hpp"
#include "pg/boundary.hpp"
#include "pg/security.hpp"
#include "pg/spi.hpp"
#include "worker/command.hpp"
#include "worker/scheduler.hpp"

extern "C" {
#include "miscadmin.h"
#include "utils/builtins.h"
}

namespace steward::worker {

namespace {

pg::Parameter Text(const char *value) {
  return pg::Parameter::Text(value != nullptr ? std::optional<std::string>(value) : std::nullopt);
}

Datum RunJob(FunctionCallInfo fcinfo) {
  const std::string name = *pg::TextArgument(fcinfo, 0);
  pg::Spi spi;
  // As the caller: steward.job_of_caller() raises unless the caller may manage the job.
  const pg::QueryResult job = spi.Execute(
      "SELECT job_id, name, command, owner::oid, extract(epoch FROM timeout) * 1000 "
      "FROM steward.job_of_caller($1)",
      {pg::Parameter::Text(name)});
  const pg::Row &row = job.rows.at(0);
  const std::string job_id = *row[0], command = *row[2];
  const Oid owner = static_cast<Oid>(std::stoul(*row[3]));
  const auto timeout_ms = static_cast<int64>(std::stod(*row[4]));
  const Oid extension_owner = pg::ExtensionOwner(spi);

  std::string run_id;
  {
    pg::ActingAs bookkeeper(extension_owner);
    const pg::QueryResult inserted = spi.Execute(
        "INSERT INTO steward.job_run (job_id, job_name, trigger, status, pid) "
        "VALUES ($1::bigint, $2, 'run_job', 'running', pg_backend_pid()) RETURNING run_id",
        {pg::Parameter::Text(job_id), pg::Parameter::Text(*row[1])});
    run_id = *inserted.rows.at(0).at(0);
  }
  const CommandOutcome outcome =
      pg::Call([&] { return RunCommandInTransaction(command.c_str(), timeout_ms, owner); });
  {
    pg::ActingAs bookkeeper(extension_owner);
    spi.Execute(kFinishRunSql, {Text(run_id.c_str()), Text(outcome.status), Text(outcome.message),
                                Text(outcome.rows), Text(outcome.tag), Text(outcome.result)});
  }
  if (strcmp(outcome.status, "succeeded") != 0)
    pg::Call([&] {
      ereport(WARNING,
              (errmsg("job \"%s\" %s: %s", name.c_str(),
                      strcmp(outcome.status, "timed_out") == 0 ? "timed out" : "failed",
                      outcome.message),
               errhint("The run is recorded in steward.job_run (run_id %s).", run_id.c_str())));
    });
  return Int64GetDatum(std::stoll(run_id));
}

}  // namespace

}  // namespace steward::worker

STEWARD_SQL_FUNCTION(steward_execute_job, steward::worker::RunJob)
