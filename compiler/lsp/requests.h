// The language server's requests on a fleet's files: outline, formatting, definition,
// references, hover and rename. Each is answered from the syntax trees of the fleets the
// document belongs to (navigation.h), parsed from the editor's text where it has the
// file open, so they work while the fleet has errors elsewhere.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "compiler/lsp/documents.h"
#include "compiler/lsp/navigation.h"
#include "compiler/lsp/text_position.h"
#include "compiler/sema/modules.h"
#include "compiler/source/input_limits.h"

namespace dsc::lsp {

// A request's failure: a JSON-RPC error code and a message for the user.
struct RequestError {
  int code;
  std::string message;
};

// One fleet a document belongs to (or the document alone, when no fleet deploys it),
// parsed but not analysed.
struct ParsedFleet {
  SourceManager sources;
  sema::ModuleSet modules;
  int document = -1;  // the document's module

  const ast::File& DocumentFile() const { return modules.modules[document].file; }
  // The document's text, as parsed (empty when it was not read).
  std::string_view DocumentText() const {
    FileId id = DocumentFile().file;
    return sources.IsValid(id) ? std::string_view(sources.Get(id).text()) : std::string_view();
  }
};

// Quick fixes for the client's diagnostics of `uri` that carry a replacement (`data.replace`,
// from a did-you-mean): each replaces the diagnostic's range.
nlohmann::json CodeActions(const std::string& uri, const nlohmann::json& diagnostics);

class Requests {
 public:
  Requests(const Documents& documents, PositionEncoding encoding, InputLimits limits,
           ImportScope scope, std::string project_root);

  nlohmann::json DocumentSymbol(const std::string& path);
  // Throws RequestError when the file does not parse.
  nlohmann::json Formatting(const std::string& path);
  nlohmann::json Definition(const std::string& path, TextPosition at);
  nlohmann::json References(const std::string& path, TextPosition at, bool with_declaration);
  nlohmann::json Hover(const std::string& path, TextPosition at);
  nlohmann::json PrepareRename(const std::string& path, TextPosition at);
  // Throws RequestError for a name that is not an identifier or a target dsc cannot rename.
  nlohmann::json Rename(const std::string& path, TextPosition at, const std::string& new_name);
  nlohmann::json Completion(const std::string& path, TextPosition at);
  nlohmann::json SemanticTokens(const std::string& path);

 private:
  // `parsed_text`: open documents as last parsed cleanly (Documents::KeepAsParsed).
  std::vector<std::unique_ptr<ParsedFleet>> FleetsOf(const std::string& path,
                                                     bool parsed_text = false);
  // One file parsed alone, from the text the editor has (outline, formatting).
  struct ParsedDocument {
    SourceManager sources;
    const SourceFile* source = nullptr;
    ast::File file;
    bool clean = false;  // no syntax errors
  };
  std::optional<ParsedDocument> ParseDocument(const std::string& path);
  // The text a file has for the editor: the open document's, else the file's.
  std::optional<std::string> TextOf(const std::string& path);
  // A span of a module's file as an LSP Location: the file, or for a standard library
  // module, a read-only copy in the cache (std_files.h).
  nlohmann::json LocationOf(const ParsedFleet& fleet, int module, Span span);
  // The target under the cursor, in the first fleet where it names something.
  struct Found {
    ParsedFleet* fleet;
    NameSite site;
    Target target;
  };
  // The hover of a built-in field's key (`replicas = 2`): its type and its row of the
  // language reference (field_docs.h); null elsewhere.
  nlohmann::json FieldHover(const std::string& path, TextPosition at);
  // "`orders-db.url` = `postgres://…`" for a reference to an entity's export, from the
  // checked fleet; "" when it has no value (or the fleet does not check).
  std::string ReferenceValue(ParsedFleet& fleet, const NameSite& site);
  std::string ExportValue(ParsedFleet& fleet, const std::string& entity, const ast::Decl* feature,
                          const std::string& name);
  // Where `found.target` is named in `fleets` (TargetAt's), as LSP Locations.
  nlohmann::json LocationsOf(std::vector<std::unique_ptr<ParsedFleet>>& fleets, const Found& found,
                             bool with_declaration);
  // Whether rename may change the target: the project's, and not the fleet itself.
  static bool Renamable(const Found& found);
  std::optional<Found> TargetAt(std::vector<std::unique_ptr<ParsedFleet>>& fleets, TextPosition at);

  const Documents& documents_;
  PositionEncoding encoding_;
  InputLimits limits_;
  ImportScope scope_;
  std::string project_root_;
};

}  // namespace dsc::lsp
