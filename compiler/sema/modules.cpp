#include "compiler/sema/modules.h"

#include <map>

#include "compiler/source/embedded_files.h"
#include "compiler/syntax/parse.h"

namespace dsc::sema {
namespace {

constexpr std::string_view kStdPrefix = "std/";

class Loader {
 public:
  Loader(FileSystem& fs, SourceManager& sources, DiagnosticSink& diags, const ParseLimits& limits)
      : fs_(fs), sources_(sources), diags_(diags), limits_(limits) {}

  ModuleSet Load(const std::string& entry_path) {
    std::string error;
    auto text = fs_.Read(entry_path, &error);
    if (!text) {
      diags_.Report(DiagKind::kFileUnreadable, Span{}, entry_path, error);
      return std::move(set_);
    }
    int entry = AddModule(entry_path, fs_.Canonical(entry_path), false, std::move(*text));
    set_.ok = !set_.modules[entry].file.has_syntax_errors;
    LoadImports(entry);
    return std::move(set_);
  }

 private:
  int AddModule(std::string path, std::string canonical, bool is_std, std::string text) {
    const SourceFile& source = sources_.Add(path, std::move(text));
    Module module;
    module.path = std::move(path);
    module.canonical = canonical;
    module.is_std = is_std;
    module.file = Parse(source, diags_, limits_);
    set_.any_syntax_errors |= module.file.has_syntax_errors;
    for (const auto& decl : module.file.decls) {
      if (decl->kind == ast::DeclKind::kFleet && !module.fleet) module.fleet = decl.get();
      if (decl->kind == ast::DeclKind::kImport) module.imports.push_back({decl.get(), -1, false});
    }
    int index = static_cast<int>(set_.modules.size());
    set_.modules.push_back(std::move(module));
    by_canonical_[canonical] = index;
    return index;
  }

  // Depth-first over imports; `stack_` holds the chain being loaded, so a
  // module met again while still on it closes a cycle.
  void LoadImports(int index) {
    stack_.push_back(index);
    for (size_t i = 0; i < set_.modules[index].imports.size(); ++i) {
      const ast::Decl* decl = set_.modules[index].imports[i].decl;
      int target = Resolve(index, *decl);
      set_.modules[index].imports[i].module = target;
    }
    stack_.pop_back();
  }

  int Resolve(int importer, const ast::Decl& decl) {
    const std::string& path = decl.import_path;
    std::string display, canonical, text;
    bool is_std = path.rfind(kStdPrefix, 0) == 0;
    if (is_std) {
      display = path + ".ds";
      canonical = display;
      std::string_view embedded =
          FindEmbeddedFile("stdlib/" + path.substr(kStdPrefix.size()) + ".ds");
      if (embedded.empty()) {
        diags_
            .Report(DiagKind::kImportNotFound, decl.import_path_span, path,
                    "there is no such standard library module")
            .Help("the standard library has `std/aws`, `std/db` and `std/reload`");
        return -1;
      }
      text = std::string(embedded);
    } else {
      display = JoinRelative(set_.modules[importer].path, path);
      canonical = fs_.Canonical(display);
    }
    auto known = by_canonical_.find(canonical);
    if (known != by_canonical_.end()) {
      for (size_t k = 0; k < stack_.size(); ++k) {
        if (stack_[k] != known->second) continue;
        std::string chain;
        for (size_t j = k; j < stack_.size(); ++j) chain += set_.modules[stack_[j]].path + " -> ";
        chain += set_.modules[known->second].path;
        diags_.Report(DiagKind::kImportCycle, decl.span, chain)
            .Help("move what both files need into a third file that both import");
        return -1;
      }
      return known->second;
    }
    if (!is_std) {
      std::string error;
      auto read = fs_.Read(display, &error);
      if (!read) {
        diags_.Report(DiagKind::kImportNotFound, decl.import_path_span, path, error)
            .Note(fmt::format("looked for `{}`", display))
            .Help("paths are relative to the importing file");
        return -1;
      }
      text = std::move(*read);
    }
    int index = AddModule(display, canonical, is_std, std::move(text));
    LoadImports(index);
    return index;
  }

  FileSystem& fs_;
  SourceManager& sources_;
  DiagnosticSink& diags_;
  const ParseLimits& limits_;
  ModuleSet set_;
  std::map<std::string, int> by_canonical_;
  std::vector<int> stack_;
};

}  // namespace

ModuleSet LoadModules(const std::string& entry_path, FileSystem& fs, SourceManager& sources,
                      DiagnosticSink& diags, const ParseLimits& limits) {
  return Loader(fs, sources, diags, limits).Load(entry_path);
}

}  // namespace dsc::sema
