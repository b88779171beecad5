#include "compiler/format/formatter.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "compiler/syntax/parse.h"

namespace dsc {
namespace {

struct Parsed {
  SourceManager sources;
  DiagnosticSink diags;
  ast::File file;
  const SourceFile* source = nullptr;
};

void ParseInto(std::string_view text, Parsed* out) {
  out->source = &out->sources.Add("t.ds", std::string(text));
  out->file = Parse(*out->source, out->diags);
}

// Formats `text`, which must parse cleanly, and checks on the way that the output parses
// cleanly too, is a fixed point, and has exactly the comments of the input.
std::string Format(std::string_view text) {
  Parsed in;
  ParseInto(text, &in);
  REQUIRE_MESSAGE(!in.file.has_syntax_errors, text);
  REQUIRE(in.diags.error_count() == 0);
  std::string once = FormatFile(in.file, *in.source);

  Parsed out;
  ParseInto(once, &out);
  REQUIRE_MESSAGE(!out.file.has_syntax_errors, once);
  REQUIRE(out.diags.error_count() == 0);
  CHECK_MESSAGE(FormatFile(out.file, *out.source) == once, "not idempotent:\n" << once);
  REQUIRE_MESSAGE(out.file.comments.size() == in.file.comments.size(), once);
  for (size_t i = 0; i < in.file.comments.size(); ++i) {
    std::string_view want = in.file.comments[i].text;
    while (!want.empty() && (want.back() == ' ' || want.back() == '\t')) want.remove_suffix(1);
    CHECK(out.file.comments[i].text == want);
  }
  return once;
}

TEST_CASE("format: declarations and members in canonical layout") {
  CHECK(Format("fleet   shop{namespace=\"shop\" , ttl=7d\nephemeral=false}\n"
               "service api {image = \"a:1\"\n\n\n replicas = 2,}") ==
        "fleet shop {\n"
        "  namespace = \"shop\"\n"
        "  ttl = 7d\n"
        "  ephemeral = false\n"
        "}\n"
        "\n"
        "service api {\n"
        "  image = \"a:1\"\n"
        "\n"
        "  replicas = 2\n"
        "}\n");
}

TEST_CASE("format: empty bodies, infra without body, output ends with one newline") {
  CHECK(Format("service x {\n}\ninfra q: aws.sqs\ninfra r: aws.sqs {   }\n\n\n\n") ==
        "service x {}\n\ninfra q: aws.sqs\n\ninfra r: aws.sqs {}\n");
  CHECK(Format("") == "");
  CHECK(Format("\n\n") == "");
}

TEST_CASE("format: literals are copied as written") {
  CHECK(Format(R"(service s {
  a = "tab\t quote\" dollar\$ ${fleet.domain} é"
  "app.kubernetes.io/part-of" = "shop"
  b = [0.5, -1, 250m, 256Mi, 30s, true, false]
  c = secret("name" , "key")
  d = payments.ledger.url
})") == R"(service s {
  a = "tab\t quote\" dollar\$ ${fleet.domain} é"
  "app.kubernetes.io/part-of" = "shop"
  b = [0.5, -1, 250m, 256Mi, 30s, true, false]
  c = secret("name", "key")
  d = payments.ledger.url
}
)");
}

TEST_CASE("format: a brace body on one line stays inline when it fits") {
  CHECK(Format("service s {\n"
               "  ports { http = 8080 metrics = 9090 }\n"
               "  labels = { a = \"b\", }\n"
               "  health { readiness { http = \"/healthz\" } }\n"
               "  dev { reload = reload.go { run = \"x\" }, sync { exclude = [\"a\"] } }\n"
               "}\n") ==
        "service s {\n"
        "  ports { http = 8080, metrics = 9090 }\n"
        "  labels = { a = \"b\" }\n"
        "  health { readiness { http = \"/healthz\" } }\n"
        "  dev { reload = reload.go { run = \"x\" }, sync { exclude = [\"a\"] } }\n"
        "}\n");
  CHECK(Format("infra db: db.postgres { database = \"orders\" }\n") ==
        "infra db: db.postgres { database = \"orders\" }\n");
}

TEST_CASE("format: a brace body written on several lines stays multi-line") {
  CHECK(Format("service s {\n"
               "  env {\n    A = \"1\" }\n"
               "  labels = {\n  a = \"b\"\n}\n"
               "  r = reload.go {\n run = \"x\"\n}\n"
               "  health {\n    readiness { http = \"/healthz\" }\n  }\n"
               "}\n") ==
        "service s {\n"
        "  env {\n    A = \"1\"\n  }\n"
        "  labels = {\n    a = \"b\"\n  }\n"
        "  r = reload.go {\n    run = \"x\"\n  }\n"
        "  health {\n    readiness { http = \"/healthz\" }\n  }\n"
        "}\n");
}

TEST_CASE("format: an inline body wider than 100 columns is broken, and stays broken") {
  std::string input =
      "service s {\n"
      "  dev {\n"
      "    reload = reload.go { directory = \"/src\", build = \"go build -o /tmp/ledger "
      "./cmd/ledger\", run = \"/tmp/ledger\" }\n"
      "  }\n"
      "}\n";
  std::string want =
      "service s {\n"
      "  dev {\n"
      "    reload = reload.go {\n"
      "      directory = \"/src\"\n"
      "      build = \"go build -o /tmp/ledger ./cmd/ledger\"\n"
      "      run = \"/tmp/ledger\"\n"
      "    }\n"
      "  }\n"
      "}\n";
  CHECK(Format(input) == want);
  CHECK(Format(want) == want);
}

TEST_CASE("format: exactly 100 columns is still inline") {
  // `  x = { s = "…" }` with the string padded to end at column 100.
  std::string line = "  x = { s = \"" + std::string(100 - 16, 'a') + "\" }";
  REQUIRE(line.size() == 100);
  std::string input = "service s {\n" + line + "\n}\n";
  CHECK(Format(input) == input);
  std::string longer = "  x = { s = \"" + std::string(85, 'a') + "\" }";
  CHECK(Format("service s {\n" + longer + "\n}\n") ==
        "service s {\n  x = {\n    s = \"" + std::string(85, 'a') + "\"\n  }\n}\n");
}

TEST_CASE("format: empty maps and instances") {
  CHECK(
      Format("service s {\n  a = {}\n  b {\n\n  }\n  c = reload.go {}\n  d = reload.go {\n}\n}") ==
      "service s {\n  a = {}\n  b {}\n  c = reload.go {}\n  d = reload.go {}\n}\n");
}

TEST_CASE("format: lists are inline when they fit, else one item per line") {
  CHECK(Format("service s {\n"
               "  a = []\n"
               "  b = [\n  ]\n"
               "  c = [\"x\",\n \"y\",\n]\n"
               "  d = [1,2,3]\n"
               "}\n") ==
        "service s {\n  a = []\n  b = []\n  c = [\"x\", \"y\"]\n  d = [1, 2, 3]\n}\n");
  std::string items;
  for (int i = 0; i < 12; ++i) items += "\"item-number-" + std::to_string(i) + "\", ";
  std::string formatted = Format("service s {\n  args = [" + items + "]\n}\n");
  std::string want = "service s {\n  args = [\n";
  for (int i = 0; i < 12; ++i) want += "    \"item-number-" + std::to_string(i) + "\",\n";
  want += "  ]\n}\n";
  CHECK(formatted == want);
}

TEST_CASE("format: nested lists and maps inside lists") {
  CHECK(Format("service s {\n  a = [[1, 2], [], { k = 1 }]\n}\n") ==
        "service s {\n  a = [[1, 2], [], { k = 1 }]\n}\n");
  CHECK(Format("service s {\n  a = [{\n  k = 1\n}, 2]\n}\n") ==
        "service s {\n  a = [\n    {\n      k = 1\n    },\n    2,\n  ]\n}\n");
}

TEST_CASE("format: own-line and trailing comments") {
  CHECK(Format("// header\n"
               "\n"
               "// about shop\n"
               "fleet shop {   // trailing after brace\n"
               "    // about namespace\n"
               "namespace = \"shop\"   // trailing   \n"
               "  ttl = 7d // the ttl\n"
               "        // before the closing brace\n"
               "}  // after the fleet\n"
               "// end of file\n") ==
        "// header\n"
        "\n"
        "// about shop\n"
        "fleet shop { // trailing after brace\n"
        "  // about namespace\n"
        "  namespace = \"shop\" // trailing\n"
        "  ttl = 7d // the ttl\n"
        "  // before the closing brace\n"
        "} // after the fleet\n"
        "// end of file\n");
}

TEST_CASE("format: a body with a comment inside is never inline") {
  CHECK(Format("service s {\n  ports { http = 8080 // web\n  }\n}\n") ==
        "service s {\n  ports {\n    http = 8080 // web\n  }\n}\n");
  CHECK(Format("service s {\n  ports {\n  // none yet\n  }\n}\n") ==
        "service s {\n  ports {\n    // none yet\n  }\n}\n");
  CHECK(Format("service s { // nothing\n}\n") == "service s { // nothing\n}\n");
}

TEST_CASE("format: comments inside lists") {
  CHECK(Format("service s {\n"
               "  args = [ // the arguments\n"
               "    \"a\", // first\n"
               "    // about b\n"
               "    \"b\"\n"
               "    // last\n"
               "  ]\n"
               "}\n") ==
        "service s {\n"
        "  args = [ // the arguments\n"
        "    \"a\", // first\n"
        "    // about b\n"
        "    \"b\",\n"
        "    // last\n"
        "  ]\n"
        "}\n");
}

TEST_CASE("format: comments between the tokens of a member move to the end of its line") {
  CHECK(Format("service s {\n  a = // one\n    1\n  b = 2\n}\n") ==
        "service s {\n  a = 1 // one\n  b = 2\n}\n");
  CHECK(Format("service s {\n  c = secret( // one\n \"a\", // two\n \"b\") // three\n}\n") ==
        "service s {\n  c = secret(\"a\", \"b\") // one\n  // two\n  // three\n}\n");
  CHECK(Format("service // one\n s {\n  a = 1\n}\n") == "service s { // one\n  a = 1\n}\n");
  CHECK(Format("import // one\n \"std/db\"\n") == "import \"std/db\" // one\n");
  CHECK(Format("service s {\n  env = // one\n  {\n    A = 1\n  }\n}\n") ==
        "service s {\n  env = { // one\n    A = 1\n  }\n}\n");
}

TEST_CASE("format: a trailing comment belongs to the last member on its line") {
  CHECK(Format("service s {\n  a = 1 b = 2 // about b\n}\n") ==
        "service s {\n  a = 1\n  b = 2 // about b\n}\n");
}

TEST_CASE("format: blank lines between members are kept, at most one, never at the ends") {
  CHECK(Format("service s {\n"
               "\n\n"
               "  a = 1\n"
               "\n\n\n"
               "  // about b\n"
               "\n"
               "  b = 2\n"
               "  c = 3\n"
               "\n"
               "  // last\n"
               "\n"
               "}\n") ==
        "service s {\n"
        "  a = 1\n"
        "\n"
        "  // about b\n"
        "\n"
        "  b = 2\n"
        "  c = 3\n"
        "\n"
        "  // last\n"
        "}\n");
}

TEST_CASE("format: one blank line between top-level declarations, none between imports") {
  CHECK(Format("import \"std/db\"\n\n\nimport \"./pay.ds\" as pay\nimport \"std/aws\"\n"
               "fleet f {\n  ttl = 1d\n}\n\n\n\nservice a {}\nservice b {}\n") ==
        "import \"std/db\"\n"
        "import \"./pay.ds\" as pay\n"
        "import \"std/aws\"\n"
        "\n"
        "fleet f {\n  ttl = 1d\n}\n"
        "\n"
        "service a {}\n"
        "\n"
        "service b {}\n");
  CHECK(Format("import \"std/db\" // databases\n// payments\nimport \"./pay.ds\"\n") ==
        "import \"std/db\" // databases\n// payments\nimport \"./pay.ds\"\n");
  // The alias is printed only when it was written, even if it equals the default.
  CHECK(Format("import \"std/db\" as db\n") == "import \"std/db\" as db\n");
}

TEST_CASE("format: comments between declarations keep their own blank lines") {
  CHECK(Format("service a {}\n// about b\n\nservice b {}\n\n\n// end\n") ==
        "service a {}\n\n// about b\n\nservice b {}\n\n// end\n");
  CHECK(Format("service a {}\n// end\n") == "service a {}\n// end\n");
  CHECK(Format("// only a comment") == "// only a comment\n");
}

TEST_CASE("format: kind declarations") {
  CHECK(Format("kind sqs: infra {\n"
               "param queue: string = self.name, param fifo: bool\n"
               "param tags: map<list<string>> = {}\n"
               "\n"
               "export url: string = \"http://localstack:4566/${queue}\"\n"
               "provision { image = \"amazon/aws-cli:2.15.0\"\n"
               "  args = [\"--endpoint-url\", \"http://localstack:4566\", \"sqs\", "
               "\"create-queue\", \"--queue-name\", queue] }\n"
               "}\n"
               "kind go: reload { export command: list<string> = [\"air\"] }\n") ==
        "kind sqs: infra {\n"
        "  param queue: string = self.name\n"
        "  param fifo: bool\n"
        "  param tags: map<list<string>> = {}\n"
        "\n"
        "  export url: string = \"http://localstack:4566/${queue}\"\n"
        "  provision {\n"
        "    image = \"amazon/aws-cli:2.15.0\"\n"
        "    args = [\n"
        "      \"--endpoint-url\",\n"
        "      \"http://localstack:4566\",\n"
        "      \"sqs\",\n"
        "      \"create-queue\",\n"
        "      \"--queue-name\",\n"
        "      queue,\n"
        "    ]\n"
        "  }\n"
        "}\n"
        "\n"
        "kind go: reload { export command: list<string> = [\"air\"] }\n");
}

TEST_CASE("format: features with forks and infra") {
  CHECK(Format("feature new-checkout {\n"
               "  label = \"checkout-v2\"   // routed on\n"
               "  ttl = 2d\n"
               "  fork api { image = \"ghcr.io/acme/api:pr-481\", replicas = 1 }\n"
               "  infra scratch: aws.sqs {}, infra other: aws.sqs\n"
               "  fork web {\n"
               "    env { FEATURE = \"true\" }\n"
               "  }\n"
               "}\n") ==
        "feature new-checkout {\n"
        "  label = \"checkout-v2\" // routed on\n"
        "  ttl = 2d\n"
        "  fork api { image = \"ghcr.io/acme/api:pr-481\", replicas = 1 }\n"
        "  infra scratch: aws.sqs {}\n"
        "  infra other: aws.sqs\n"
        "  fork web {\n"
        "    env { FEATURE = \"true\" }\n"
        "  }\n"
        "}\n");
}

TEST_CASE("format: width counts code points, not bytes") {
  // 84 two-byte characters: the line is 184 bytes but 100 columns.
  std::string text;
  for (int i = 0; i < 84; ++i) text += "é";
  std::string input = "service s {\n  x = { s = \"" + text + "\" }\n}\n";
  CHECK(Format(input) == input);
}

constexpr std::string_view kSample = R"(// shop.ds: one fleet, one database, one feature
import "std/db"
import "std/reload"
import "./payments.ds" as payments

fleet shop {
  namespace = "shop"
  domain = "shop.localtest.me"  // where routes live
  ttl = 7d
  labels { team = "checkout", "app.kubernetes.io/part-of" = "shop" }
}

// The orders database.
infra orders-db: db.postgres { database = "orders" }
infra cache: db.redis

service api {
  image = "ghcr.io/acme/api:1.4.2"
  ports { http = 8080, metrics = 9090 }
  command = ["/bin/api"]
  args = ["--listen", ":8080", "--metrics", ":9090", "--log-level", "debug", "--trace", "--db", orders-db.url]
  env {
    DATABASE_URL = orders-db.url
    // The token comes from a Secret.
    API_TOKEN = secret("api-secrets", "token")
    LEDGER = payments.ledger.url

    GREETING = "hello \"world\" \$HOME ${fleet.domain}"
  }
  resources {
    requests { cpu = 250m, memory = 64Mi }
    limits { cpu = 0.5, memory = 256Mi }
  }
  health { readiness { http = "/healthz", period = 5s } }
  route { host = "api.${fleet.domain}" }
  route { host = "api.${fleet.domain}", path = "/v2", port = 8080 }
  depends_on = [orders-db, cache]
  dev {
    sync { from = "./api", to = "/app", exclude = ["bin/", "*.test"] }
    reload = reload.go {
      build = "go build -o /tmp/api ."  // compile
      run = "/tmp/api"
    }
  }
  // nothing after dev
}

kind bucket: infra {
  param name: string = self.name
  param public: bool = false
  export url: string = "http://localstack:4566/${name}"
  provision {
    image = "amazon/aws-cli:2.15.0"
    args = [
      "--endpoint-url", "http://localstack:4566",  // LocalStack
      "s3", "mb", "s3://${name}",
    ]
  }
}

feature new-checkout {
  ttl = 2d
  fork api {
    image = "ghcr.io/acme/api:pr-481"
    env { FEATURE_NEW_CHECKOUT = "true" }
  }
  infra scratch: aws.sqs {}
}
// end of file
)";

TEST_CASE("format: a sizeable sample is idempotent and keeps every comment") {
  // Format() itself checks idempotence and that the comments survive in order.
  std::string once = Format(kSample);
  CHECK(Format(once) == once);
  CHECK(once.find("  args = [\n    \"--listen\",\n") != std::string::npos);
  CHECK(once.find("  domain = \"shop.localtest.me\" // where routes live\n") != std::string::npos);
  CHECK(once.find("      \"http://localstack:4566\", // LocalStack\n") != std::string::npos);
  CHECK(once.find("  // nothing after dev\n}\n") != std::string::npos);
  CHECK(once.back() == '\n');
  CHECK(once.substr(once.size() - 2) != "\n\n");
}

// Inserts a comment at every place where the sample has whitespace outside strings and
// comments: wherever a user may put one, the formatter must keep it, exactly once, and reach
// a fixed point in one step.
TEST_CASE("format: no comment is lost or duplicated wherever it is written") {
  std::vector<size_t> places;
  bool in_string = false;
  bool in_comment = false;
  for (size_t i = 0; i < kSample.size(); ++i) {
    char c = kSample[i];
    if (in_comment) {
      in_comment = c != '\n';
    } else if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '/' && i + 1 < kSample.size() && kSample[i + 1] == '/') {
      in_comment = true;
    } else if (c == ' ' || c == '\n') {
      places.push_back(i);
    }
  }
  REQUIRE(places.size() > 300);
  for (size_t place : places) {
    std::string text(kSample);
    text.insert(place, " // inserted\n");
    INFO("comment inserted at offset " << place);
    std::string once = Format(text);  // checks the comment count, order and idempotence
    size_t count = 0;
    for (size_t at = once.find("// inserted"); at != std::string::npos;
         at = once.find("// inserted", at + 1)) {
      ++count;
    }
    CHECK(count == 1);
    // Blank lines anywhere are kept or dropped, never a reason to move a comment.
    text = std::string(kSample);
    text.insert(place, "\n\n // inserted\n\n");
    Format(text);
  }
}

TEST_CASE("format: CRLF line ends give the same output as LF") {
  std::string crlf;
  for (char c : kSample) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  CHECK(Format(crlf) == Format(kSample));
}

TEST_CASE("format: a byte order mark is kept, and the rest is formatted as without it") {
  const std::string bom = "\xEF\xBB\xBF";
  std::string text = "// c\nfleet  shop {}\nservice  api {  image =  \"ghcr.io/a/b:1\" }\n";
  std::string expected = "// c\nfleet shop {}\n\nservice api { image = \"ghcr.io/a/b:1\" }\n";
  CHECK(Format(text) == expected);
  CHECK(Format(bom + text) == bom + expected);
  CHECK(Format(bom + "fleet shop {}") == bom + "fleet shop {}\n");
  CHECK(Format(bom) == bom);
}

}  // namespace
}  // namespace dsc
