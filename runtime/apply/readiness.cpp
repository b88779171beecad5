#include "runtime/apply/readiness.h"

#include <fmt/format.h>

namespace dsc::runtime {
namespace {

using nlohmann::json;

long long Int(const json& object, const char* key, long long fallback = 0) {
  auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<long long>() : fallback;
}

bool ConditionIs(const json& live, const std::string& type, const char* status) {
  const json* c = FindCondition(live, type);
  return c && c->value("status", "") == status;
}

std::string ConditionText(const json& condition) {
  std::string reason = condition.value("reason", "");
  std::string message = condition.value("message", "");
  if (reason.empty()) return message;
  return message.empty() ? reason : reason + ": " + message;
}

ReadinessStatus DeploymentReadiness(const json& live) {
  const json& spec = live.value("spec", json::object());
  const json& status = live.value("status", json::object());
  long long generation = Int(live.value("metadata", json::object()), "generation");
  if (Int(status, "observedGeneration") < generation)
    return {Readiness::kProgressing, "waiting for the deployment controller"};
  if (const json* p = FindCondition(live, "Progressing");
      p && p->value("reason", "") == "ProgressDeadlineExceeded")
    return {Readiness::kFailed, ConditionText(*p)};
  long long want = Int(spec, "replicas", 1);
  long long updated = Int(status, "updatedReplicas");
  long long total = Int(status, "replicas");
  long long available = Int(status, "availableReplicas");
  if (updated < want)
    return {Readiness::kProgressing, fmt::format("{} of {} replicas updated", updated, want)};
  if (total > updated)
    return {Readiness::kProgressing,
            fmt::format("{} old replicas pending termination", total - updated)};
  if (available < want)
    return {Readiness::kProgressing, fmt::format("{} of {} replicas available", available, want)};
  return {Readiness::kReady, ""};
}

ReadinessStatus JobReadiness(const json& live) {
  if (ConditionIs(live, "Complete", "True")) return {Readiness::kReady, ""};
  if (const json* failed = FindCondition(live, "Failed");
      failed && failed->value("status", "") == "True")
    return {Readiness::kFailed, "job failed: " + ConditionText(*failed)};
  const json& status = live.value("status", json::object());
  const json& spec = live.value("spec", json::object());
  return {Readiness::kProgressing,
          fmt::format("{} of {} completions, {} active, {} failed", Int(status, "succeeded"),
                      Int(spec, "completions", 1), Int(status, "active"), Int(status, "failed"))};
}

ReadinessStatus CrdReadiness(const json& live) {
  if (ConditionIs(live, "Established", "True")) return {Readiness::kReady, ""};
  if (const json* names = FindCondition(live, "NamesAccepted");
      names && names->value("status", "") == "False")
    return {Readiness::kFailed, "names not accepted: " + ConditionText(*names)};
  return {Readiness::kProgressing, "waiting to be established"};
}

}  // namespace

const json* FindCondition(const json& live, const std::string& type) {
  auto status = live.find("status");
  if (status == live.end() || !status->is_object()) return nullptr;
  auto conditions = status->find("conditions");
  if (conditions == status->end() || !conditions->is_array()) return nullptr;
  for (const json& c : *conditions) {
    if (c.is_object() && c.value("type", "") == type) return &c;
  }
  return nullptr;
}

bool HasReadiness(const std::string& kind) {
  return kind == "Deployment" || kind == "Job" || kind == "CustomResourceDefinition";
}

ReadinessStatus EvaluateReadiness(const json& live) {
  std::string kind = live.value("kind", "");
  if (kind == "Deployment") return DeploymentReadiness(live);
  if (kind == "Job") return JobReadiness(live);
  if (kind == "CustomResourceDefinition") return CrdReadiness(live);
  return {Readiness::kReady, ""};
}

}  // namespace dsc::runtime
