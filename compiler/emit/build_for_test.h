// For unit tests: one fleet file's source, checked and emitted in memory as `dsc build`
// would, failing the test on any diagnostic error.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "compiler/driver/compile.h"
#include "compiler/emit/emit.h"

namespace dsc::emit {

inline OutputTree BuildForTest(const std::string& source) {
  InMemoryFileSystem fs;
  fs.Add("fleet.ds", source);
  SourceManager sources;
  DiagnosticSink diags;
  auto fleet = driver::CheckFleet("fleet.ds", fs, sources, diags);
  REQUIRE(fleet);
  REQUIRE_FALSE(diags.has_errors());
  OutputTree tree;
  REQUIRE(EmitBlueprint(*fleet, sources, {}, diags, &tree));
  return tree;
}

}  // namespace dsc::emit
