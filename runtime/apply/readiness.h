// Is a live object ready? Pure functions of the object's JSON, by kind:
// Deployment available (observed, updated, available, no old replicas), Job
// complete, CRD established; other kinds are ready once they exist.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace dsc::runtime {

enum class Readiness { kReady, kProgressing, kFailed };

struct ReadinessStatus {
  Readiness state = Readiness::kProgressing;
  std::string reason;  // why not ready (or why failed), in words; empty when ready
};

ReadinessStatus EvaluateReadiness(const nlohmann::json& live);

// The condition of `type` in status.conditions, or nullptr.
const nlohmann::json* FindCondition(const nlohmann::json& live, const std::string& type);

// Does the kind have a readiness notion worth waiting for?
bool HasReadiness(const std::string& kind);

}  // namespace dsc::runtime
