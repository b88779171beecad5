#include "runtime/apply/testing/test_fleet.h"

#include <algorithm>
#include <stdexcept>

namespace dsc::runtime::testing {
namespace {

using nlohmann::json;

json Metadata(const std::string& fleet, const std::string& ns, const std::string& name) {
  return {{"name", name},
          {"namespace", ns},
          {"labels", {{"app.kubernetes.io/managed-by", "dsc"}, {"devstack.io/fleet", fleet}}}};
}

Object Make(ObjectRef ref, json manifest, int install_rank) {
  Object o;
  o.ref = std::move(ref);
  o.manifest = std::move(manifest);
  o.hash = ContentHash(o.manifest);
  o.install_rank = install_rank;
  return o;
}

}  // namespace

Object DeploymentObject(const std::string& fleet, const std::string& ns, const std::string& name,
                        const std::string& image) {
  json pod = {{"metadata", {{"labels", {{"app", name}}}}},
              {"spec", {{"containers", {{{"name", name}, {"image", image}}}}}}};
  json manifest = {
      {"apiVersion", "apps/v1"},
      {"kind", "Deployment"},
      {"metadata", Metadata(fleet, ns, name)},
      {"spec",
       {{"replicas", 1}, {"selector", {{"matchLabels", {{"app", name}}}}}, {"template", pod}}}};
  return Make({"apps/v1", "Deployment", ns, name}, std::move(manifest), 20);
}

Object ConfigMapObject(const std::string& fleet, const std::string& ns, const std::string& name,
                       const std::string& value) {
  json manifest = {{"apiVersion", "v1"},
                   {"kind", "ConfigMap"},
                   {"metadata", Metadata(fleet, ns, name)},
                   {"data", {{"value", value}}}};
  return Make({"v1", "ConfigMap", ns, name}, std::move(manifest), 5);
}

Object HookJob(const std::string& fleet, const std::string& ns, const std::string& name,
               std::vector<std::string> events, std::vector<std::string> policies, int weight) {
  json manifest = {{"apiVersion", "batch/v1"},
                   {"kind", "Job"},
                   {"metadata", Metadata(fleet, ns, name)},
                   {"spec",
                    {{"template",
                      {{"spec",
                        {{"restartPolicy", "Never"},
                         {"containers", {{{"name", name}, {"image", "aws-cli:2"}}}}}}}}}}};
  Object o = Make({"batch/v1", "Job", ns, name}, std::move(manifest), 30);
  o.hook = Hook{std::move(events), weight, std::move(policies)};
  return o;
}

TestFleet::TestFleet(std::string fleet) {
  blueprint_.fleet = fleet;
  blueprint_.fleet_namespace = fleet;
  blueprint_.namespaces = {fleet};
}

Release& TestFleet::AddRelease(const std::string& name, int wave, std::vector<std::string> needs) {
  Release r;
  r.name = name;
  r.ns = blueprint_.fleet_namespace;
  r.wave = wave;
  for (const std::string& need : needs) r.needs.push_back(r.ns + "/" + need);
  r.objects.push_back(DeploymentObject(blueprint_.fleet, r.ns, name));
  blueprint_.releases.push_back(std::move(r));
  return blueprint_.releases.back();
}

Release& TestFleet::Find(const std::string& name) {
  for (Release& r : blueprint_.releases)
    if (r.name == name) return r;
  throw std::out_of_range("no release " + name);
}

const Blueprint& TestFleet::Get() {
  std::stable_sort(blueprint_.releases.begin(), blueprint_.releases.end(),
                   [](const Release& a, const Release& b) { return a.wave < b.wave; });
  for (Release& r : blueprint_.releases) {
    std::stable_sort(r.objects.begin(), r.objects.end(), [](const Object& a, const Object& b) {
      return a.install_rank < b.install_rank;
    });
    std::string all;
    for (const auto* list : {&r.objects, &r.hooks})
      for (const Object& o : *list) all += o.hash;
    r.hash = ContentHash(json(all));
  }
  return blueprint_;
}

void RecordingReporter::Release(const ReleaseEvent& event) {
  {
    std::lock_guard lock(mu_);
    events_.push_back(event);
  }
  if (on_release) on_release(event);
}

void RecordingReporter::Message(const std::string& level, const std::string& text) {
  std::lock_guard lock(mu_);
  messages_.push_back(level + ": " + text);
}

ReleaseEvent RecordingReporter::Last(const std::string& release) const {
  std::lock_guard lock(mu_);
  for (auto it = events_.rbegin(); it != events_.rend(); ++it)
    if (it->release == release) return *it;
  return {};
}

std::vector<std::string> RecordingReporter::Messages() const {
  std::lock_guard lock(mu_);
  return messages_;
}

}  // namespace dsc::runtime::testing
