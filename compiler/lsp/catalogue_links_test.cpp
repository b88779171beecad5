#include "compiler/lsp/catalogue_links.h"

#include <doctest/doctest.h>

#include "compiler/diag/diagnostic.h"

namespace dsc::lsp {

TEST_CASE("catalogue links: the anchors Markdown viewers give the headings") {
  CHECK(HeadingAnchor("DS2002: duplicate name") == "ds2002-duplicate-name");
  CHECK(HeadingAnchor("DL101: image-latest-tag") == "dl101-image-latest-tag");
  CHECK(HeadingAnchor("DS3001: `ttl` out of range (1m..30d)") == "ds3001-ttl-out-of-range-1m30d");
}

TEST_CASE("catalogue links: every code dsc reports has a section to link to") {
  CatalogueLinks links("file:///src/dsc/docs/");
  CHECK(links.For("DS2002") == "file:///src/dsc/docs/diagnostics.md#ds2002-duplicate-name");
  for (const DiagKindInfo& info : AllDiagKinds()) {
    std::string link = links.For(info.code);
    CHECK_MESSAGE(!link.empty(), info.code);
    std::string file = info.code.starts_with("DL") ? "lint.md#" : "diagnostics.md#";
    CHECK_MESSAGE(link.find(file) != std::string::npos, link);
  }
  CHECK(links.For("DS9999").empty());
  CHECK(CatalogueLinks("").For("DS2002").empty());
}

}  // namespace dsc::lsp
