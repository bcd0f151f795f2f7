// Settings shared by the modules of pg_steward (defined in pg_steward.cpp, documented in
// docs/configuration.md).
#pragma once

namespace steward {
extern int slow_query_ms;            // steward.slow_query_ms
extern bool loaded_at_server_start;  // true when in shared_preload_libraries
}  // namespace steward
