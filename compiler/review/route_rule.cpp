#include "compiler/review/route_rule.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <regex>

#include "base/ascii.h"
#include "compiler/source/utf8.h"

namespace dsc::review {
namespace {

// Nesting of parentheses and `!`: far beyond any rule dsc emits, and low
// enough that the recursive parser and evaluator cannot exhaust the stack.
constexpr int kMaxDepth = 64;
// libstdc++'s std::regex recurses per character and overflows the stack on
// values of ~100 KB; header values longer than this are not evaluated.
constexpr size_t kMaxRegexpInput = 8192;

struct MatcherSpec {
  std::string_view name;
  int min_args, max_args;  // max_args -1: any number
  bool evaluated;
};

// The matchers Traefik registers for each syntax (v2.11 and v3 muxers).
constexpr MatcherSpec kV3Matchers[] = {
    {"ClientIP", 1, 1, false},   {"Method", 1, 1, false},      {"Host", 1, 1, true},
    {"HostRegexp", 1, 1, false}, {"Path", 1, 1, true},         {"PathRegexp", 1, 1, false},
    {"PathPrefix", 1, 1, true},  {"Header", 2, 2, true},       {"HeaderRegexp", 2, 2, true},
    {"Query", 1, 2, false},      {"QueryRegexp", 1, 2, false},
};
constexpr MatcherSpec kV2Matchers[] = {
    {"ClientIP", 1, -1, false},  {"Method", 1, -1, false},     {"Host", 1, -1, true},
    {"HostHeader", 1, -1, true}, {"HostRegexp", 1, -1, false}, {"Path", 1, -1, true},
    {"PathPrefix", 1, -1, true}, {"Headers", 2, 2, true},      {"HeadersRegexp", 2, 2, true},
    {"Query", 1, -1, false},
};

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Traefik registers each matcher as written, lowercased, uppercased and as
// strings.Title of the lowercase form.
const MatcherSpec* FindMatcher(std::string_view word, RuleSyntax syntax) {
  auto find = [&](const auto& table) -> const MatcherSpec* {
    for (const MatcherSpec& m : table) {
      std::string title = base::AsciiLowered(m.name);
      title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
      if (word == m.name || word == base::AsciiLowered(m.name) || word == Upper(m.name) ||
          word == title)
        return &m;
    }
    return nullptr;
  };
  return syntax == RuleSyntax::kV3 ? find(kV3Matchers) : find(kV2Matchers);
}

bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || std::isdigit(static_cast<unsigned char>(c)); }

class Parser {
 public:
  Parser(std::string_view text, RuleSyntax syntax) : text_(text), syntax_(syntax) {}

  std::optional<Rule> Run(std::string* error) {
    int root = ParseOr(0);
    if (root >= 0) {
      SkipSpace();
      if (pos_ < text_.size()) Fail(fmt::format("unexpected `{}`", text_[pos_]));
    }
    if (!error_.empty()) {
      *error = error_;
      return std::nullopt;
    }
    rule_.root = root;
    rule_.syntax = syntax_;
    return std::move(rule_);
  }

 private:
  // Records the first error (with where it is) and returns -1.
  int Fail(const std::string& message) {
    if (error_.empty()) error_ = fmt::format("{} at offset {}", message, pos_);
    return -1;
  }

  void SkipSpace() {
    while (pos_ < text_.size() &&
           std::string_view(" \t\r\n").find(text_[pos_]) != std::string_view::npos)
      ++pos_;
  }

  bool Take(std::string_view token) {
    SkipSpace();
    if (text_.substr(pos_, token.size()) != token) return false;
    pos_ += token.size();
    return true;
  }

  int Add(RuleNode node) {
    rule_.nodes.push_back(std::move(node));
    return static_cast<int>(rule_.nodes.size()) - 1;
  }

