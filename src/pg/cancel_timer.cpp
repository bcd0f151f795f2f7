// A time limit that cancels the running statement (see cancel_timer.hpp).
#include "pg/cancel_timer.hpp"

extern "C" {
#include "miscadmin.h"
#include "storage/latch.h"
}

namespace steward::pg {

namespace {

// What statement_timeout's handler does; timeout.c has already set the timer's indicator, which
// is how each timer knows it fired.
void RequestCancel() {
  InterruptPending = true;
  QueryCancelPending = true;
  SetLatch(MyLatch);
}

}  // namespace

void CancelTimer::Start(int64 milliseconds) {
  if (id_ == MAX_TIMEOUTS) id_ = RegisterTimeout(USER_TIMEOUT, RequestCancel);
  (void)get_timeout_indicator(id_, true);  // resets it
  if (milliseconds > 0)
    enable_timeout_after(id_, static_cast<int>(std::min<int64>(milliseconds, INT_MAX)));
}

void CancelTimer::Stop() {
  if (id_ != MAX_TIMEOUTS) disable_timeout(id_, true);
}

bool CancelTimer::Fired() const { return id_ != MAX_TIMEOUTS && get_timeout_indicator(id_, false); }

void CancelTimer::Finish() {
  Stop();
  if (Fired()) QueryCancelPending = false;
}

}  // namespace steward::pg
