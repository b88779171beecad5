#include "compiler/syntax/fast_parser.h"

#include <doctest/doctest.h>

#include <random>
#include <vector>

#include "tests/repository_fleet_files.h"

namespace dsc {
namespace {

TEST_CASE("ParseFast: ANTLR's AST on every fleet file in the repository") {
  auto files = testing::RepositoryFleetFiles();
  CHECK(files.size() > 100);
  for (const auto& [path, text] : files) {
    INFO(path);
    CHECK(ParsedLikeAntlr(text) == "");
  }
}

TEST_CASE("ParseFast: ANTLR's AST on each construct, and a decline on each kind of error") {
  const char* cases[] = {
      // every construct of the grammar, with and without its optional parts
      "",
      "// only a comment",
      "\xEF\xBB\xBF service a { image = \"x\" }",
      "import \"std/aws\"",
      "import \"std/aws\" as cloud\nimport \"./teams/a-b.ds\"",
      "fleet shop { namespace = \"s\", domain = \"x.dev\" }",
      "service a {}",
      "service a { x = 1, y = 2, }",
      "service a { \"quoted key\" = 1 \"b\\n\" { c = d } }",
      "service a { env { A = \"${b.url}/x\" B = \"${fleet.domain}\" } }",
      "service a { l = [] m = [1] n = [1, 2,] o = [[], {}, { a = 1 }] }",
      "service a { t = true f = false n = -1.5Gi d = 30s z = 0 }",
      "service a { c = f() d = f(1) e = f(1, \"x\",) g = f(f(x.y)) }",
      "service a { r = b r2 = b.c.d r3 = fleet.domain r4 = fleet }",
      "service a { i = std.db { size = 1 } j = k {} }",
      "service a { m = { a = { b = { c = [ { d = 1 } ] } } } }",
      "infra q: aws.sqs\nservice a {}",
      "infra q: aws.sqs { fifo = true }",
      "infra q: fleet.x {}",
      "feature f { fork a { replicas = 2 }, infra q: aws.sqs { }, fork b {} ttl = 2h }",
      "kind k: infra { param p: string param q: list<map<string>> = [] export url: string = "
      "\"${p}\", image = \"x\" }",
      "kind k: reload { param p: int = 1, export e: int = p, env { A = p } }",
      "kind k: infra {}",
      // keywords as keys: before `=` or a block, and `fork`/`infra` not followed by a name
      "service a { fleet = \"x\" }",
      "service a { ttl = 1h30m }",
      "service a { labels { import = 1, as = 2, fleet = 3, service = 4, infra = 5 } }",
      "service a { labels { feature = 1, kind = 2, fork = 3, param = 4, export = 5 } }",
      "service a { true = 1, false { x = 1 } }",
      "feature f { fork = 1, infra = 2, fork a {}, infra q: aws.sqs }",
      "kind k: infra { param = 1, export { x = 1 }, param p: int = 1 }",
      // literals that decode with a diagnostic: the fast path keeps them
      "service a { x = \"\\q\" }",
      "service a { x = \"${\" y = \"${a..b}\" z = 99999999999999999999 w = 1parsecs }",
      "service a { \"\\q\" = 1 }",
      "import \"\\q\"",
      // errors: the fast path declines, ANTLR reports
      "service",
      "service a",
      "service a {",
      "service a { x = }",
      "service a { x }",
      "service a { x = 1 = 2 }",
      "service a { x = [,] }",
      "service a { x = [1 2] }",
      "service a { x = f(,) }",
      "service a { x = a. }",
      "service a { x = a.b. {} }",
      "service a { x = (1) }",
      "service a { fleet }",
      "service a { fork = }",
      "service a { ttl = 1h 30m }",
      "service a {} }",
      "fork a {}",
      "infra q aws.sqs",
      "infra q: {}",
      "kind k: infra { param p = 1 }",
      "kind k: infra { export e: int }",
      "kind k: infra { param p: list<int = 1 }",
      "kind k: \"x\" {}",
      "import x",
      "import \"x\" as",
      "service a { x = \"open }",
      "service a { x = 1 } @",
      "service a { x = é }",
      "service a { x = 1 }}",
  };
  for (const char* text : cases) {
    INFO("text: " << std::string(text));
    CHECK(ParsedLikeAntlr(text) == "");
  }
}

TEST_CASE("ParseFast: refuses where a limit is crossed, with ANTLR's diagnostic") {
  InputLimits limits;
  limits.max_nesting = 2;
  limits.max_entities = 2;
  const char* cases[] = {
      "service a { b { c = 1 } }",
      "service a { b { c { d = 1 } } }",
      "service a { b = [[1]] }",
      "service a { b = [f(1)] }",
      "service a {} service b {}",
      "service a {} service b {} service c {}",
      "service a {} infra q: k\nfeature f { fork a {} }",
      "kind k: infra {} service a {}",
      "kind k: infra { param p: a<b<c>> }",
      "kind k: infra { param p: a<b<c<d>>> }",
  };
  for (const char* text : cases) {
    INFO("text: " << std::string(text));
    CHECK(ParsedLikeAntlr(text, limits) == "");
  }
}

TEST_CASE("ParseFast: a crossed limit refuses the file itself, at the name past the limit") {
  SourceManager sources;
  const SourceFile& source = sources.Add("f.ds", "service a {}\nservice b {} // c\nservice c {}");
  InputLimits limits;
  limits.max_entities = 2;
  uint64_t entities = 0;
  DiagnosticSink diags;
  TokenLimits counted(source, limits, &entities, diags);
  ast::File file;
  CHECK(ParseFast(source, source.text(), counted, diags, &file) == FastParse::kRefused);
  REQUIRE(diags.diagnostics().size() == 1);
  CHECK(diags.diagnostics()[0].kind == DiagKind::kTooManyEntities);
  CHECK(diags.diagnostics()[0].span.begin == source.text().rfind('c'));
}

// Fragments for the random texts below: tokens, and pieces of valid declarations.
const std::vector<std::string> kFragments = {
    " ",
    "\n",
    "// c\n",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    "=",
    ":",
    ",",
    ".",
    "a",
    "b-c",
    "\"s\"",
    "\"${a}\"",
    "1",
    "-2.5Gi",
    "30s",
    "true",
    "false",
    "fleet",
    "service",
    "infra",
    "fork",
    "kind",
    "feature",
    "import",
    "as",
    "param",
    "export",
    "f(",
    "x = ",
    "y { ",
    "a.b",
    "@",
    "\"",
    "service a {",
    "infra q: k.s",
    "fork a {",
    "kind k: infra {",
    "param p: list<int>",
};

// A random declaration of the grammar, valid by construction, `depth` levels deep at most.
class ProgramGenerator {
 public:
  explicit ProgramGenerator(unsigned seed) : random_(seed) {}

