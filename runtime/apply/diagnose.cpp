#include "runtime/apply/diagnose.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/json_fields.h"
#include "runtime/apply/readiness.h"
#include "runtime/kube/discovery.h"

namespace dsc::runtime {
namespace {

using base::Member;
using nlohmann::json;

std::string Selector(const json& match_labels) {
  std::string out;
  if (!match_labels.is_object()) return out;
  for (const auto& [key, value] : match_labels.items()) {
    if (!value.is_string()) continue;
    if (!out.empty()) out += ",";
    out += key + "=" + value.get<std::string>();
  }
  return out;
}

std::string ContainerState(const json& state) {
  if (auto w = state.find("waiting"); w != state.end()) {
    std::string out = "waiting: " + base::StringMember(*w, "reason");
    if (std::string m = base::StringMember(*w, "message"); !m.empty()) out += ": " + m;
    return out;
  }
  if (auto t = state.find("terminated"); t != state.end()) {
    std::string out = fmt::format("terminated: {} (exit {})", base::StringMember(*t, "reason", "?"),
                                  base::IntMember(*t, "exitCode"));
    if (std::string m = base::StringMember(*t, "message"); !m.empty()) out += ": " + m;
    return out;
  }
  return "";
}

bool PodReady(const json& pod) {
  const json* ready = FindCondition(pod, "Ready");
  return ready && base::StringMember(*ready, "status") == "True";
}

// The newest pods first: the latest attempt explains the current state.
std::vector<json> Newest(std::vector<json> pods) {
  std::sort(pods.begin(), pods.end(), [](const json& a, const json& b) {
    return base::MetadataString(a, "creationTimestamp") >
           base::MetadataString(b, "creationTimestamp");
  });
  return pods;
}

void AddLogTail(Cluster& cluster, const json& pod, int lines, std::vector<std::string>* out) {
  const std::string name = base::MetadataString(pod, "name");
  std::string container;
  for (const json& c : base::ArrayMember(Member(pod, "spec"), "containers")) {
    container = base::StringMember(c, "name");
    break;
  }
  std::string path = fmt::format("/api/v1/namespaces/{}/pods/{}/log?tailLines={}&container={}",
                                 base::MetadataString(pod, "namespace"), name, lines,
                                 kube::QueryEscape(container));
  CallResult log = cluster.GetPath(path, /*json_body=*/false);
  if (!log.ok()) {
    out->push_back("logs unavailable (" + log.error + ")");
    return;
  }
  if (log.response.body.empty()) {
    out->push_back("log of " + name + " is empty");
    return;
  }
  out->push_back(fmt::format("last {} log lines of pod {}:", lines, name));
  size_t start = 0;
  const std::string& body = log.response.body;
  while (start < body.size()) {
    size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    out->push_back("  | " + body.substr(start, end - start));
    start = end + 1;
  }
}

std::vector<json> ListPods(Cluster& cluster, const std::string& ns, const std::string& selector,
                           std::vector<std::string>* out) {
  CallResult pods = cluster.List("v1", "Pod", ns, selector);
  if (!pods.ok()) {
    out->push_back("pods unavailable (" + pods.error + ")");
    return {};
  }
  const json& items = base::ArrayMember(pods.object, "items");
  return Newest(std::vector<json>(items.begin(), items.end()));
}

void ExplainJob(Cluster& cluster, const json& job, const DiagnoseOptions& options,
                std::vector<std::string>* out) {
  for (const json& c : base::ArrayMember(Member(job, "status"), "conditions")) {
    if (base::StringMember(c, "status") != "True") continue;
    std::string line =
        "job condition " + base::StringMember(c, "type") + ": " + base::StringMember(c, "reason");
    if (std::string m = base::StringMember(c, "message"); !m.empty()) line += ": " + m;
    out->push_back(line);
  }
  std::string ns = base::MetadataString(job, "namespace");
  auto pods = ListPods(cluster, ns, "job-name=" + base::MetadataString(job, "name"), out);
  int shown = 0;
  for (const json& pod : pods) {
    if (base::StringMember(Member(pod, "status"), "phase") != "Failed" && PodReady(pod)) continue;
    for (auto& line : DescribePod(pod)) out->push_back(line);
    if (shown++ == 0) AddLogTail(cluster, pod, options.log_lines, out);
    if (shown >= options.max_pods) break;
  }
  if (pods.empty()) out->push_back("the job has no pods (yet)");
}

void ExplainDeployment(Cluster& cluster, const json& deployment, const DiagnoseOptions& options,
                       std::vector<std::string>* out) {
  const json& selector_spec = Member(Member(deployment, "spec"), "selector");
  std::string selector = Selector(Member(selector_spec, "matchLabels"));
  std::string ns = base::MetadataString(deployment, "namespace");
  auto pods = ListPods(cluster, ns, selector, out);
  int shown = 0;
  for (const json& pod : pods) {
    if (PodReady(pod)) continue;
    for (auto& line : DescribePod(pod)) out->push_back(line);
    if (++shown >= options.max_pods) break;
  }
  if (pods.empty()) out->push_back("no pods match the deployment's selector (yet)");
}

}  // namespace

std::vector<std::string> DescribePod(const json& pod) {
  std::vector<std::string> out;
  const json& status = Member(pod, "status");
  std::string line = "pod " + base::MetadataString(pod, "name") + ": " +
                     base::StringMember(status, "phase", "Unknown");
  if (std::string r = base::StringMember(status, "reason"); !r.empty()) line += ": " + r;
  if (std::string m = base::StringMember(status, "message"); !m.empty()) line += ": " + m;
  if (const json* scheduled = FindCondition(pod, "PodScheduled");
      scheduled && base::StringMember(*scheduled, "status") == "False")
    line += ": not scheduled: " + base::StringMember(*scheduled, "reason") + ": " +
            base::StringMember(*scheduled, "message");
  out.push_back(line);
  for (const char* key : {"initContainerStatuses", "containerStatuses"}) {
    for (const json& c : base::ArrayMember(status, key)) {
      std::string state = ContainerState(Member(c, "state"));
      if (state.empty() || state.starts_with("terminated: Completed")) continue;
      out.push_back("  container " + base::StringMember(c, "name") + " " + state);
      if (std::string last = ContainerState(Member(c, "lastState"));
          !last.empty() && !state.starts_with("terminated"))
        out.push_back("  container " + base::StringMember(c, "name") + " last " + last);
    }
  }
  return out;
}

std::vector<std::string> ExplainNotReady(Cluster& cluster, const json& live,
                                         const DiagnoseOptions& options) {
  std::vector<std::string> out;
  std::string kind = base::StringMember(live, "kind");
  if (kind == "Job") ExplainJob(cluster, live, options, &out);
  if (kind == "Deployment") ExplainDeployment(cluster, live, options, &out);
  return out;
}

}  // namespace dsc::runtime
