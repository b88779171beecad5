#include "runtime/apply/readiness.h"

#include <doctest/doctest.h>

namespace dsc::runtime {
namespace {

using nlohmann::json;

json Deployment(int generation, json status, int replicas = 2) {
  return {{"kind", "Deployment"},
          {"metadata", {{"generation", generation}}},
          {"spec", {{"replicas", replicas}}},
          {"status", status}};
}

TEST_CASE("readiness: a Deployment is ready once observed, updated and available") {
  struct Case {
    json live;
    Readiness want;
    const char* reason;
  };
  Case cases[] = {
      {Deployment(2, {{"observedGeneration", 1}}), Readiness::kProgressing,
       "waiting for the deployment controller"},
      {Deployment(2, {{"observedGeneration", 2}, {"replicas", 2}, {"updatedReplicas", 1}}),
       Readiness::kProgressing, "1 of 2 replicas updated"},
      {Deployment(2, {{"observedGeneration", 2}, {"replicas", 3}, {"updatedReplicas", 2}}),
       Readiness::kProgressing, "1 old replicas pending termination"},
      {Deployment(2, {{"observedGeneration", 2},
                      {"replicas", 2},
                      {"updatedReplicas", 2},
                      {"availableReplicas", 1}}),
       Readiness::kProgressing, "1 of 2 replicas available"},
      {Deployment(2, {{"observedGeneration", 2},
                      {"replicas", 2},
                      {"updatedReplicas", 2},
                      {"availableReplicas", 2}}),
       Readiness::kReady, ""},
      {Deployment(2, {{"observedGeneration", 2},
                      {"conditions",
                       {{{"type", "Progressing"},
                         {"status", "False"},
                         {"reason", "ProgressDeadlineExceeded"},
                         {"message", "ReplicaSet \"api-1\" has timed out progressing."}}}}}),
       Readiness::kFailed,
       "ProgressDeadlineExceeded: ReplicaSet \"api-1\" has timed out progressing."},
  };
  for (const Case& c : cases) {
    ReadinessStatus got = EvaluateReadiness(c.live);
    CHECK(got.state == c.want);
    CHECK(got.reason == c.reason);
  }
}

TEST_CASE("readiness: a Deployment with no replicas field wants one") {
  json live = {{"kind", "Deployment"},
               {"metadata", {{"generation", 1}}},
               {"spec", json::object()},
               {"status", {{"observedGeneration", 1}, {"updatedReplicas", 1}, {"replicas", 1}}}};
  CHECK(EvaluateReadiness(live).reason == "0 of 1 replicas available");
  live["status"]["availableReplicas"] = 1;
  CHECK(EvaluateReadiness(live).state == Readiness::kReady);
}

TEST_CASE("readiness: Jobs complete or fail with the controller's reason") {
  json job = {{"kind", "Job"}, {"spec", {{"completions", 1}}}, {"status", {{"active", 1}}}};
  CHECK(EvaluateReadiness(job).reason == "0 of 1 completions, 1 active, 0 failed");
  job["status"]["conditions"] = {{{"type", "Failed"},
                                  {"status", "True"},
                                  {"reason", "BackoffLimitExceeded"},
                                  {"message", "Job has reached the specified backoff limit"}}};
  ReadinessStatus failed = EvaluateReadiness(job);
  CHECK(failed.state == Readiness::kFailed);
  CHECK(failed.reason ==
        "job failed: BackoffLimitExceeded: Job has reached the specified backoff limit");
  job["status"]["conditions"] = {{{"type", "Complete"}, {"status", "True"}}};
  CHECK(EvaluateReadiness(job).state == Readiness::kReady);
}

TEST_CASE("readiness: CRDs wait for Established; other kinds are ready when they exist") {
  json crd = {{"kind", "CustomResourceDefinition"}, {"status", json::object()}};
  CHECK(EvaluateReadiness(crd).state == Readiness::kProgressing);
  crd["status"]["conditions"] = {{{"type", "Established"}, {"status", "True"}}};
  CHECK(EvaluateReadiness(crd).state == Readiness::kReady);
  CHECK(EvaluateReadiness({{"kind", "Service"}}).state == Readiness::kReady);
  CHECK(HasReadiness("Job"));
  CHECK_FALSE(HasReadiness("ConfigMap"));
}

}  // namespace
}  // namespace dsc::runtime
