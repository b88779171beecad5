// Running a helper program (an exec credential plugin) to completion with bounded
// time and output, so a hung or chatty plugin cannot hang or exhaust dsc.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace dsc::base {

struct ProcessLimits {
  std::chrono::milliseconds timeout{60000};
  size_t max_stdout = size_t{1} << 20;   // beyond: the process is killed
  size_t max_stderr = size_t{64} << 10;  // beyond: the rest is dropped
};

struct ProcessResult {
  // Empty when the program ran; else why it could not start (strerror text).
  std::string spawn_error;
  bool not_found = false;  // the program does not exist (ENOENT)
  bool timed_out = false;
  bool stdout_overflow = false;
  int exit_status = -1;  // when it exited
  int signal = 0;        // when a signal ended it
  std::string out;
  std::string err;  // at most max_stderr bytes

  bool succeeded() const {
    return spawn_error.empty() && !timed_out && !stdout_overflow && exit_status == 0;
  }
};

// Runs argv[0] (looked up in PATH when it has no slash) with the parent's environment
// plus `env` (which overrides), stdin from /dev/null, in its own process group so that
// killing it on timeout also stops anything it started.
ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::vector<std::pair<std::string, std::string>>& env,
                         const ProcessLimits& limits);

}  // namespace dsc::base