  // `a || b || c` (and `&&` the same): one node with every operand.
  int ParseBinary(int depth, RuleNode::Op op, std::string_view token) {
    bool is_or = op == RuleNode::Op::kOr;
    int first = is_or ? ParseBinary(depth, RuleNode::Op::kAnd, "&&") : ParseUnary(depth);
    if (first < 0) return -1;
    std::vector<int> operands{first};
    while (Take(token)) {
      int next = is_or ? ParseBinary(depth, RuleNode::Op::kAnd, "&&") : ParseUnary(depth);
      if (next < 0) return -1;
      operands.push_back(next);
    }
    if (operands.size() == 1) return first;
    RuleNode node;
    node.op = op;
    node.children = std::move(operands);
    return Add(std::move(node));
  }

  int ParseOr(int depth) { return ParseBinary(depth, RuleNode::Op::kOr, "||"); }

  int ParseUnary(int depth) {
    if (depth >= kMaxDepth) return Fail(fmt::format("rule nested deeper than {}", kMaxDepth));
    if (Take("!")) {
      int operand = ParseUnary(depth + 1);
      if (operand < 0) return -1;
      RuleNode node;
      node.op = RuleNode::Op::kNot;
      node.children = {operand};
      return Add(std::move(node));
    }
    if (Take("(")) {
      int inner = ParseOr(depth + 1);
      if (inner < 0) return -1;
      if (!Take(")")) return Fail("expected `)`");
      return inner;
    }
    return ParseMatcher();
  }

  int ParseMatcher() {
    SkipSpace();
    if (pos_ >= text_.size()) return Fail("expected a matcher, found the end of the rule");
    if (!IsIdentStart(text_[pos_]))
      return Fail(fmt::format("expected a matcher, found `{}`", text_[pos_]));
    size_t start = pos_;
    while (pos_ < text_.size() && IsIdentChar(text_[pos_])) ++pos_;
    std::string_view word = text_.substr(start, pos_ - start);
    const MatcherSpec* spec = FindMatcher(word, syntax_);
    if (!spec) {
      pos_ = start;
      return Fail(fmt::format("unknown matcher `{}` in Traefik {} syntax", word,
                              syntax_ == RuleSyntax::kV3 ? "v3" : "v2"));
    }
    if (!Take("(")) return Fail(fmt::format("expected `(` after `{}`", word));
    RuleNode node;
    node.matcher = spec->name;
    SkipSpace();
    while (!Take(")")) {
      std::optional<std::string> arg = ParseString();
      if (!arg) return -1;
      node.args.push_back(std::move(*arg));
      // Go's call syntax allows a trailing comma.
      if (!Take(",")) {
        if (!Take(")")) return Fail("expected `,` or `)`");
        break;
      }
    }
    int n = static_cast<int>(node.args.size());
    if (n < spec->min_args || (spec->max_args >= 0 && n > spec->max_args)) {
      std::string want = spec->min_args == spec->max_args ? std::to_string(spec->min_args)
                         : spec->max_args < 0
                             ? fmt::format("at least {}", spec->min_args)
                             : fmt::format("{} or {}", spec->min_args, spec->max_args);
      pos_ = start;
      return Fail(fmt::format("`{}` takes {} argument{}, not {}", spec->name, want,
                              want == "1" ? "" : "s", n));
    }
    for (const std::string& arg : node.args) {
      bool host = node.matcher == "Host" || node.matcher == "HostHeader";
      if (host && std::any_of(arg.begin(), arg.end(), [](char c) { return c & 0x80; })) {
        pos_ = start;
        return Fail(
            fmt::format("`{}` does not accept non-ASCII `{}` (use punycode)", spec->name, arg));
      }
      bool path = node.matcher == "Path" || node.matcher == "PathPrefix";
      if (path && syntax_ == RuleSyntax::kV3 && !arg.starts_with("/")) {
        pos_ = start;
        return Fail(fmt::format("`{}` needs a path starting with `/`, not `{}`", spec->name, arg));
      }
    }
    return Add(std::move(node));
  }

