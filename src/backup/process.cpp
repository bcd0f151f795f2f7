// Running client tools from a backend (see process.hpp).
#include "backup/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/sha256.hpp"
#include "pg/boundary.hpp"

extern "C" {
#include "storage/ipc.h"
}

extern char **environ;

namespace steward::backup {

namespace {

constexpr std::size_t kStderrTail = 4096;

// The tool running now, for the exit callback: a FATAL error (pg_terminate_backend, shutdown)
// leaves the backend through proc_exit without unwinding C++ frames. Plain data, no destructor.
struct RunningTool {
  pid_t pid;
  char partial_output[MAXPGPATH];
};
RunningTool running_tool{0, ""};
bool exit_callback_registered = false;

// Ends the tool's process group: SIGTERM (when asked), up to 5 s for the leader to exit, then
// SIGKILL for whatever is left of the group (pg_basebackup's WAL streamer, a pg_dump -j worker),
// then reaps the leader. The leader is reaped last: until then its PID, which is the group's ID,
// cannot be reused. Returns the leader's wait status.
int EndProcessGroup(pid_t pid, bool terminate) noexcept {
  if (terminate) kill(-pid, SIGTERM);
  for (int waited_ms = 0; !terminate || waited_ms < 5000; waited_ms += 10) {
    siginfo_t info;
    info.si_pid = 0;
    if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
      if (errno == EINTR) continue;
      break;  // ECHILD: nothing to wait for
    }
    if (info.si_pid == pid) break;
    usleep(10000);
  }
  kill(-pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

void RemoveQuietly(const char *path) noexcept {
  if (path[0] == '\0') return;
  std::error_code ignored;
  try {
    std::filesystem::remove_all(path, ignored);
  } catch (...) {  // bad_alloc: nothing more can be done on the way out
  }
}

void StopToolAtExit(int, Datum) {
  if (running_tool.pid <= 0) return;
  EndProcessGroup(running_tool.pid, true);
  RemoveQuietly(running_tool.partial_output);
  running_tool.pid = 0;
}

[[noreturn]] void ThrowSystemError(const char *sqlstate, const std::string &message, int error,
                                   const std::string &hint = {}) {
  throw Error(sqlstate, message + ": " + strerror(error), {}, hint);
}

// Owns the descriptors and the child of one run; on destruction without Finish() (an exception,
// a failed tool) it stops the child and removes the partial output.
class Run {
 public:
  explicit Run(const ToolOutput &output) : output_(output) {}
  ~Run() {
    CloseDescriptors();
    if (pid_ > 0) EndProcessGroup(pid_, true);
    if (!kept_) {
      if (output_.file) unlink(output_.file->c_str());
      if (output_.remove_on_failure) RemoveQuietly(output_.remove_on_failure->c_str());
    }
    running_tool.pid = 0;
  }
  Run(const Run &) = delete;
  Run &operator=(const Run &) = delete;

  int stdout_read = -1, stderr_read = -1, file = -1;
  pid_t pid_ = 0;

  void Started(pid_t pid) {
    pid_ = pid;
    running_tool.pid = pid;
    const std::string partial =
        output_.file ? *output_.file : output_.remove_on_failure.value_or(std::string());
    strlcpy(running_tool.partial_output, partial.c_str(), sizeof running_tool.partial_output);
  }
  // The child has exited: returns its wait status, and it needs no stopping any more.
  int Reap() {
    const int status = EndProcessGroup(pid_, false);
    pid_ = 0;
    running_tool.pid = 0;
    return status;
  }
  void Keep() { kept_ = true; }

  void CloseDescriptors() {
    for (int *fd : {&stdout_read, &stderr_read, &file})
      if (*fd >= 0) close(std::exchange(*fd, -1));
  }

 private:
  const ToolOutput &output_;
  bool kept_ = false;
};

void WriteAll(int fd, const char *data, std::size_t size, const std::string &path) {
  while (size > 0) {
    const ssize_t n = write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      const bool full = error == ENOSPC || error == EDQUOT;
      ThrowSystemError(full ? "53100" : "58030", "could not write backup file \"" + path + "\"",
                       error,
                       full ? "Free space in steward.backup_directory (steward.prune_backups() "
                              "removes backups beyond the retention settings); older backups "
                              "are intact."
                            : std::string());
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

void SyncFileAndDirectory(int fd, const std::string &path) {
  if (fsync(fd) != 0) ThrowSystemError("58030", "could not fsync file \"" + path + "\"", errno);
  const std::string directory = std::filesystem::path(path).parent_path().string();
  const int dir_fd = open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0 || fsync(dir_fd) != 0) {
    const int error = errno;
    if (dir_fd >= 0) close(dir_fd);
    ThrowSystemError("58030", "could not fsync directory \"" + directory + "\"", error);
  }
  close(dir_fd);
}

std::string Trim(std::string text) {
  const auto first = text.find_first_not_of(" \n\t");
  const auto last = text.find_last_not_of(" \n\t");
  return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
}

}  // namespace

void CheckForInterrupts() {
  pg::Call([] { CHECK_FOR_INTERRUPTS(); });
}

std::string ToolResult::Failure(const std::string &tool) const {
  std::string text = exit_code >= 0 ? tool + " exited with status " + std::to_string(exit_code)
                                    : tool + " was ended by a signal";
  if (!stderr_tail.empty()) {
    const auto last_line = stderr_tail.find_last_of('\n');
    text += ": " + (last_line == std::string::npos ? stderr_tail : stderr_tail.substr(last_line + 1));
  }
  return text;
}

std::string ToolPath(const std::string &tool) {
  const std::string directory = std::filesystem::path(my_exec_path).parent_path().string();
  const std::string path = directory + "/" + tool;
  if (access(path.c_str(), X_OK) != 0)
    throw Error("58P01", tool + " was not found in the server's binaries directory " + directory,
                {},
                "Install the client tools of the server's PostgreSQL version (Debian: "
                "postgresql-client-" PG_MAJORVERSION ") next to the server.");
  return path;
}

ToolResult RunTool(const std::string &tool, const std::vector<std::string> &args,
                   const ToolOutput &output) {
  const std::string path = ToolPath(tool);
  if (!exit_callback_registered) {
    pg::Call([] { on_proc_exit(StopToolAtExit, 0); });
    exit_callback_registered = true;
  }

  std::vector<std::string> environment = {"PATH=/usr/bin:/bin", "LC_ALL=C",
                                          "PGAPPNAME=pg_steward " + tool, "PGCONNECT_TIMEOUT=30"};
  for (const char *name : {"HOME", "PGPASSFILE", "PGSERVICEFILE", "PGSYSCONFDIR"})
    if (const char *value = getenv(name)) environment.push_back(std::string(name) + "=" + value);
  std::vector<char *> argv{const_cast<char *>(path.c_str())}, envp;
  for (const std::string &arg : args) argv.push_back(const_cast<char *>(arg.c_str()));
  argv.push_back(nullptr);
  for (std::string &entry : environment) envp.push_back(entry.data());
  envp.push_back(nullptr);

  Run run(output);
  if (output.file) {
    run.file = open(output.file->c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                    S_IRUSR | S_IWUSR);
    if (run.file < 0) {
      const int error = errno;
      run.Keep();  // not ours: it existed, or could not be made
      ThrowSystemError(error == EEXIST ? "58P02" : "58030",
                       "could not create backup file \"" + *output.file + "\"", error);
    }
  }
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) ThrowSystemError("58000", "could not create a pipe", errno);
  run.stdout_read = out_pipe[0];
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    close(out_pipe[1]);
    ThrowSystemError("58000", "could not create a pipe", errno);
  }
  run.stderr_read = err_pipe[0];

