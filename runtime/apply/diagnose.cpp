#include "runtime/apply/diagnose.h"

#include <fmt/format.h>

#include <algorithm>

#include "runtime/apply/readiness.h"
#include "runtime/kube/discovery.h"

namespace dsc::runtime {
namespace {

using nlohmann::json;

std::string Selector(const json& match_labels) {
  std::string out;
  for (const auto& [key, value] : match_labels.items()) {
    if (!value.is_string()) continue;
    if (!out.empty()) out += ",";
    out += key + "=" + value.get<std::string>();
  }
  return out;
}

std::string ContainerState(const json& state) {
  if (auto w = state.find("waiting"); w != state.end()) {
    std::string out = "waiting: " + w->value("reason", "");
    if (std::string m = w->value("message", ""); !m.empty()) out += ": " + m;
    return out;
  }
  if (auto t = state.find("terminated"); t != state.end()) {
    std::string out =
        fmt::format("terminated: {} (exit {})", t->value("reason", "?"), t->value("exitCode", 0));
    if (std::string m = t->value("message", ""); !m.empty()) out += ": " + m;
    return out;
  }
  return "";
}

bool PodReady(const json& pod) {
  const json* ready = FindCondition(pod, "Ready");
  return ready && ready->value("status", "") == "True";
}

// The newest pods first: the latest attempt explains the current state.
std::vector<json> Newest(std::vector<json> pods) {
  std::sort(pods.begin(), pods.end(), [](const json& a, const json& b) {
    return a["metadata"].value("creationTimestamp", "") >
           b["metadata"].value("creationTimestamp", "");
  });
  return pods;
}

void AddLogTail(Cluster& cluster, const json& pod, int lines, std::vector<std::string>* out) {
  const json& meta = pod["metadata"];
  std::string container;
  for (const json& c : pod["spec"].value("containers", json::array())) {
    container = c.value("name", "");
    break;
  }
  std::string path = fmt::format("/api/v1/namespaces/{}/pods/{}/log?tailLines={}&container={}",
                                 meta.value("namespace", ""), meta.value("name", ""), lines,
                                 kube::QueryEscape(container));
  CallResult log = cluster.GetPath(path, /*json_body=*/false);
  if (!log.ok()) {
    out->push_back("logs unavailable (" + log.error + ")");
    return;
  }
  if (log.response.body.empty()) {
    out->push_back("log of " + meta.value("name", "") + " is empty");
    return;
  }
  out->push_back(fmt::format("last {} log lines of pod {}:", lines, meta.value("name", "")));
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
  return Newest(pods.object.value("items", std::vector<json>{}));
}

void ExplainJob(Cluster& cluster, const json& job, const DiagnoseOptions& options,
                std::vector<std::string>* out) {
  for (const json& c : job.value("status", json::object()).value("conditions", json::array())) {
    if (c.value("status", "") != "True") continue;
    std::string line = "job condition " + c.value("type", "") + ": " + c.value("reason", "");
    if (std::string m = c.value("message", ""); !m.empty()) line += ": " + m;
    out->push_back(line);
  }
  std::string ns = job["metadata"].value("namespace", "");
  auto pods = ListPods(cluster, ns, "job-name=" + job["metadata"].value("name", ""), out);
  int shown = 0;
  for (const json& pod : pods) {
    if (pod["status"].value("phase", "") != "Failed" && PodReady(pod)) continue;
    for (auto& line : DescribePod(pod)) out->push_back(line);
    if (shown++ == 0) AddLogTail(cluster, pod, options.log_lines, out);
    if (shown >= options.max_pods) break;
  }
  if (pods.empty()) out->push_back("the job has no pods (yet)");
}

void ExplainDeployment(Cluster& cluster, const json& deployment, const DiagnoseOptions& options,
                       std::vector<std::string>* out) {
  const json& spec = deployment.value("spec", json::object());
  std::string selector =
      Selector(spec.value("selector", json::object()).value("matchLabels", json::object()));
  std::string ns = deployment["metadata"].value("namespace", "");
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
  const json& status = pod.value("status", json::object());
  std::string line =
      "pod " + pod["metadata"].value("name", "") + ": " + status.value("phase", "Unknown");
  if (std::string r = status.value("reason", ""); !r.empty()) line += ": " + r;
  if (std::string m = status.value("message", ""); !m.empty()) line += ": " + m;
  if (const json* scheduled = FindCondition(pod, "PodScheduled");
      scheduled && scheduled->value("status", "") == "False")
    line += ": not scheduled: " + scheduled->value("reason", "") + ": " +
            scheduled->value("message", "");
  out.push_back(line);
  for (const char* key : {"initContainerStatuses", "containerStatuses"}) {
    for (const json& c : status.value(key, json::array())) {
      std::string state = ContainerState(c.value("state", json::object()));
      if (state.empty() || state.starts_with("terminated: Completed")) continue;
      out.push_back("  container " + c.value("name", "") + " " + state);
      if (std::string last = ContainerState(c.value("lastState", json::object()));
          !last.empty() && !state.starts_with("terminated"))
        out.push_back("  container " + c.value("name", "") + " last " + last);
    }
  }
  return out;
}

std::vector<std::string> ExplainNotReady(Cluster& cluster, const json& live,
                                         const DiagnoseOptions& options) {
  std::vector<std::string> out;
  std::string kind = live.value("kind", "");
  if (kind == "Job") ExplainJob(cluster, live, options, &out);
  if (kind == "Deployment") ExplainDeployment(cluster, live, options, &out);
  return out;
}

}  // namespace dsc::runtime
