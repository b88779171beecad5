// Every field of an AST as text, spans included: what a test compares when two parses
// must agree (fast_parser.h's contract), and what it prints when they do not.
#pragma once

#include <string>

#include "compiler/syntax/ast.h"

namespace dsc {

// One line per node, indented by depth.
std::string DumpAst(const ast::File& file);

}  // namespace dsc
