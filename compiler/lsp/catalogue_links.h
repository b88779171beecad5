// Links from a diagnostic's code to its section of the catalogue (`codeDescription` in
// LSP): `DS2002` -> `<docs>/diagnostics.md#ds2002-duplicate-name`, `DL101` ->
// `<docs>/lint.md#dl101-image-latest-tag`. The anchors are the ones GitHub and most
// Markdown viewers give the sections' headings, read from the catalogue built into dsc,
// so a link follows a heading when its title changes.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace dsc::lsp {

class CatalogueLinks {
 public:
  // `docs_uri`: where docs/ is (`file:///src/dsc/docs`); empty: no links.
  explicit CatalogueLinks(std::string docs_uri);
  // The link for `code`, or "" when there is no section (or no docs URI).
  std::string For(std::string_view code) const;

 private:
  std::string docs_uri_;
  std::map<std::string, std::string, std::less<>> links_;  // by code
};

// The anchor a Markdown viewer gives a heading: lowercase, spaces to `-`, punctuation
// other than `-` and `_` dropped (`DS2002: duplicate name` -> `ds2002-duplicate-name`).
std::string HeadingAnchor(std::string_view heading);

}  // namespace dsc::lsp
