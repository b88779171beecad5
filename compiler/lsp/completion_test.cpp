#include "compiler/lsp/completion.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace dsc::lsp {
namespace {

// Completion labels with the cursor at `|` in `text`, a fleet importing std/db and a lib.
// The names come from `parsed` (the server's last cleanly parsed text), or from `text`.
std::vector<std::string> LabelsAt(std::string text, std::string parsed = "") {
  size_t cursor = text.find('|');
  REQUIRE(cursor != std::string::npos);
  text.erase(cursor, 1);
  InMemoryFileSystem files;
  files.Add("/p/shop.ds", parsed.empty() ? text : parsed);
  files.Add("/p/lib.ds",
            "kind queue: infra {\n  param size: int = 1\n  export address: string = \"q\"\n}\n");
  SourceManager sources;
  DiagnosticSink diags;
  sema::ModuleSet modules = sema::LoadModules("/p/shop.ds", files, sources, diags);
  std::vector<std::string> labels;
  for (const auto& item : Complete(text, cursor, modules, 0))
    labels.push_back(item["label"].get<std::string>());
  std::sort(labels.begin(), labels.end());
  return labels;
}

bool Has(const std::vector<std::string>& labels, const std::string& label) {
  return std::find(labels.begin(), labels.end(), label) != labels.end();
}

constexpr const char* kHead = "import \"std/db\"\nimport \"./lib.ds\" as lib\nfleet shop {}\n";
// kHead with an infra `q` and a service: what the typed texts below parsed as before.
const std::string kParsed = std::string(kHead) + "infra q: lib.queue\nservice a {}\n";

}  // namespace

TEST_CASE("completion: an infra's kind's params, in the block being typed") {
  auto labels = LabelsAt(std::string(kHead) + "infra q: lib.queue { s| }\n", kParsed);
  CHECK(labels == std::vector<std::string>{"size"});
  labels = LabelsAt(std::string(kHead) + "infra pg: db.postgres {\n  |\n}\n");
  CHECK(Has(labels, "database"));
  CHECK_FALSE(Has(labels, "url"));  // an export, not a param
}

TEST_CASE("completion: kinds, exports, and nothing inside a plain string") {
  CHECK(Has(LabelsAt(std::string(kHead) + "infra q: |\n", kParsed), "lib.queue"));
  CHECK(Has(LabelsAt(std::string(kHead) + "infra q: |\n", kParsed), "db.redis"));
  CHECK(LabelsAt(std::string(kHead) + "infra q: lib.queue\nservice a { env { X = q.| } }\n",
                 kParsed) == std::vector<std::string>{"address"});
  // Without a clean parse, no names: the typed text alone has none.
  CHECK(LabelsAt(std::string(kHead) + "infra q: |\n").empty());
  CHECK(LabelsAt(std::string(kHead) + "service a { image = \"ghcr.io/|\" }\n").empty());
  CHECK(Has(LabelsAt(std::string(kHead) + "kind k: |"), "reload"));
}

}  // namespace dsc::lsp
