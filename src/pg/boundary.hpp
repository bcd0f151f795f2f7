// The C++/PostgreSQL error boundary: GuardEntry turns C++ exceptions into ereport(ERROR) at every
// entry point PostgreSQL calls; Call turns ereport(ERROR) into a C++ exception at every call out.
#pragma once

#include "pg/postgres.hpp"

#include "common/error.hpp"

namespace steward::pg {

// An error captured in a catch block, held in trivially destructible storage so that it can
// cross the longjmp of ereport. Strings are palloc'd in the current memory context.
struct PendingError {
  int sqlerrcode;
  const char *message;
  const char *detail;
  const char *hint;
};

// Fills `pending` from the exception being handled; call only inside a catch block. It neither
// throws nor ereports (allocation failures fall back to static texts).
void CaptureCurrentException(PendingError *pending) noexcept;

// ereport(ERROR) from a captured error. Call only where no C++ object with a destructor is alive
// in any frame between here and PostgreSQL's handler.
[[noreturn]] void RaisePendingError(const PendingError &pending);

// Runs the body of a function PostgreSQL calls. Every C++ object the body creates is destroyed
// before the error is raised: the exception is copied inside the catch, and ereport runs after
// the catch scope has ended.
template <typename Body>
Datum GuardEntry(Body &&body) noexcept {
  PendingError pending{};
  try {
    return body();
  } catch (...) {
    CaptureCurrentException(&pending);
  }
  RaisePendingError(pending);
}

// Runs callback(arg) under PG_TRY. A PostgreSQL error is copied into the caller's memory context,
// the error state is flushed, and the copy is returned (nullptr when none). A C++ exception
// thrown by the callback is stored in *cpp_exception, never unwound through PG_TRY.
ErrorData *RunCatchingPostgresError(void (*callback)(void *), void *arg,
                                    std::exception_ptr *cpp_exception) noexcept;

// Converts a copied PostgreSQL error into steward::Error (keeping SQLSTATE, message, detail,
// hint), frees it, and throws.
[[noreturn]] void ThrowPostgresError(ErrorData *error);

// Calls into PostgreSQL from C++. `fn` may call anything that ereports; while it runs, it must
// not hold C++ objects with destructors across such a call, because a longjmp would skip them.
// Returns what `fn` returns; a PostgreSQL error comes back as steward::Error.
template <typename Fn>
auto Call(Fn &&fn) -> std::invoke_result_t<Fn &> {
  using Result = std::invoke_result_t<Fn &>;
  using Function = std::remove_reference_t<Fn>;
  std::exception_ptr cpp_exception;
  if constexpr (std::is_void_v<Result>) {
    ErrorData *error = RunCatchingPostgresError(
        [](void *arg) { (*static_cast<Function *>(arg))(); }, &fn, &cpp_exception);
    if (error != nullptr) ThrowPostgresError(error);
    if (cpp_exception) std::rethrow_exception(cpp_exception);
  } else {
    struct Frame {
      Function *fn;
      std::optional<Result> result;
    } frame{&fn, std::nullopt};
    ErrorData *error = RunCatchingPostgresError(
        [](void *arg) {
          auto *f = static_cast<Frame *>(arg);
          f->result.emplace((*f->fn)());
        },
        &frame, &cpp_exception);
    if (error != nullptr) ThrowPostgresError(error);
    if (cpp_exception) std::rethrow_exception(cpp_exception);
    return std::move(*frame.result);
  }
}

// Runs fn in an internal subtransaction, the way PL/pgSQL runs a block with an EXCEPTION clause.
// Returns the error when fn failed (its work rolled back), std::nullopt when it committed.
// Cancellation, shutdown and resource exhaustion (SQLSTATE classes 57 and 53) are rethrown.
struct SubtransactionScope {
  MemoryContext context;
  ResourceOwner owner;
};
SubtransactionScope BeginSubtransaction();
void ReleaseSubtransaction(const SubtransactionScope &scope);
void RollbackSubtransaction(const SubtransactionScope &scope);

template <typename Fn>
std::optional<Error> TryInSubtransaction(Fn &&fn) {
  const SubtransactionScope scope = BeginSubtransaction();
  try {
    fn();
  } catch (const Error &error) {
    RollbackSubtransaction(scope);
    const std::string error_class = error.SqlStateClass();
    if (error_class == "57" || error_class == "53") throw;
    return error;
  } catch (...) {
    RollbackSubtransaction(scope);
    throw;
  }
  ReleaseSubtransaction(scope);
  return std::nullopt;
}

}  // namespace steward::pg

// Declares an SQL-callable C function whose body is `steward_body(fcinfo)`, run under GuardEntry.
#define STEWARD_SQL_FUNCTION(sql_symbol, steward_body)                                        \
  extern "C" {                                                                                \
  PG_FUNCTION_INFO_V1(sql_symbol);                                                            \
  Datum sql_symbol(PG_FUNCTION_ARGS) {                                                        \
    return steward::pg::GuardEntry([fcinfo]() -> Datum { return steward_body(fcinfo); });     \
  }                                                                                           \
  }
