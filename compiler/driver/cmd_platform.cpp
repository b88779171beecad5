// `dsc platform apply|diff|status|destroy|build`: the cluster prerequisites (Traefik,
// LocalStack, kube-janitor; compiler/emit/platform.h) built in memory, written to a
// private directory, and handed to the command a fleet would get (`dsc apply DIR`,
// `dsc diff --live DIR`, ...): the platform is applied, recorded, watched and removed by
// the same runtime as fleets, and every option of those commands works here too.
// `dsc build --platform` is `dsc platform build`.
#include <fmt/format.h>
#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "compiler/driver/cluster_command.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/output.h"
#include "compiler/emit/platform.h"
#include "compiler/emit/write_output.h"

namespace dsc::driver {
namespace {

constexpr const char* kHelpFooter =
    "\nSUBCOMMAND: apply, diff (with the cluster), status, destroy, or build (-o DIR: the\n"
    "platform's files, for `helmfile apply`; also `dsc build --platform`).\n"
    "Any other option goes to the command it runs: apply's --dry-run, --timeout, --output;\n"
    "--kubeconfig and --context for all of them. docs/platform.md says what is installed.\n";

// Traefik v3's CRDs carry `x-kubernetes-validations` (served from Kubernetes 1.23), and
// Traefik v3 reads discovery.k8s.io/v1 EndpointSlices: older servers refuse or break it.
constexpr int kMinMinorForTraefikV3 = 23;

struct PlatformArgs {
  std::string subcommand;
  emit::PlatformSettings settings;
  std::string out_dir = "dsc-platform";  // build only
  std::vector<std::string> passthrough;  // for the command it runs
  std::string kubeconfig, context;       // also passed through
  ColorMode color = ColorMode::kAuto;    // build: as `dsc build --color`
  bool help = false;
};

// The value of `--name VALUE` or `--name=VALUE` at argv[*i]; advances *i past it.
bool TakeValue(const std::string& name, int argc, char** argv, int* i, std::string* value) {
  std::string arg = argv[*i];
  if (arg.starts_with(name + "=")) {
    *value = arg.substr(name.size() + 1);
    return true;
  }
  if (arg != name) return false;
  if (*i + 1 >= argc) throw std::runtime_error(name + " needs a value");
  *value = argv[++*i];
  return true;
}

void ReadEntryPoint(const std::string& text, emit::PlatformSettings* s, bool* first) {
  size_t eq = text.find('=');
  int port = 0;
  try {
    if (eq != std::string::npos) port = std::stoi(text.substr(eq + 1));
  } catch (const std::exception&) {
    port = 0;
  }
  if (eq == std::string::npos || port <= 0)
    throw std::runtime_error("--entrypoint: give NAME=PORT, e.g. web=8000");
  if (*first) s->entry_points.clear();  // given ones replace the defaults
  *first = false;
  s->entry_points.emplace_back(text.substr(0, eq), port);
}

// The subcommand comes first; then the platform's options, anything else (with its value)
// passed through to the command it runs.
PlatformArgs Parse(int argc, char** argv) {
  PlatformArgs args;
  bool first_entry_point = true;
  int i = 1;
  if (argc > 1 && argv[1][0] != '-') args.subcommand = argv[i++];
  for (; i < argc; ++i) {
    std::string arg = argv[i], value;
    if (arg == "-h" || arg == "--help") {
      args.help = true;
    } else if (TakeValue("--traefik", argc, argv, &i, &value)) {
      if (value != "v2" && value != "v3") throw std::runtime_error("--traefik: give v2 or v3");
      args.settings.traefik =
          value == "v2" ? model::TraefikVersion::kV2 : model::TraefikVersion::kV3;
    } else if (TakeValue("--namespace", argc, argv, &i, &value)) {
      args.settings.ns = value;
    } else if (TakeValue("--entrypoint", argc, argv, &i, &value)) {
      ReadEntryPoint(value, &args.settings, &first_entry_point);
    } else if (TakeValue("--service-type", argc, argv, &i, &value)) {
      args.settings.service_type = value;
    } else if (arg == "--no-traefik") {
      args.settings.traefik_installed = false;
    } else if (arg == "--no-localstack") {
      args.settings.localstack = false;
    } else if (arg == "--no-janitor") {
      args.settings.janitor = false;
    } else if (TakeValue("-o", argc, argv, &i, &value) ||
               TakeValue("--output-dir", argc, argv, &i, &value) ||
               (args.subcommand == "build" && TakeValue("--output", argc, argv, &i, &value))) {
      args.out_dir = value;
    } else if (args.subcommand == "build" && TakeValue("--color", argc, argv, &i, &value)) {
      if (!ParseColorMode(value, &args.color))
        throw std::runtime_error("--color: give auto, always or never");
    } else if (TakeValue("--kubeconfig", argc, argv, &i, &value)) {
      args.kubeconfig = value;  // read here too (the Traefik v3 version check)
      args.passthrough.push_back("--kubeconfig=" + value);
    } else if (TakeValue("--context", argc, argv, &i, &value)) {
      args.context = value;
      args.passthrough.push_back("--context=" + value);
    } else {
      args.passthrough.push_back(arg);
    }
  }
  return args;
}

// Runs `command` (one of the table's) with `args` and PATH `dir`, as if typed.
int RunWith(int (*command)(int, char**), const std::string& name,
            const std::vector<std::string>& args, const std::string& dir) {
  std::vector<std::string> words = {name};
  words.insert(words.end(), args.begin(), args.end());
  words.push_back(dir);
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  return command(static_cast<int>(words.size()), argv.data());
}

// Refuses Traefik v3 on a server too old for it, before anything is applied.
int CheckServerForTraefik(const PlatformArgs& args) {
  if (args.settings.traefik != model::TraefikVersion::kV3) return kExitOk;
  ClusterFlags flags;
  flags.kubeconfig = args.kubeconfig;
  flags.context = args.context;
  Connection connection;
  if (int code = Connect("platform", flags, &connection)) return code;
  runtime::CallResult version = connection.work->GetPath("/version");
  if (!version.ok()) return kExitOk;  // the command itself will say what is wrong
  int minor = 0;
  try {
    minor = std::stoi(version.object.value("minor", "0"));
  } catch (const std::exception&) {
    return kExitOk;
  }
  if (version.object.value("major", "") != "1" || minor >= kMinMinorForTraefikV3) return kExitOk;
  std::fprintf(stderr,
               "dsc platform: the cluster runs Kubernetes %s, and Traefik v3 needs 1.%d or later "
               "(its CRDs use x-kubernetes-validations; it reads EndpointSlices v1)\n"
               "  fix: use `--traefik v2` (and build fleets with `--traefik v2`), or upgrade the "
               "cluster\n",
               version.object.value("gitVersion", "?").c_str(), kMinMinorForTraefikV3);
  return kExitErrors;
}

// The platform's files in a private directory, removed when this goes out of scope.
class PlatformDirectory {
 public:
  bool Write(const emit::OutputTree& tree) {
    std::string base = (std::filesystem::temp_directory_path() / "dsc-platform.XXXXXX").string();
    if (!mkdtemp(base.data())) {
      std::fprintf(stderr, "dsc platform: cannot make a directory under %s: %s\n",
                   std::filesystem::temp_directory_path().c_str(), std::strerror(errno));
      return false;
    }
    root_ = base;
    DiagnosticSink diags;
    SourceManager sources;
    bool ok = emit::WriteOutputTree(root_ + "/platform", tree, diags);
    PrintDiagnostics(diags, sources, /*json=*/false, ColorMode::kAuto);
    return ok;
  }
  std::string Path() const { return root_ + "/platform"; }
  ~PlatformDirectory() {
    std::error_code ec;
    if (!root_.empty()) std::filesystem::remove_all(root_, ec);
  }

