#include "runtime/apply/readiness.h"

#include <fmt/format.h>

#include "base/json_fields.h"

namespace dsc::runtime {
namespace {

using base::Member;
using nlohmann::json;

bool ConditionIs(const json& live, const std::string& type, const char* status) {
  const json* c = FindCondition(live, type);
  return c && base::StringMember(*c, "status") == status;
}

std::string ConditionText(const json& condition) {
  std::string reason = base::StringMember(condition, "reason");
  std::string message = base::StringMember(condition, "message");
  if (reason.empty()) return message;
  return message.empty() ? reason : reason + ": " + message;
}

ReadinessStatus DeploymentReadiness(const json& live) {
  const json& spec = Member(live, "spec");
  const json& status = Member(live, "status");
  long long generation = base::IntMember(Member(live, "metadata"), "generation");
  if (base::IntMember(status, "observedGeneration") < generation)
    return {Readiness::kProgressing, "waiting for the deployment controller"};
  if (const json* p = FindCondition(live, "Progressing");
      p && base::StringMember(*p, "reason") == "ProgressDeadlineExceeded")
    return {Readiness::kFailed, ConditionText(*p)};
  long long want = base::IntMember(spec, "replicas", 1);
  long long updated = base::IntMember(status, "updatedReplicas");
  long long total = base::IntMember(status, "replicas");
  long long available = base::IntMember(status, "availableReplicas");
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
      failed && base::StringMember(*failed, "status") == "True")
    return {Readiness::kFailed, "job failed: " + ConditionText(*failed)};
  const json& status = Member(live, "status");
  const json& spec = Member(live, "spec");
  return {Readiness::kProgressing,
          fmt::format("{} of {} completions, {} active, {} failed",
                      base::IntMember(status, "succeeded"), base::IntMember(spec, "completions", 1),
                      base::IntMember(status, "active"), base::IntMember(status, "failed"))};
}

ReadinessStatus CrdReadiness(const json& live) {
  if (ConditionIs(live, "Established", "True")) return {Readiness::kReady, ""};
  if (const json* names = FindCondition(live, "NamesAccepted");
      names && base::StringMember(*names, "status") == "False")
    return {Readiness::kFailed, "names not accepted: " + ConditionText(*names)};
  return {Readiness::kProgressing, "waiting to be established"};
}

}  // namespace

const json* FindCondition(const json& live, const std::string& type) {
  for (const json& c : base::ArrayMember(Member(live, "status"), "conditions")) {
    if (c.is_object() && base::StringMember(c, "type") == type) return &c;
  }
  return nullptr;
}

bool HasReadiness(const std::string& kind) {
  return kind == "Deployment" || kind == "Job" || kind == "CustomResourceDefinition";
}

ReadinessStatus EvaluateReadiness(const json& live) {
  std::string kind = base::StringMember(live, "kind");
  if (kind == "Deployment") return DeploymentReadiness(live);
  if (kind == "Job") return JobReadiness(live);
  if (kind == "CustomResourceDefinition") return CrdReadiness(live);
  return {Readiness::kReady, ""};
}

}  // namespace dsc::runtime
