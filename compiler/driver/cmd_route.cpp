// `dsc route explain FILE --host H [--path P] [-H 'name: value']… [--feature NAME]…
// [--format text|json]`: which Service, baseline or fork, a request reaches
// through the routes the build emits, and where its dependency calls go
// (docs/route-explain.md).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cxxopts.hpp>

#include "compiler/check/check.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/fleet_input.h"
#include "compiler/driver/output.h"
#include "compiler/emit/emit.h"
#include "compiler/review/route_explain.h"

namespace dsc::driver {
namespace {

// Longer header values are refused: std::regex cannot evaluate them safely
// (route_rule.cpp), and no routing header needs that much.
constexpr size_t kMaxHeaderBytes = 8192;

bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// `name: value`, as curl's -H takes it; throws a usage error otherwise.
std::pair<std::string, std::string> ParseHeader(const std::string& line) {
  size_t colon = line.find(':');
  std::string name = line.substr(0, colon);
  if (colon == std::string::npos || name.empty() ||
      !std::all_of(name.begin(), name.end(), IsTokenChar)) {
    throw cxxopts::exceptions::exception("-H takes `name: value`, not `" + line + "`");
  }
  std::string value = line.substr(colon + 1);
  size_t begin = value.find_first_not_of(" \t"), end = value.find_last_not_of(" \t");
  value = begin == std::string::npos ? "" : value.substr(begin, end - begin + 1);
  std::string lower = name;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "host") throw cxxopts::exceptions::exception("give the host with --host, not -H");
  if (value.size() > kMaxHeaderBytes) {
    throw cxxopts::exceptions::exception(
        fmt::format("the `{}` header is longer than {} bytes", name, kMaxHeaderBytes));
  }
  return {name, value};
}

void CheckHost(const std::string& host) {
  if (host.empty()) throw cxxopts::exceptions::exception("--host must not be empty");
  if (host.find("://") != std::string::npos || host.find('/') != std::string::npos) {
    throw cxxopts::exceptions::exception(
        "--host takes a host name (with an optional :port), not a URL; the path goes in --path");
  }
  for (char c : host) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f)
      throw cxxopts::exceptions::exception("--host must not contain spaces or control characters");
  }
}

void CheckPath(const std::string& path) {
  if (!path.starts_with("/")) throw cxxopts::exceptions::exception("--path must start with `/`");
  if (path.find_first_of("?#") != std::string::npos) {
    throw cxxopts::exceptions::exception(
        "--path takes the path only: Traefik's PathPrefix never sees a query or fragment");
  }
}

// Takes the -H/--header values out of argv before cxxopts sees them: cxxopts
// splits a list option's value on commas, and header values hold commas
// (`baggage: a=1, b=2`). What is left is parsed as usual.
std::vector<std::string> ExtractHeaders(int argc, char** argv, std::vector<char*>* rest) {
  std::vector<std::string> headers;
  bool options_done = false;
  for (int i = 0; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (i == 0 || options_done) {
      rest->push_back(argv[i]);
      continue;
    }
    if (arg == "--") options_done = true;
    if ((arg == "-H" || arg == "--header") && i + 1 < argc) {
      headers.emplace_back(argv[++i]);
    } else if (arg.starts_with("--header=")) {
      headers.emplace_back(arg.substr(9));
    } else if (arg.starts_with("-H") && arg.size() > 2) {
      headers.emplace_back(arg.substr(2));
    } else {
      rest->push_back(argv[i]);
    }
  }
  return headers;
}

}  // namespace

cxxopts::Options RouteOptions() {
  cxxopts::Options options("dsc route", "Explain which service and version receive a request.");
  options.custom_help("explain [OPTIONS]").positional_help("FILE");
  options.add_options()("host", "the request's host (required)", cxxopts::value<std::string>())(
      "path", "the request's path", cxxopts::value<std::string>()->default_value("/"))(
      "H,header", "a request header, `name: value` (repeatable)",
      cxxopts::value<std::vector<std::string>>())(
      "feature", "explain the build of only this feature (repeatable; default: all)",
      cxxopts::value<std::vector<std::string>>())(
      "format", "text or json", cxxopts::value<std::string>()->default_value("text"))(
      "color", "colour of diagnostics: auto, always or never",
      cxxopts::value<std::string>()->default_value("auto"))("h,help", "show this help")(
      "args", "`explain`, then the fleet file", cxxopts::value<std::vector<std::string>>());
  AddFleetInputOptions(options);
  options.parse_positional({"args"});
  return options;
}

