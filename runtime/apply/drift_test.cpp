#include "runtime/apply/drift.h"

#include <doctest/doctest.h>

namespace dsc::runtime {
namespace {

using nlohmann::json;

TEST_CASE("drift: only fields dsc applied count, quantities by text") {
  json applied = {{"spec",
                   {{"replicas", 2},
                    {"template",
                     {{"spec",
                       {{"containers",
                         {{{"name", "api"},
                           {"image", "api:1"},
                           {"resources", {{"limits", {{"cpu", 1}}}}}}}}}}}}}}};
  json live = applied;
  live["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["cpu"] = "1";
  live["spec"]["progressDeadlineSeconds"] = 600;  // a default: not drift
  live["status"] = {{"replicas", 2}};
  CHECK(FindDrift(applied, live).empty());
  live["spec"]["replicas"] = 5;
  live["spec"]["template"]["spec"]["containers"][0]["image"] = "api:hotfix";
  auto drift = FindDrift(applied, live);
  REQUIRE(drift.size() == 2);
  CHECK(drift[0] == "spec.replicas: 2 -> 5");
  CHECK(drift[1] ==
        "spec.template.spec.containers[name=\"api\"].image: \"api:1\" -> \"api:hotfix\"");
  live.erase("spec");
  CHECK(FindDrift(applied, live) ==
        std::vector<std::string>{"spec: " + applied["spec"].dump().substr(0, 57) +
                                 "... -> (removed)"});
}

TEST_CASE("drift: named list elements by name, other lists by position") {
  json env = json::array({{{"name", "A"}, {"value", "1"}},
                          {{"name", "FOO"}, {"value", "2"}},
                          {{"name", "B"}, {"value", "3"}}});
  json applied = {{"env", env}, {"args", {"--port", "8080"}}};
  json live = applied;
  // Someone removed FOO (the middle one) and changed B: by name, A is untouched.
  live["env"] = json::array({env[0], {{"name", "B"}, {"value", "4"}}});
  live["args"][1] = "9090";
  auto drift = FindDriftedFields(applied, live);
  REQUIRE(drift.size() == 3);
  CHECK(drift[0].Path() == "args[1]");
  CHECK(drift[0].steps == std::vector<json>{"args", 1});
  CHECK(drift[1].Describe() ==
        "env[name=\"FOO\"]: {\"name\":\"FOO\",\"value\":\"2\"} -> (removed)");
  CHECK_FALSE(drift[1].live.has_value());
  CHECK(drift[2].Path() == "env[name=\"B\"].value");
  CHECK(drift[2].steps == std::vector<json>{"env", json{{"name", "B"}}, "value"});
  CHECK(*drift[2].live == "4");
  // Reordered by someone else: not drift.
  live["env"] = json::array({env[2], env[1], env[0]});
  live["args"][1] = "8080";
  CHECK(FindDriftedFields(applied, live).empty());
  // A list cut short by position.
  live["args"] = json::array({"--port"});
  CHECK(FindDrift(applied, live) ==
        std::vector<std::string>{"args: [\"--port\",\"8080\"] -> [\"--port\"]"});
}

TEST_CASE("drift: keys with dots stay one step") {
  json applied = {{"metadata", {{"labels", {{"app.kubernetes.io/name", "api"}}}}}};
  json live = {{"metadata", {{"labels", json::object()}}}};
  auto drift = FindDriftedFields(applied, live);
  REQUIRE(drift.size() == 1);
  CHECK(drift[0].steps == std::vector<json>{"metadata", "labels", "app.kubernetes.io/name"});
  CHECK(drift[0].Path() == "metadata.labels.app.kubernetes.io/name");
}

}  // namespace
}  // namespace dsc::runtime
