// The standard library as files an editor can open. Its modules are built into dsc and
// have no path on disk; go-to-definition into `std/db` needs one, and every LSP client
// can open a file (a custom scheme needs client support). So each module is written,
// read-only, to dsc's cache: `$XDG_CACHE_HOME/dsc/<version>/std/db.ds` (or
// `~/.cache/...`), rewritten when its text differs.
#pragma once

#include <string>
#include <string_view>

namespace dsc::lsp {

// The cached copy of standard library module `module_path` (`std/db.ds`) with `text`,
// written if needed; "" when it cannot be written.
std::string StdFilePath(const std::string& module_path, std::string_view text);

// Whether `path` is in the cache of standard library copies (an editor opening one is
// reading, not editing: it is not checked as a project file).
bool IsStdFilePath(const std::string& path);

}  // namespace dsc::lsp
