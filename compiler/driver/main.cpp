// dsc: the Devstack compiler. main() reads the command line and hands off to
// one function per command; each returns the process exit code.
#include <cstdio>
#include <string>
#include <string_view>

#include "compiler/driver/commands.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(dsc::driver::kUsage, stderr);
    return dsc::driver::kExitUsage;
  }
  std::string_view command = argv[1];
  if (command == "--version" || command == "-V" || command == "version") {
    std::printf("dsc %s\n", DSC_VERSION);
    return 0;
  }
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(dsc::driver::kUsage, stdout);
    return 0;
  }
  // Each command parses its own options from argv[1..].
  if (command == "check") return dsc::driver::RunCheck(argc - 1, argv + 1);
  if (command == "build") return dsc::driver::RunBuild(argc - 1, argv + 1);
  if (command == "fmt") return dsc::driver::RunFmt(argc - 1, argv + 1);
  if (command == "explain") return dsc::driver::RunExplain(argc - 1, argv + 1);
  if (command == "apply") return dsc::driver::RunApply(argc - 1, argv + 1);
  if (command == "status") return dsc::driver::RunStatus(argc - 1, argv + 1);
  if (command == "destroy") return dsc::driver::RunDestroy(argc - 1, argv + 1);
  if (command == "watch") return dsc::driver::RunWatch(argc - 1, argv + 1);
  if (command == "gc") return dsc::driver::RunGc(argc - 1, argv + 1);
  std::fprintf(stderr, "dsc: unknown command `%s`\n\n%s", argv[1], dsc::driver::kUsage);
  return dsc::driver::kExitUsage;
}