 private:
  std::string root_;
};

}  // namespace

cxxopts::Options PlatformOptions() {
  cxxopts::Options options("dsc platform",
                           "Install, inspect or remove what fleets need in the cluster: Traefik, "
                           "LocalStack, kube-janitor.");
  options.custom_help("SUBCOMMAND [OPTIONS]").positional_help("");
  options.add_options()("traefik", "Traefik v2 (both CRD groups) or v3 (traefik.io)",
                        cxxopts::value<std::string>()->default_value("v3"))(
      "namespace", "where the platform runs",
      cxxopts::value<std::string>()->default_value("dsc-platform"))(
      "entrypoint",
      "a Traefik entry point NAME=PORT (repeatable; default: web=8000, "
      "websecure=8443)",
      cxxopts::value<std::vector<std::string>>())(
      "service-type", "Traefik's Service: LoadBalancer, NodePort or ClusterIP",
      cxxopts::value<std::string>()->default_value("LoadBalancer"))(
      "no-traefik", "leave Traefik and its CRDs out (the cluster has them)")(
      "no-localstack", "leave LocalStack out")("no-janitor", "leave kube-janitor out")(
      "o,output-dir", "build: the directory to write",
      cxxopts::value<std::string>()->default_value("dsc-platform"))(
      "kubeconfig", "kubeconfig file (default: $KUBECONFIG, ~/.kube/config)",
      cxxopts::value<std::string>())("context", "kubeconfig context (default: current-context)",
                                     cxxopts::value<std::string>())("h,help", "show this help")(
      "subcommand", "apply, diff, status, destroy or build", cxxopts::value<std::string>());
  options.parse_positional({"subcommand"});
  return options;
}

int RunPlatform(int argc, char** argv) {
  PlatformArgs args;
  try {
    args = Parse(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dsc platform: %s\n", e.what());
    return kExitUsage;
  }
  if (args.help) {
    std::fputs(PlatformOptions().help().c_str(), stdout);
    std::fputs(kHelpFooter, stdout);
    return kExitOk;
  }
  static const std::vector<std::string> kSubcommands = {"apply", "diff", "status", "destroy",
                                                        "build"};
  if (std::find(kSubcommands.begin(), kSubcommands.end(), args.subcommand) == kSubcommands.end()) {
    std::fprintf(
        stderr, "dsc platform: %s\nUsage: dsc platform SUBCOMMAND [OPTIONS]\n",
        args.subcommand.empty()
            ? "give a subcommand: apply, diff, status, destroy or build"
            : ("unknown subcommand `" + args.subcommand + "` (apply, diff, status, destroy, build)")
                  .c_str());
    return kExitUsage;
  }
  if (std::string why = emit::CheckPlatformSettings(args.settings); !why.empty()) {
    std::fprintf(stderr, "dsc platform: %s\n", why.c_str());
    return kExitUsage;
  }
  emit::OutputTree tree = emit::EmitPlatform(args.settings);
  if (args.subcommand == "build") {
    if (!args.passthrough.empty()) {
      std::fprintf(stderr, "dsc platform build: unknown option `%s`\n",
                   args.passthrough[0].c_str());
      return kExitUsage;
    }
    DiagnosticSink diags;
    SourceManager sources;
    bool ok = emit::WriteOutputTree(args.out_dir, tree, diags);
    PrintDiagnostics(diags, sources, /*json=*/false, args.color);
    if (!ok) return kExitErrors;
    std::fprintf(stderr, "dsc build: platform (Traefik %s): %zu releases in %s\n",
                 std::string(model::NameOf(args.settings.traefik)).c_str(),
                 static_cast<size_t>(std::count_if(
                     tree.begin(), tree.end(),
                     [](const auto& file) { return file.first.ends_with("Chart.yaml"); })),
                 args.out_dir.c_str());
    return kExitOk;
  }
  if ((args.subcommand == "apply" || args.subcommand == "diff") &&
      args.settings.traefik_installed) {
    if (int code = CheckServerForTraefik(args)) return code;
  }
  PlatformDirectory dir;
  if (!dir.Write(tree)) return kExitErrors;
  if (args.subcommand == "apply") return RunWith(RunApply, "apply", args.passthrough, dir.Path());
  if (args.subcommand == "status")
    return RunWith(RunStatus, "status", args.passthrough, dir.Path());
  if (args.subcommand == "destroy")
    return RunWith(RunDestroy, "destroy", args.passthrough, dir.Path());
  std::vector<std::string> diff = {"--live"};
  diff.insert(diff.end(), args.passthrough.begin(), args.passthrough.end());
  return RunWith(RunDiff, "diff", diff, dir.Path());
}

}  // namespace dsc::driver
