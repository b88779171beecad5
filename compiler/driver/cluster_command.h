// What the cluster commands (apply, status, destroy, gc, watch) share: their
// common options, loading the blueprint from a build directory or a .ds file,
// connecting to the cluster from a kubeconfig, SIGINT, and exit codes.
#pragma once

#include <atomic>
#include <cxxopts.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "compiler/driver/fleet_input.h"
#include "compiler/emit/emit.h"
#include "runtime/apply/applier.h"
#include "runtime/apply/blueprint.h"
#include "runtime/apply/http_cluster.h"
#include "runtime/apply/reporter.h"
#include "runtime/kube/discovery.h"
#include "runtime/kube/http_client.h"

namespace dsc::driver {

// Exit codes shared by the cluster commands (0, 1, 2 as everywhere).
constexpr int kExitUnreachable = 3;   // connection, TLS, kubeconfig
constexpr int kExitUnauthorized = 4;  // credentials rejected
constexpr int kExitInterrupted = 130;

inline constexpr const char* kClusterExitCodes =
    "Exit codes: 0 done, 1 failed (a release failed, was blocked or is not ready), 2 bad usage\n"
    "or fleet errors, 3 cluster unreachable (connection, TLS, kubeconfig), 4 credentials\n"
    "rejected, 130 interrupted.\n";

void AddClusterOptions(cxxopts::Options& options);

struct ClusterFlags {
  std::string kubeconfig;
  std::string context;
  runtime::OutputMode output = runtime::OutputMode::kAuto;
  std::vector<std::string> features;
  FleetInput input;  // for a fleet file PATH
};
ClusterFlags ReadClusterFlags(const cxxopts::ParseResult& result);

// The options every command that takes one PATH has (apply, status, watch, destroy):
// the cluster options, --help and PATH, added after the command's own.
void AddPathCommandOptions(cxxopts::Options& options);

// The command line of a command that takes one PATH, with `options` made by its
// XOptions() (AddPathCommandOptions included): parses, prints help (`help_footer`
// after the options) or usage errors. `read_own` reads the command's own options and may
// throw cxxopts' exception. Returns -1 to go on, else the exit code to return.
int ParsePathCommand(cxxopts::Options& options, int argc, char** argv, const char* help_footer,
                     const std::function<void(const cxxopts::ParseResult&)>& read_own,
                     ClusterFlags* flags, std::string* path);

// Checks and emits a fleet file, printing diagnostics; with `out_dir`, also writes
// the tree there as `dsc build` does; with `objects`, what each chart renders. False on
// any error.
bool BuildFleet(const std::string& path, const emit::EmitOptions& options, const FleetInput& input,
                const std::string& out_dir, emit::OutputTree* tree,
                contract::ChartObjects* objects = nullptr);

// PATH: a directory written by `dsc build`, or a fleet file (checked and built in
// memory, with only `features` when `build_only_features`). Prints diagnostics,
// and an error naming the known features when one of `features` is unknown.
// False when it cannot be used.
bool LoadTarget(const std::string& command, const std::string& path, const ClusterFlags& flags,
                runtime::Blueprint* out, bool build_only_features = true);

// A connection: one client the cancel flag stops (the work) and one it does not
// (the inventory record, so an interrupted run still records what it did).
struct Connection {
  std::unique_ptr<kube::HttpClient> work_http, record_http;
  std::unique_ptr<kube::Discovery> discovery;  // shared by both
  std::unique_ptr<runtime::HttpCluster> work, record;
  std::string kube_user;  // the kubeconfig context's user entry
};

// Reads the kubeconfig and checks that the cluster answers. On failure prints
// the reason and returns the exit code (3 or 4); 0 on success.
int Connect(const std::string& command, const ClusterFlags& flags, Connection* out);

// Who is applying `path`, for the record (`dsc usage --by owner`): the git author's email
// (`git var GIT_AUTHOR_IDENT` in PATH's directory, so GIT_AUTHOR_EMAIL and git config
// count), else the kubeconfig user, else $USER.
std::string AppliedBy(const std::string& path, const Connection& connection);

// SIGINT/SIGTERM raise this flag (a second signal exits at once with 130).
const std::atomic<bool>* InstallInterruptHandler();

int ExitCodeFor(runtime::ApplyResult result);

// Follows the fleet until interrupted (`dsc watch`, `dsc apply --watch`).
int WatchFleet(const runtime::Blueprint& blueprint, Connection& connection,
               const ClusterFlags& flags, runtime::Reporter& reporter);

// `dsc apply --engine helmfile`: hands the built helmfile.yaml to the user's
// `helmfile apply` (building PATH first when it is a fleet file).
int RunHelmfileEngine(const std::string& path, const ClusterFlags& flags,
                      const runtime::ApplyOptions& options);

}  // namespace dsc::driver
