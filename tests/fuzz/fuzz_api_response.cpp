// Fuzz target: what dsc reads from the apiserver. The input is one response body,
// given to every reader of one: an error Status (with conflict causes), dsc's
// inventory record, readiness, drift and field ownership (managedFields) of a live
// object, a Retry-After header, base64 data. A hostile or broken apiserver, or an
// edited inventory ConfigMap, must never crash dsc.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "base/base64.h"
#include "runtime/apply/cluster.h"
#include "runtime/apply/drift.h"
#include "runtime/apply/field_ownership.h"
#include "runtime/apply/inventory.h"
#include "runtime/apply/live_plan.h"
#include "runtime/apply/readiness.h"
#include "runtime/kube/api_error.h"
#include "runtime/kube/retry_policy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  dsc::kube::HttpResponse response;
  response.status = 409;
  response.body = body;
  (void)dsc::kube::DescribeFailure(response);
  (void)dsc::runtime::DescribeApplyConflict(response);
  (void)dsc::kube::ParseRetryAfter(body);
  (void)dsc::base::Base64Decode(body);

  nlohmann::json object = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (object.is_discarded()) return 0;
  dsc::runtime::Inventory inventory;
  std::string error;
  if (dsc::runtime::InventoryFromJson(object, &inventory, &error))
    (void)dsc::runtime::InventoryToJson(inventory);
  (void)dsc::runtime::InventoryFromConfigMap(object, &inventory, &error);
  (void)dsc::runtime::EvaluateReadiness(object);
  (void)dsc::runtime::CreatedByDsc(object, "shop");
  (void)dsc::runtime::HeldByCreate(object, "dsc");
  if (object.is_object() && object.contains("metadata") && object["metadata"].is_object()) {
    auto handed = dsc::runtime::HandCreateToApply(
        object["metadata"].value("managedFields", nlohmann::json()), "dsc");
    (void)handed;
  }
  // Drift of the object against itself with one field changed, and who owns it.
  nlohmann::json changed = object;
  if (changed.is_object()) changed["spec"] = 1;
  for (const auto& field : dsc::runtime::FindDriftedFields(object, changed)) {
    (void)field.Describe();
    (void)dsc::runtime::ManagersOfField(object, field.steps, "dsc");
  }
  (void)dsc::runtime::ComparableObject(object, {"v1", "ConfigMap", "ns", "name"});
  return 0;
}
