// Implementation of the error boundary (see boundary.hpp for the rules it enforces).
#include "pg/boundary.hpp"

#include <cstring>
#include <new>

namespace steward::pg {
namespace {

// Longest text copied out of an exception; keeps the allocation below MaxAllocSize.
constexpr std::size_t kMaxErrorText = 64 * 1024;

// Copies text without ereport: on allocation failure returns `fallback`.
const char *CopyNoThrow(const char *text, const char *fallback) noexcept {
  if (text == nullptr) return nullptr;
  std::size_t length = std::strlen(text);
  if (length > kMaxErrorText) length = kMaxErrorText;
  auto *copy = static_cast<char *>(
      MemoryContextAllocExtended(CurrentMemoryContext, length + 1, MCXT_ALLOC_NO_OOM));
  if (copy == nullptr) return fallback;
  std::memcpy(copy, text, length);
  copy[length] = '\0';
  return copy;
}

const char *CopyNoThrow(const std::string &text) noexcept {
  if (text.empty()) return nullptr;
  return CopyNoThrow(text.c_str(), nullptr);
}

int SqlStateCode(const std::string &sqlstate) noexcept {
  if (sqlstate.size() != 5) return ERRCODE_INTERNAL_ERROR;
  return MAKE_SQLSTATE(sqlstate[0], sqlstate[1], sqlstate[2], sqlstate[3], sqlstate[4]);
}

}  // namespace

void CaptureCurrentException(PendingError *pending) noexcept {
  static const char kOutOfMemory[] = "out of memory while reporting a pg_steward error";
  try {
    throw;
  } catch (const Error &error) {
    pending->sqlerrcode = SqlStateCode(error.SqlState());
    pending->message = CopyNoThrow(error.what(), kOutOfMemory);
    pending->detail = CopyNoThrow(error.Detail());
    pending->hint = CopyNoThrow(error.Hint());
  } catch (const std::bad_alloc &) {
    pending->sqlerrcode = ERRCODE_OUT_OF_MEMORY;
    pending->message = "out of memory in pg_steward";
  } catch (const std::exception &error) {
    pending->sqlerrcode = ERRCODE_INTERNAL_ERROR;
    pending->message = CopyNoThrow(error.what(), "unexpected C++ exception in pg_steward");
  } catch (...) {
    pending->sqlerrcode = ERRCODE_INTERNAL_ERROR;
    pending->message = "unexpected C++ exception of unknown type in pg_steward";
  }
}

void RaisePendingError(const PendingError &pending) {
  ereport(ERROR, (errcode(pending.sqlerrcode), errmsg_internal("%s", pending.message),
                  pending.detail ? errdetail_internal("%s", pending.detail) : 0,
                  pending.hint ? errhint("%s", pending.hint) : 0));
  pg_unreachable();
}

ErrorData *RunCatchingPostgresError(void (*callback)(void *), void *arg,
                                    std::exception_ptr *cpp_exception) noexcept {
  MemoryContext caller_context = CurrentMemoryContext;
  ErrorData *volatile copied = nullptr;
  PG_TRY();
  {
    try {
      callback(arg);
    } catch (...) {
      *cpp_exception = std::current_exception();
    }
  }
  PG_CATCH();
  {
    MemoryContextSwitchTo(caller_context);
    copied = CopyErrorData();
    FlushErrorState();
  }
  PG_END_TRY();
  return copied;
}

void ThrowPostgresError(ErrorData *error) {
  const char *state = unpack_sql_state(error->sqlerrcode);
  std::string sqlstate(state, 5);
  std::string message = error->message ? error->message : "";
  std::string detail = error->detail ? error->detail : "";
  std::string hint = error->hint ? error->hint : "";
  FreeErrorData(error);
  throw Error(std::move(sqlstate), message, std::move(detail), std::move(hint));
}

SubtransactionScope BeginSubtransaction() {
  SubtransactionScope scope{CurrentMemoryContext, CurrentResourceOwner};
  Call([&] {
    BeginInternalSubTransaction(nullptr);
    MemoryContextSwitchTo(scope.context);
  });
  return scope;
}

void ReleaseSubtransaction(const SubtransactionScope &scope) {
  Call([&] {
    ReleaseCurrentSubTransaction();
    MemoryContextSwitchTo(scope.context);
    CurrentResourceOwner = scope.owner;
  });
}

void RollbackSubtransaction(const SubtransactionScope &scope) {
  Call([&] {
    RollbackAndReleaseCurrentSubTransaction();
    MemoryContextSwitchTo(scope.context);
    CurrentResourceOwner = scope.owner;
  });
}

}  // namespace steward::pg
