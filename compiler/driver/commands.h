// The `dsc` commands: one table, from which main() dispatches, `dsc --help` lists,
// and `dsc completion` and `dsc man` generate shell completions and the man page.
// Each command defines its options once, in XOptions(), so --help, completions and
// the man page cannot disagree with what the command accepts.
#pragma once

#include <cxxopts.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dsc::driver {

constexpr int kExitOk = 0;
constexpr int kExitErrors = 1;
constexpr int kExitUsage = 2;

struct Command {
  const char* name;      // "apply"
  const char* synopsis;  // "PATH", as in `dsc apply PATH`
  const char* summary;   // one line for `dsc --help`
  // The command's complete options (positionals and --help included), not parsed.
  cxxopts::Options (*options)();
  // argv[0] is the command's name; returns the exit code.
  int (*run)(int argc, char** argv);
  // What a positional argument names, for completion: "file" (a fleet file), "path"
  // (a fleet file or build directory), "code" (a diagnostic code), "shell" (bash, zsh
  // or fish), or "" (nothing).
  const char* operand = "file";
};

// Every command, in the order `dsc --help` lists them.
std::span<const Command> Commands();
const Command* FindCommand(std::string_view name);
// `dsc --help`.
std::string Usage();
// For the commands that take one fleet file: true when `files` is one; otherwise says why
// and prints the usage line `dsc COMMAND [OPTIONS] FILE` to stderr, and returns false.
bool OneFleetFile(const std::vector<std::string>& files, std::string_view command);

cxxopts::Options CheckOptions();
cxxopts::Options BuildOptions();
cxxopts::Options FmtOptions();
cxxopts::Options LintOptions();
cxxopts::Options DiffOptions();
cxxopts::Options GraphOptions();
cxxopts::Options RouteOptions();
cxxopts::Options ExplainOptions();
cxxopts::Options ApplyOptions();
cxxopts::Options StatusOptions();
cxxopts::Options DoctorOptions();
cxxopts::Options PlatformOptions();
cxxopts::Options UsageOptions();
cxxopts::Options LspOptions();
cxxopts::Options WatchOptions();
cxxopts::Options DestroyOptions();
cxxopts::Options GcOptions();
cxxopts::Options CompletionOptions();
cxxopts::Options ManOptions();

int RunCheck(int argc, char** argv);
int RunBuild(int argc, char** argv);
int RunFmt(int argc, char** argv);
int RunLint(int argc, char** argv);
int RunDiff(int argc, char** argv);
int RunGraph(int argc, char** argv);
int RunRoute(int argc, char** argv);
int RunExplain(int argc, char** argv);
int RunApply(int argc, char** argv);
int RunStatus(int argc, char** argv);
int RunDoctor(int argc, char** argv);
int RunPlatform(int argc, char** argv);
int RunUsage(int argc, char** argv);
int RunLsp(int argc, char** argv);
int RunWatch(int argc, char** argv);
int RunDestroy(int argc, char** argv);
int RunGc(int argc, char** argv);
int RunCompletion(int argc, char** argv);
int RunMan(int argc, char** argv);

}  // namespace dsc::driver
