#include "compiler/diff/git_runner.h"

#include "base/subprocess.h"

namespace dsc::diff {

GitRunner SubprocessGitRunner(std::string repository) {
  return [repository](const std::vector<std::string>& args) {
    std::vector<std::string> argv{"git"};
    if (!repository.empty()) argv.insert(argv.end(), {"-C", repository});
    argv.insert(argv.end(), args.begin(), args.end());
    base::ProcessLimits limits;
    // A fleet file may be as large as the parser accepts (32 MiB).
    limits.max_stdout = size_t{64} << 20;
    // Git may ask nothing: no pager, no credential prompt, no locale surprises
    // in the messages we match.
    base::ProcessResult result = base::RunProcess(
        argv, {{"GIT_PAGER", "cat"}, {"GIT_TERMINAL_PROMPT", "0"}, {"LC_ALL", "C"}}, limits);
    GitOutput out;
    out.ran = result.spawn_error.empty();
    if (!out.ran) {
      out.out = result.not_found ? "git is not installed (not found in PATH)" : result.spawn_error;
      return out;
    }
    out.exit_status = result.timed_out || result.stdout_overflow ? -1 : result.exit_status;
    out.out = std::move(result.out);
    out.err = std::move(result.err);
    return out;
  };
}

}  // namespace dsc::diff
