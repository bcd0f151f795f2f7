// A time limit on a piece of work: when it expires, the statement running is canceled the way
// statement_timeout cancels it (an ERROR with SQLSTATE 57014), and the timer remembers that it was
// the one, so the caller can tell its own limit from a user's pg_cancel_backend().
#pragma once

#include "pg/postgres.hpp"

extern "C" {
#include "utils/timeout.h"
}

namespace steward::pg {

class CancelTimer {
 public:
  // Arms the timer (registering it with PostgreSQL on first use); milliseconds <= 0: no limit.
  // Can ereport (out of timeout slots) on first use only.
  void Start(int64 milliseconds);
  // Disarms it; whether it fired is kept. Never ereports.
  void Stop();
  // Whether it fired since the last Start().
  bool Fired() const;
  // Stop(), and when it fired after the work was done, withdraws the cancel it requested that no
  // statement has seen yet.
  void Finish();

 private:
  TimeoutId id_ = MAX_TIMEOUTS;
};

}  // namespace steward::pg
