#include "compiler/pipeline/check_targets.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "compiler/sema/modules.h"
#include "compiler/syntax/parse.h"

namespace dsc::pipeline {
namespace {

namespace fs = std::filesystem;

// A project is searched for fleet files up to this many `.ds` files: a fleet file given
// from a huge tree still gets its answer in bounded time.
constexpr size_t kMaxProjectFiles = 20000;

// Whether the file is a fleet file (it has the `fleet` keyword: lexed, not parsed, and
// only up to it); nullopt when it cannot be read or is over the size limit.
std::optional<bool> HasFleetKeyword(const std::string& path, FileSystem& files,
                                    const InputLimits& limits) {
  std::optional<uint64_t> size = files.SizeOf(path);
  if (size && *size > limits.max_file_bytes) return std::nullopt;
  std::string error;
  std::optional<std::string> text = files.Read(path, &error);
  if (!text) return std::nullopt;
  return MentionsFleetKeyword(*text);
}

// A file given to check that cannot be read, or is over the size limit, counts as a fleet
// file, so that checking it says why.
bool IsFleetFile(const std::string& path, FileSystem& files, const InputLimits& limits) {
  return HasFleetKeyword(path, files, limits).value_or(true);
}

// Every `.ds` file below `root`: no hidden directories (`.git`), no `node_modules`, no
// symbolic links followed.
std::vector<std::string> ProjectFiles(const std::string& root) {
  std::vector<std::string> out;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path& path = it->path();
    std::string name = path.filename().string();
    if (it->is_directory(ec) && (name.starts_with(".") || name == "node_modules")) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec) && path.extension() == ".ds") out.push_back(path.string());
    if (out.size() >= kMaxProjectFiles) break;
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The fleet files of one project and the files each deploys, read once however many files
// ask.
class ProjectFleets {
 public:
  ProjectFleets(RealFileSystem& files, const InputLimits& limits)
      : files_(files), limits_(limits) {}

  std::vector<std::string> Deploying(const std::string& path) {
    std::string why;
    std::string root = files_.ProjectRoot(path, &why);
    auto [it, fresh] = projects_.try_emplace(root);
    if (fresh) it->second = Scan(root);
    std::string target = files_.Canonical(path);
    std::vector<std::string> fleets;
    for (const Fleet& fleet : it->second) {
      if (fleet.members.count(target) && files_.Canonical(fleet.path) != target)
        fleets.push_back(fleet.path);
    }
    return fleets;
  }

 private:
  struct Fleet {
    std::string path;               // as shown: relative to the working directory
    std::set<std::string> members;  // canonical paths of the files it deploys
  };

  std::vector<Fleet> Scan(const std::string& root) {
    std::vector<Fleet> fleets;
    for (const std::string& candidate : ProjectFiles(root)) {
      // Another file of the project that cannot be read is not this check's business.
      if (!HasFleetKeyword(candidate, files_, limits_).value_or(false)) continue;
      std::error_code ec;
      Fleet fleet{fs::proximate(candidate, ec).string(), {}};
      if (ec) fleet.path = candidate;
      SourceManager sources;
      DiagnosticSink ignored;
      sema::ModuleSet modules = sema::LoadModules(candidate, files_, sources, ignored, limits_);
      std::vector<bool> member = sema::MemberModules(modules);
      for (size_t m = 0; m < modules.modules.size(); ++m) {
        if (member[m]) fleet.members.insert(modules.modules[m].canonical);
      }
      fleets.push_back(std::move(fleet));
    }
    return fleets;
  }

  RealFileSystem& files_;
  const InputLimits& limits_;
  std::map<std::string, std::vector<Fleet>> projects_;  // by project root
};

}  // namespace

std::vector<std::string> FleetsDeploying(const std::string& path, RealFileSystem& files,
                                         const InputLimits& limits) {
  return ProjectFleets(files, limits).Deploying(path);
}

std::vector<CheckTarget> ResolveCheckTargets(const std::vector<std::string>& files,
                                             RealFileSystem& fs, const InputLimits& limits) {
  std::vector<CheckTarget> targets;
  std::set<std::string> seen;  // canonical paths
  ProjectFleets project(fs, limits);
  auto add = [&](const std::string& path, sema::AnalyzeAs as) {
    if (seen.insert(fs.Canonical(path)).second) targets.push_back({path, as});
  };
  for (const std::string& file : files) {
    if (IsFleetFile(file, fs, limits)) {
      add(file, sema::AnalyzeAs::kFleet);
      continue;
    }
    std::vector<std::string> fleets = project.Deploying(file);
    if (fleets.empty()) add(file, sema::AnalyzeAs::kModule);
    for (const std::string& fleet : fleets) add(fleet, sema::AnalyzeAs::kFleet);
  }
  return targets;
}

}  // namespace dsc::pipeline
