#include "compiler/lsp/requests.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/ascii.h"
#include "compiler/check/check.h"
#include "compiler/format/formatter.h"
#include "compiler/lsp/block_context.h"
#include "compiler/lsp/completion.h"
#include "compiler/lsp/field_docs.h"
#include "compiler/lsp/json_rpc.h"
#include "compiler/lsp/semantic_tokens.h"
#include "compiler/lsp/std_files.h"
#include "compiler/lsp/symbols.h"
#include "compiler/pipeline/check_targets.h"
#include "compiler/syntax/parse.h"

namespace dsc::lsp {
namespace {

using nlohmann::json;

// LSP's RequestFailed: the request was valid but could not be carried out.
constexpr int kRequestFailed = -32803;

bool IsIdentifier(const std::string& name) {
  if (name.empty() || !(base::IsAsciiLetter(name[0]) || name[0] == '_')) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return base::IsAsciiAlnum(c) || c == '_' || c == '-'; });
}

// `path:line` as diagnostics show a module's file.
std::string WhereDeclared(const ParsedFleet& fleet, int module, Span span) {
  const sema::Module& m = fleet.modules.modules[module];
  std::string line = "";
  if (fleet.sources.IsValid(span.file))
    line = ":" + std::to_string(fleet.sources.Get(span.file).LineColAt(span.begin).line);
  return m.path + line;
}

// The text of an expression as written (`"ghcr.io/acme/api:1"`), for hovers.
std::string SourceText(const ParsedFleet& fleet, Span span) {
  if (!fleet.sources.IsValid(span.file)) return "";
  const std::string& text = fleet.sources.Get(span.file).text();
  if (span.end > text.size() || span.begin > span.end) return "";
  std::string out = text.substr(span.begin, span.end - span.begin);
  return out.size() > 200 ? out.substr(0, 200) + "…" : out;
}

const ast::Member* MemberNamed(const ast::Decl& decl, std::string_view key) {
  for (const ast::Member& member : decl.body.members)
    if (member.key.text == key && member.kind != ast::MemberKind::kDecl) return &member;
  return nullptr;
}

std::string MemberLine(const ParsedFleet& fleet, const ast::Member& member) {
  std::string keyword = member.kind == ast::MemberKind::kParam ? "param " : "export ";
  std::string out = keyword + member.key.text;
  if (member.type) out += ": " + member.type->ToString();
  if (member.value) out += " = " + SourceText(fleet, member.value->span);
  return out;
}

// The hover's text for what `target` is: a code block of its header (and what matters
// about it), then where it is declared.
std::string Describe(const ParsedFleet& fleet, const Target& target) {
  const sema::Module& module = fleet.modules.modules[target.module];
  if (!target.decl) return "file `" + module.path + "`";
  std::string code;
  const ast::Decl& decl = *target.decl;
  if (target.member) {
    code = MemberLine(fleet, *target.member) + "\n// of kind " + decl.name.text;
  } else {
    code = std::string(ast::DeclKindKeyword(decl.kind)) + " " + decl.name.text;
    if (decl.kind == ast::DeclKind::kInfra) code += ": " + decl.kind_ref.ToString();
    if (decl.kind == ast::DeclKind::kKind) code += ": " + decl.category.text;
    if (decl.kind == ast::DeclKind::kService || decl.kind == ast::DeclKind::kFork)
      if (const ast::Member* image = MemberNamed(decl, "image"); image && image->value)
        code += "\n  image = " + SourceText(fleet, image->value->span);
    if (decl.kind == ast::DeclKind::kKind)
      for (const ast::Member& member : decl.body.members)
        if (member.kind == ast::MemberKind::kParam || member.kind == ast::MemberKind::kExport)
          code += "\n  " + MemberLine(fleet, member);
    if (decl.kind == ast::DeclKind::kFeature)
      for (const ast::Member& member : decl.body.members)
        if (member.kind == ast::MemberKind::kDecl && member.decl)
          code += "\n  " + std::string(ast::DeclKindKeyword(member.decl->kind)) + " " +
                  member.decl->name.text;
  }
  return "```ds\n" + code + "\n```\ndeclared in `" +
         WhereDeclared(fleet, target.module, target.NameSpan()) + "`";
}

}  // namespace

json CodeActions(const std::string& uri, const json& diagnostics) {
  json actions = json::array();
  if (!diagnostics.is_array()) return actions;
  for (const json& d : diagnostics) {
    if (!d.is_object() || !d.contains("range") || !d.contains("data")) continue;
    const json& data = d["data"];
    if (!data.is_object() || !data.contains("replace") || !data["replace"].is_string()) continue;
    std::string fix = data["replace"].get<std::string>();
    actions.push_back(
        {{"title", "Change to `" + fix + "`"},
         {"kind", "quickfix"},
         {"diagnostics", json::array({d})},
         {"isPreferred", true},
         {"edit",
          {{"changes", {{uri, json::array({{{"range", d["range"]}, {"newText", fix}}})}}}}}});
  }
  return actions;
}

