// SPI from C++ (see spi.hpp).
#include "pg/spi.hpp"

#include <cstring>

namespace steward::pg {

Spi::Spi() {
  // SPI_connect makes SPI's procedure context current; switch back so that whatever the caller
  // allocates (a result for PostgreSQL above all) outlives SPI_finish.
  Call([] {
    MemoryContext caller = CurrentMemoryContext;
    if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
    MemoryContextSwitchTo(caller);
  });
}

Spi::~Spi() {
  // After a PostgreSQL error the SPI stack is cleaned up by the (sub)transaction abort; SPI_finish
  // then just reports that it is not connected, which is harmless.
  try {
    Call([] { SPI_finish(); });
  } catch (...) {
  }
}

QueryResult Spi::Run(const std::string &sql, const std::vector<Parameter> &parameters,
                     bool read_only) const {
  const int parameter_count = static_cast<int>(parameters.size());
  // Cells copied out of SPI memory, in a context of their own freed below; raw pointers only,
  // because the PostgreSQL calls here may longjmp.
  struct Raw {
    MemoryContext context;
    char **names;
    char **cells;
    std::uint64_t rows;
    int columns;
  };
  Raw raw = Call([&]() -> Raw {
    Raw out{};
    out.context =
        AllocSetContextCreate(CurrentMemoryContext, "pg_steward query", ALLOCSET_DEFAULT_SIZES);
    MemoryContext previous = MemoryContextSwitchTo(out.context);
    Oid *types = static_cast<Oid *>(palloc0(sizeof(Oid) * (parameter_count + 1)));
    Datum *values = static_cast<Datum *>(palloc0(sizeof(Datum) * (parameter_count + 1)));
    char *nulls = static_cast<char *>(palloc0(parameter_count + 1));
    for (int i = 0; i < parameter_count; ++i) {
      const Parameter &p = parameters[i];
      types[i] = p.type;
      bool is_null = p.type == FLOAT8OID ? !p.number.has_value() : !p.text.has_value();
      nulls[i] = is_null ? 'n' : ' ';
      if (!is_null)
        values[i] = p.type == FLOAT8OID ? Float8GetDatum(*p.number)
                                        : PointerGetDatum(cstring_to_text(p.text->c_str()));
    }
    MemoryContextSwitchTo(previous);
    int rc =
        SPI_execute_with_args(sql.c_str(), parameter_count, types, values, nulls, read_only, 0);
    if (rc < 0) elog(ERROR, "SPI_execute_with_args failed: %s", SPI_result_code_string(rc));
    if (SPI_tuptable == nullptr) return out;
    TupleDesc desc = SPI_tuptable->tupdesc;
    MemoryContextSwitchTo(out.context);
    out.rows = SPI_processed;
    out.columns = desc->natts;
    out.names = static_cast<char **>(palloc0(sizeof(char *) * desc->natts));
    for (int c = 0; c < desc->natts; ++c) out.names[c] = SPI_fname(desc, c + 1);
    out.cells = static_cast<char **>(
        MemoryContextAllocHuge(out.context, sizeof(char *) * desc->natts * (SPI_processed + 1)));
    for (std::uint64_t r = 0; r < SPI_processed; ++r)
      for (int c = 0; c < desc->natts; ++c)
        out.cells[r * desc->natts + c] = SPI_getvalue(SPI_tuptable->vals[r], desc, c + 1);
    MemoryContextSwitchTo(previous);
    SPI_freetuptable(SPI_tuptable);
    return out;
  });

  QueryResult result;
  try {
    result.columns.reserve(raw.columns);
    for (int c = 0; c < raw.columns; ++c) result.columns.emplace_back(raw.names[c]);
    result.rows.reserve(raw.rows);
    for (std::uint64_t r = 0; r < raw.rows; ++r) {
      Row row;
      row.reserve(raw.columns);
      for (int c = 0; c < raw.columns; ++c) {
        const char *cell = raw.cells[r * raw.columns + c];
        row.emplace_back(cell ? Cell(cell) : std::nullopt);
      }
      result.rows.push_back(std::move(row));
    }
  } catch (...) {
    Call([&] { MemoryContextDelete(raw.context); });
    throw;
  }
  Call([&] { MemoryContextDelete(raw.context); });
  return result;
}

}  // namespace steward::pg
