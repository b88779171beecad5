#include "compiler/emit/yaml_writer.h"

#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <random>

#include "base/sha256.h"
#include "compiler/emit/plan.h"

namespace dsc::emit {
namespace {

// What a YAML loader reads back for the string value of `doc["v"]`.
std::string RoundTrip(const std::string& value) {
  Json doc = Json::object();
  doc["v"] = value;
  YAML::Node node = YAML::Load(ToYaml(doc));
  REQUIRE(node["v"].IsScalar());
  // yaml-cpp keeps the tag: a plain scalar is "?", a quoted one "!".
  return node["v"].as<std::string>();
}

TEST_CASE("strings that YAML 1.1 would retype are quoted") {
  for (const char* word : {"no", "No", "NO", "yes", "on", "Off", "y", "n", "true", "False", "null",
                           "~", "0755", "1e3", "1:30", "-1", ".5", "0x1F", ".inf"}) {
    INFO(word);
    CHECK_FALSE(IsSafePlainScalar(word));
    CHECK(ToYaml(Json{{"v", word}}) == std::string("v: \"") + word + "\"\n");
  }
  for (const char* word : {"nginx", "web-1", "/healthz", "x-devstack-label", "a.b_c"}) {
    INFO(word);
    CHECK(IsSafePlainScalar(word));
  }
}

TEST_CASE("leading indicators, comments and mapping separators are quoted") {
  for (const char* text :
       {"- item", "key: value", "a #comment", "&anchor", "*alias", "!tag", "%directive", "@scoped",
        "`cmd`", "[list]", "{map}", "|", ">", "'", "\"", "", " leading space", "trailing space "}) {
    INFO(text);
    CHECK_FALSE(IsSafePlainScalar(text));
    CHECK(RoundTrip(text) == text);
  }
}

TEST_CASE("escapes: quotes, backslashes, control characters and UTF-8") {
  CHECK(QuoteYaml("say \"hi\"") == "\"say \\\"hi\\\"\"");
  CHECK(QuoteYaml("a\\b") == "\"a\\\\b\"");
  CHECK(QuoteYaml("l1\nl2") == "\"l1\\nl2\"");
  CHECK(QuoteYaml(std::string("\x01", 1)) == "\"\\x01\"");
  CHECK(RoundTrip("grüße 世界") == "grüße 世界");
  CHECK(RoundTrip("tab\there\r\n") == "tab\there\r\n");
  // Code points that YAML rejects or folds are escaped: C1 controls, NEL,
  // line/paragraph separators, the byte order mark.
  CHECK(QuoteYaml("a\xc2\x85"
                  "b") == "\"a\\u0085b\"");
  CHECK(QuoteYaml("\xc2\x90") == "\"\\u0090\"");
  CHECK(QuoteYaml("x\xe2\x80\xa8y\xe2\x80\xa9") == "\"x\\u2028y\\u2029\"");
  CHECK(QuoteYaml("\xef\xbb\xbfz") == "\"\\uFEFFz\"");
  for (const char* s : {"a\xc2\x85"
                        "b",
                        "\xe2\x80\xa8", "\xef\xbb\xbf!", "\xc2\xa0nbsp"}) {
    CHECK(RoundTrip(s) == s);
  }
}

TEST_CASE("random strings survive emit + parse unchanged") {
  // Printable ASCII, the characters YAML treats specially, and some UTF-8.
  const std::vector<std::string> alphabet = {
      "a", "Z", "0", "9", " ",  "-",    ":",  "#",  "'",    "\"",   "\\", "{",  "}",  "[",
      "]", ",", "&", "*", "!",  "|",    ">",  "%",  "@",    "`",    "?",  "\n", "\t", "~",
      ".", "=", "/", "é", "世", "\x7f", "no", "on", "true", "null", "0x", "1e"};
  std::mt19937 rng(20261127);  // fixed seed: failures reproduce
  for (int i = 0; i < 5000; ++i) {
    std::string s;
    int len = static_cast<int>(rng() % 12);
    for (int j = 0; j < len; ++j) s += alphabet[rng() % alphabet.size()];
    INFO("string: " << QuoteYaml(s));
    CHECK(RoundTrip(s) == s);
  }
}

TEST_CASE("nested documents print in block style with stable key order") {
  Json doc = Json::object();
  doc["b"] = 1;
  doc["a"] = Json::array({Json{{"name", "x"}, {"port", 80}}, "plain", Json::array()});
  doc["empty"] = Json::object();
  doc["flag"] = false;
  CHECK(ToYaml(doc) ==
        "b: 1\n"
        "a:\n"
        "  - name: x\n"
        "    port: 80\n"
        "  - plain\n"
        "  - []\n"
        "empty: {}\n"
        "flag: false\n");
}

TEST_CASE("Helm escaping turns every {{ into a template that prints it") {
  CHECK(EscapeHelmTemplate("a: \"{{ x }}\"") == "a: \"{{ \"{{\" }} x }}\"");
  CHECK(EscapeHelmTemplate("{{{") == "{{ \"{{\" }}{");
  CHECK(EscapeHelmTemplate("}} {") == "}} {");
}

TEST_CASE("SHA-256 test vectors (FIPS 180-4 examples)") {
  CHECK(base::Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(base::Sha256Hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(base::Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(base::Sha256Hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("Job names stay within the 63-character label limit, stable and distinct") {
  CHECK(BoundedName("orders", "-provision") == "orders-provision");
  std::string long_a(60, 'a');
  std::string long_b = std::string(59, 'a') + "b";
  std::string a = BoundedName(long_a, "-provision");
  std::string b = BoundedName(long_b, "-provision");
  CHECK(a.size() == 63);
  CHECK(b.size() == 63);
  CHECK(a != b);  // the hash covers the whole name, not only the kept head
  CHECK(a.ends_with("-provision"));
  CHECK(a == BoundedName(long_a, "-provision"));  // deterministic
  // A cut that lands on a dash does not leave `--`.
  CHECK(BoundedName(std::string(43, 'x') + "-" + std::string(30, 'y'), "-provision").find("--") ==
        std::string::npos);
}

TEST_CASE("kube-janitor TTLs use one integer and the largest exact unit") {
  CHECK(FormatJanitorTtl(7 * 24 * 3600 * 1000LL) == "1w");
  CHECK(FormatJanitorTtl(2 * 24 * 3600 * 1000LL) == "2d");
  CHECK(FormatJanitorTtl(36 * 3600 * 1000LL) == "36h");
  CHECK(FormatJanitorTtl(90 * 60 * 1000LL) == "90m");
  CHECK(FormatJanitorTtl(61 * 1000LL) == "61s");
  CHECK(FormatJanitorTtl(1500) == "2s");  // rounded up, never shorter than asked
}

}  // namespace
}  // namespace dsc::emit
