// dsc: the Devstack compiler. main() reads the command name and hands off to the
// command's function (commands.cpp); each returns the process exit code.
#include <cstdio>
#include <string>
#include <string_view>

#include "compiler/driver/allocator.h"
#include "compiler/driver/commands.h"

int main(int argc, char** argv) {
  using namespace dsc::driver;
  if (argc < 2) {
    std::fputs(Usage().c_str(), stderr);
    return kExitUsage;
  }
  std::string_view name = argv[1];
  if (name == "--version" || name == "-V" || name == "version") {
    std::printf("dsc %s\n", DSC_VERSION);
    return 0;
  }
  if (name == "--help" || name == "-h" || name == "help") {
    std::fputs(Usage().c_str(), stdout);
    return 0;
  }
  // Each command parses its own options from argv[1..].
  if (const Command* command = FindCommand(name)) {
    TuneAllocatorFor(name);
    return command->run(argc - 1, argv + 1);
  }
  std::fprintf(stderr, "dsc: unknown command `%s`\n\n%s", argv[1], Usage().c_str());
  return kExitUsage;
}
