// The memory allocator's settings for the command being run.
#pragma once

#include <string_view>

namespace dsc::driver {

// For the commands that compile a fleet on one thread (check, build, fmt, lint, diff,
// graph, route): 2 MiB pages from mimalloc, when dsc is linked with it. The compiler makes
// millions of small objects (tokens, parse trees, the AST, the model); with 4 KiB pages a
// third of `dsc check`'s time on a large fleet went to page faults. Not for the cluster
// commands: they start a thread per release, and a heap per thread in 2 MiB pages would
// multiply their memory. The compiling commands also leave what they built to the exit
// (base/free_at_exit.h).
void TuneAllocatorFor(std::string_view command);

}  // namespace dsc::driver