  std::string File() {
    std::string text;
    for (int n = Pick(5); n > 0; --n) text += Item() + Space();
    return text;
  }

 private:
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random_); }
  std::string Space() {
    const char* spaces[] = {" ", "\n", "  ", "\t", " // note\n", "\r\n"};
    return spaces[Pick(6)];
  }
  std::string Name() {
    const char* names[] = {"a", "b-c", "_x", "svc1", "q"};
    return names[Pick(5)];
  }
  std::string Qualified() {
    std::string name = Pick(4) == 0 ? "fleet" : Name();
    for (int n = Pick(3); n > 0; --n) name += "." + Name();
    return name;
  }
  std::string Item() {
    switch (Pick(6)) {
      case 0:
        return "import \"std/" + Name() + "\"" + (Pick(2) ? " as " + Name() : "");
      case 1:
        return "fleet " + Name() + " " + Body(2);
      case 2:
        return "infra " + Name() + ": " + Qualified() + (Pick(2) ? " " + Body(2) : "");
      case 3:
        return "feature " + Name() + " { fork " + Name() + " " + Body(1) + Space() + "infra " +
               Name() + ": " + Qualified() + " " + Body(1) + " }";
      case 4: {
        std::string kind = "kind " + Name() + ": " + (Pick(2) ? "infra" : "reload") + " {";
        for (int n = Pick(4); n > 0; --n) {
          switch (Pick(3)) {
            case 0:
              kind += " param " + Name() + ": " + Type() + (Pick(2) ? " = " + Expr(1) : "");
              break;
            case 1:
              kind += " export " + Name() + ": " + Type() + " = " + Expr(1);
              break;
            default:
              kind += " " + Member(1);
          }
          if (Pick(2)) kind += ",";
        }
        return kind + " }";
      }
      default:
        return "service " + Name() + " " + Body(3);
    }
  }
  std::string Type() { return Pick(3) ? Name() : Name() + "<" + Type() + ">"; }
  std::string Body(int depth) {
    std::string body = "{";
    for (int n = Pick(4); n > 0; --n) body += Space() + Member(depth) + (Pick(2) ? "," : "");
    return body + Space() + "}";
  }
  std::string Member(int depth) {
    std::string key = Pick(4) ? Name() : "\"" + Name() + " k\"";
    if (depth > 0 && Pick(3) == 0) return key + " " + Body(depth - 1);
    return key + " = " + Expr(depth);
  }
  std::string Expr(int depth) {
    switch (Pick(depth > 0 ? 10 : 6)) {
      case 0:
        return "\"s ${" + Qualified() + "} \\n\"";
      case 1:
        return Pick(2) ? "-1.5" : "30s";
      case 2:
        return Pick(2) ? "true" : "false";
      case 3:
      case 4:
        return Qualified();
      case 5:
        return "\"plain\"";
      case 6:
        return "[" + Items(depth - 1) + "]";
      case 7:
        return Name() + "(" + Items(depth - 1) + ")";
      case 8:
        return Qualified() + " " + Body(depth - 1);
      default:
        return Body(depth - 1);
    }
  }
  std::string Items(int depth) {
    std::string items;
    for (int n = Pick(4); n > 0; --n) items += (items.empty() ? "" : ", ") + Expr(depth);
    if (!items.empty() && Pick(2)) items += ",";
    return items;
  }

