// Functions that exercise the error boundary from SQL. The library carries them, but only the
// test harness creates SQL functions for them (test/sql/setup_selftest.sql, schema steward_test).
#include <malloc.h>

#include <atomic>
#include <memory>

#include "pg/arguments.hpp"
#include "pg/spi.hpp"

namespace steward::pg {
namespace {

std::int64_t destructor_runs = 0;

// Its destructor leaves a mark that SQL can read after the error.
class Sentinel {
 public:
  Sentinel() : buffer_(new char[4096]) {}
  ~Sentinel() { ++destructor_runs; }

 private:
  std::unique_ptr<char[]> buffer_;  // heap memory that would leak if the destructor were skipped
};

// A text argument, NULL read as the empty string.
std::string Text(FunctionCallInfo fcinfo, int n) { return TextArgument(fcinfo, n).value_or(""); }

[[noreturn]] void ThrowDeep(int depth, const std::string &sqlstate, const std::string &message,
                            const std::string &detail, const std::string &hint) {
  Sentinel sentinel;
  if (depth > 0) ThrowDeep(depth - 1, sqlstate, message, detail, hint);
  throw Error(sqlstate, message, detail, hint);
}

// raise_cpp_error(sqlstate, message, detail, hint): throws steward::Error ten frames deep.
Datum RaiseCppError(FunctionCallInfo fcinfo) {
  Sentinel sentinel;
  ThrowDeep(10, Text(fcinfo, 0), Text(fcinfo, 1), Text(fcinfo, 2), Text(fcinfo, 3));
}

// run_query(sql): runs sql through SPI under C++ frames holding objects; returns the first
// column of the first row.
Datum RunQuery(FunctionCallInfo fcinfo) {
  Sentinel sentinel;
  const std::string sql = Text(fcinfo, 0);
  Spi spi;
  std::vector<Sentinel> more(3);
  const QueryResult result = spi.Query(sql);
  std::string first;
  if (!result.rows.empty() && !result.rows[0].empty()) first = result.rows[0][0].value_or("");
  return Call([&] { return CStringGetTextDatum(first.c_str()); });
}

// catch_in_subtransaction(sql): runs sql in a subtransaction; returns "ok" or "SQLSTATE: message"
// and carries on, the way check_health() survives a check that fails.
Datum CatchInSubtransaction(FunctionCallInfo fcinfo) {
  const std::string sql = Text(fcinfo, 0);
  Spi spi;
  const std::optional<Error> error = TryInSubtransaction([&] {
    Sentinel sentinel;
    spi.Query(sql);
  });
  const std::string outcome = error ? error->SqlState() + ": " + error->what() : "ok";
  return Call([&] { return CStringGetTextDatum(outcome.c_str()); });
}

Datum DestructorRuns(FunctionCallInfo) { return Int64GetDatum(destructor_runs); }

// Bytes the C/C++ heap (malloc) holds, which pg_backend_memory_contexts does not see.
Datum HeapBytes(FunctionCallInfo) {
  const struct mallinfo2 info = mallinfo2();
  return Int64GetDatum(static_cast<std::int64_t>(info.uordblks + info.hblkhd));
}

}  // namespace
}  // namespace steward::pg

STEWARD_SQL_FUNCTION(steward_selftest_raise_cpp_error, steward::pg::RaiseCppError)
STEWARD_SQL_FUNCTION(steward_selftest_run_query, steward::pg::RunQuery)
STEWARD_SQL_FUNCTION(steward_selftest_catch_in_subtransaction, steward::pg::CatchInSubtransaction)
STEWARD_SQL_FUNCTION(steward_selftest_destructor_runs, steward::pg::DestructorRuns)
STEWARD_SQL_FUNCTION(steward_selftest_heap_bytes, steward::pg::HeapBytes)
