#include "compiler/lsp/catalogue_links.h"

#include "base/ascii.h"
#include "base/lines.h"
#include "compiler/source/embedded_files.h"

namespace dsc::lsp {
namespace {

// Adds a link for every heading of `doc` that starts with `prefix` and a code
// (`## DS2002: duplicate name`, `### DL101: image-latest-tag`).
void AddHeadings(std::string_view doc, std::string_view prefix, const std::string& file_uri,
                 std::map<std::string, std::string, std::less<>>& links) {
  for (std::string_view line : base::Lines(doc)) {
    if (!line.starts_with(prefix)) continue;
    std::string_view heading = line.substr(prefix.size());
    size_t colon = heading.find(':');
    if (colon == std::string_view::npos) continue;
    links.emplace(std::string(heading.substr(0, colon)), file_uri + "#" + HeadingAnchor(heading));
  }
}

}  // namespace

std::string HeadingAnchor(std::string_view heading) {
  std::string anchor;
  for (char c : heading) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == ' ')
      anchor += '-';
    else if (base::IsAsciiAlnum(c) || c == '-' || c == '_' || u >= 0x80)
      anchor += base::AsciiLower(c);
  }
  return anchor;
}

CatalogueLinks::CatalogueLinks(std::string docs_uri) : docs_uri_(std::move(docs_uri)) {
  if (docs_uri_.empty()) return;
  while (docs_uri_.ends_with('/')) docs_uri_.pop_back();
  AddHeadings(FindEmbeddedFile("docs/diagnostics.md"), "## ", docs_uri_ + "/diagnostics.md",
              links_);
  AddHeadings(FindEmbeddedFile("docs/lint.md"), "### ", docs_uri_ + "/lint.md", links_);
}

std::string CatalogueLinks::For(std::string_view code) const {
  auto it = links_.find(code);
  return it == links_.end() ? "" : it->second;
}

}  // namespace dsc::lsp
