#include "compiler/emit/write_output.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "base/test_temp_dir.h"

namespace dsc::emit {
namespace {

namespace fs = std::filesystem;

TEST_CASE("WriteOutputTree: files go only below the output directory") {
  base::testing::TempDir dir;
  const std::string out = dir.path() + "/out";
  for (const char* path :
       {"../escaped.yaml", "charts/../../escaped.yaml", "/tmp/escaped.yaml", ""}) {
    DiagnosticSink diags;
    OutputTree tree = {{"helmfile.yaml", "releases: []\n"}, {path, "x: 1\n"}};
    CHECK_FALSE_MESSAGE(WriteOutputTree(out, tree, diags), path);
    REQUIRE(diags.diagnostics().size() == 1);
    CHECK(diags.diagnostics().front().kind == DiagKind::kOutputWriteFailed);
    // Refused before anything is written: no output directory, nothing beside it.
    CHECK_FALSE(fs::exists(out));
    CHECK(fs::is_empty(dir.path()));
  }
  DiagnosticSink diags;
  OutputTree tree = {{"helmfile.yaml", "releases: []\n"}, {"charts/web/Chart.yaml", "x: 1\n"}};
  CHECK(WriteOutputTree(out, tree, diags));
  CHECK(fs::exists(out + "/charts/web/Chart.yaml"));
}

}  // namespace
}  // namespace dsc::emit
