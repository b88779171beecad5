#include "compiler/lsp/completion.h"

#include <algorithm>
#include <string>
#include <vector>

#include "base/ascii.h"
#include "compiler/lsp/block_context.h"
#include "compiler/lsp/field_docs.h"
#include "compiler/lsp/navigation.h"
#include "compiler/sema/types.h"
#include "compiler/source/embedded_files.h"

namespace dsc::lsp {
namespace {

using nlohmann::json;

// LSP CompletionItemKind values.
constexpr int kItemField = 5, kItemVariable = 6, kItemClass = 7, kItemInterface = 8,
              kItemModule = 9, kItemProperty = 10, kItemKeyword = 14, kItemEvent = 23;

bool IsNameChar(char c) { return base::IsAsciiAlnum(c) || c == '_' || c == '-'; }

json Item(const std::string& label, int kind, const std::string& detail = "") {
  json item = {{"label", label}, {"kind", kind}};
  if (!detail.empty()) item["detail"] = detail;
  return item;
}

class Completer {
 public:
  Completer(const sema::ModuleSet& modules, int module)
      : modules_(modules), module_(module), resolver_(modules) {}

  // Declarations of `m` (or of the document) of the given kinds.
  void AddDeclarations(int m, std::initializer_list<ast::DeclKind> kinds, const std::string& prefix,
                       json& out) const {
    if (m < 0) return;
    for (const auto& decl : modules_.modules[m].file.decls) {
      if (!decl || decl->name.text.empty()) continue;
      for (ast::DeclKind k : kinds)
        if (decl->kind == k) out.push_back(ItemOf(*decl, prefix));
    }
  }

  static json ItemOf(const ast::Decl& decl, const std::string& prefix) {
    int kind = kItemVariable;
    std::string detail(ast::DeclKindKeyword(decl.kind));
    switch (decl.kind) {
      case ast::DeclKind::kService:
        kind = kItemClass;
        break;
      case ast::DeclKind::kKind:
        kind = kItemInterface;
        detail = "kind: " + decl.category.text;
        break;
      case ast::DeclKind::kFeature:
        kind = kItemEvent;
        break;
      case ast::DeclKind::kInfra:
        detail = "infra: " + decl.kind_ref.ToString();
        break;
      default:
        break;
    }
    return Item(prefix + decl.name.text, kind, detail);
  }

  // Kinds of the file and `alias.kind` of its imports.
  void AddKinds(json& out) const {
    AddDeclarations(module_, {ast::DeclKind::kKind}, "", out);
    if (module_ < 0) return;
    for (const sema::ImportRef& import : modules_.modules[module_].imports)
      if (import.decl && import.module >= 0)
        AddDeclarations(import.module, {ast::DeclKind::kKind}, import.decl->name.text + ".", out);
  }

  // The kinds of the import aliased `alias`.
  void AddKindsOf(const std::string& alias, json& out) const {
    if (module_ < 0) return;
    for (const sema::ImportRef& import : modules_.modules[module_].imports)
      if (import.decl && import.decl->name.text == alias && import.module >= 0)
        AddDeclarations(import.module, {ast::DeclKind::kKind}, "", out);
  }

