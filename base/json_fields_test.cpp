#include "base/json_fields.h"

#include <doctest/doctest.h>

namespace dsc::base {
namespace {

using nlohmann::json;

// Shapes an apiserver, a plugin or a hand-edited ConfigMap may send instead of an object.
const json kNotObjects[] = {json(120), json("text"), json(nullptr), json::array({1, 2}),
                            json(true)};

TEST_CASE("json fields: a value that is not an object has no members") {
  for (const json& value : kNotObjects) {
    CAPTURE(value.dump());
    CHECK(Member(value, "kind").is_null());
    CHECK(ArrayMember(value, "items") == json::array());
    CHECK(StringMember(value, "kind") == "");
    CHECK(StringMember(value, "kind", "x") == "x");
    CHECK(IntMember(value, "code", 7) == 7);
    CHECK(BoolMember(value, "namespaced", true));
    CHECK(MetadataString(value, "uid") == "");
  }
}

TEST_CASE("json fields: an absent key reads as the fallback") {
  json object = {{"other", 1}};
  CHECK(Member(object, "kind").is_null());
  CHECK(ArrayMember(object, "items").empty());
  CHECK(StringMember(object, "kind") == "");
  CHECK(StringMember(object, "phase", "Unknown") == "Unknown");
  CHECK(IntMember(object, "replicas", 1) == 1);
  CHECK(!BoolMember(object, "namespaced"));
  CHECK(MetadataString(object, "uid") == "");
  CHECK(MetadataString({{"metadata", {{"name", "web"}}}}, "uid") == "");
}

TEST_CASE("json fields: a member of another type reads as the fallback") {
  json object = {{"kind", 5},           {"code", "410"},       {"replicas", 1.5},
                 {"namespaced", "yes"}, {"items", {{"a", 1}}}, {"metadata", 3}};
  CHECK(Member(object, "kind") == 5);
  CHECK(StringMember(object, "kind", "none") == "none");
  CHECK(IntMember(object, "code") == 0);
  CHECK(IntMember(object, "replicas", 1) == 1);
  CHECK(BoolMember(object, "namespaced", true));
  CHECK(ArrayMember(object, "items").empty());
  CHECK(MetadataString(object, "uid") == "");
  CHECK(MetadataString({{"metadata", {{"uid", json::array()}}}}, "uid") == "");
}

TEST_CASE("json fields: a member of the right type is read") {
  json object = {{"kind", "Status"},
                 {"code", 410},
                 {"big", 5000000000LL},
                 {"negative", -3},
                 {"namespaced", false},
                 {"items", {1, 2}},
                 {"metadata", {{"uid", "0b5e"}, {"name", "web"}}}};
  CHECK(&Member(object, "kind") == &object["kind"]);
  CHECK(StringMember(object, "kind") == "Status");
  CHECK(IntMember(object, "code") == 410);
  CHECK(IntMember(object, "big") == 5000000000LL);
  CHECK(IntMember(object, "negative", 9) == -3);
  // Past long long's range: the fallback, not a wrapped negative.
  CHECK(IntMember(json::parse("{\"u\": 18446744073709551615}"), "u", 9) == 9);
  CHECK(!BoolMember(object, "namespaced", true));
  CHECK(ArrayMember(object, "items") == json::array({1, 2}));
  CHECK(MetadataString(object, "uid") == "0b5e");
  CHECK(MetadataString(object, "name") == "web");
}

TEST_CASE("json fields: reads chain through absent members") {
  json object = {{"status", {{"conditions", {{{"type", "Ready"}}}}}}};
  CHECK(StringMember(ArrayMember(Member(object, "status"), "conditions")[0], "type") == "Ready");
  CHECK(StringMember(Member(Member(object, "spec"), "selector"), "name") == "");
  CHECK(ArrayMember(Member(object, "spec"), "containers").empty());
}

// Found by fuzz_api_response (regressions/fuzz_api_response/inventory-format-beyond-int.json):
// an inventory's `"format": 1111…1` (a float to nlohmann) read with value<int>() was
// undefined behaviour.
TEST_CASE("json fields: an int member is an integer that fits, or the fallback") {
  json object = json::parse(R"({"one": 1, "float": 1.0, "huge": 1e110, "big": 5000000000,
                                "unsigned": 18446744073709551615, "min": -2147483648,
                                "text": "1"})");
  CHECK(IntMemberAsInt(object, "one") == 1);
  CHECK(IntMemberAsInt(object, "min") == -2147483648LL);
  for (const char* key : {"float", "huge", "big", "unsigned", "text", "absent"})
    CHECK_MESSAGE(IntMemberAsInt(object, key, -7) == -7, key);
}

}  // namespace
}  // namespace dsc::base
