// `textDocument/semanticTokens/full`: each name of a file coloured by what it names
// (a service, an infra, a kind, a feature, an import, a kind's param or export) and each
// field key as a property, with `declaration` where it is declared and `defaultLibrary`
// where it comes from the standard library. Keywords, strings, numbers and comments are
// the TextMate grammar's (editors/vscode): the server adds what only the compiler knows.
#pragma once

#include <nlohmann/json.hpp>

#include "compiler/lsp/text_position.h"
#include "compiler/sema/modules.h"

namespace dsc::lsp {

// The legend announced in `initialize` (`semanticTokensProvider.legend`).
nlohmann::json SemanticTokensLegend();

// The tokens of module `module`, whose text is `text`, encoded as LSP's relative integers.
nlohmann::json SemanticTokens(const sema::ModuleSet& modules, int module, std::string_view text,
                              PositionEncoding encoding);

}  // namespace dsc::lsp