  // A Go string literal: `raw` or "interpreted" (with Go's escapes).
  std::optional<std::string> ParseString() {
    SkipSpace();
    if (pos_ >= text_.size())
      return Fail("expected a string, found the end of the rule"), std::nullopt;
    char quote = text_[pos_];
    if (quote == '\'') {
      Fail("single quotes are not accepted: use `backticks` or \"double quotes\"");
      return std::nullopt;
    }
    if (quote != '`' && quote != '"') {
      Fail(fmt::format("expected a string in `backticks` or \"double quotes\", found `{}`", quote));
      return std::nullopt;
    }
    size_t open = pos_++;
    std::string out;
    while (pos_ < text_.size() && text_[pos_] != quote) {
      char c = text_[pos_];
      if (quote == '"' && c == '\n') break;
      if (quote == '"' && c == '\\') {
        if (!ParseEscape(out)) return std::nullopt;
        continue;
      }
      // Go drops carriage returns from raw strings.
      if (c != '\r' || quote == '"') out += c;
      ++pos_;
    }
    if (pos_ >= text_.size() || text_[pos_] != quote) {
      pos_ = open;
      Fail("unterminated string");
      return std::nullopt;
    }
    ++pos_;
    return out;
  }

  bool ParseEscape(std::string& out) {
    size_t start = pos_++;
    if (pos_ >= text_.size()) return pos_ = start, Fail("unterminated escape"), false;
    char c = text_[pos_++];
    switch (c) {
      case 'a':
        out += '\a';
        return true;
      case 'b':
        out += '\b';
        return true;
      case 'f':
        out += '\f';
        return true;
      case 'n':
        out += '\n';
        return true;
      case 'r':
        out += '\r';
        return true;
      case 't':
        out += '\t';
        return true;
      case 'v':
        out += '\v';
        return true;
      case '\\':
        out += '\\';
        return true;
      case '"':
        out += '"';
        return true;
      case 'x':
        return ParseCodeEscape(start, 2, 16, out, true);
      case 'u':
        return ParseCodeEscape(start, 4, 16, out, false);
      case 'U':
        return ParseCodeEscape(start, 8, 16, out, false);
      default:
        if (c >= '0' && c <= '7') {
          --pos_;
          return ParseCodeEscape(start, 3, 8, out, true);
        }
        pos_ = start;
        Fail(fmt::format("unknown escape `\\{}`", c));
        return false;
    }
  }

  // \xHH and \ooo are bytes; \uXXXX and \UXXXXXXXX are code points.
  bool ParseCodeEscape(size_t start, int digits, int base, std::string& out, bool byte) {
    uint32_t value = 0;
    for (int i = 0; i < digits; ++i, ++pos_) {
      int d = pos_ < text_.size() ? std::tolower(static_cast<unsigned char>(text_[pos_])) : -1;
      int v = d >= '0' && d <= '9' ? d - '0' : d >= 'a' && d <= 'f' ? d - 'a' + 10 : 99;
      if (v >= base) return pos_ = start, Fail("malformed escape"), false;
      value = value * base + v;
    }
    if (byte && value > 255) return pos_ = start, Fail("octal escape above 255"), false;
    if (!byte && (value > 0x10FFFF || (value >= 0xD800 && value < 0xE000)))
      return pos_ = start, Fail("escape is not a valid Unicode code point"), false;
    if (byte) {
      out += static_cast<char>(value);
    } else {
      AppendUtf8(value, out);
    }
    return true;
  }

