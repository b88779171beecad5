// Blueprints and a recording Reporter for unit tests of apply, destroy and prune on the
// fake cluster: a fleet written in a few lines, its objects shaped as dsc's build emits
// them (dsc's labels, the namespace filled in, content hashes).
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "runtime/apply/blueprint.h"
#include "runtime/apply/reporter.h"

namespace dsc::runtime::testing {

// A Deployment (`image` makes a change), a ConfigMap, a Job of fleet `fleet`.
Object DeploymentObject(const std::string& fleet, const std::string& ns, const std::string& name,
                        const std::string& image = "api:1");
Object ConfigMapObject(const std::string& fleet, const std::string& ns, const std::string& name,
                       const std::string& value = "1");
// A hook Job: `events` as Helm names them, `policies` its delete policies.
Object HookJob(const std::string& fleet, const std::string& ns, const std::string& name,
               std::vector<std::string> events, std::vector<std::string> policies = {},
               int weight = 0);

// A fleet `shop` in namespace `shop`, built up a release at a time.
class TestFleet {
 public:
  explicit TestFleet(std::string fleet = "shop");

  // A release of a Deployment of its own name, in `wave`, needing `needs` (release
  // names in the fleet's namespace). The reference is good until the next AddRelease.
  Release& AddRelease(const std::string& name, int wave = 0, std::vector<std::string> needs = {});
  Release& Find(const std::string& name);
  // The blueprint as LoadBlueprint makes it: releases by wave, objects in install order,
  // each release's hash from its objects' (as the build hashes its chart).
  const Blueprint& Get();
  const std::string& ns() const { return blueprint_.fleet_namespace; }
  const std::string& fleet() const { return blueprint_.fleet; }

 private:
  Blueprint blueprint_;
};

// Records what a run reports; `on_release` (if set) runs on each release event.
class RecordingReporter : public Reporter {
 public:
  void Release(const ReleaseEvent& event) override;
  void Message(const std::string& level, const std::string& text) override;
  void Finish(const std::string&) override {}

  // The last event of a release ("shop/api").
  ReleaseEvent Last(const std::string& release) const;
  // Every message, as "level: text".
  std::vector<std::string> Messages() const;

  std::function<void(const ReleaseEvent&)> on_release;

 private:
  mutable std::mutex mu_;
  std::vector<ReleaseEvent> events_;
  std::vector<std::string> messages_;
};

}  // namespace dsc::runtime::testing
