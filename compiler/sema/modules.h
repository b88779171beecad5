// Loading a fleet: the entry file and, transitively, every file and standard
// library module it imports, each parsed once.
//
// Input: the entry path. Output: a ModuleSet (module 0 is the entry file) and
// diagnostics DS1001 (unreadable), DS1011 (too large, not read), DS2003 (import not
// found), DS2004 (cycle), DS2019 (imports nested too deep), DS2020 (too many files), DS2021 (import
// outside the project root, see RealFileSystem).
#pragma once

#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/source/file_system.h"
#include "compiler/syntax/ast.h"
#include "compiler/syntax/parse.h"

namespace dsc::sema {

struct ImportRef {
  const ast::Decl* decl = nullptr;
  int module = -1;  // -1 when the import failed
  bool used = false;
};

struct Module {
  std::string path;       // as shown in diagnostics
  std::string canonical;  // identity
  bool is_std = false;
  ast::File file;
  const ast::Decl* fleet = nullptr;  // its own `fleet` header, if any
  std::vector<ImportRef> imports;
};

struct ModuleSet {
  std::vector<Module> modules;  // modules[0] is the entry file
  bool ok = false;              // the entry file was read and parsed without syntax errors
  bool any_syntax_errors = false;
  // Where imports (DS2021) and dev sync paths (DS5019) must stay, canonical: "" when they
  // may leave it (--allow-outside-imports); and why it is the root, for messages.
  std::string project_root;
  std::string project_root_why;
};

ModuleSet LoadModules(const std::string& entry_path, FileSystem& fs, SourceManager& sources,
                      DiagnosticSink& diags, const InputLimits& limits = {});

// Per module: whether it is deployed with the entry file's fleet. Members are the entry
// file and what it imports, transitively, through files without a `fleet` header of
// their own; another fleet's file (and what only it imports) is external.
std::vector<bool> MemberModules(const ModuleSet& modules);

}  // namespace dsc::sema
