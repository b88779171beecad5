// `textDocument/completion`: what may be written at the cursor. The context is read from
// the text before the cursor (the blocks it is inside, the start of its line), not from
// the syntax tree, since the file is usually incomplete while a person types; names come
// from the fleet's syntax trees (navigation.h):
//   - in `import "…`                 the standard library's modules;
//   - after `infra NAME:`            the kinds in scope (`postgres`, `db.postgres`);
//     after `kind NAME:`             the kind categories;
//   - after `name.`                  a file's declarations (`payments.`), an infra's exports
//                                    (its kind's), a service's (`host`, `port`, `url`, …);
//   - at the start of a member       the fields valid in the block (a service, a fleet,
//                                    `resources { … }`, an infra's kind's params, …);
//   - after `=` or in a list         the entities in scope, the import aliases, `fleet`;
//   - at the top level               the declaration keywords.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "compiler/sema/modules.h"

namespace dsc::lsp {

// LSP CompletionItem[] at byte `offset` of `text`, module `module` of `modules` (its
// syntax tree may be older or partial; `modules` may hold no such module, -1).
nlohmann::json Complete(std::string_view text, size_t offset, const sema::ModuleSet& modules,
                        int module);

}  // namespace dsc::lsp
