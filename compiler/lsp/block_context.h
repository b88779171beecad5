// Where the cursor is in a fleet file, read from the text before it: the blocks open there
// and the record schema of the innermost (a service's fields, `resources { … }`'s, …).
// Text, not a syntax tree, because a file being typed rarely parses; completion and the
// hover of a field key stand on it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/sema/types.h"

namespace dsc::lsp {

// The blocks open at the end of `text`, outermost first: each one's header, the words
// before its `{` (`service api`, `infra db: db.postgres`, `resources`); a list is `[`.
// Strings and comments are skipped.
std::vector<std::string> OpenBlocks(std::string_view text);

struct BlockContext {
  const sema::RecordSchema* schema = nullptr;  // the fields the block takes, if built in
  // What else: "feature" (forks and infra go there too), "kind" (params and exports),
  // "infra KIND" (the params of KIND, as written: `db.postgres`), or "".
  std::string what;
};

// The innermost of `open` (OpenBlocks), with `schemas`' records.
BlockContext ContextOf(const std::vector<std::string>& open, const sema::Schemas& schemas);

}  // namespace dsc::lsp