Requests::Requests(const Documents& documents, PositionEncoding encoding, InputLimits limits,
                   ImportScope scope, std::string project_root)
    : documents_(documents),
      encoding_(encoding),
      limits_(limits),
      scope_(scope),
      project_root_(std::move(project_root)) {}

std::optional<std::string> Requests::TextOf(const std::string& path) {
  OverlayFileSystem files(documents_, scope_, project_root_);
  std::string error;
  return files.Read(path, &error);
}

std::vector<std::unique_ptr<ParsedFleet>> Requests::FleetsOf(const std::string& path,
                                                             bool parsed_text) {
  OverlayFileSystem files(documents_, scope_, project_root_, parsed_text);
  std::vector<std::unique_ptr<ParsedFleet>> fleets;
  std::vector<pipeline::CheckTarget> targets;
  if (!IsStdFilePath(path)) targets = pipeline::ResolveCheckTargets({path}, files, limits_);
  if (targets.empty()) targets.push_back({path, sema::AnalyzeAs::kModule});
  for (const pipeline::CheckTarget& target : targets) {
    auto fleet = std::make_unique<ParsedFleet>();
    DiagnosticSink ignored;  // `dsc check`'s business: published by the checker
    // Absolute, as the document's path is (a fleet found in the project is named
    // relative to the working directory).
    fleet->modules =
        sema::LoadModules(NormalPath(target.path), files, fleet->sources, ignored, limits_);
    fleet->document = ModuleOfPath(fleet->modules, path);
    if (fleet->document >= 0) fleets.push_back(std::move(fleet));
  }
  return fleets;
}

json Requests::LocationOf(const ParsedFleet& fleet, int module, Span span) {
  const sema::Module& m = fleet.modules.modules[module];
  std::string uri;
  std::string_view text;
  if (fleet.sources.IsValid(m.file.file)) text = fleet.sources.Get(m.file.file).text();
  if (m.is_std) {
    std::string path = StdFilePath(m.path, text);
    if (path.empty()) return nullptr;
    uri = UriOfPath(path);
  } else {
    uri = UriOfPath(NormalPath(m.path));
  }
  return {{"uri", uri}, {"range", RangeOf(text, span, encoding_)}};
}

std::optional<Requests::Found> Requests::TargetAt(std::vector<std::unique_ptr<ParsedFleet>>& fleets,
                                                  TextPosition at) {
  for (auto& fleet : fleets) {
    uint32_t offset = static_cast<uint32_t>(OffsetAt(fleet->DocumentText(), at, encoding_));
    std::optional<NameSite> site = NameSiteAt(fleet->DocumentFile(), offset);
    if (!site) return std::nullopt;  // the same in every fleet: the file's own syntax
    if (auto target = Resolve(fleet->modules, fleet->document, *site))
      return Found{fleet.get(), *site, *target};
  }
  return std::nullopt;
}

std::optional<Requests::ParsedDocument> Requests::ParseDocument(const std::string& path) {
  std::optional<std::string> text = TextOf(path);
  if (!text) return std::nullopt;
  ParsedDocument parsed;
  parsed.source = &parsed.sources.Add(path, std::move(*text));
  DiagnosticSink diags;
  parsed.file = Parse(*parsed.source, diags, limits_);
  parsed.clean = !parsed.file.has_syntax_errors && !diags.has_errors();
  return parsed;
}

json Requests::DocumentSymbol(const std::string& path) {
  std::optional<ParsedDocument> parsed = ParseDocument(path);
  if (!parsed) return nullptr;
  return DocumentSymbols(parsed->file, parsed->source->text(), encoding_);
}

json Requests::Formatting(const std::string& path) {
  std::optional<ParsedDocument> parsed = ParseDocument(path);
  if (!parsed) return nullptr;
  if (!parsed->clean)
    throw RequestError{kRequestFailed,
                       "dsc fmt: the file has syntax errors (see its diagnostics); fix them first"};
  const SourceFile& source = *parsed->source;
  std::string formatted = FormatFile(parsed->file, source);
  if (formatted == source.text()) return json::array();
  // One edit replacing the whole text: simple, and what `dsc fmt` would write.
  return json::array(
      {{{"range",
         RangeOf(source.text(), Span{source.id(), 0, static_cast<uint32_t>(source.text().size())},
                 encoding_)},
        {"newText", formatted}}});
}

json Requests::Definition(const std::string& path, TextPosition at) {
  auto fleets = FleetsOf(path);
  std::optional<Found> found = TargetAt(fleets, at);
  if (!found) return nullptr;
  return LocationOf(*found->fleet, found->target.module, found->target.NameSpan());
}