  std::mt19937 random_;
};

// With fixed seeds, the same every run; tests/fuzz/fuzz_fast_parser.cpp explores further.
TEST_CASE("ParseFast: ANTLR's AST on 3,000 random programs, and on 3,000 broken ones") {
  ProgramGenerator generator(23);
  std::mt19937 random(29);
  for (int i = 0; i < 3000; ++i) {
    std::string text = generator.File();
    INFO("text:\n" << text);
    REQUIRE(ParsedLikeAntlr(text) == "");
    // The same program broken: a fragment put in, or a piece taken out.
    std::string broken = text;
    size_t at = std::uniform_int_distribution<size_t>(0, broken.size())(random);
    if (i % 2 == 0) {
      broken.insert(at, kFragments[random() % kFragments.size()]);
    } else {
      broken.erase(at, std::uniform_int_distribution<size_t>(1, 6)(random));
    }
    INFO("broken:\n" << broken);
    REQUIRE(ParsedLikeAntlr(broken) == "");
  }
}

TEST_CASE("ParseFast: ANTLR's AST on 3,000 texts of random fragments") {
  std::mt19937 random(31);
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    for (int n = static_cast<int>(random() % 16); n > 0; --n)
      text += kFragments[random() % kFragments.size()];
    INFO("text: " << text);
    REQUIRE(ParsedLikeAntlr(text) == "");
  }
}

}  // namespace
}  // namespace dsc
