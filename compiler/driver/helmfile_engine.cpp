// `dsc apply --engine helmfile`: for teams that want Helm's own release records,
// dsc's output goes to the user's helmfile binary instead of dsc's runtime.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "compiler/driver/cluster_command.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/find_on_path.h"

namespace dsc::driver {
namespace {

// The build directory for PATH: PATH itself, or a fresh build of the fleet file
// next to it (`dsc-build`, the default of `dsc build`).
bool BuildDirectory(const std::string& path, const ClusterFlags& flags, std::string* dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    *dir = path;
    return true;
  }
  emit::EmitOptions options;
  options.features = flags.features;
  options.source_dir_from_output = "..";
  *dir = (fs::path(path).parent_path() / "dsc-build").string();
  if (dir->front() == '/') options.source_dir_from_output = fs::path(path).parent_path().string();
  emit::OutputTree tree;
  return BuildFleet(path, options, flags.input, *dir, &tree);
}

}  // namespace

int RunHelmfileEngine(const std::string& path, const ClusterFlags& flags,
                      const runtime::ApplyOptions& options) {
  std::string helmfile = FindOnPath("helmfile");
  if (helmfile.empty()) {
    std::fputs(
        "dsc apply: --engine helmfile needs the `helmfile` binary on PATH "
        "(https://helmfile.readthedocs.io); it was not found\n",
        stderr);
    return kExitUsage;
  }
  std::string dir;
  if (!BuildDirectory(path, flags, &dir)) return kExitUsage;
  std::vector<std::string> args = {helmfile, "--file", dir + "/helmfile.yaml"};
  if (!flags.context.empty()) args.insert(args.end(), {"--kube-context", flags.context});
  args.push_back(options.dry_run ? "diff" : "apply");
  std::fprintf(stderr, "dsc apply: running");
  for (const auto& a : args) std::fprintf(stderr, " %s", a.c_str());
  std::fputc('\n', stderr);
  pid_t pid = fork();
  if (pid == 0) {
    if (!flags.kubeconfig.empty()) setenv("KUBECONFIG", flags.kubeconfig.c_str(), 1);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) < 0) {
    std::perror("dsc apply: helmfile");
    return kExitErrors;
  }
  if (WIFSIGNALED(status)) return kExitInterrupted;
  return WEXITSTATUS(status) == 0 ? kExitOk : kExitErrors;
}

}  // namespace dsc::driver
