// Running PostgreSQL's client tools (pg_dump, pg_restore, pg_basebackup, ...) from a backend:
// an argv vector, no shell; the tool's output streamed to a file and hashed as it is written;
// the caller's cancel, a timeout or the backend's exit stops the tool and everything it started.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace steward::backup {

// Where the tool's standard output goes.
struct ToolOutput {
  // Written to this new file (created 0600, never over an existing one), hashed with SHA-256 as it
  // is written, and fsync'ed with its directory at the end. Removed when the run fails.
  std::optional<std::string> file;
  // Otherwise kept in memory, up to this many bytes (the rest is counted, not kept).
  std::size_t keep_bytes = 1 << 20;
  // Removed (recursively) when the run fails: a directory the tool writes itself (pg_basebackup).
  std::optional<std::string> remove_on_failure;
};

struct ToolResult {
  int exit_code = -1;         // the tool's exit status; -1 when a signal ended it
  std::string stderr_tail;    // the last 4 kB of its standard error, trimmed
  long long stdout_bytes = 0; // bytes it wrote to standard output
  std::string stdout_text;    // standard output kept in memory (ToolOutput::file not set)
  std::string stdout_sha256;  // hex SHA-256 of standard output (ToolOutput::file set)

  bool Succeeded() const { return exit_code == 0; }
  // "pg_dump exited with status 1: <the last line of stderr>"
  std::string Failure(const std::string &tool) const;
};

// The path of a tool in the directory of the running server's postgres binary, so that the tools
// match the server's version. Throws steward::Error (58P01) when it is not there.
std::string ToolPath(const std::string &tool);

// Runs the tool to completion with args (argv[1..]), checking for interrupts at least every
// 100 ms. A cancel, a timeout or an error stops the tool's whole process group (SIGTERM, then
// SIGKILL after 5 s), waits for it, removes the partial output and rethrows; a FATAL exit of
// the backend does the same from an exit callback. A tool that fails is not an exception: look
// at ToolResult::exit_code (the partial output is removed all the same).
ToolResult RunTool(const std::string &tool, const std::vector<std::string> &args,
                   const ToolOutput &output);

// CHECK_FOR_INTERRUPTS() with a cancel or a timeout thrown as steward::Error.
void CheckForInterrupts();

// Removes a file or a directory tree; false (and a message) when it could not.
bool RemovePath(const std::string &path, std::string *message);

}  // namespace steward::backup
