// SPI from C++: a connection object and queries whose results come back as C++ strings.
#pragma once

#include <functional>

#include "pg/boundary.hpp"

namespace steward::pg {

using Cell = std::optional<std::string>;
using Row = std::vector<Cell>;

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<Row> rows;
};

// A query parameter: float8 or text, either of which may be NULL.
struct Parameter {
  Oid type;
  std::optional<double> number;
  std::optional<std::string> text;

  static Parameter Float8(std::optional<double> value) { return {FLOAT8OID, value, std::nullopt}; }
  static Parameter Text(std::optional<std::string> value) {
    return {TEXTOID, std::nullopt, std::move(value)};
  }
};

// One SPI connection for the lifetime of the object (SPI_connect ... SPI_finish). Allocations
// stay in the caller's memory context, not in SPI's, so results survive the connection.
class Spi {
 public:
  Spi();
  ~Spi();
  Spi(const Spi &) = delete;
  Spi &operator=(const Spi &) = delete;

  // Runs a read-only statement and copies every row out of PostgreSQL memory. It sees the
  // snapshot of the calling statement: not what Execute wrote since.
  QueryResult Query(const std::string &sql, const std::vector<Parameter> &parameters = {}) const {
    return Run(sql, parameters, true);
  }

  // Runs a read-only statement in the given snapshot (registered by the caller), not the
  // statement's: what another process that imported the same snapshot sees (pg_dump --snapshot).
  QueryResult QueryInSnapshot(const std::string &sql, Snapshot snapshot,
                              const std::vector<Parameter> &parameters = {}) const {
    return Run(sql, parameters, true, snapshot);
  }

  // Runs a read-only query through a cursor and hands its rows to consume, chunk_rows at a time:
  // memory holds one chunk, whatever the size of the result. consume may run other queries.
  void Stream(const std::string &sql, const std::vector<Parameter> &parameters, long chunk_rows,
              const std::function<void(QueryResult &&)> &consume) const;

  // Runs any statement (rows of RETURNING come back), in a new snapshot that sees earlier writes.
  QueryResult Execute(const std::string &sql, const std::vector<Parameter> &parameters = {}) const {
    return Run(sql, parameters, false);
  }

 private:
  QueryResult Run(const std::string &sql, const std::vector<Parameter> &parameters,
                  bool read_only, Snapshot snapshot = nullptr) const;
};

}  // namespace steward::pg
