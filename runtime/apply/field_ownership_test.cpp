#include "runtime/apply/field_ownership.h"

#include <doctest/doctest.h>

namespace dsc::runtime {
namespace {

using nlohmann::json;

json Entry(const char* manager, const char* operation, json fields,
           const char* api_version = "apps/v1", const char* subresource = "") {
  json e = {{"manager", manager},
            {"operation", operation},
            {"apiVersion", api_version},
            {"fieldsType", "FieldsV1"},
            {"fieldsV1", std::move(fields)}};
  if (*subresource) e["subresource"] = subresource;
  return e;
}

TEST_CASE("field ownership: a create's entry is found, a status update's is not") {
  json created = {{"metadata", {{"managedFields", {Entry("dsc", "Update", json::object())}}}}};
  CHECK(HeldByCreate(created, "dsc"));
  CHECK_FALSE(HeldByCreate(created, "kubectl"));
  json applied = {{"metadata", {{"managedFields", {Entry("dsc", "Apply", json::object())}}}}};
  CHECK_FALSE(HeldByCreate(applied, "dsc"));
  json status = {
      {"metadata",
       {{"managedFields", {Entry("dsc", "Update", json::object(), "apps/v1", "status")}}}}};
  CHECK_FALSE(HeldByCreate(status, "dsc"));
  CHECK_FALSE(HeldByCreate(json::object(), "dsc"));
  CHECK_FALSE(HeldByCreate(json{{"metadata", {{"managedFields", "junk"}}}}, "dsc"));
}

TEST_CASE("field ownership: the create's fields become dsc's apply entry; others stay") {
  json spec = {{"f:spec", {{"f:replicas", json::object()}}}};
  json controller = Entry("kube-controller-manager", "Update",
                          {{"f:status", {{"f:replicas", json::object()}}}}, "apps/v1", "status");
  json intruder = Entry("kubectl", "Update", {{"f:metadata", {{"f:labels", json::object()}}}});
  auto handed =
      HandCreateToApply(json::array({Entry("dsc", "Update", spec), controller, intruder}), "dsc");
  REQUIRE(handed);
  REQUIRE(handed->size() == 3);
  CHECK((*handed)[0] == controller);
  CHECK((*handed)[1] == intruder);
  CHECK((*handed)[2]["manager"] == "dsc");
  CHECK((*handed)[2]["operation"] == "Apply");
  CHECK((*handed)[2]["fieldsV1"] == spec);
}

TEST_CASE("field ownership: merged into an existing apply entry of the same version") {
  json a = {{"f:spec", {{"f:replicas", json::object()}}}};
  json b = {{"f:spec", {{"f:template", {{"f:image", json::object()}}}}}};
  auto handed =
      HandCreateToApply(json::array({Entry("dsc", "Apply", a), Entry("dsc", "Update", b)}), "dsc");
  REQUIRE(handed);
  REQUIRE(handed->size() == 1);
  CHECK((*handed)[0]["operation"] == "Apply");
  CHECK((*handed)[0]["fieldsV1"] ==
        json{{"f:spec",
              {{"f:replicas", json::object()}, {"f:template", {{"f:image", json::object()}}}}}});
  // An apply entry of another apiVersion is left alone: the create's becomes its own.
  auto other = HandCreateToApply(
      json::array({Entry("dsc", "Apply", a, "apps/v1beta1"), Entry("dsc", "Update", b)}), "dsc");
  REQUIRE(other);
  CHECK(other->size() == 2);
}

TEST_CASE("field ownership: nothing to hand over") {
  CHECK_FALSE(HandCreateToApply(json::array(), "dsc"));
  CHECK_FALSE(HandCreateToApply(json::array({Entry("dsc", "Apply", json::object())}), "dsc"));
  CHECK_FALSE(HandCreateToApply(json::object(), "dsc"));
}

TEST_CASE("field ownership: the managers of a field, through keyed list elements") {
  json container = json::parse(R"({"k:{\"name\":\"api\"}": {"f:image": {}, "f:name": {}}})");
  json dsc_fields = {{"f:spec",
                      {{"f:replicas", json::object()},
                       {"f:template", {{"f:spec", {{"f:containers", container}}}}}}}};
  json set_image = json::parse(
      R"({"f:spec": {"f:template": {"f:spec": {"f:containers":
          {"k:{\"name\":\"api\"}": {"f:image": {}}}}}}})");
  json managed =
      json::array({Entry("dsc", "Apply", dsc_fields),
                   Entry("kubectl", "Update", {{"f:spec", {{"f:replicas", json::object()}}}}),
                   Entry("kubectl-set", "Update", set_image),
                   Entry("kube-controller-manager", "Update",
                         {{"f:status", {{"f:replicas", json::object()}}}})});
  json object = {{"metadata", {{"managedFields", managed}}}};
  using Steps = std::vector<json>;
  CHECK(ManagersOfField(object, Steps{"spec", "replicas"}, "dsc") ==
        std::vector<std::string>{"kubectl"});
  CHECK(ManagersOfField(object, Steps{"spec", "replicas"}, "") ==
        std::vector<std::string>{"dsc", "kubectl"});
  Steps image{"spec", "template", "spec", "containers", 0, "image"};
  CHECK(ManagersOfField(object, image, "dsc") == std::vector<std::string>{"kubectl-set"});
  Steps named{"spec", "template", "spec", "containers", json{{"name", "api"}}, "image"};
  CHECK(ManagersOfField(object, named, "dsc") == std::vector<std::string>{"kubectl-set"});
  named[4] = json{{"name", "sidecar"}};
  CHECK(ManagersOfField(object, named, "").empty());
  // A field nobody owns (removed), or a path through a value that is not a list element.
  CHECK(ManagersOfField(object, Steps{"spec", "paused"}, "").empty());
  CHECK(ManagersOfField(object, Steps{"spec", "template", "spec", "containers", "image"}, "")
            .empty());
  CHECK(ManagersOfField(json::array(), Steps{"spec"}, "").empty());
}

}  // namespace
}  // namespace dsc::runtime
