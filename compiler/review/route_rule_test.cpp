#include "compiler/review/route_rule.h"

#include <doctest/doctest.h>

namespace dsc::review {
namespace {

HttpRequest Request(std::string host, std::string path = "/",
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
  return HttpRequest{std::move(host), std::move(path), std::move(headers)};
}

// 1 match, 0 no match, -1 an evaluation error, -2 a parse error.
int Eval(std::string_view rule, const HttpRequest& request, RuleSyntax syntax = RuleSyntax::kV3) {
  std::string error;
  std::optional<Rule> parsed = ParseRule(rule, syntax, &error);
  if (!parsed) return -2;
  std::optional<bool> result = MatchRule(*parsed, request, &error);
  if (!result) return -1;
  return *result ? 1 : 0;
}

std::string ParseError(std::string_view rule, RuleSyntax syntax = RuleSyntax::kV3) {
  std::string error;
  if (ParseRule(rule, syntax, &error)) return "(parsed)";
  return error;
}

TEST_CASE("rules dsc emits match as Traefik does") {
  const char* base = "Host(`api.shop.localtest.me`) && PathPrefix(`/orders`)";
  CHECK(Eval(base, Request("api.shop.localtest.me", "/orders")) == 1);
  CHECK(Eval(base, Request("api.shop.localtest.me", "/orders/42")) == 1);
  // PathPrefix is a plain string prefix, not a path segment prefix.
  CHECK(Eval(base, Request("api.shop.localtest.me", "/ordersforsale")) == 1);
  CHECK(Eval(base, Request("api.shop.localtest.me", "/order")) == 0);
  CHECK(Eval(base, Request("web.shop.localtest.me", "/orders")) == 0);

  const char* fork =
      "Host(`web.crud.localtest.me`) && PathPrefix(`/`) && Header(`x-devstack-label`, `edit`)";
  CHECK(Eval(fork, Request("web.crud.localtest.me", "/", {{"x-devstack-label", "edit"}})) == 1);
  CHECK(Eval(fork, Request("web.crud.localtest.me", "/", {{"x-devstack-label", "edit2"}})) == 0);
  CHECK(Eval(fork, Request("web.crud.localtest.me", "/")) == 0);
}

TEST_CASE("Host is case-insensitive and ignores the port and a trailing dot") {
  CHECK(Eval("Host(`Api.Example.COM`)", Request("api.example.com")) == 1);
  CHECK(Eval("Host(`api.example.com`)", Request("API.EXAMPLE.com:8080")) == 1);
  CHECK(Eval("Host(`api.example.com`)", Request("api.example.com.")) == 1);
  CHECK(Eval("Host(`api.example.com.`)", Request("api.example.com")) == 1);
  CHECK(Eval("Host(`api.example.com`)", Request("xapi.example.com")) == 0);
  CHECK(Eval("Host(`::1`)", Request("[::1]:80")) == 0);
  CHECK(Eval("Host(`[::1]`)", Request("[::1]:80")) == 1);
  CHECK(CanonicalHost("Shop.Example.com:443") == "shop.example.com");
}

TEST_CASE("header names are case-insensitive, values are not") {
  const char* rule = "Header(`X-Devstack-Label`, `Edit`)";
  CHECK(Eval(rule, Request("h", "/", {{"x-devstack-label", "Edit"}})) == 1);
  CHECK(Eval(rule, Request("h", "/", {{"X-DEVSTACK-LABEL", "Edit"}})) == 1);
  CHECK(Eval(rule, Request("h", "/", {{"x-devstack-label", "edit"}})) == 0);
  // Any value of a repeated header may match.
  CHECK(Eval(rule, Request("h", "/", {{"x-devstack-label", "a"}, {"x-devstack-label", "Edit"}})) ==
        1);
  // An empty value only asks for the header to be there (gorilla/mux).
  CHECK(Eval("Header(`x-a`, ``)", Request("h", "/", {{"X-A", "anything"}})) == 1);
  CHECK(Eval("Header(`x-a`, ``)", Request("h")) == 0);
}

TEST_CASE("v2 spells the header matchers Headers and HeadersRegexp") {
  HttpRequest r = Request("h", "/", {{"x-l", "v"}});
  CHECK(Eval("Headers(`x-l`, `v`)", r, RuleSyntax::kV2) == 1);
  CHECK(Eval("HeadersRegexp(`x-l`, `^v$`)", r, RuleSyntax::kV2) == 1);
  CHECK(ParseError("Headers(`x-l`, `v`)") ==
        "unknown matcher `Headers` in Traefik v3 syntax at offset 0");
  CHECK(ParseError("Header(`x-l`, `v`)", RuleSyntax::kV2) ==
        "unknown matcher `Header` in Traefik v2 syntax at offset 0");
  // v2 takes several hosts in one matcher; v3 exactly one.
  CHECK(Eval("Host(`a`, `b`)", Request("b"), RuleSyntax::kV2) == 1);
  CHECK(ParseError("Host(`a`, `b`)") == "`Host` takes 1 argument, not 2 at offset 0");
  CHECK(Eval("HostHeader(`a`)", Request("a"), RuleSyntax::kV2) == 1);
}

TEST_CASE("regexp headers: unanchored search, the baggage clause dsc emits") {
  const char* rule =
      R"(HeaderRegexp(`baggage`, `(^|,)\s*x\-devstack\-label\s*=\s*one\-page\s*(;|,|$)`))";
  auto baggage = [](std::string value) { return Request("h", "/", {{"Baggage", value}}); };
  CHECK(Eval(rule, baggage("x-devstack-label=one-page")) == 1);
  CHECK(Eval(rule, baggage("userId=7, x-devstack-label = one-page ;prop=1")) == 1);
  CHECK(Eval(rule, baggage("x-devstack-label=one-page,other=1")) == 1);
  CHECK(Eval(rule, baggage("x-devstack-label=one-page2")) == 0);
  CHECK(Eval(rule, baggage("xx-devstack-label=one-page")) == 0);
  CHECK(Eval(rule, baggage("x-devstack-label=xone-page")) == 0);
  CHECK(Eval("HeaderRegexp(`x-a`, `b+`)", Request("h", "/", {{"x-a", "abbbc"}})) == 1);
  CHECK(Eval("HeaderRegexp(`x-a`, `^b+$`)", Request("h", "/", {{"x-a", "abbbc"}})) == 0);
}

TEST_CASE("regexps std::regex cannot read and huge values are errors, never guesses") {
  CHECK(Eval("HeaderRegexp(`x-a`, `(?i)abc`)", Request("h", "/", {{"x-a", "ABC"}})) == -1);
  CHECK(Eval("HeaderRegexp(`x-a`, `(`)", Request("h")) == -1);
  std::string huge(100000, ' ');
  CHECK(Eval(R"(HeaderRegexp(`x-a`, `\s*x`))", Request("h", "/", {{"x-a", huge}})) == -1);
  std::string error;
  auto rule = ParseRule("HeaderRegexp(`x-a`, `(?i)abc`)", RuleSyntax::kV3, &error);
  REQUIRE(rule);
  CHECK_FALSE(MatchRule(*rule, Request("h"), &error));
  CHECK(error.find("cannot evaluate regexp `(?i)abc`") == 0);
}

TEST_CASE("&& binds tighter than ||; parentheses and ! group and negate") {
  HttpRequest a = Request("a");
  // true || (false && false)
  CHECK(Eval("Host(`a`) || Host(`b`) && Host(`c`)", a) == 1);
  // (true || false) && false
  CHECK(Eval("(Host(`a`) || Host(`b`)) && Host(`c`)", a) == 0);
  // false && false || true
  CHECK(Eval("Host(`b`) && Host(`c`) || Host(`a`)", a) == 1);
  CHECK(Eval("!Host(`a`)", a) == 0);
  CHECK(Eval("!Host(`b`)", a) == 1);
  CHECK(Eval("!!Host(`a`)", a) == 1);
  // ! applies to a whole group (Traefik inverts it by De Morgan).
  CHECK(Eval("!(Host(`a`) && Host(`b`))", a) == 1);
  CHECK(Eval("!(Host(`a`) || Host(`b`))", a) == 0);
  CHECK(Eval("! ( Host(`b`) ) && PathPrefix(`/`)", a) == 1);
  CHECK(Eval("Host(`a`)&&!Header(`x`,`1`)", Request("a", "/", {{"x", "1"}})) == 0);
}

TEST_CASE("arguments: backticks, double quotes with Go escapes, never single quotes") {
  CHECK(Eval(R"(Host("a.example"))", Request("a.example")) == 1);
  CHECK(Eval(R"(Header("x-q", "say \"hi\""))", Request("h", "/", {{"x-q", R"(say "hi")"}})) == 1);
  CHECK(Eval(R"(Header("x-q", "a\\b"))", Request("h", "/", {{"x-q", R"(a\b)"}})) == 1);
  CHECK(Eval(R"(Header("x-q", "\x41\101\u00e9"))", Request("h", "/", {{"x-q", "AA\xc3\xa9"}})) ==
        1);
  // Inside backticks a backslash is just a backslash.
  CHECK(Eval(R"(Header(`x-q`, `a\"b`))", Request("h", "/", {{"x-q", R"(a\"b)"}})) == 1);
  // A value holding a backtick, as dsc's RuleArg writes it.
  CHECK(Eval(R"(Header("x-q", "a`b"))", Request("h", "/", {{"x-q", "a`b"}})) == 1);
  CHECK(ParseError("Host('a')") ==
        "single quotes are not accepted: use `backticks` or \"double quotes\" at offset 5");
  CHECK(ParseError(R"(Host("a\q"))") == "unknown escape `\\q` at offset 7");
  CHECK(ParseError("Host(`a)") == "unterminated string at offset 5");
  CHECK(ParseError("Host(\"a\nb\")") == "unterminated string at offset 5");
  // Go allows a trailing comma in a call.
  CHECK(Eval("Host(`a`,)", Request("a")) == 1);
}

TEST_CASE("matcher names in the spellings Traefik registers") {
  HttpRequest r = Request("a", "/x");
  CHECK(Eval("pathprefix(`/x`)", r) == 1);
  CHECK(Eval("PATHPREFIX(`/x`)", r) == 1);
  CHECK(Eval("Pathprefix(`/x`)", r) == 1);
  CHECK(Eval("host(`A`) && HOST(`a`)", r) == 1);
  CHECK(ParseError("pathPrefix(`/x`)") ==
        "unknown matcher `pathPrefix` in Traefik v3 syntax at offset 0");
}

TEST_CASE("malformed rules are parse errors with an offset") {
  CHECK(ParseError("") == "expected a matcher, found the end of the rule at offset 0");
  CHECK(ParseError("Host(`a`) &&") == "expected a matcher, found the end of the rule at offset 12");
  CHECK(ParseError("Host(`a`) & Host(`b`)") == "unexpected `&` at offset 10");
  CHECK(ParseError("(Host(`a`)") == "expected `)` at offset 10");
  CHECK(ParseError("Host(`a`))") == "unexpected `)` at offset 9");
  CHECK(ParseError("Host `a`") == "expected `(` after `Host` at offset 5");
  CHECK(ParseError("Host(`a` `b`)") == "expected `,` or `)` at offset 9");
  CHECK(ParseError("Nope(`a`)") == "unknown matcher `Nope` in Traefik v3 syntax at offset 0");
  CHECK(ParseError("PathPrefix(`x`)") ==
        "`PathPrefix` needs a path starting with `/`, not `x` at offset 0");
  CHECK(ParseError("Host(`b\xc3\xa9.example`)").find("non-ASCII") != std::string::npos);
  CHECK(ParseError(std::string(1000, '(') + "Host(`a`)" + std::string(1000, ')')) ==
        "rule nested deeper than 64 at offset 64");
  CHECK(ParseError(std::string(1000, '!') + "Host(`a`)") ==
        "rule nested deeper than 64 at offset 64");
}

TEST_CASE("what a request here cannot tell is an error, unless the rest decides") {
  HttpRequest r = Request("a");
  CHECK(Eval("Method(`GET`)", r) == -1);
  CHECK(Eval("Host(`a`) && Method(`GET`)", r) == -1);
  // Traefik's short cut: false && anything is false, true || anything is true.
  CHECK(Eval("Host(`b`) && Method(`GET`)", r) == 0);
  CHECK(Eval("Host(`a`) || Query(`x`)", r) == 1);
  CHECK(Eval("PathPrefix(`/{id:[0-9]+}`)", r, RuleSyntax::kV2) == -1);
  // v3 reads braces literally.
  CHECK(Eval("PathPrefix(`/{id}`)", Request("a", "/{id}/x")) == 1);
}

}  // namespace
}  // namespace dsc::review
