// `dsc explain CODE`: the long explanation of a diagnostic, taken from
// docs/diagnostics.md as built into the binary (one source of truth), or of a lint
// rule (by code or name), from docs/lint.md.
#include <cstdio>
#include <cxxopts.hpp>
#include <string>
#include <string_view>

#include "compiler/diag/diagnostic.h"
#include "compiler/driver/commands.h"
#include "compiler/lint/rules.h"
#include "compiler/source/embedded_files.h"

namespace dsc::driver {
namespace {

// The text from `## CODE` up to the next `## ` heading.
std::string_view SectionFor(std::string_view doc, std::string_view code) {
  std::string heading = "\n## " + std::string(code);
  size_t start = doc.find(heading);
  if (start == std::string_view::npos) return {};
  start += 1;
  size_t end = doc.find("\n## ", start + heading.size());
  return doc.substr(start, end == std::string_view::npos ? doc.npos : end - start + 1);
}

// A lint rule: its `### DLxxx: name` section of docs/lint.md, its default severity and
// its help.
void PrintLintRule(const lint::RuleInfo& rule) {
  std::string_view doc = FindEmbeddedFile("docs/lint.md");
  std::string heading = "\n### " + std::string(rule.code) + ":";
  size_t start = doc.find(heading);
  std::printf("%s: %s (lint rule, default %s)\n\n", std::string(rule.code).c_str(),
              std::string(rule.name).c_str(),
              std::string(lint::SeverityName(rule.default_severity)).c_str());
  if (start != std::string_view::npos) {
    size_t body = doc.find('\n', start + 1) + 1;
    size_t end = doc.find("\n#", body);
    std::string_view text =
        doc.substr(body, end == std::string_view::npos ? doc.npos : end - body + 1);
    while (text.starts_with("\n")) text.remove_prefix(1);
    while (text.ends_with("\n")) text.remove_suffix(1);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputs("\n\n", stdout);
  }
  std::printf(
      "help: %s\nSet its severity in the fleet's `lint { %s = \"off\" }` block or in "
      ".dsc-lint.yaml (docs/lint.md).\n",
      std::string(rule.help).c_str(), std::string(rule.code).c_str());
}

}  // namespace

cxxopts::Options ExplainOptions() {
  cxxopts::Options options("dsc explain",
                           "Print the long explanation of a diagnostic code, with an example "
                           "that triggers it and how to fix it, e.g. `dsc explain DS2001`.");
  options.custom_help("").positional_help("CODE");
  options.add_options()("h,help", "show this help")("code", "diagnostic code",
                                                    cxxopts::value<std::vector<std::string>>());
  options.parse_positional({"code"});
  return options;
}

int RunExplain(int argc, char** argv) {
  cxxopts::Options options = ExplainOptions();
  std::vector<std::string> codes;
  try {
    auto result = options.parse(argc, argv);
    if (result.count("help")) {
      std::fputs(options.help().c_str(), stdout);
      return kExitOk;
    }
    if (result.count("code")) codes = result["code"].as<std::vector<std::string>>();
  } catch (const cxxopts::exceptions::exception& e) {
    std::fprintf(stderr, "dsc explain: %s\n", e.what());
    return kExitUsage;
  }
  if (codes.size() != 1) {
    std::fputs("Usage: dsc explain CODE\n", stderr);
    return kExitUsage;
  }
  std::string code = codes[0];
  for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const lint::RuleInfo* rule = lint::FindRule(codes[0]);  // by name, or code as written
  if (!rule) rule = lint::FindRule(code);
  if (rule) {
    PrintLintRule(*rule);
    return kExitOk;
  }
  if (code.rfind("DS", 0) != 0) code = "DS" + code;
  for (const DiagKindInfo& info : AllDiagKinds()) {
    if (info.code != code) continue;
    std::string_view section = SectionFor(FindEmbeddedFile("docs/diagnostics.md"), code);
    if (section.empty()) {
      std::printf("%s (%s): %s\n", code.c_str(), std::string(SeverityName(info.severity)).c_str(),
                  std::string(info.message_template).c_str());
    } else {
      std::fwrite(section.data(), 1, section.size(), stdout);
    }
    return kExitOk;
  }
  std::fprintf(stderr,
               "dsc explain: `%s` is not a diagnostic code (they look like `DS2001`) or lint rule "
               "(`DL101` or `image-latest-tag`)\n",
               argv[1]);
  return kExitErrors;
}

}  // namespace dsc::driver
