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

namespace {

// Cells copied out of SPI memory, in a context of their own; raw pointers only, because the
// PostgreSQL calls that fill them may longjmp.
struct Raw {
  MemoryContext context;
  char **names;
  char **cells;
  std::uint64_t rows;
  int columns;
};

// The parameters as SPI wants them, allocated in the current memory context.
struct Arguments {
  Oid *types;
  Datum *values;
  char *nulls;
};

Arguments MakeArguments(const std::vector<Parameter> &parameters) {
  const int count = static_cast<int>(parameters.size());
  Arguments arguments{static_cast<Oid *>(palloc0(sizeof(Oid) * (count + 1))),
                      static_cast<Datum *>(palloc0(sizeof(Datum) * (count + 1))),
                      static_cast<char *>(palloc0(count + 1))};
  for (int i = 0; i < count; ++i) {
    const Parameter &p = parameters[i];
    arguments.types[i] = p.type;
    const bool is_null = p.type == FLOAT8OID ? !p.number.has_value() : !p.text.has_value();
    arguments.nulls[i] = is_null ? 'n' : ' ';
    if (!is_null)
      arguments.values[i] = p.type == FLOAT8OID ? Float8GetDatum(*p.number)
                                                : PointerGetDatum(cstring_to_text(p.text->c_str()));
  }
  return arguments;
}

// Copies SPI_tuptable as text into out.context and frees it. Inside Call only; it leaves the
// current memory context as it found it (SPI's, after an SPI call).
void CopyTuptable(Raw &out) {
  if (SPI_tuptable == nullptr) return;
  TupleDesc desc = SPI_tuptable->tupdesc;
  MemoryContext previous = MemoryContextSwitchTo(out.context);
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
}

// The C++ copy of raw, whose memory context is deleted in every case.
QueryResult ToResult(const Raw &raw) {
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

}  // namespace

QueryResult Spi::Run(const std::string &sql, const std::vector<Parameter> &parameters,
                     bool read_only, Snapshot snapshot) const {
  const Raw raw = Call([&]() -> Raw {
    // SPI calls return in SPI's procedure context: the caller's is restored at the end.
    MemoryContext caller = CurrentMemoryContext;
    Raw out{};
    out.context = AllocSetContextCreate(caller, "pg_steward query", ALLOCSET_DEFAULT_SIZES);
    MemoryContextSwitchTo(out.context);
    const Arguments arguments = MakeArguments(parameters);
    MemoryContextSwitchTo(caller);
    const int count = static_cast<int>(parameters.size());
    int rc;
    if (snapshot == nullptr) {
      rc = SPI_execute_with_args(sql.c_str(), count, arguments.types, arguments.values,
                                 arguments.nulls, read_only, 0);
    } else {
      SPIPlanPtr plan = SPI_prepare(sql.c_str(), count, arguments.types);
      if (plan == nullptr)
        elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
      rc = SPI_execute_snapshot(plan, arguments.values, arguments.nulls, snapshot,
                                InvalidSnapshot, read_only, false, 0);
    }
    if (rc < 0) elog(ERROR, "SPI_execute_with_args failed: %s", SPI_result_code_string(rc));
    CopyTuptable(out);
    MemoryContextSwitchTo(caller);
    return out;
  });
  return ToResult(raw);
}

void Spi::Stream(const std::string &sql, const std::vector<Parameter> &parameters, long chunk_rows,
                 const std::function<void(QueryResult &&)> &consume) const {
  Portal portal = Call([&]() -> Portal {
    MemoryContext caller = CurrentMemoryContext;
    const Arguments arguments = MakeArguments(parameters);
    Portal opened =
        SPI_cursor_open_with_args(nullptr, sql.c_str(), static_cast<int>(parameters.size()),
                                  arguments.types, arguments.values, arguments.nulls, true, 0);
    MemoryContextSwitchTo(caller);
    if (opened == nullptr)
      elog(ERROR, "SPI_cursor_open failed: %s", SPI_result_code_string(SPI_result));
    return opened;
  });
  try {
    for (;;) {
      const Raw raw = Call([&]() -> Raw {
        MemoryContext caller = CurrentMemoryContext;
        Raw out{};
        out.context = AllocSetContextCreate(caller, "pg_steward cursor", ALLOCSET_DEFAULT_SIZES);
        SPI_cursor_fetch(portal, true, chunk_rows);
        CopyTuptable(out);
        MemoryContextSwitchTo(caller);
        return out;
      });
      QueryResult chunk = ToResult(raw);
      if (chunk.rows.empty()) break;
      consume(std::move(chunk));
    }
  } catch (...) {
    Call([&] { SPI_cursor_close(portal); });
    throw;
  }
  Call([&] { SPI_cursor_close(portal); });
}

}  // namespace steward::pg
