#include "compiler/sema/modules.h"

#include <algorithm>
#include <cctype>
#include <deque>
#include <filesystem>
#include <map>

#include "compiler/source/embedded_files.h"
#include "compiler/source/unicode_names.h"
#include "compiler/syntax/parse.h"

namespace dsc::sema {
namespace {

constexpr std::string_view kStdPrefix = "std/";

// A name as the lexer reads one: `[A-Za-z_][A-Za-z0-9_-]*`.
bool IsName(std::string_view text) {
  if (text.empty() || !(std::isalpha(static_cast<unsigned char>(text[0])) || text[0] == '_'))
    return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

class Loader {
 public:
  Loader(FileSystem& fs, SourceManager& sources, DiagnosticSink& diags, const InputLimits& limits)
      : fs_(fs), sources_(sources), diags_(diags), limits_(limits) {}

  ModuleSet Load(const std::string& entry_path) {
    if (TooLarge(entry_path)) return std::move(set_);
    std::string error;
    auto text = fs_.Read(entry_path, &error);
    if (!text) {
      diags_.Report(DiagKind::kFileUnreadable, Span{}, entry_path, error);
      return std::move(set_);
    }
    import_root_ = fs_.ImportRoot(entry_path, &import_root_why_);
    set_.project_root = import_root_;
    set_.project_root_why = import_root_why_;
    int entry = AddModule(entry_path, fs_.Canonical(entry_path), fs_.Identity(entry_path), false,
                          std::move(*text));
    set_.ok = !set_.modules[entry].file.has_syntax_errors;
    LoadImports(entry);
    return std::move(set_);
  }

 private:
  // A file over the size limit is reported (DS1011, as Parse reports it) and not read,
  // so that a huge file cannot exhaust memory before the parser would refuse it.
  bool TooLarge(const std::string& path) {
    std::optional<uint64_t> size = fs_.SizeOf(path);
    if (!size || *size <= limits_.max_file_bytes) return false;
    const SourceFile& source = sources_.Add(path, "");
    diags_.Report(DiagKind::kFileTooLarge, {source.id(), 0, 0}, *size, limits_.max_file_bytes);
    set_.any_syntax_errors = true;
    return true;
  }

  // A new module would nest imports deeper, or read more files, than the limits allow:
  // reported once each (the import chain is recursive, and every file is held in memory).
  bool WithinLimits(const ast::Decl& decl) {
    // Past the entity limit (DS2022, reported where it was crossed) no file is worth reading.
    if (entities_ > limits_.max_entities) return false;
    // The new module would be stack_.size() imports below the entry file.
    if (stack_.size() > limits_.max_import_depth) {
      if (!reported_depth_) {
        reported_depth_ = true;
        diags_.Report(DiagKind::kImportTooDeep, decl.span, limits_.max_import_depth)
            .Note(fmt::format("`{}` is already {} import{} below `{}`",
                              set_.modules[stack_.back()].path, stack_.size() - 1,
                              stack_.size() == 2 ? "" : "s", set_.modules[0].path))
            .Help("import the files you need from fewer levels, or pass --max-import-depth");
      }
      return false;
    }
    if (set_.modules.size() >= limits_.max_files) {
      if (!reported_files_) {
        reported_files_ = true;
        diags_.Report(DiagKind::kTooManyFiles, decl.span, limits_.max_files)
            .Help("split the fleet, or pass --max-files");
      }
      return false;
    }
    return true;
  }

  // An import that leaves the project root (DS2021) is refused before it is read.
  bool OutsideRoot(int importer, const ast::Decl& decl, const std::string& display,
                   const std::string& canonical) {
    if (import_root_.empty() || IsWithin(canonical, import_root_)) return false;
    auto& diag =
        diags_.Report(DiagKind::kImportOutsideRoot, decl.import_path_span, decl.import_path);
    // Where the path points from the importing file (itself resolved): only a link in
    // the import path makes the file somewhere else. The absolute path is shown only
    // then; otherwise it would say where dsc runs, not what is wrong.
    std::filesystem::path lexical =
        (std::filesystem::path(set_.modules[importer].canonical).parent_path() / decl.import_path)
            .lexically_normal();
    if (lexical.string() != canonical)
      diag.Note(fmt::format("`{}` leads, through a symbolic link, to `{}`", display, canonical));
    diag.Note(fmt::format("imports must stay in the project root: {}", import_root_why_))
        .Help("move the file into the project, or pass --allow-outside-imports");
    return true;
  }

  int AddModule(std::string path, std::string canonical, const std::string& identity, bool is_std,
                std::string text) {
    const SourceFile& source = sources_.Add(path, std::move(text));
    Module module;
    module.path = std::move(path);
    module.canonical = canonical;
    module.is_std = is_std;
    module.file = Parse(source, diags_, limits_, &entities_);
    set_.any_syntax_errors |= module.file.has_syntax_errors;
    for (const auto& decl : module.file.decls) {
      if (decl->kind == ast::DeclKind::kFleet && !module.fleet) module.fleet = decl.get();
      if (decl->kind != ast::DeclKind::kImport) continue;
      module.imports.push_back({decl.get(), -1, false});
      // The alias a file name gives (`my.member.ds` -> `my.member`) must be usable as a name.
      if (!decl->has_alias && !decl->import_path.empty() &&
          !decl->import_path.starts_with(kStdPrefix) && !IsName(decl->name.text)) {
        diags_
            .Report(DiagKind::kInvalidImportAlias, decl->import_path_span, decl->import_path,
                    decl->name.text)
            .Help(fmt::format("name it: `import \"{}\" as member`", decl->import_path));
      }
    }
    int index = static_cast<int>(set_.modules.size());
    set_.modules.push_back(std::move(module));
    by_identity_[identity] = index;
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
      if (path.empty()) {
        diags_.Report(DiagKind::kImportNotFound, decl.import_path_span, path, "the path is empty")
            .Help("give the file's path, relative to this file, e.g. `./teams/payments.ds`");
        return -1;
      }
      // The file system reads a path up to its first NUL: `"./a\0b.ds"` would import `./a`.
      if (auto bad = std::find_if(path.begin(), path.end(),
                                  [](char c) { return static_cast<unsigned char>(c) < 0x20; });
          bad != path.end()) {
        diags_
            .Report(DiagKind::kImportNotFound, decl.import_path_span, path,
                    fmt::format("the path holds the control character {}",
                                CodePointName(static_cast<unsigned char>(*bad))))
            .Help("paths are plain relative file names, e.g. `./teams/payments.ds`");
        return -1;
      }
      display = JoinRelative(set_.modules[importer].path, path);
      canonical = fs_.Canonical(display);
      if (OutsideRoot(importer, decl, display, canonical)) return -1;
    }
    std::string identity = is_std ? display : fs_.Identity(display);
    auto known = by_identity_.find(identity);
    if (known != by_identity_.end()) {
      for (size_t k = 0; k < stack_.size(); ++k) {
        if (stack_[k] != known->second) continue;
        std::string chain;
        for (size_t j = k; j < stack_.size(); ++j) chain += set_.modules[stack_[j]].path + " -> ";
        chain += set_.modules[known->second].path;
        auto& d = diags_.Report(DiagKind::kImportCycle, decl.span, chain);
        if (known->second == importer) {
          d.Help("a file cannot import itself: remove the import");
        } else {
          d.Help("move what both files need into a third file that both import");
        }
        return -1;
      }
      return known->second;
    }
    if (!WithinLimits(decl)) return -1;
    if (!is_std) {
      if (TooLarge(display)) return -1;
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
    int index = AddModule(display, canonical, identity, is_std, std::move(text));
    LoadImports(index);
    return index;
  }

  FileSystem& fs_;
  SourceManager& sources_;
  DiagnosticSink& diags_;
  const InputLimits& limits_;
  ModuleSet set_;
  std::map<std::string, int> by_identity_;  // FileSystem::Identity -> module
  std::vector<int> stack_;
  bool reported_depth_ = false, reported_files_ = false;
  uint64_t entities_ = 0;    // service, infra and fork declarations read so far (DS2022)
  std::string import_root_;  // canonical; "" when imports may come from anywhere
  std::string import_root_why_;
};

}  // namespace

std::vector<bool> MemberModules(const ModuleSet& set) {
  std::vector<bool> member(set.modules.size(), false);
  if (set.modules.empty()) return member;
  std::deque<int> queue = {0};
  member[0] = true;
  while (!queue.empty()) {
    int index = queue.front();
    queue.pop_front();
    for (const ImportRef& import : set.modules[index].imports) {
      int target = import.module;
      if (target < 0 || member[target]) continue;
      const Module& m = set.modules[target];
      if (m.is_std || m.fleet) continue;
      member[target] = true;
      queue.push_back(target);
    }
  }
  return member;
}

ModuleSet LoadModules(const std::string& entry_path, FileSystem& fs, SourceManager& sources,
                      DiagnosticSink& diags, const InputLimits& limits) {
  return Loader(fs, sources, diags, limits).Load(entry_path);
}

}  // namespace dsc::sema
