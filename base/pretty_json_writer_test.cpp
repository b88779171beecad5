#include "base/pretty_json_writer.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <random>

#include "base/json_text.h"

namespace dsc::base {
namespace {

using json = nlohmann::ordered_json;

// Replays `value` through the writer.
void Replay(const json& value, PrettyJsonWriter& w) {
  switch (value.type()) {
    case json::value_t::object:
      w.BeginObject();
      for (const auto& [key, member] : value.items()) {
        w.Key(key);
        Replay(member, w);
      }
      w.End();
      break;
    case json::value_t::array:
      w.BeginArray();
      for (const json& element : value) Replay(element, w);
      w.End();
      break;
    case json::value_t::string:
      w.String(value.get_ref<const std::string&>());
      break;
    case json::value_t::boolean:
      w.Bool(value.get<bool>());
      break;
    case json::value_t::null:
      w.Null();
      break;
    default:
      w.Int(value.get<int64_t>());
  }
}

std::string Written(const json& value, int indent) {
  std::string out;
  PrettyJsonWriter w(out, indent);
  Replay(value, w);
  return out;
}

size_t Measured(const json& value, int indent) {
  size_t size = 0;
  PrettyJsonWriter w(&size, indent);
  Replay(value, w);
  return size;
}

// Strings a fleet may hold: plain names, and the bytes JSON must escape or replace.
std::string RandomString(std::mt19937& rng) {
  static const std::string kPieces[] = {"api",  "-",    ".",    " ",    "\"",   "\\",
                                        "\n",   "\t",   "\x01", "\x1f", "\x7f", "é",
                                        "日本", "\xff", "\xc3", "/",    ""};
  std::string out;
  int n = std::uniform_int_distribution<int>(0, 5)(rng);
  for (int i = 0; i < n; ++i) out += kPieces[rng() % std::size(kPieces)];
  return out;
}

json RandomValue(std::mt19937& rng, int depth) {
  int pick = std::uniform_int_distribution<int>(0, depth > 3 ? 3 : 6)(rng);
  switch (pick) {
    case 0:
      return RandomString(rng);
    case 1:
      return std::uniform_int_distribution<int64_t>(INT64_MIN, INT64_MAX)(rng);
    case 2:
      return rng() % 2 == 0;
    case 3:
      return nullptr;
    case 4:
    case 5: {
      json object = json::object();
      int n = std::uniform_int_distribution<int>(0, 4)(rng);
      for (int i = 0; i < n; ++i) object[RandomString(rng)] = RandomValue(rng, depth + 1);
      return object;
    }
    default: {
      json array = json::array();
      int n = std::uniform_int_distribution<int>(0, 4)(rng);
      for (int i = 0; i < n; ++i) array.push_back(RandomValue(rng, depth + 1));
      return array;
    }
  }
}

TEST_CASE("pretty json writer: the text nlohmann prints, byte for byte") {
  const json shapes[] = {
      json::object(),
      json::array(),
      json{{"a", json::object()}, {"b", json::array()}, {"c", {json::array(), json::object()}}},
      json{{"name", "api"}, {"wave", 3}, {"hook", nullptr}, {"dev", false}},
      json::array({json::array({json::array()}), json{{"x", json::array({1, 2})}}}),
      json("quote \" backslash \\ line\nend"),
      json{{"bad \xff utf-8", "tab\there \x01"}},
  };
  for (const json& shape : shapes) {
    CAPTURE(shape.dump());
    CHECK(Written(shape, 2) == JsonText(shape, 2));
  }
  CHECK(Written(json{{"k", {1, json::object()}}}, 2) == "{\n  \"k\": [\n    1,\n    {}\n  ]\n}");
}

TEST_CASE("pretty json writer: random documents match nlohmann's dump") {
  std::mt19937 rng(20261206);
  for (int i = 0; i < 2000; ++i) {
    json value = RandomValue(rng, 0);
    int indent = i % 3 == 0 ? 4 : 2;
    CAPTURE(value.dump(-1, ' ', false, json::error_handler_t::replace));
    REQUIRE(Written(value, indent) == JsonText(value, indent));
    REQUIRE(Measured(value, indent) == JsonText(value, indent).size());
  }
}

}  // namespace
}  // namespace dsc::base
