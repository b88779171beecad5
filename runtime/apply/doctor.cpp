#include "runtime/apply/doctor.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "base/ascii.h"
#include "base/json_text.h"
#include "runtime/kube/discovery.h"

namespace dsc::runtime {
namespace {

using Json = nlohmann::json;
using State = DoctorCheck::State;

constexpr const char* kMetadataOnly =
    "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io";

// Marks `check` failed: what was found, and how to mend it.
void Fail(DoctorCheck& check, std::string detail, std::string fix) {
  check.state = State::kFail;
  check.detail = std::move(detail);
  check.fix = std::move(fix);
}

std::vector<const Object*> SelectedObjects(const Blueprint& blueprint,
                                           const std::vector<std::string>& features) {
  std::vector<const Object*> out;
  for (const Release& release : blueprint.releases) {
    if (!blueprint.Selects(release, features)) continue;
    for (const Object& o : release.objects) out.push_back(&o);
    for (const Object& o : release.hooks) out.push_back(&o);
  }
  return out;
}

std::string Group(const std::string& api_version) {
  size_t slash = api_version.find('/');
  return slash == std::string::npos ? "" : api_version.substr(0, slash);
}

// A kind's plural as a CRD names it, for a kind the cluster does not serve.
std::string GuessPlural(const std::string& kind) { return base::AsciiLowered(kind) + "s"; }

// The entry point a Traefik argument configures (`--entryPoints.web.address=:8000` ->
// `web`; Traefik reads the flag's name without case), or empty.
std::string EntryPointOfArg(const std::string& arg) {
  const std::string prefix = "--entrypoints.";
  std::string lower = base::AsciiLowered(arg);
  size_t dot = lower.find(".address", prefix.size());
  if (!lower.starts_with(prefix) || dot == std::string::npos) return "";
  return arg.substr(prefix.size(), dot - prefix.size());
}

DoctorCheck ServerVersion(HttpCluster& cluster) {
  DoctorCheck check{"server version", State::kOk, "", ""};
  CallResult version = cluster.GetPath("/version");
  if (!version.ok()) {
    Fail(check, version.error, "check that the kubeconfig's context points at the cluster");
    return check;
  }
  std::string git = version.object.value("gitVersion", "");
  std::string minor_text = version.object.value("minor", "0");
  int minor = std::atoi(minor_text.c_str());  // "32+" on some providers
  bool old = version.object.value("major", "") == "1" && minor < kMinServerMinor;
  check.detail = fmt::format("{} (dsc apply needs 1.{} or later)", git, kMinServerMinor);
  if (old) {
    check.state = State::kFail;
    check.fix = fmt::format("upgrade the cluster to Kubernetes 1.{} or later", kMinServerMinor);
  }
  return check;
}

// The kinds the build uses that the cluster does not serve (and no CRD of the build
// defines), Traefik's apart: they come with Traefik, in the group the fleet was built for.
std::vector<DoctorCheck> KindsServed(HttpCluster& cluster,
                                     const std::vector<const Object*>& objects) {
  std::set<std::pair<std::string, std::string>> kinds, defined;
  for (const Object* o : objects) {
    kinds.insert({o->ref.api_version, o->ref.kind});
    if (o->ref.kind == "CustomResourceDefinition") {
      const Json& spec = o->manifest.value("spec", Json::object());
      std::string group = spec.value("group", "");
      std::string kind = spec.value("names", Json::object()).value("kind", "");
      for (const Json& v : spec.value("versions", Json::array()))
        defined.insert({group + "/" + v.value("name", ""), kind});
    }
  }
  std::vector<std::string> traefik, other;
  std::string traefik_group, failure;
  for (const auto& [api_version, kind] : kinds) {
    if (defined.count({api_version, kind})) continue;
    CallResult served = cluster.ServesKind(api_version, kind);
    if (served.ok()) continue;
    if (!served.NotFound() && failure.empty()) failure = served.error;
    std::string group = Group(api_version);
    std::string crd = GuessPlural(kind) + "." + group;
    if (group.find("traefik") != std::string::npos) {
      traefik.push_back(crd);
      traefik_group = group;
    } else {
      other.push_back(fmt::format("{} {}", kind, api_version));
    }
  }
  std::vector<DoctorCheck> out;
  DoctorCheck crds{"Traefik CRDs", State::kOk, "", ""};
  if (traefik.empty()) {
    crds.detail = "every Traefik kind the fleet uses is served";
  } else {
    bool v3 = traefik_group == "traefik.io";
    Fail(crds, fmt::format("not installed: {}", fmt::join(traefik, ", ")),
         fmt::format(
             "install Traefik's CRDs for `{}` (`dsc platform apply --traefik {}` installs Traefik "
             "with them), or build for the group the cluster has (`traefik = \"{}\"` in the "
             "fleet, or `dsc build --traefik {}`)",
             traefik_group, v3 ? "v3" : "v2", v3 ? "v2" : "v3", v3 ? "v2" : "v3"));
  }
  out.push_back(std::move(crds));
  DoctorCheck api{"API kinds", State::kOk, "every other kind the fleet uses is served", ""};
  if (!other.empty()) {
    Fail(api, fmt::format("not served: {}", fmt::join(other, ", ")),
         "install the CRDs or API extensions that serve them");
  } else if (!failure.empty()) {
    Fail(api, failure, "check the connection to the cluster");
  }
  out.push_back(std::move(api));
  return out;
}

std::vector<const Json*> PodSpecs(const std::vector<const Object*>& objects) {
  std::vector<const Json*> out;
  for (const Object* o : objects) {
    const Json& m = o->manifest;
    if (o->ref.kind == "Pod" && m.contains("spec")) out.push_back(&m["spec"]);
    if (m.contains("spec") && m["spec"].contains("template") &&
        m["spec"]["template"].contains("spec"))
      out.push_back(&m["spec"]["template"]["spec"]);
  }
  return out;
}

// The host of an http(s) URL in `text` when it names a Service (`svc.ns`, optionally
// `.svc[.cluster.local]`), as (namespace, name); empty otherwise.
std::pair<std::string, std::string> ServiceOfUrl(const std::string& text) {
  size_t scheme = text.find("://");
  if (scheme == std::string::npos) return {};
  size_t begin = scheme + 3;
  size_t end = text.find_first_of(":/?# \"", begin);
  std::string host = text.substr(begin, end == std::string::npos ? end : end - begin);
  for (const char* suffix : {".svc.cluster.local", ".svc"}) {
    if (host.ends_with(suffix)) host.resize(host.size() - std::string_view(suffix).size());
  }
  size_t dot = host.find('.');
  if (dot == std::string::npos || host.find('.', dot + 1) != std::string::npos) return {};
  return {host.substr(dot + 1), host.substr(0, dot)};
}

// What provisioning calls (LocalStack for `std/aws`, a database server): every Service a
// hook Job's arguments or env name by URL exists, in the cluster or in the build.
DoctorCheck Backends(HttpCluster& cluster, const std::vector<const Object*>& objects) {
  DoctorCheck check{"provisioning backends", State::kOk, "", ""};
  std::set<std::pair<std::string, std::string>> built;
  for (const Object* o : objects) {
    if (o->ref.kind == "Service") built.insert({o->ref.ns, o->ref.name});
  }
  std::map<std::pair<std::string, std::string>, std::string> called;  // service -> a Job
  for (const Object* o : objects) {
    if (!o->hook || o->ref.kind != "Job") continue;
    const Json& spec = o->manifest["spec"]["template"]["spec"];
    for (const Json& c : spec.value("containers", Json::array())) {
      std::vector<std::string> texts;
      for (const Json& a : c.value("args", Json::array()))
        if (a.is_string()) texts.push_back(a);
      for (const Json& e : c.value("env", Json::array()))
        if (e.contains("value") && e["value"].is_string()) texts.push_back(e["value"]);
      for (const std::string& text : texts) {
        auto service = ServiceOfUrl(text);
        if (!service.first.empty()) called.emplace(service, o->ref.ns + "/" + o->ref.name);
      }
    }
  }
  std::vector<std::string> missing, found;
  for (const auto& [service, job] : called) {
    const auto& [ns, name] = service;
    found.push_back(ns + "/" + name);
    if (built.count(service)) continue;
    CallResult got = cluster.Get({"v1", "Service", ns, name});
    if (got.ok()) continue;
    missing.push_back(fmt::format("Service {}/{} (called by Job {})", ns, name, job));
  }
  if (called.empty()) {
    check.detail = "no provisioning Job calls a Service";
  } else if (missing.empty()) {
    check.detail = fmt::format("reachable: {}", fmt::join(found, ", "));
  } else {
    Fail(check, fmt::format("missing: {}", fmt::join(missing, "; ")),
         "deploy it (LocalStack for `std/aws`: a `service localstack` in the fleet, or the "
         "platform's, `dsc platform apply`), or point the infra's `endpoint_url` at the one the "
         "cluster has (the platform's: `http://localstack.dsc-platform:4566`)");
  }
  return check;
}

// Traefik's entry points: each one the IngressRoutes listen on is configured in the
// Traefik found by its chart's label (`--entrypoints.NAME.address`).
DoctorCheck EntryPoints(HttpCluster& cluster, const std::vector<const Object*>& objects) {
  DoctorCheck check{"Traefik entry points", State::kOk, "", ""};
  std::set<std::string> wanted;
  for (const Object* o : objects) {
    if (o->ref.kind != "IngressRoute") continue;
    for (const Json& ep : o->manifest["spec"].value("entryPoints", Json::array()))
      if (ep.is_string()) wanted.insert(ep);
  }
  if (wanted.empty()) {
    check.detail = "the fleet has no routes";
    return check;
  }
  std::set<std::string> configured;
  bool found = false;
  for (const char* kind : {"Deployment", "DaemonSet"}) {
    CallResult list = cluster.List("apps/v1", kind, "", "app.kubernetes.io/name=traefik");
    if (!list.ok()) continue;
    for (const Json& item : list.object.value("items", Json::array())) {
      found = true;
      for (const Json& c : item["spec"]["template"]["spec"].value("containers", Json::array())) {
        for (const Json& arg : c.value("args", Json::array())) {
          std::string name = arg.is_string() ? EntryPointOfArg(arg) : "";
          if (!name.empty()) configured.insert(name);
        }
      }
    }
  }
  std::string names = fmt::format("{}", fmt::join(wanted, ", "));
  if (!found) {
    check.state = State::kWarn;
    check.detail = fmt::format(
        "routes listen on {}; no Traefik (label app.kubernetes.io/name=traefik) found to "
        "check them against (`dsc platform apply` installs one)",
        names);
    return check;
  }
  std::vector<std::string> missing;
  for (const std::string& ep : wanted)
    if (!configured.count(ep)) missing.push_back(ep);
  if (missing.empty()) {
    check.detail = fmt::format("Traefik listens on {}", names);
  } else {
    Fail(check,
         fmt::format("Traefik has no entry point {} (it has: {})", fmt::join(missing, ", "),
                     fmt::join(configured, ", ")),
         "set the fleet's `entry_points` to the cluster's, or add the entry point to "
         "Traefik (`--entrypoints.NAME.address=:PORT`)");
  }
  return check;
}

DoctorCheck Janitor(HttpCluster& cluster, const Blueprint& blueprint,
                    const std::vector<std::string>& features) {
  DoctorCheck check{"kube-janitor", State::kOk, "", ""};
  bool ttls = blueprint.ephemeral;
  for (const Feature& f : blueprint.features)
    ttls |= !f.ttl.empty() && (features.empty() || f.NamedIn(features));
  if (!ttls) {
    check.detail = "nothing in the fleet has a TTL";
    return check;
  }
  CallResult list = cluster.List("apps/v1", "Deployment", "");
  if (!list.ok()) {
    Fail(check, list.error,
         "the current user needs to list Deployments in every namespace for this check");
    return check;
  }
  for (const Json& item : list.object.value("items", Json::array())) {
    const Json& meta = item["metadata"];
    std::string name = meta.value("name", "");
    Json labels = meta.value("labels", Json::object());
    if (name.find("kube-janitor") != std::string::npos ||
        labels.value("app", "") == "kube-janitor" ||
        labels.value("app.kubernetes.io/name", "") == "kube-janitor") {
      check.detail = fmt::format("Deployment {}/{} removes what carries `janitor/ttl`",
                                 meta.value("namespace", ""), name);
      return check;
    }
  }
  Fail(check, "features carry `janitor/ttl`, and no kube-janitor runs in the cluster",
       "install kube-janitor (`dsc platform apply` installs it), or run `dsc gc` on a "
       "schedule");
  return check;
}

// The Secrets the pods read (env, envFrom, volumes, imagePullSecrets) exist where they are
// read, or, for a copy a feature's hook Job makes, where it is copied from.
DoctorCheck Secrets(HttpCluster& cluster, const std::vector<const Object*>& objects) {
  DoctorCheck check{"Secrets", State::kOk, "", ""};
  std::set<std::pair<std::string, std::string>> made, read;  // (namespace, name)
  std::map<std::pair<std::string, std::string>, std::pair<std::string, std::string>> copied_from;
  for (const Object* o : objects) {
    if (o->ref.kind == "Secret") made.insert({o->ref.ns, o->ref.name});
    if (o->ref.kind != "Job" || !o->hook) continue;
    for (const Json& c :
         o->manifest["spec"]["template"]["spec"].value("containers", Json::array())) {
      if (c.value("name", "") != "clone-secrets") continue;
      std::map<std::string, std::string> env;
      for (const Json& e : c.value("env", Json::array()))
        env[e.value("name", "")] = e.value("value", "");
      for (const Json& a : c.value("args", Json::array())) {
        std::string spec = a.is_string() ? a.get<std::string>() : "";
        size_t first = spec.find(':'), second = spec.find(':', first + 1);
        if (first == std::string::npos || second == std::string::npos) continue;
        copied_from[{env["TO_NAMESPACE"], spec.substr(second + 1)}] = {
            env["FROM_NAMESPACE"], spec.substr(first + 1, second - first - 1)};
      }
    }
  }
  for (const Object* o : objects) {
    std::string ns = o->ref.ns;
    for (const Json* spec : PodSpecs({o})) {
      auto add = [&](const Json& name) {
        if (name.is_string()) read.insert({ns, name.get<std::string>()});
      };
      for (const Json& p : spec->value("imagePullSecrets", Json::array()))
        add(p.value("name", Json()));
      for (const Json& v : spec->value("volumes", Json::array()))
        if (v.contains("secret")) add(v["secret"].value("secretName", Json()));
      for (const char* list : {"containers", "initContainers"}) {
        for (const Json& c : spec->value(list, Json::array())) {
          for (const Json& e : c.value("env", Json::array()))
            if (e.contains("valueFrom") && e["valueFrom"].contains("secretKeyRef"))
              add(e["valueFrom"]["secretKeyRef"].value("name", Json()));
          for (const Json& e : c.value("envFrom", Json::array()))
            if (e.contains("secretRef")) add(e["secretRef"].value("name", Json()));
        }
      }
    }
  }
  std::vector<std::string> missing;
  size_t checked = 0;
  for (auto at : read) {
    if (made.count(at)) continue;
    std::string via;
    if (auto copy = copied_from.find(at); copy != copied_from.end()) {
      via = fmt::format(" (copied to {}/{} by the feature's hook)", at.first, at.second);
      at = copy->second;
    }
    ++checked;
    kube::HttpRequest request{"GET", fmt::format("/api/v1/namespaces/{}/secrets/{}", at.first,
                                                 kube::QueryEscape(at.second))};
    request.accept = kMetadataOnly;  // names only: the values are never read
    kube::HttpResponse got = cluster.http().Send(request);
    if (got.ok()) continue;
    missing.push_back(got.status == 404
                          ? fmt::format("{}/{}{}", at.first, at.second, via)
                          : fmt::format("{}/{}{} (HTTP {})", at.first, at.second, via, got.status));
  }
  if (missing.empty()) {
    check.detail = checked == 0 ? "the fleet reads no Secret"
                                : fmt::format("all {} the fleet reads exist", checked);
  } else {
    Fail(check, fmt::format("missing: {}", fmt::join(missing, ", ")),
         "create them (`kubectl create secret generic NAME --namespace NS "
         "--from-literal=KEY=…`), or change the fleet's `secret(…)` references");
  }
  return check;
}

// What `dsc apply` does, asked of the apiserver for the current user: per namespace and
// kind, get, list, create, patch and delete; namespaces; its records (ConfigMaps).
DoctorCheck Permissions(HttpCluster& cluster, const Blueprint& blueprint,
                        const std::vector<const Object*>& objects) {
  DoctorCheck check{"permissions", State::kOk, "", ""};
  std::set<std::tuple<std::string, std::string, std::string>> targets;  // ns, apiVersion, kind
  for (const Object* o : objects) targets.insert({o->ref.ns, o->ref.api_version, o->ref.kind});
  targets.insert({"", "v1", "Namespace"});
  targets.insert({blueprint.fleet_namespace, "v1", "ConfigMap"});
  std::vector<std::string> denied;
  size_t asked = 0;
  for (const auto& [ns, api_version, kind] : targets) {
    std::string error;
    auto info = cluster.discovery().Lookup(api_version, kind, &error);
    if (!info) continue;  // not served: the kinds check says so
    for (const char* verb : {"get", "list", "create", "patch", "delete"}) {
      Json attributes = {{"verb", verb}, {"group", Group(api_version)}, {"resource", info->plural}};
      if (info->namespaced) attributes["namespace"] = ns;
      Json review = {{"apiVersion", "authorization.k8s.io/v1"},
                     {"kind", "SelfSubjectAccessReview"},
                     {"spec", {{"resourceAttributes", attributes}}}};
      kube::HttpRequest request{"POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
                                base::JsonText(review), "application/json"};
      kube::HttpResponse answer = cluster.http().Send(request);
      ++asked;
      Json body = Json::parse(answer.body, nullptr, false);
      bool allowed = answer.ok() && body.is_object() &&
                     body.value("status", Json::object()).value("allowed", false);
      if (allowed) continue;
      std::string resource =
          info->plural + (Group(api_version).empty() ? "" : "." + Group(api_version));
      denied.push_back(info->namespaced ? fmt::format("{} {} in {}", verb, resource, ns)
                                        : fmt::format("{} {}", verb, resource));
    }
  }
  if (denied.empty()) {
    check.detail = fmt::format("the current user may do all {} things dsc apply does", asked);
  } else {
    Fail(check, fmt::format("denied: {}", fmt::join(denied, "; ")),
         "grant them to the user (a Role and RoleBinding per namespace, a ClusterRole "
         "for namespaces), or apply with a context that has them");
  }
  return check;
}

// A ResourceQuota used up (used equals hard) in a namespace the fleet deploys to.
DoctorCheck Quotas(HttpCluster& cluster, const Blueprint& blueprint) {
  DoctorCheck check{"namespace quotas", State::kOk, "", ""};
  std::vector<std::string> full;
  size_t quotas = 0;
  for (const std::string& ns : blueprint.namespaces) {
    CallResult list = cluster.List("v1", "ResourceQuota", ns);
    if (!list.ok()) continue;
    for (const Json& q : list.object.value("items", Json::array())) {
      ++quotas;
      const Json& status = q.value("status", Json::object());
      Json hard = status.value("hard", Json::object()), used = status.value("used", Json::object());
      for (const auto& [resource, limit] : hard.items()) {
        if (used.contains(resource) && used[resource] == limit)
          full.push_back(fmt::format("{}/{} {} ({} of {})", ns, q["metadata"].value("name", ""),
                                     resource, used[resource].get<std::string>(),
                                     limit.get<std::string>()));
      }
    }
  }
  if (full.empty()) {
    check.detail = quotas == 0 ? "no ResourceQuota in the fleet's namespaces"
                               : fmt::format("{} quota(s), none used up", quotas);
  } else {
    Fail(check, fmt::format("used up: {}", fmt::join(full, ", ")),
         "raise the quota, or remove what holds it (`dsc gc` removes expired features)");
  }
  return check;
}

}  // namespace

std::string_view NameOf(DoctorCheck::State state) {
  switch (state) {
    case State::kOk:
      return "ok";
    case State::kWarn:
      return "warn";
    case State::kFail:
      return "fail";
  }
  return "fail";
}

std::vector<DoctorCheck> RunDoctor(HttpCluster& cluster, const Blueprint& blueprint,
                                   const std::vector<std::string>& features) {
  std::vector<const Object*> objects = SelectedObjects(blueprint, features);
  std::vector<DoctorCheck> checks;
  checks.push_back(ServerVersion(cluster));
  for (DoctorCheck& c : KindsServed(cluster, objects)) checks.push_back(std::move(c));
  checks.push_back(EntryPoints(cluster, objects));
  checks.push_back(Backends(cluster, objects));
  checks.push_back(Janitor(cluster, blueprint, features));
  checks.push_back(Secrets(cluster, objects));
  checks.push_back(Permissions(cluster, blueprint, objects));
  checks.push_back(Quotas(cluster, blueprint));
  return checks;
}

}  // namespace dsc::runtime