  // After `qualifier.`: what the qualifier has.
  void AddMembersOf(const std::string& qualifier, json& out) const {
    if (module_ < 0) return;
    int m = module_;
    const ast::Decl* entity = nullptr;
    size_t start = 0;
    while (start <= qualifier.size()) {
      size_t dot = qualifier.find('.', start);
      std::string part = qualifier.substr(start, dot == std::string::npos ? dot : dot - start);
      if (entity) return;  // `a.b.c.`: exports have no members
      bool found = false;
      for (const sema::ImportRef& import : modules_.modules[m].imports) {
        if (import.decl && import.decl->name.text == part && import.module >= 0 && start == 0) {
          m = import.module;
          found = true;
        }
      }
      if (!found) {
        for (const auto& decl : modules_.modules[m].file.decls)
          if (decl && decl->name.text == part &&
              (decl->kind == ast::DeclKind::kService || decl->kind == ast::DeclKind::kInfra))
            entity = decl.get();
        if (!entity) return;
      }
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    if (!entity) {  // a file: its services and infra
      AddDeclarations(m, {ast::DeclKind::kService, ast::DeclKind::kInfra}, "", out);
      return;
    }
    if (entity->kind == ast::DeclKind::kService) {
      for (const char* name : {"name", "host", "port", "url", "route_url"})
        out.push_back(Item(name, kItemProperty, "service export"));
      return;
    }
    if (const ast::Decl* kind = KindOf(m, entity->kind_ref))
      for (const ast::Member& member : kind->body.members)
        if (member.kind == ast::MemberKind::kExport)
          out.push_back(Item(member.key.text, kItemProperty,
                             "export" + (member.type ? ": " + member.type->ToString() : "")));
  }

  // The kind an infra of module `m` names, by its qualified name (navigation.h's lookup).
  const ast::Decl* KindOf(int m, const ast::QualifiedName& name) const {
    std::optional<Target> kind = resolver_.KindOf(m, name);
    return kind ? kind->decl : nullptr;
  }

  // The params of the kind `kind_text` (`db.postgres`) names.
  void AddParamsOf(const std::string& kind_text, json& out) const {
    if (module_ < 0) return;
    ast::QualifiedName name;
    size_t start = 0;
    while (true) {
      size_t dot = kind_text.find('.', start);
      name.parts.push_back({kind_text.substr(start, dot - start), {}});
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    if (const ast::Decl* kind = KindOf(module_, name))
      for (const ast::Member& member : kind->body.members)
        if (member.kind == ast::MemberKind::kParam)
          out.push_back(Item(member.key.text, kItemField,
                             "param" + (member.type ? ": " + member.type->ToString() : "")));
  }

  // Names in scope for a value: entities, aliases, `fleet`.
  void AddValues(json& out) const {
    AddDeclarations(module_, {ast::DeclKind::kService, ast::DeclKind::kInfra}, "", out);
    if (module_ >= 0)
      for (const sema::ImportRef& import : modules_.modules[module_].imports)
        if (import.decl) out.push_back(Item(import.decl->name.text, kItemModule, "import"));
    out.push_back(Item("fleet", kItemKeyword, "the fleet's settings"));
  }

 private:
  const sema::ModuleSet& modules_;
  int module_;
  mutable Resolver resolver_;  // indexes each file on first use
};

void AddFields(const sema::RecordSchema& schema, json& out) {
  for (const sema::FieldSchema& field : schema.fields) {
    json item = Item(field.name, kItemField, sema::Describe(*field.type));
    if (std::string doc = FieldDoc(schema.name, field.name); !doc.empty())
      item["documentation"] = {{"kind", "markdown"}, {"value", doc}};
    out.push_back(std::move(item));
  }
}

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

// The start of the run of name characters that ends `line` (the word being typed).
size_t TypedWordStart(std::string_view line) {
  size_t at = line.size();
  while (at > 0 && IsNameChar(line[at - 1])) --at;
  return at;
}

// The last character before `end` that is not a space, or 0 when there is none.
char LastNonSpace(std::string_view line, size_t end) {
  while (end > 0 && IsSpace(line[end - 1])) --end;
  return end == 0 ? 0 : line[end - 1];
}

// `line` as `KEYWORD NAME:` and then `*rest` (`infra db: db.pos`, `kind k: in`), spaces
// allowed where the language allows them.
bool HeaderWithColon(std::string_view line, std::string_view keyword, std::string_view* rest) {
  size_t at = 0;
  while (at < line.size() && IsSpace(line[at])) ++at;
  if (line.substr(at, keyword.size()) != keyword) return false;
  at += keyword.size();
  size_t spaces = at;
  while (at < line.size() && IsSpace(line[at])) ++at;
  if (at == spaces) return false;
  size_t name = at;
  while (at < line.size() && IsNameChar(line[at])) ++at;
  if (at == name) return false;
  while (at < line.size() && IsSpace(line[at])) ++at;
  if (at == line.size() || line[at] != ':') return false;
  ++at;
  while (at < line.size() && IsSpace(line[at])) ++at;
  *rest = line.substr(at);
  return true;
}

// `import "…` with the cursor inside the path.
bool InImportPath(std::string_view line) {
  size_t at = 0;
  while (at < line.size() && IsSpace(line[at])) ++at;
  if (line.substr(at, 6) != "import") return false;
  at += 6;
  size_t spaces = at;
  while (at < line.size() && IsSpace(line[at])) ++at;
  return at > spaces && at < line.size() && line[at] == '"' &&
         line.find('"', at + 1) == std::string_view::npos;
}

}  // namespace

json Complete(std::string_view text, size_t offset, const sema::ModuleSet& modules, int module) {
  offset = std::min(offset, text.size());
  std::string_view before = text.substr(0, offset);
  size_t line_start = before.rfind('\n');
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  std::string_view line = before.substr(line_start);
  Completer completer(modules, module);
  json out = json::array();

  // In an import's path.
  if (InImportPath(line)) {
    for (const EmbeddedFile& file : EmbeddedFiles()) {
      std::string_view path = file.path;
      if (path.starts_with("stdlib/") && path.ends_with(".ds") &&
          path.find('/', 7) == std::string_view::npos)
        out.push_back(Item("std/" + std::string(path.substr(7, path.size() - 10)), kItemModule,
                           "the standard library"));
    }
    return out;
  }
  // A kind after `infra NAME:`, a category after `kind NAME:`.
  std::string_view rest;
  if (HeaderWithColon(line, "infra", &rest) &&
      std::all_of(rest.begin(), rest.end(), [](char c) { return IsNameChar(c) || c == '.'; })) {
    // `db.` typed: the kinds of that import (clients filter on the word after the dot).
    std::string typed(rest);
    if (size_t dot = typed.rfind('.'); dot != std::string::npos)
      completer.AddKindsOf(typed.substr(0, dot), out);
    else
      completer.AddKinds(out);
    return out;
  }
  if (HeaderWithColon(line, "kind", &rest) && std::all_of(rest.begin(), rest.end(), IsNameChar)) {
    out.push_back(Item("infra", kItemKeyword, "provisions cloud infra (a hook Job)"));
    out.push_back(Item("reload", kItemKeyword, "how a service reloads synced code"));
    return out;
  }
  // After `name.` (a string's `${name.` too).
  size_t word = before.size();
  while (word > 0 && (IsNameChar(before[word - 1]) || before[word - 1] == '.')) --word;
  std::string qualified(before.substr(word));
  if (size_t dot = qualified.rfind('.'); dot != std::string::npos && dot > 0) {
    completer.AddMembersOf(qualified.substr(0, dot), out);
    return out;
  }
  // Inside a string (not `${`): nothing.
  bool in_string = false;
  for (char c : line) in_string = c == '"' ? !in_string : in_string;
  if (in_string && line.rfind("${") == std::string::npos) return out;

  std::vector<std::string> open = OpenBlocks(before);
  // What comes before the word being typed: nothing (a line's first word), `{` or `,` (a
  // member's key), `=` (a value).
  char before_word = LastNonSpace(line, TypedWordStart(line));
  bool at_member_start = before_word == 0 || before_word == '{' || before_word == ',';
  bool at_value = before_word == '=' || (!open.empty() && open.back() == "[");
  if (at_value) {
    completer.AddValues(out);
    return out;
  }
  if (!at_member_start) return out;
  if (open.empty()) {
    for (const char* keyword : {"import", "fleet", "service", "infra", "feature", "kind"})
      out.push_back(Item(keyword, kItemKeyword));
    return out;
  }
  sema::Schemas schemas;
  BlockContext block = ContextOf(open, schemas);
  const sema::RecordSchema* schema = block.schema;
  const std::string& what = block.what;
  if (schema) AddFields(*schema, out);
  if (what == "feature") {
    out.push_back(Item("fork", kItemKeyword, "a copy of a service or infra for the feature"));
    out.push_back(Item("infra", kItemKeyword, "infra of the feature's own"));
  } else if (what == "kind") {
    out.push_back(Item("param", kItemKeyword));
    out.push_back(Item("export", kItemKeyword));
  } else if (what.starts_with("infra ")) {
    completer.AddParamsOf(what.substr(6), out);
  }
  return out;
}

}  // namespace dsc::lsp
