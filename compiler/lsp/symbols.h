// `textDocument/documentSymbol`: a file's outline, from its syntax tree alone (so it
// works while the file has errors elsewhere): imports, the fleet, services, infra, kinds
// (with their params and exports), features (with their forks and infra).
#pragma once

#include <nlohmann/json.hpp>

#include "compiler/lsp/text_position.h"
#include "compiler/syntax/ast.h"

namespace dsc::lsp {

// LSP DocumentSymbol[] for `file`, whose text is `text`.
nlohmann::json DocumentSymbols(const ast::File& file, std::string_view text,
                               PositionEncoding encoding);

// An LSP Range for the bytes of `span` in `text`.
nlohmann::json RangeOf(std::string_view text, Span span, PositionEncoding encoding);

}  // namespace dsc::lsp