int RunRoute(int argc, char** argv) {
  cxxopts::Options options = RouteOptions();
  std::vector<std::string> args;
  review::HttpRequest request;
  emit::EmitOptions emit_options;
  bool json = false;
  ColorMode color = ColorMode::kAuto;
  FleetInput input;
  std::vector<char*> rest;
  std::vector<std::string> header_lines = ExtractHeaders(argc, argv, &rest);
  try {
    auto result = options.parse(static_cast<int>(rest.size()), rest.data());
    if (result.count("help")) {
      std::fputs(options.help().c_str(), stdout);
      std::fputs(
          "\nEvaluates the request against every route `dsc build` emits, as Traefik does\n"
          "(highest priority first), then follows the dependency graph from the Service it\n"
          "reaches, saying which Service each call is wired to.\n"
          "\nExit codes: 0 a route matches, 1 no route matches or errors in the fleet,\n"
          "2 bad usage.\n",
          stdout);
      return kExitOk;
    }
    if (result.count("args")) args = result["args"].as<std::vector<std::string>>();
    input = ReadFleetInput(result);
    std::string format = result["format"].as<std::string>();
    if (format != "text" && format != "json")
      throw cxxopts::exceptions::exception("--format must be `text` or `json`");
    json = format == "json";
    if (!ParseColorMode(result["color"].as<std::string>(), &color))
      throw cxxopts::exceptions::exception("--color must be `auto`, `always` or `never`");
    if (args.empty()) throw cxxopts::exceptions::exception("no subcommand given (`explain`)");
    if (args[0] != "explain") {
      throw cxxopts::exceptions::exception("unknown subcommand `" + args[0] +
                                           "` (the only one is `explain`)");
    }
    if (args.size() != 2) {
      throw cxxopts::exceptions::exception(args.size() == 1 ? "no fleet file given"
                                                            : "give exactly one fleet file");
    }
    if (!result.count("host")) throw cxxopts::exceptions::exception("--host is required");
    request.host = result["host"].as<std::string>();
    CheckHost(request.host);
    request.path = result["path"].as<std::string>();
    CheckPath(request.path);
    for (const std::string& line : header_lines) request.headers.push_back(ParseHeader(line));
    if (result.count("feature"))
      emit_options.features = result["feature"].as<std::vector<std::string>>();
  } catch (const cxxopts::exceptions::exception& e) {
    std::fprintf(stderr, "dsc route: %s\n", e.what());
    std::fputs("Usage: dsc route explain FILE --host HOST [--path PATH] [-H 'name: value']...\n",
               stderr);
    return kExitUsage;
  }

  SourceManager sources;
  DiagnosticSink diags;
  RealFileSystem fs = input.FileSystem();
  std::optional<check::CheckedFleet> fleet =
      check::CheckFleet(args[1], fs, sources, diags, input.limits);
  std::optional<emit::EmittedRouting> routing;
  if (fleet && !diags.has_errors())
    routing = emit::EmitRouting(*fleet, sources, emit_options, diags);
  // With --format json, stdout holds one document: the explanation, or the
  // diagnostics when the fleet has errors; warnings alone go to stderr as text.
  PrintDiagnostics(diags, sources, json && diags.has_errors(), color);
  if (!routing) return kExitErrors;

  review::Explanation explanation =
      review::ExplainRequest(fleet->model, fleet->graph, *routing, request);
  std::string text = json ? review::ExplanationJson(fleet->model, *routing, explanation)
                          : review::ExplanationText(fleet->model, *routing, explanation);
  std::fputs(text.c_str(), stdout);
  return explanation.matches.empty() ? kExitErrors : kExitOk;
}

}  // namespace dsc::driver
