// One entry point per `dsc` command. Each takes the command's own argv
// (argv[0] is the command name) and returns the exit code.
#pragma once

namespace dsc::driver {

constexpr int kExitOk = 0;
constexpr int kExitErrors = 1;
constexpr int kExitUsage = 2;

inline constexpr const char* kUsage =
    "dsc: the Devstack compiler\n"
    "\n"
    "Usage: dsc COMMAND [OPTIONS] [FILE...]\n"
    "\n"
    "Commands:\n"
    "  check FILE...          type-check fleet files and report every problem\n"
    "  build FILE [-o DIR]    emit Helmfile, charts, routes and DevSpace config to DIR\n"
    "  fmt [--check] FILE...  rewrite files in canonical layout (--check: only report)\n"
    "  explain CODE           explain a diagnostic code, e.g. `dsc explain DS2001`\n"
    "  apply PATH             deploy a build directory or fleet file to Kubernetes\n"
    "  status PATH            show whether each release is ready, and why not\n"
    "  destroy PATH           delete what `dsc apply` deployed (--feature: one feature)\n"
    "  watch PATH             follow readiness and drift of a deployed fleet\n"
    "  gc                     destroy every feature whose TTL has passed\n"
    "\n"
    "Options:\n"
    "  -h, --help             show help (also `dsc COMMAND --help`)\n"
    "  -V, --version          show the version\n"
    "\n"
    "Exit codes: 0 clean, 1 errors found, 2 bad usage; cluster commands also 3 cluster\n"
    "unreachable, 4 credentials rejected, 130 interrupted.\n";

int RunCheck(int argc, char** argv);
int RunBuild(int argc, char** argv);
int RunFmt(int argc, char** argv);
int RunExplain(int argc, char** argv);
int RunApply(int argc, char** argv);
int RunStatus(int argc, char** argv);
int RunDestroy(int argc, char** argv);
int RunGc(int argc, char** argv);
int RunWatch(int argc, char** argv);

}  // namespace dsc::driver
