// `dsc build FILE [-o DIR] [--feature NAME]… [--traefik v2|v3]`: check the
// fleet, emit the blueprint, and replace DIR with it atomically.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <cxxopts.hpp>
#include <filesystem>

#include "compiler/driver/commands.h"
#include "compiler/driver/fleet_input.h"
#include "compiler/driver/output.h"
#include "compiler/emit/emit.h"
#include "compiler/emit/input_key.h"
#include "compiler/emit/write_output.h"
#include "compiler/pipeline/build_fleet.h"

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
      cxxopts::value<std::string>())("h,help", "show this help")(
      "files", "fleet file", cxxopts::value<std::vector<std::string>>());
  AddFleetInputOptions(options);
  options.parse_positional({"files"});
  return options;
}

int RunBuild(int argc, char** argv) {
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
    static char buffer[1 << 20];  // the stream is written in many small pieces
    std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
    auto write = [](std::string_view piece) { std::fwrite(piece.data(), 1, piece.size(), stdout); };
    bool built = pipeline::BuildFleet(files[0], fs, sources, diags, input.limits, emit_options,
                                      nullptr, nullptr, write)
                     .has_value();
    PrintDiagnostics(diags, sources, false, output.color);
    if (built && std::fflush(stdout) != 0) {  // a full disk behind `> file`
      std::fprintf(stderr, "dsc build: cannot write the stream to stdout: %s\n",
                   std::strerror(errno));
      return kExitErrors;
    }
    return built ? kExitOk : kExitErrors;
  }
  emit_options.source_dir_from_output = SourceDirFromOutput(files[0], out_dir);
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
      pipeline::BuildFleet(files[0], fs, sources, diags, input.limits, emit_options, &tree, nullptr,
                           nullptr, skip_if_up_to_date);
  // The emitter's own warnings (DS6002…) would not be repeated by a build that skips it:
  // such output is never recorded as up to date.
  if (diags.diagnostics().size() > checked_diagnostics) input_key.clear();
  emit::WriteSummary written;
  bool ok =
      fleet && (up_to_date || emit::WriteOutputTree(out_dir, tree, diags, &written, input_key));
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
  std::string what_changed;
  if (written.written == 0) {
    what_changed = ", unchanged: nothing written";
  } else if (written.kept > 0) {
    what_changed = fmt::format(" ({} written, {} unchanged)", written.written, written.kept);
  }
  std::fprintf(stderr, "dsc build: fleet `%s`: %zu releases, %zu files in %s%s\n",
               fleet->model.fleet.name.c_str(), charts, tree.size(), out_dir.c_str(),
               what_changed.c_str());
  return kExitOk;
}

}  // namespace dsc::driver