  // The child: standard input from /dev/null, output into the pipes, no other descriptor of the
  // backend (sockets, data files), default signal handling, its own process group.
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  posix_spawnattr_init(&attributes);
  sigset_t no_signals, all_signals;
  sigemptyset(&no_signals);
  sigfillset(&all_signals);
  posix_spawnattr_setsigmask(&attributes, &no_signals);
  posix_spawnattr_setsigdefault(&attributes, &all_signals);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
  pid_t pid = 0;
  const int spawn_error = posix_spawn(&pid, path.c_str(), &actions, &attributes, argv.data(),
                                      envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  // The parent's copies of the write ends must go, or the pipes never reach end-of-file.
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (spawn_error != 0) ThrowSystemError("58000", "could not start " + path, spawn_error);
  run.Started(pid);

  ToolResult result;
  Sha256Stream hash;
  std::vector<char> buffer(1 << 18);
  for (int fd : {run.stdout_read, run.stderr_read}) fcntl(fd, F_SETFL, O_NONBLOCK);
  while (run.stdout_read >= 0 || run.stderr_read >= 0) {
    pollfd fds[2] = {{run.stdout_read, POLLIN, 0}, {run.stderr_read, POLLIN, 0}};
    const int ready = poll(fds, 2, 100);
    CheckForInterrupts();
    if (ready < 0) {
      if (errno == EINTR) continue;
      ThrowSystemError("58000", "could not wait for " + tool, errno);
    }
    for (int i = 0; i < 2; ++i) {
      int &fd = i == 0 ? run.stdout_read : run.stderr_read;
      if (fd < 0 || fds[i].revents == 0) continue;
      const ssize_t n = read(fd, buffer.data(), buffer.size());
      if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) continue;
        ThrowSystemError("58000", "could not read the output of " + tool, errno);
      }
      if (n == 0) {
        close(std::exchange(fd, -1));
        continue;
      }
      const auto size = static_cast<std::size_t>(n);
      if (i == 1) {
        result.stderr_tail.append(buffer.data(), size);
        if (result.stderr_tail.size() > 2 * kStderrTail)
          result.stderr_tail.erase(0, result.stderr_tail.size() - kStderrTail);
        continue;
      }
      result.stdout_bytes += n;
      if (output.file) {
        WriteAll(run.file, buffer.data(), size, *output.file);
        hash.Update(buffer.data(), size);
      } else if (result.stdout_text.size() < output.keep_bytes) {
        result.stdout_text.append(buffer.data(),
                                  std::min(size, output.keep_bytes - result.stdout_text.size()));
      }
    }
  }
  // Both pipes are closed: the tool is exiting. Wait for it without ignoring a cancel.
  for (;;) {
    siginfo_t info;
    info.si_pid = 0;
    if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
        info.si_pid == pid)
      break;
    pg_usleep(10000L);
    CheckForInterrupts();
  }
  const int status = run.Reap();
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (result.stderr_tail.size() > kStderrTail)
    result.stderr_tail.erase(0, result.stderr_tail.size() - kStderrTail);
  result.stderr_tail = Trim(result.stderr_tail);
  if (!result.Succeeded()) return result;  // ~Run removes the partial output
  if (output.file) {
    SyncFileAndDirectory(run.file, *output.file);
    result.stdout_sha256 = hash.FinalHex();
  }
  run.Keep();
  return result;
}

bool RemovePath(const std::string &path, std::string *message) {
  std::error_code error;
  std::filesystem::remove_all(path, error);
  if (error && message != nullptr) *message = error.message();
  return !error;
}

}  // namespace steward::backup
