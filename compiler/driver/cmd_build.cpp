// `dsc build FILE [-o DIR] [--feature NAME]… [--traefik v2|v3]`: check the
// fleet, emit the blueprint, and replace DIR with it atomically.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <cxxopts.hpp>
#include <filesystem>
#include <optional>
#include <span>
#include <string_view>

#include "base/free_at_exit.h"
#include "base/write_gathered.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/fleet_input.h"
#include "compiler/driver/output.h"
#include "compiler/emit/emit.h"
#include "compiler/emit/input_key.h"
#include "compiler/emit/write_output.h"
#include "compiler/pipeline/build_fleet.h"
#include "compiler/source/recording_file_system.h"

namespace dsc::driver {
namespace {

// The fleet file's directory as seen from the output directory (for DevSpace
// sync paths), e.g. `..` for `-o build` next to the fleet file.
std::string SourceDirFromOutput(const std::string& fleet_file, const std::string& out_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path source = fs::weakly_canonical(fs::absolute(fleet_file, ec).parent_path(), ec);
  fs::path out = fs::weakly_canonical(fs::absolute(out_dir, ec), ec);
  fs::path rel = source.lexically_relative(out);
  if (ec || rel.empty()) return source.string();
  return rel.generic_string();
}

// What decides, beside the files a build reads, what it reads and accepts (input_key.h
// ReadsKey): where it runs, the fleet file as named, the directory imports must stay in,
// and the input limits.
std::string Invocation(const std::string& fleet_file, FileSystem& fs, const InputLimits& limits) {
  std::error_code ec;
  std::string why;
  return fmt::format("cwd {}\nfile {}\nroot {}\nlimits {} {} {} {} {} {}",
                     std::filesystem::current_path(ec).string(), fleet_file,
                     fs.ImportRoot(fleet_file, &why), limits.max_file_bytes, limits.max_nesting,
                     limits.max_import_depth, limits.max_files, limits.max_entities,
                     limits.max_evaluated_bytes);
}

// ninja's rule, before any parsing: the last build into `out_dir` recorded the files it
// read (it reported nothing); when each still holds the same bytes, the binary, options and
// invocation are the same and the output is intact, this build would check and emit exactly
// that again, and say nothing. Returns the fleet's name then.
std::optional<std::string> UnchangedSinceLastBuild(const std::string& out_dir, FileSystem& fs,
                                                   const emit::EmitOptions& options,
                                                   const InputLimits& limits,
                                                   std::string_view invocation) {
  std::optional<emit::InputRecord> recorded = emit::RecordedInputs(out_dir);
  if (!recorded) return std::nullopt;
  RecordingFileSystem reread(fs);
  std::string error;
  for (const std::string& path : recorded->read_paths) {
    std::optional<uint64_t> size = fs.SizeOf(path);  // not a file grown past the limit
    if ((size && *size > limits.max_file_bytes) || !reread.Read(path, &error)) return std::nullopt;
  }
  if (emit::ReadsKey(reread.reads(), options, invocation) != recorded->reads_key ||
      !emit::OutputUpToDate(out_dir, recorded->key)) {
    return std::nullopt;
  }
  return recorded->fleet;
}

}  // namespace

cxxopts::Options BuildOptions() {
  cxxopts::Options options("dsc build", "Compile a fleet into Helmfile, charts and configs.");
  options.custom_help("[OPTIONS]").positional_help("FILE");
  AddDiagnosticOptions(options);
  options.add_options()("o,output",
                        "output directory (replaced as a whole), or `-`: every manifest as one "
                        "YAML stream on stdout",
                        cxxopts::value<std::string>()->default_value("dsc-build"))(
      "feature", "emit only this feature (repeatable; default: all)",
      cxxopts::value<std::vector<std::string>>())(
      "traefik", "Traefik CRD group: v2 or v3 (default: the fleet's `traefik`)",
      cxxopts::value<std::string>())(
      "platform", "build the cluster platform instead of a fleet (`dsc platform --help`)")(
      "h,help", "show this help")("files", "fleet file",
                                  cxxopts::value<std::vector<std::string>>());
  AddFleetInputOptions(options);
  options.parse_positional({"files"});
  return options;
}

int RunBuild(int argc, char** argv) {
  // `dsc build --platform …` is `dsc platform build …` (cmd_platform.cpp), whose options
  // (--namespace, --entrypoint, …) are not a fleet build's.
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) != "--platform") continue;
    std::vector<char*> args = {argv[0], const_cast<char*>("build")};
    for (int j = 1; j < argc; ++j)
      if (j != i) args.push_back(argv[j]);
    args.push_back(nullptr);
    return RunPlatform(static_cast<int>(args.size()) - 1, args.data());
  }
  cxxopts::Options options = BuildOptions();
  DiagnosticOutput output;
  std::vector<std::string> files;
  emit::EmitOptions emit_options;
  std::string out_dir;
  FleetInput input;
  try {
    auto result = options.parse(argc, argv);
    if (result.count("help")) {
      std::fputs(options.help().c_str(), stdout);
      std::fputs(
          "\nWrites helmfile.yaml, charts/, devspace.yaml and blueprint.json to the output\n"
          "directory, replacing it only when the build succeeds. With `-o -`, every manifest\n"
          "(hooks included) as one YAML stream on stdout instead, in deployment order, for\n"
          "`kubectl apply -f -` or review.\n"
          "\nExit codes: 0 built, 1 errors (nothing written), 2 bad usage.\n",
          stdout);
      return kExitOk;
    }
    output = ReadDiagnosticOptions(result);
    input = ReadFleetInput(result);
    if (result.count("traefik")) {
      emit_options.traefik = model::ParseTraefikVersion(result["traefik"].as<std::string>());
      if (!emit_options.traefik)
        throw cxxopts::exceptions::exception("--traefik must be `v2` or `v3`");
    }
    if (result.count("feature"))
      emit_options.features = result["feature"].as<std::vector<std::string>>();
    out_dir = result["output"].as<std::string>();
    if (out_dir.empty()) throw cxxopts::exceptions::exception("--output must not be empty");
    if (out_dir == "-" && output.json)
      throw cxxopts::exceptions::exception(
          "--format json and `-o -` would both write to stdout; use one of them");
    if (result.count("files")) files = result["files"].as<std::vector<std::string>>();
  } catch (const cxxopts::exceptions::exception& e) {
    std::fprintf(stderr, "dsc build: %s\n", e.what());
    return kExitUsage;
  }
  if (!OneFleetFile(files, "build")) return kExitUsage;
  SourceManager sources;
  DiagnosticSink diags;
  RealFileSystem fs = input.FileSystem();
  if (out_dir == "-") {
    int write_error = 0;
    auto write = [&write_error](std::span<const std::string_view> pieces) {
      std::fflush(stdout);  // nothing is printed there before the stream; if it were, first
      write_error = base::WriteGathered(STDOUT_FILENO, pieces);
    };
    std::optional<check::CheckedFleet> fleet = pipeline::BuildFleet(
        files[0], fs, sources, diags, input.limits, emit_options, nullptr, nullptr, write);
    bool built = fleet.has_value();
    base::Free(std::move(fleet));
    PrintDiagnostics(diags, sources, false, output.color);
    if (built && write_error != 0) {  // a full disk behind `> file`
      std::fprintf(stderr, "dsc build: cannot write the stream to stdout: %s\n",
                   std::strerror(write_error));
      return kExitErrors;
    }
    return built ? kExitOk : kExitErrors;
  }
  emit_options.source_dir_from_output = SourceDirFromOutput(files[0], out_dir);
  std::string invocation = Invocation(files[0], fs, input.limits);
  if (std::optional<std::string> name =
          UnchangedSinceLastBuild(out_dir, fs, emit_options, input.limits, invocation)) {
    PrintDiagnostics(diags, sources, output.json, output.color);  // none, as last time
    std::fprintf(stderr,
                 "dsc build: fleet `%s`: %s is up to date: inputs unchanged, nothing checked "
                 "or written\n",
                 name->c_str(), out_dir.c_str());
    return kExitOk;
  }
  RecordingFileSystem recording(fs);
  emit::OutputTree tree;
  std::string input_key;
  bool up_to_date = false;
  size_t checked_diagnostics = 0;
  auto skip_if_up_to_date = [&](const SourceManager& read) {
    checked_diagnostics = diags.diagnostics().size();
    input_key = emit::InputKey(read, emit_options);
    up_to_date = emit::OutputUpToDate(out_dir, input_key);
    return up_to_date;
  };
  std::optional<check::CheckedFleet> fleet =
      pipeline::BuildFleet(files[0], recording, sources, diags, input.limits, emit_options, &tree,
                           nullptr, nullptr, skip_if_up_to_date);
  // The emitter's own warnings (DS6002…) would not be repeated by a build that skips it:
  // such output is never recorded as up to date.
  if (diags.diagnostics().size() > checked_diagnostics) input_key.clear();
  emit::InputRecord inputs;
  inputs.key = input_key;
  // A build that reported nothing records what it read, so that the next one, finding the
  // same, need not check again (UnchangedSinceLastBuild).
  if (fleet && !input_key.empty() && diags.diagnostics().empty()) {
    inputs.reads_key = emit::ReadsKey(recording.reads(), emit_options, invocation);
    for (const FileRead& read : recording.reads()) inputs.read_paths.push_back(read.path);
    inputs.fleet = fleet->model.fleet.name;
  }
  emit::WriteSummary written;
  bool ok = fleet && (up_to_date || emit::WriteOutputTree(out_dir, tree, diags, &written, inputs));
  PrintDiagnostics(diags, sources, output.json, output.color);
  if (!ok) return kExitErrors;
  if (up_to_date) {
    std::fprintf(stderr, "dsc build: fleet `%s`: %s is up to date: nothing written\n",
                 fleet->model.fleet.name.c_str(), out_dir.c_str());
    return kExitOk;
  }
  size_t charts = 0;
  for (const auto& [path, content] : tree) {
    if (path.ends_with("/Chart.yaml")) ++charts;
  }
  size_t files_written = tree.size();
  base::Free(std::move(tree));
  std::string what_changed;
  if (written.written == 0) {
    what_changed = ", unchanged: nothing written";
  } else if (written.kept > 0) {
    what_changed = fmt::format(" ({} written, {} unchanged)", written.written, written.kept);
  }
  std::fprintf(stderr, "dsc build: fleet `%s`: %zu releases, %zu files in %s%s\n",
               fleet->model.fleet.name.c_str(), charts, files_written, out_dir.c_str(),
               what_changed.c_str());
  base::Free(std::move(fleet));
  return kExitOk;
}

}  // namespace dsc::driver
