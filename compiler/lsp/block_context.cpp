#include "compiler/lsp/block_context.h"

namespace dsc::lsp {
namespace {

// The declaration keyword a header starts with (`service`, `infra`, …), or "" for a
// field's block; `*rest` is the header after it.
std::string KeywordOf(const std::string& header, std::string* rest) {
  size_t end = header.find_first_of(" \t:");
  std::string word = header.substr(0, end);
  *rest = end == std::string::npos ? "" : header.substr(end);
  for (const char* keyword : {"service", "fork", "fleet", "feature", "infra", "kind"})
    if (word == keyword) return word;
  return "";
}

// The record schema a field's block opens inside `parent`, or null (a map, a kind).
const sema::RecordSchema* NestedSchema(const sema::RecordSchema* parent, const std::string& key) {
  if (!parent) return nullptr;
  const sema::FieldSchema* field = parent->Find(key);
  if (!field) return nullptr;
  const sema::Type* type = field->type.get();
  if (type->kind == sema::TypeKind::kList && type->elem) type = type->elem.get();
  return type->kind == sema::TypeKind::kRecord ? type->record : nullptr;
}

}  // namespace

std::vector<std::string> OpenBlocks(std::string_view text) {
  std::vector<std::string> open;
  size_t line_start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      line_start = i + 1;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
    } else if (c == '"') {
      for (++i; i < text.size() && text[i] != '"' && text[i] != '\n'; ++i)
        if (text[i] == '\\') ++i;
    } else if (c == '{' || c == '[') {
      // The header: this line's text before the brace, after an earlier `{`, `,` or `=`.
      size_t from = line_start;
      for (size_t k = line_start; k < i; ++k)
        if (text[k] == '{' || text[k] == ',' || text[k] == '=' || text[k] == '[') from = k + 1;
      std::string header(text.substr(from, i - from));
      size_t first = header.find_first_not_of(" \t");
      size_t last = header.find_last_not_of(" \t");
      header = first == std::string::npos ? "" : header.substr(first, last - first + 1);
      open.push_back(c == '[' ? "[" : header);
    } else if ((c == '}' || c == ']') && !open.empty()) {
      open.pop_back();
    }
  }
  return open;
}

BlockContext ContextOf(const std::vector<std::string>& open, const sema::Schemas& schemas) {
  BlockContext block;
  for (const std::string& header : open) {
    std::string rest;
    std::string keyword = KeywordOf(header, &rest);
    block.what.clear();
    if (keyword == "infra") {
      size_t colon = rest.find(':');
      std::string kind = colon == std::string::npos ? "" : rest.substr(colon + 1);
      kind.erase(0, kind.find_first_not_of(" \t"));
      block.what = "infra " + kind.substr(0, kind.find_first_of(" \t"));
      block.schema = nullptr;
    } else if (keyword == "service" || keyword == "fork") {
      block.schema = &schemas.service;
    } else if (keyword == "fleet") {
      block.schema = &schemas.fleet;
    } else if (keyword == "feature") {
      block.schema = &schemas.feature;
      block.what = "feature";
    } else if (keyword == "kind") {
      block.schema = nullptr;
      block.what = "kind";
    } else {
      block.schema = NestedSchema(block.schema, header.substr(0, header.find_first_of(" \t")));
    }
  }
  return block;
}

}  // namespace dsc::lsp
