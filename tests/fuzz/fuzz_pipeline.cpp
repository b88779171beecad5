// Fuzz target: the whole `dsc check` + `dsc build` pipeline on one fleet file:
// modules, analysis, the dependency graph, emitting every file, and
// rendering the diagnostics. The standard library (std/…) is served from the binary,
// so `import "std/aws"` works as in dsc.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/diag/render.h"
#include "compiler/pipeline/build_fleet.h"
#include "compiler/source/file_system.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dsc::InMemoryFileSystem fs;
  fs.Add("/fuzz/fleet.ds", std::string(reinterpret_cast<const char*>(data), size));
  dsc::SourceManager sources;
  dsc::DiagnosticSink diags;
  dsc::emit::OutputTree tree;
  (void)dsc::pipeline::BuildFleet("/fuzz/fleet.ds", fs, sources, diags, {}, {}, &tree);
  (void)dsc::RenderText(diags, sources, {});
  (void)dsc::RenderJson(diags, sources);
  return 0;
}
