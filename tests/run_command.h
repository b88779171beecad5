// run_command.h: what the end-to-end tests share. They drive the real `dsc` binary
// (DSC_BINARY, from the source directory DSC_SOURCE_DIR), so this is a runner that
// returns a command's exit code and its stdout and stderr combined, plus the few file
// helpers the tests need. Header-only: each test file includes it.
#pragma once

#include <stdlib.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>

#ifndef DSC_BINARY
#error "DSC_BINARY must name the dsc executable under test (see tests/CMakeLists.txt)"
#endif
#ifndef DSC_SOURCE_DIR
#error "DSC_SOURCE_DIR must name the repository root (see tests/CMakeLists.txt)"
#endif

namespace dsc::testing {

inline constexpr char kDscBinary[] = DSC_BINARY;
inline constexpr char kSourceDir[] = DSC_SOURCE_DIR;

struct CommandResult {
  // The exit status, or 128 + N when killed by signal N (as a shell reports it).
  int exit_code = -1;
  // stdout and stderr, interleaved as the command wrote them.
  std::string output;
};

// Quotes `text` as one /bin/sh word, with nothing expanded.
inline std::string ShellQuote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

// Runs `command` (shell text) with /bin/sh, its stderr merged into its stdout.
inline CommandResult RunCommand(const std::string& command) {
  CommandResult result;
  const std::string wrapped = "sh -c " + ShellQuote(command) + " 2>&1";
  FILE* pipe = popen(wrapped.c_str(), "r");
  if (pipe == nullptr) {
    result.output = "popen failed for: " + wrapped;
    return result;
  }
  char buffer[1 << 16];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  const int status = pclose(pipe);
  if (status != -1 && WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (status != -1 && WIFSIGNALED(status)) {
    result.exit_code = 128 + WTERMSIG(status);
  }
  return result;
}

// Runs `dsc ARGS` from the source directory with NO_COLOR=1. `args` is shell text:
// quote paths with ShellQuote. `wrapper` goes before the binary (e.g. "timeout 20").
inline CommandResult RunDsc(const std::string& args, const std::string& wrapper = "") {
  std::string command = "cd " + ShellQuote(kSourceDir) + " && NO_COLOR=1 ";
  if (!wrapper.empty()) command += wrapper + " ";
  return RunCommand(command + ShellQuote(kDscBinary) + " " + args);
}

inline bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// At most `limit` bytes of `text`, so a failure message stays readable.
inline std::string Head(const std::string& text, size_t limit = 4000) {
  if (text.size() <= limit) return text;
  return text.substr(0, limit) + "\n[... " + std::to_string(text.size() - limit) + " more bytes]";
}

// The file's bytes, exactly; empty if it cannot be read.
inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline bool WriteFile(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  return static_cast<bool>(out);
}

// A fresh directory under the system temp dir, removed with everything in it on scope exit.
class TempDir {
 public:
  TempDir() {
    std::string name = (std::filesystem::temp_directory_path() / "dsc-test-XXXXXX").string();
    if (mkdtemp(name.data()) != nullptr) path_ = name;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace dsc::testing