json Requests::References(const std::string& path, TextPosition at, bool with_declaration) {
  auto fleets = FleetsOf(path);
  std::optional<Found> found = TargetAt(fleets, at);
  if (!found) return json::array();
  return LocationsOf(fleets, *found, with_declaration);
}

json Requests::LocationsOf(std::vector<std::unique_ptr<ParsedFleet>>& fleets, const Found& found,
                           bool with_declaration) {
  // The target in each fleet (a member file is in several): found again by its place.
  const sema::Module& target_module = found.fleet->modules.modules[found.target.module];
  Span target_span = found.target.NameSpan();
  std::set<std::pair<std::string, uint32_t>> seen;
  json out = json::array();
  for (auto& fleet : fleets) {
    int module = ModuleOfPath(fleet->modules, target_module.path);
    if (module < 0) continue;
    std::optional<Target> target;
    for (const NameSite& site : NameSites(fleet->modules.modules[module].file)) {
      if (site.span.begin != target_span.begin || !(site.declared || site.declared_member))
        continue;
      target = Resolve(fleet->modules, module, site);
      break;
    }
    if (!target && !found.target.decl) target = Target{module};
    if (!target) continue;
    for (const auto& [m, site] : lsp::References(fleet->modules, *target)) {
      bool is_declaration = (site.declared || site.declared_member) && m == target->module &&
                            site.span.begin == target->NameSpan().begin;
      if (is_declaration && !with_declaration) continue;
      if (fleet->modules.modules[m].is_std) continue;
      if (!seen.insert({fleet->modules.modules[m].path, site.span.begin}).second) continue;
      json location = LocationOf(*fleet, m, site.span);
      if (!location.is_null()) out.push_back(std::move(location));
    }
  }
  return out;
}

json Requests::Hover(const std::string& path, TextPosition at) {
  auto fleets = FleetsOf(path);
  std::optional<Found> found = TargetAt(fleets, at);
  std::optional<NameSite> site = found ? std::optional<NameSite>(found->site) : std::nullopt;
  ParsedFleet* fleet = found ? found->fleet : nullptr;
  if (!found && !fleets.empty()) {
    // A built-in export (`api.url`) names no declaration, but has a value.
    fleet = fleets[0].get();
    site = NameSiteAt(fleet->DocumentFile(),
                      static_cast<uint32_t>(OffsetAt(fleet->DocumentText(), at, encoding_)));
  }
  if (!site) return FieldHover(path, at);
  std::string value = site->ref ? ReferenceValue(*fleet, *site) : "";
  if (!found && value.empty()) return nullptr;
  std::string markdown = found ? Describe(*fleet, found->target) : "";
  if (!value.empty()) markdown += (markdown.empty() ? "" : "\n\n") + value;
  return {{"contents", {{"kind", "markdown"}, {"value", markdown}}},
          {"range", RangeOf(fleet->DocumentText(), site->span, encoding_)}};
}

json Requests::FieldHover(const std::string& path, TextPosition at) {
  std::optional<std::string> text = TextOf(path);
  if (!text) return nullptr;
  // The word at the cursor, followed by `=` or `{`: a field's key.
  size_t offset = OffsetAt(*text, at, encoding_);
  auto is_name = [&](size_t i) {
    char c = (*text)[i];
    return base::IsAsciiAlnum(c) || c == '_' || c == '-';
  };
  size_t begin = offset, end = offset;
  while (begin > 0 && is_name(begin - 1)) --begin;
  while (end < text->size() && is_name(end)) ++end;
  size_t next = text->find_first_not_of(" \t", end);
  if (begin == end || next == std::string::npos || ((*text)[next] != '=' && (*text)[next] != '{'))
    return nullptr;
  std::string key = text->substr(begin, end - begin);
  sema::Schemas schemas;
  BlockContext block = ContextOf(OpenBlocks(std::string_view(*text).substr(0, begin)), schemas);
  if (!block.schema) return nullptr;
  const sema::FieldSchema* field = block.schema->Find(key);
  if (!field) return nullptr;
  std::string markdown = "```ds\n" + block.schema->name + "." + key + ": " +
                         sema::Describe(*field->type) + (field->required ? " (required)" : "") +
                         "\n```";
  if (std::string doc = FieldDoc(block.schema->name, key); !doc.empty()) markdown += "\n" + doc;
  return {
      {"contents", {{"kind", "markdown"}, {"value", markdown}}},
      {"range", RangeOf(*text, Span{0, static_cast<uint32_t>(begin), static_cast<uint32_t>(end)},
                        encoding_)}};
}

