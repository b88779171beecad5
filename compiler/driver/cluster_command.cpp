#include "compiler/driver/cluster_command.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "base/subprocess.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/output.h"
#include "compiler/emit/emit.h"
#include "compiler/emit/write_output.h"
#include "compiler/pipeline/build_fleet.h"
#include "runtime/apply/connection_check.h"
#include "runtime/kube/credentials.h"
#include "runtime/kube/kubeconfig.h"

namespace dsc::driver {
namespace {

// A signal handler can only reach a global; this is the one the process has.
std::atomic<bool> g_interrupted{false};

extern "C" void OnInterrupt(int) {
  if (g_interrupted.exchange(true)) _exit(kExitInterrupted);
}

std::string Getenv(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// Unknown --feature names: prints an error naming the known ones; false.
bool CheckFeatures(const std::string& command, const runtime::Blueprint& blueprint,
                   const std::vector<std::string>& features) {
  for (const auto& name : features) {
    if (blueprint.FindFeature(name)) continue;
    std::string known;
    for (const auto& f : blueprint.features) known += (known.empty() ? "" : ", ") + f.name;
    std::fprintf(stderr, "dsc %s: unknown feature `%s` (features: %s)\n", command.c_str(),
                 name.c_str(), known.empty() ? "none" : known.c_str());
    return false;
  }
  return true;
}

}  // namespace

void AddClusterOptions(cxxopts::Options& options) {
  options.add_options()("kubeconfig", "kubeconfig file (default: $KUBECONFIG, ~/.kube/config)",
                        cxxopts::value<std::string>())(
      "context", "kubeconfig context (default: current-context)", cxxopts::value<std::string>())(
      "feature", "only this feature (repeatable)", cxxopts::value<std::vector<std::string>>())(
      "output", "text or json (default: a live view on a terminal, text otherwise)",
      cxxopts::value<std::string>());
}

ClusterFlags ReadClusterFlags(const cxxopts::ParseResult& result) {
  ClusterFlags flags;
  if (result.count("kubeconfig")) flags.kubeconfig = result["kubeconfig"].as<std::string>();
  if (result.count("context")) flags.context = result["context"].as<std::string>();
  if (result.count("feature")) flags.features = result["feature"].as<std::vector<std::string>>();
  if (result.count("output")) {
    std::string mode = result["output"].as<std::string>();
    if (mode == "json")
      flags.output = runtime::OutputMode::kJson;
    else if (mode == "text")
      flags.output = runtime::OutputMode::kText;
    else
      throw cxxopts::exceptions::exception("--output must be `text` or `json`");
  }
  return flags;
}

void AddPathCommandOptions(cxxopts::Options& options) {
  options.custom_help("[OPTIONS]").positional_help("PATH");
  AddClusterOptions(options);
  AddFleetInputOptions(options);
  options.add_options()("h,help", "show this help")("path", "build directory or fleet file",
                                                    cxxopts::value<std::vector<std::string>>());
  options.parse_positional({"path"});
}

int ParsePathCommand(cxxopts::Options& options, int argc, char** argv, const char* help_footer,
                     const std::function<void(const cxxopts::ParseResult&)>& read_own,
                     ClusterFlags* flags, std::string* path) {
  const std::string name = options.program();  // "dsc apply"
  std::vector<std::string> paths;
  try {
    auto result = options.parse(argc, argv);
    if (result.count("help")) {
      std::fputs(options.help().c_str(), stdout);
      std::fputs(help_footer, stdout);
      return kExitOk;
    }
    *flags = ReadClusterFlags(result);
    flags->input = ReadFleetInput(result);
    if (read_own) read_own(result);
    if (result.count("path")) paths = result["path"].as<std::vector<std::string>>();
  } catch (const cxxopts::exceptions::exception& e) {
    std::fprintf(stderr, "%s: %s\n", name.c_str(), e.what());
    return kExitUsage;
  }
  if (paths.size() != 1) {
    std::fprintf(stderr, "%s: give one build directory or fleet file\n", name.c_str());
    std::fprintf(stderr, "Usage: %s [OPTIONS] PATH\n", name.c_str());
    return kExitUsage;
  }
  *path = paths[0];
  return -1;
}

bool BuildFleet(const std::string& path, const emit::EmitOptions& options, const FleetInput& input,
                const std::string& out_dir, emit::OutputTree* tree,
                contract::ChartObjects* objects) {
  SourceManager sources;
  DiagnosticSink diags;
  RealFileSystem file_system = input.FileSystem();
  bool ok = pipeline::BuildFleet(path, file_system, sources, diags, input.limits, options, tree,
                                 objects) &&
            (out_dir.empty() || emit::WriteOutputTree(out_dir, *tree, diags));
  PrintDiagnostics(diags, sources, /*json=*/false, ColorMode::kAuto);
  return ok;
}

bool LoadTarget(const std::string& command, const std::string& path, const ClusterFlags& flags,
                runtime::Blueprint* out, bool build_only_features) {
  const std::vector<std::string>& features = flags.features;
  namespace fs = std::filesystem;
  std::error_code ec;
  runtime::FileTree files;
  // A fleet file's objects are handed over as the compiler made them, not as YAML.
  contract::ChartObjects objects;
  const contract::ChartObjects* rendered = nullptr;
  std::string error;
  if (fs::is_directory(path, ec)) {
    if (!runtime::ReadBuildDirectory(path, &files, &error)) {
      std::fprintf(stderr, "dsc %s: %s\n", command.c_str(), error.c_str());
      return false;
    }
  } else {
    emit::EmitOptions emit_options;
    if (build_only_features) emit_options.features = features;
    if (!BuildFleet(path, emit_options, flags.input, "", &files, &objects)) return false;
    rendered = &objects;
  }
  if (!runtime::LoadBlueprint(files, out, &error, rendered)) {
    std::fprintf(stderr, "dsc %s: %s: %s\n", command.c_str(), path.c_str(), error.c_str());
    return false;
  }
  return CheckFeatures(command, *out, features);
}

int Connect(const std::string& command, const ClusterFlags& flags, Connection* out) {
  kube::KubeconfigOptions options{flags.kubeconfig, flags.context, Getenv("KUBECONFIG"),
                                  Getenv("HOME")};
  kube::RestConfig config;
  std::string error;
  if (!kube::LoadKubeconfig(options, &config, &error)) {
    std::fprintf(stderr, "dsc %s: %s\n", command.c_str(), error.c_str());
    return kExitUnreachable;
  }
  kube::HttpClientOptions work_options;
  // Retries are bounded by each request's deadline (30 s), not by a count: long
  // enough to ride out an apiserver restart.
  work_options.max_attempts = 30;
  work_options.cancel = InstallInterruptHandler();
  // DSC_TRACE_HTTP=1: one line per request on stderr (method, path, status), never
  // a header or a body, so no credential can reach it.
  if (Getenv("DSC_TRACE_HTTP") == "1") {
    auto start = std::chrono::steady_clock::now();
    work_options.on_sent = [start](const kube::HttpRequest& request, long status) {
      double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::fprintf(stderr, "http %8.3fs %s %s -> %ld\n", t, request.method.c_str(),
                   request.path.substr(0, request.path.find('?')).c_str(), status);
    };
  }
  // One credential for both clients: an exec plugin runs once per command, not per client.
  work_options.credentials = std::make_shared<kube::Credentials>(config);
  kube::HttpClientOptions record_options;
  record_options.on_sent = work_options.on_sent;
  record_options.credentials = work_options.credentials;
  out->work_http = std::make_unique<kube::HttpClient>(config, work_options);
  record_options.default_timeout = std::chrono::seconds(20);
  record_options.max_attempts = 30;
  out->record_http = std::make_unique<kube::HttpClient>(config, record_options);
  // One discovery cache for both, fetching through the client Ctrl-C does not stop (the
  // record must stay writable); the connection check seeds it with /api/v1.
  out->discovery = std::make_unique<kube::Discovery>(*out->record_http);
  out->kube_user = config.user_name;
  out->work = std::make_unique<runtime::HttpCluster>(*out->work_http, *out->discovery);
  out->record = std::make_unique<runtime::HttpCluster>(*out->record_http, *out->discovery);
  runtime::ApplyResult result;
  if (!runtime::CheckConnection(*out->work, &result, &error)) {
    std::fprintf(stderr, "dsc %s: %s\n", command.c_str(), error.c_str());
    return ExitCodeFor(result);
  }
  return kExitOk;
}

std::string AppliedBy(const std::string& path, const Connection& connection) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir = fs::is_directory(path, ec) ? fs::path(path) : fs::path(path).parent_path();
  if (dir.empty()) dir = ".";
  base::ProcessLimits limits;
  limits.timeout = std::chrono::seconds(5);
  base::ProcessResult git =
      base::RunProcess({"git", "-C", dir.string(), "var", "GIT_AUTHOR_IDENT"}, {}, limits);
  if (git.succeeded()) {
    // "Name <email> 1733500000 +0000"
    size_t open = git.out.find('<'), close = git.out.find('>');
    if (open != std::string::npos && close != std::string::npos && close > open + 1)
      return git.out.substr(open + 1, close - open - 1);
  }
  if (!connection.kube_user.empty()) return connection.kube_user;
  return Getenv("USER");
}

const std::atomic<bool>* InstallInterruptHandler() {
  struct sigaction action {};
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  return &g_interrupted;
}

int ExitCodeFor(runtime::ApplyResult result) {
  switch (result) {
    case runtime::ApplyResult::kOk:
      return kExitOk;
    case runtime::ApplyResult::kFailed:
      return kExitErrors;
    case runtime::ApplyResult::kUnreachable:
      return kExitUnreachable;
    case runtime::ApplyResult::kUnauthorized:
      return kExitUnauthorized;
    case runtime::ApplyResult::kCancelled:
      return kExitInterrupted;
  }
  return kExitErrors;
}

}  // namespace dsc::driver