  std::string_view text_;
  RuleSyntax syntax_;
  size_t pos_ = 0;
  Rule rule_;
  std::string error_;
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool HostMatches(std::string_view wanted, const HttpRequest& request) {
  std::string host = CanonicalHost(request.host);
  if (host.empty()) return false;
  return host == CanonicalHost(wanted);
}

// Header(key, value): some value of the header equals `value`; an empty
// `value` only asks that the header be present (gorilla/mux, which both
// Traefik versions use for this matcher).
std::optional<bool> HeaderMatches(const RuleNode& node, const HttpRequest& request, bool regexp,
                                  std::string* error) {
  const std::string& name = node.args[0];
  const std::string& want = node.args[1];
  std::optional<std::regex> re;
  if (regexp && !want.empty()) {
    try {
      re.emplace(want, std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      *error = fmt::format("cannot evaluate regexp `{}` (Go RE2 syntax std::regex does not share)",
                           want);
      return std::nullopt;
    }
  }
  for (const auto& [key, value] : request.headers) {
    if (!EqualsIgnoreCase(key, name)) continue;
    if (want.empty()) return true;
    if (!regexp) {
      if (value == want) return true;
      continue;
    }
    if (value.size() > kMaxRegexpInput) {
      *error = fmt::format("the `{}` header is longer than {} bytes: not evaluated", key,
                           kMaxRegexpInput);
      return std::nullopt;
    }
    if (std::regex_search(value, *re)) return true;
  }
  return false;
}

std::optional<bool> EvalMatcher(const RuleNode& node, RuleSyntax syntax, const HttpRequest& request,
                                std::string* error) {
  const std::string& m = node.matcher;
  if (m == "Host" || m == "HostHeader") {
    return std::any_of(node.args.begin(), node.args.end(),
                       [&](const std::string& h) { return HostMatches(h, request); });
  }
  if (m == "Path" || m == "PathPrefix") {
    bool prefix = m == "PathPrefix";
    for (const std::string& p : node.args) {
      // v2 reads `{name:regexp}` in a path as a regexp (v3 never does).
      if (syntax == RuleSyntax::kV2 && p.find('{') != std::string::npos) {
        *error =
            fmt::format("`{}(`{}`)` holds a v2 `{{name:regexp}}` template: not evaluated", m, p);
        return std::nullopt;
      }
      if (prefix ? request.path.starts_with(p) : request.path == p) return true;
    }
    return false;
  }
  if (m == "Header" || m == "Headers") return HeaderMatches(node, request, false, error);
  if (m == "HeaderRegexp" || m == "HeadersRegexp") return HeaderMatches(node, request, true, error);
  *error = fmt::format(
      "`{}` cannot be evaluated: a request here has only a host, a path and headers", m);
  return std::nullopt;
}

// Kleene logic: nothing means "cannot tell" (with `error` saying why), and
// `false && unknown` is still false, as Traefik's short cut makes it.
std::optional<bool> Eval(const Rule& rule, int index, const HttpRequest& request,
                         std::string* error) {
  const RuleNode& node = rule.nodes[index];
  switch (node.op) {
    case RuleNode::Op::kMatcher:
      return EvalMatcher(node, rule.syntax, request, error);
    case RuleNode::Op::kNot: {
      std::optional<bool> inner = Eval(rule, node.children[0], request, error);
      if (!inner) return std::nullopt;
      return !*inner;
    }
    case RuleNode::Op::kAnd:
    case RuleNode::Op::kOr: {
      bool decisive = node.op == RuleNode::Op::kOr;  // true decides an OR, false an AND
      bool unknown = false;
      for (int child : node.children) {
        std::optional<bool> value = Eval(rule, child, request, error);
        if (!value) {
          unknown = true;
        } else if (*value == decisive) {
          return decisive;
        }
      }
      if (unknown) return std::nullopt;
      return !decisive;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<Rule> ParseRule(std::string_view text, RuleSyntax syntax, std::string* error) {
  return Parser(text, syntax).Run(error);
}

std::optional<bool> MatchRule(const Rule& rule, const HttpRequest& request, std::string* error) {
  if (rule.root < 0) {
    *error = "empty rule";
    return std::nullopt;
  }
  std::string why;
  std::optional<bool> result = Eval(rule, rule.root, request, &why);
  if (!result) *error = why;
  return result;
}

std::string CanonicalHost(std::string_view host) {
  // `[::1]:8080`, `example.com:8080`: drop the port.
  if (host.starts_with("[")) {
    size_t close = host.find(']');
    if (close != std::string_view::npos) host = host.substr(0, close + 1);
  } else if (size_t colon = host.rfind(':');
             colon != std::string_view::npos && host.find(':') == colon) {
    host = host.substr(0, colon);
  }
  if (host.ends_with(".")) host.remove_suffix(1);
  return base::AsciiLowered(host);
}

}  // namespace dsc::review