std::string Requests::ReferenceValue(ParsedFleet& fleet, const NameSite& site) {
  // The entity the reference names (`orders-db` of `orders-db.url`, `ledger` of
  // `payments.ledger.url`), and the export after it.
  Resolver resolver(fleet.modules);
  const ast::QualifiedName& ref = *site.ref;
  for (size_t k = 0; k + 1 < ref.parts.size(); ++k) {
    NameSite part = site;
    part.part = k;
    std::optional<Target> target = resolver.Resolve(fleet.document, part);
    if (!target || !target->decl || target->member) continue;
    ast::DeclKind kind = target->decl->kind;
    if (kind != ast::DeclKind::kService && kind != ast::DeclKind::kInfra) continue;
    if (site.part < k + 1) return "";  // on the entity or before it: the hover says what it is
    std::string value =
        ExportValue(fleet, target->decl->name.text, site.feature, ref.parts[k + 1].text);
    if (value.empty()) return "";
    std::string written;
    for (size_t i = 0; i <= k + 1; ++i) written += (i ? "." : "") + ref.parts[i].text;
    return "`" + written + "` = `" + value + "`";
  }
  return "";
}

std::string Requests::ExportValue(ParsedFleet& fleet, const std::string& entity,
                                  const ast::Decl* feature, const std::string& name) {
  const sema::Module& entry = fleet.modules.modules[0];
  if (!entry.fleet) return "";  // a library of kinds: no fleet, no values
  OverlayFileSystem files(documents_, scope_, project_root_);
  SourceManager sources;
  DiagnosticSink diags;
  std::optional<check::CheckedFleet> checked =
      check::CheckFleet(entry.path, files, sources, diags, limits_);
  if (!checked) return "";
  const model::Model& model = checked->model;
  // The feature's own version (a fork, its own infra) where the reference is in one.
  int in_feature = -1;
  for (size_t f = 0; feature && f < model.features.size(); ++f)
    if (model.features[f].name == feature->name.text) in_feature = static_cast<int>(f);
  const std::vector<std::pair<std::string, std::string>>* exports = nullptr;
  for (int pass : {in_feature, -1}) {
    if (exports) break;
    for (const model::Service& service : model.services)
      if (service.name == entity && service.feature == pass) exports = &service.exports;
    for (const model::Infra& infra : model.infra)
      if (infra.name == entity && infra.feature == pass) exports = &infra.exports;
  }
  if (!exports) return "";
  for (const auto& [key, value] : *exports)
    if (key == name) return value;
  return "";
}

bool Requests::Renamable(const Found& found) {
  if (!found.target.decl || found.fleet->modules.modules[found.target.module].is_std) return false;
  return found.target.member || found.target.decl->kind != ast::DeclKind::kFleet;
}

json Requests::PrepareRename(const std::string& path, TextPosition at) {
  auto fleets = FleetsOf(path);
  std::optional<Found> found = TargetAt(fleets, at);
  if (!found || !Renamable(*found)) return nullptr;
  return {{"range", RangeOf(found->fleet->DocumentText(), found->site.span, encoding_)},
          {"placeholder", found->site.ref        ? found->site.ref->parts[found->site.part].text
                          : found->site.declared ? found->site.declared->name.text
                                                 : found->site.declared_member->key.text}};
}

json Requests::Rename(const std::string& path, TextPosition at, const std::string& new_name) {
  if (!IsIdentifier(new_name))
    throw RequestError{kRequestFailed, "`" + new_name +
                                           "` is not a name: names are letters, digits, `_` and "
                                           "`-`, starting with a letter or `_`"};
  // The project's fleets parsed once, for the target and for its references.
  auto fleets = FleetsOf(path);
  std::optional<Found> found = TargetAt(fleets, at);
  if (!found || !Renamable(*found))
    throw RequestError{kRequestFailed,
                       "only a service, infra, kind, feature, param or export of the project can "
                       "be renamed"};
  json changes = json::object();
  for (const json& location : LocationsOf(fleets, *found, /*with_declaration=*/true))
    changes[location["uri"].get<std::string>()].push_back(
        {{"range", location["range"]}, {"newText", new_name}});
  return {{"changes", changes}};
}

json Requests::Completion(const std::string& path, TextPosition at) {
  std::optional<std::string> text = TextOf(path);
  if (!text) return json::array();
  // The context from the text as typed, the names from the fleet as last parsed.
  auto fleets = FleetsOf(path, /*parsed_text=*/true);
  size_t offset = OffsetAt(*text, at, encoding_);
  if (fleets.empty()) return Complete(*text, offset, sema::ModuleSet{}, -1);
  return Complete(*text, offset, fleets[0]->modules, fleets[0]->document);
}

json Requests::SemanticTokens(const std::string& path) {
  auto fleets = FleetsOf(path);
  if (fleets.empty()) return {{"data", json::array()}};
  const ParsedFleet& fleet = *fleets[0];
  return {{"data",
           lsp::SemanticTokens(fleet.modules, fleet.document, fleet.DocumentText(), encoding_)}};
}

}  // namespace dsc::lsp
