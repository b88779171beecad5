// No user value reaches a shell: hostile strings in every place a fleet can put one
// (infra parameters that become provision Job arguments, env values, exec probes, dev
// commands) must reach the emitted files only as data — a whole argv element or an env
// value — never inside the script of a `sh -c`.
#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "compiler/pipeline/build_for_test.h"
#include "runtime/apply/yaml_json.h"

namespace dsc::emit {
namespace {

using nlohmann::json;

constexpr const char* kMarker = "pwned";

// Command substitution, backticks, a quote break, a newline, a glob, a comment.
constexpr const char* kFleet = R"ds(
import "std/aws"

fleet shop {
  namespace = "shop"
  domain = "shop.localtest.me"
}

infra orders: aws.sqs {
  queue = "q$(touch /tmp/pwned)`id`'\";rm -rf /*;#"
  attributes = "VisibilityTimeout=30;touch /tmp/pwned"
}

service api {
  image = "nginx:1.25"
  ports { http = 8080 }
  env {
    EVIL = "$(touch /tmp/pwned); `touch /tmp/pwned`\n'\"pwned"
    QUEUE = orders.url
    TOKEN = secret("api-secrets", "token")
  }
  health { liveness { exec = ["cat", "/tmp/$(touch pwned)"] } }
  dev {
    sync { from = "./src", to = "/app/$(touch pwned)", exclude = ["*;touch pwned"] }
    reload = ["air", "-c", "$(touch /tmp/pwned)"]
  }
}

feature beta {
  ttl = 1d
  namespace = "shop-beta"
  fork api { image = "nginx:1.26" }
}
)ds";

bool IsShell(const std::string& program) {
  std::string base = program.substr(program.rfind('/') + 1);
  return base == "sh" || base == "bash" || base == "ash" || base == "dash" || base == "zsh";
}

// Every list of strings in `value`: argv candidates (command, args, exec).
void ForEachStringList(const json& value, const std::function<void(const json&)>& visit) {
  if (value.is_array()) {
    bool strings = !value.empty();
    for (const json& e : value) strings &= e.is_string();
    if (strings) visit(value);
  }
  if (value.is_structured())
    for (const json& child : value) ForEachStringList(child, visit);
}

TEST_CASE("hostile values reach emitted files as data, never as shell script") {
  OutputTree tree = BuildForTest(kFleet);

  int shells = 0, marked_files = 0;
  for (const auto& [path, text] : tree) {
    if (path.size() < 5 || path.substr(path.size() - 5) != ".yaml") continue;
    std::vector<json> docs;
    std::string error;
    REQUIRE_MESSAGE(runtime::YamlDocumentsToJson(text, &docs, &error), path << ": " << error);
    if (text.find(kMarker) != std::string::npos) ++marked_files;
    for (const json& doc : docs) {
      // Container command + args together, as the runtime joins them.
      ForEachStringList(doc, [&](const json& argv) {
        // `sh -c SCRIPT` (or -ec, -euc), the shell given by name or path.
        for (size_t i = 0; i + 2 < argv.size(); ++i) {
          std::string flag = argv[i + 1].get<std::string>();
          if (!IsShell(argv[i].get<std::string>()) || flag.empty() || flag[0] != '-' ||
              flag.back() != 'c')
            continue;
          ++shells;
          INFO(path << ": shell script " << argv[i + 2].dump());
          CHECK(argv[i + 2].get<std::string>().find(kMarker) == std::string::npos);
        }
      });
    }
  }
  // The check can fail: the hostile values are in the output (as data), and the secret
  // cloner's `sh -c` script is among the scripts checked.
  CHECK(marked_files >= 3);
  CHECK(shells >= 1);
}

}  // namespace
}  // namespace dsc::emit
