// Traefik router rules, parsed and evaluated as Traefik does, for `dsc route
// explain`.
//
// Input: a rule string as emitted in an IngressRoute's `match` (v2 or v3
// syntax) and a request (host, path, headers). Output: a Rule tree, then
// whether the request matches it. The grammar is Traefik's: matcher calls
// whose arguments are Go string literals (`raw` or "interpreted", never
// 'single-quoted'), combined with `&&`, `||`, `!` and parentheses, with Go's
// precedence (`&&` binds tighter than `||`). Matcher names are accepted in the
// spellings Traefik's parser registers: `PathPrefix`, `pathprefix`,
// `PATHPREFIX` and `Pathprefix`.
//
// Evaluated: Host (case-insensitive, port and trailing dot ignored), Path,
// PathPrefix (a plain string prefix), Header/Headers and
// HeaderRegexp/HeadersRegexp (header names case-insensitive; any of a
// repeated header's values may match; a regexp matches anywhere in the value
// unless anchored). Other matchers (Method, Query, ClientIP, HostRegexp, ...)
// parse, but evaluating them is an error: a request here has no method, query
// or client address. Regexps are Go (RE2) syntax, evaluated with std::regex
// (ECMAScript), which agrees with RE2 on what dsc emits (escaped literals,
// `\s`, anchors, groups, alternation); RE2-only syntax such as `(?i)` is an
// evaluation error, never a silent mismatch.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dsc::review {

enum class RuleSyntax { kV2, kV3 };

struct HttpRequest {
  std::string host;  // as sent; a `:port` is ignored
  std::string path = "/";
  // In request order; a name may repeat (each is one value, as Go keeps them).
  std::vector<std::pair<std::string, std::string>> headers;
};

struct RuleNode {
  enum class Op { kMatcher, kAnd, kOr, kNot } op = Op::kMatcher;
  std::string matcher;            // canonical spelling, e.g. "PathPrefix" (kMatcher)
  std::vector<std::string> args;  // decoded string literals (kMatcher)
  std::vector<int> children;      // kAnd/kOr: two or more; kNot: one
};

struct Rule {
  std::vector<RuleNode> nodes;
  int root = -1;
  RuleSyntax syntax = RuleSyntax::kV3;
};

// Nothing, with `error` set ("expected `)` at offset 12"), when `text` is not a
// rule Traefik accepts in `syntax`.
std::optional<Rule> ParseRule(std::string_view text, RuleSyntax syntax, std::string* error);

// Whether `request` matches `rule`; nothing, with `error` set, when the rule
// needs something a request here does not have (a method, a query) or a
// regexp std::regex cannot compile.
std::optional<bool> MatchRule(const Rule& rule, const HttpRequest& request, std::string* error);

// The host as Traefik compares it: lowercased, without `:port` or a trailing dot.
std::string CanonicalHost(std::string_view host);

}  // namespace dsc::review
