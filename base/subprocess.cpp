#include "base/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

extern char** environ;

namespace dsc::base {
namespace {

using Clock = std::chrono::steady_clock;

// "NAME=VALUE" strings: the parent's environment with `env` laid over it.
std::vector<std::string> MergedEnvironment(
    const std::vector<std::pair<std::string, std::string>>& env) {
  std::map<std::string, std::string> merged;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string text = *entry;
    auto equals = text.find('=');
    if (equals != std::string::npos) merged[text.substr(0, equals)] = text.substr(equals + 1);
  }
  for (const auto& [name, value] : env) merged[name] = value;
  std::vector<std::string> out;
  for (const auto& [name, value] : merged) out.push_back(name + "=" + value);
  return out;
}

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// posix_spawn rather than fork: safe in a process with many threads.
bool Spawn(const std::vector<std::string>& argv,
           const std::vector<std::pair<std::string, std::string>>& env, int out_fd, int err_fd,
           pid_t* pid, ProcessResult* result) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setpgroup(&attr, 0);
  // Signals blocked or ignored here (SIGPIPE by libcurl) must not leak into the plugin.
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  std::vector<std::string> args = argv;
  std::vector<std::string> environment = MergedEnvironment(env);
  std::vector<char*> c_args = CStrings(args);
  std::vector<char*> c_env = CStrings(environment);
  int rc = posix_spawnp(pid, c_args[0], &actions, &attr, c_args.data(), c_env.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    result->not_found = rc == ENOENT;
    result->spawn_error = std::strerror(rc);
    return false;
  }
  return true;
}

// Appends what is readable on `fd`; false at end of file.
bool Drain(int fd, std::string* into, size_t keep_at_most) {
  char buffer[8192];
  ssize_t n = ::read(fd, buffer, sizeof buffer);
  if (n < 0) return errno == EINTR || errno == EAGAIN;
  if (n == 0) return false;
  size_t room = into->size() < keep_at_most ? keep_at_most - into->size() : 0;
  into->append(buffer, std::min(room, size_t(n)));
  // Keep one byte past the limit so the caller can tell an overflow from a full buffer.
  if (size_t(n) > room && into->size() == keep_at_most) into->push_back(buffer[room]);
  return true;
}

// Reads both pipes until they close, the deadline passes or stdout overflows.
void Collect(int out_fd, int err_fd, const ProcessLimits& limits, ProcessResult* result) {
  auto deadline = Clock::now() + limits.timeout;
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  while (fds[0].fd >= 0 || fds[1].fd >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      result->timed_out = true;
      return;
    }
    int ready = ::poll(fds, 2, int(std::min<long long>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) return;
    if (ready <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      std::string* into = i == 0 ? &result->out : &result->err;
      size_t limit = i == 0 ? limits.max_stdout : limits.max_stderr;
      if (!Drain(fds[i].fd, into, limit)) fds[i].fd = -1;
    }
    if (result->out.size() > limits.max_stdout) {
      result->out.resize(limits.max_stdout);
      result->stdout_overflow = true;
      return;
    }
    if (result->err.size() > limits.max_stderr) result->err.resize(limits.max_stderr);
  }
}

}  // namespace

ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::vector<std::pair<std::string, std::string>>& env,
                         const ProcessLimits& limits) {
  ProcessResult result;
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    result.spawn_error = std::strerror(errno);
    return result;
  }
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    result.spawn_error = std::strerror(errno);
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return result;
  }
  pid_t pid = -1;
  bool started = Spawn(argv, env, out_pipe[1], err_pipe[1], &pid, &result);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (started) {
    Collect(out_pipe[0], err_pipe[0], limits, &result);
    // The group id is the child's pid (setpgroup 0); it stays reserved until waitpid.
    if (result.timed_out || result.stdout_overflow) ::kill(-pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status)) result.exit_status = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  }
  ::close(out_pipe[0]);
  ::close(err_pipe[0]);
  return result;
}

}  // namespace dsc::base
