#include "runtime/apply/testing/fake_cluster.h"

#include <algorithm>
#include <stdexcept>

#include "base/json_fields.h"
#include "runtime/kube/api_error.h"

namespace dsc::runtime::testing {
namespace {

using nlohmann::json;

// An answer in the apiserver's Status shape, so api_error.h reads it as it reads one.
kube::HttpResponse StatusResponse(long code, const std::string& reason, const std::string& message,
                                  json causes = json()) {
  json status = {{"kind", "Status"},   {"apiVersion", "v1"}, {"status", "Failure"},
                 {"message", message}, {"reason", reason},   {"code", code}};
  if (!causes.is_null()) status["details"] = {{"causes", std::move(causes)}};
  kube::HttpResponse response;
  response.status = code;
  response.body = status.dump();
  return response;
}

CallResult Failed(kube::HttpResponse response, const std::string& what) {
  CallResult result;
  result.response = std::move(response);
  result.error = what + ": " + kube::DescribeFailure(result.response);
  return result;
}

CallResult Answer(json object) {
  CallResult result;
  result.response.status = 200;
  result.response.body = object.dump();
  result.object = std::move(object);
  return result;
}

CallResult NotFound(const ObjectRef& ref, const std::string& what) {
  return Failed(StatusResponse(404, "NotFound", ref.kind + " \"" + ref.name + "\" not found"),
                what);
}

// What a write answers: metadata only, as HttpCluster asks for.
json MetadataOnly(const json& object) {
  return {{"apiVersion", object.value("apiVersion", "")},
          {"kind", object.value("kind", "")},
          {"metadata", base::Member(object, "metadata")}};
}

bool HasEntry(const json& object, const std::string& manager, const std::string& operation) {
  for (const json& entry : base::ArrayMember(base::Member(object, "metadata"), "managedFields"))
    if (base::StringMember(entry, "manager") == manager &&
        base::StringMember(entry, "operation") == operation)
      return true;
  return false;
}

void AddEntry(json& object, const std::string& manager, const std::string& operation) {
  if (HasEntry(object, manager, operation)) return;
  json& entries = object["metadata"]["managedFields"];
  if (!entries.is_array()) entries = json::array();
  entries.push_back({{"manager", manager},
                     {"operation", operation},
                     {"apiVersion", object.value("apiVersion", "")},
                     {"fieldsType", "FieldsV1"},
                     {"fieldsV1", json::object()}});
}

void RemoveEntry(json& object, const std::string& manager, const std::string& operation) {
  json& entries = object["metadata"]["managedFields"];
  if (!entries.is_array()) return;
  json kept = json::array();
  for (json& entry : entries)
    if (base::StringMember(entry, "manager") != manager ||
        base::StringMember(entry, "operation") != operation)
      kept.push_back(std::move(entry));
  entries = std::move(kept);
}

// "k=v,k2=v2" (equality only: all dsc sends).
bool Matches(const json& object, const std::string& selector) {
  const json& labels = base::Member(base::Member(object, "metadata"), "labels");
  size_t start = 0;
  while (start < selector.size()) {
    size_t end = selector.find(',', start);
    if (end == std::string::npos) end = selector.size();
    std::string term = selector.substr(start, end - start);
    size_t eq = term.find('=');
    std::string key = term.substr(0, eq);
    if (eq == std::string::npos) {
      if (!labels.contains(key)) return false;
    } else if (base::StringMember(labels, key.c_str()) != term.substr(eq + 1) ||
               !labels.contains(key)) {
      return false;
    }
    start = end + 1;
  }
  return true;
}

// What a server-side apply of `manifest` makes of `live`: the manifest's fields
// replace the live ones; metadata the server owns stays.
json Merge(const json& live, const json& manifest) {
  json merged = live;
  for (const auto& [key, value] : manifest.items()) {
    if (key == "metadata" || key == "status") continue;
    merged[key] = value;
  }
  const json& meta = base::Member(manifest, "metadata");
  for (const char* key : {"labels", "annotations"}) {
    if (meta.contains(key))
      merged["metadata"][key] = meta[key];
    else
      merged["metadata"].erase(key);
  }
  return merged;
}

}  // namespace

std::string FakeCall::Describe() const { return verb + " " + ref.Describe(); }

FakeCluster::FakeCluster() {
  for (const char* kind : {"ConfigMap", "Secret", "Service", "ServiceAccount", "Pod"})
    Serve("v1", kind);
  Serve("v1", "Namespace", /*namespaced=*/false);
  Serve("apps/v1", "Deployment");
  Serve("batch/v1", "Job");
  Serve("apiextensions.k8s.io/v1", "CustomResourceDefinition", /*namespaced=*/false);
}

void FakeCluster::Serve(const std::string& api_version, const std::string& kind, bool namespaced) {
  std::lock_guard lock(mu_);
  served_[{api_version, kind}] = namespaced;
}

bool FakeCluster::Served(const std::string& api_version, const std::string& kind) const {
  return served_.count({api_version, kind}) > 0;
}

bool FakeCluster::Namespaced(const std::string& api_version, const std::string& kind) const {
  auto found = served_.find({api_version, kind});
  return found != served_.end() && found->second;
}

json FakeCluster::Put(json object, const std::string& manager) {
  std::lock_guard lock(mu_);
  json& meta = object["metadata"];
  meta["uid"] = "uid-" + std::to_string(next_uid_++);
  meta["resourceVersion"] = std::to_string(++resource_version_);
  meta["generation"] = 1;
  AddEntry(object, manager, manager == kFieldManager ? "Apply" : "Update");
  ObjectRef ref{object.value("apiVersion", ""), object.value("kind", ""),
                base::MetadataString(object, "namespace"), base::MetadataString(object, "name")};
  Store({std::move(object), {}});
  return objects_.at(KeyOf(ref)).object;
}

void FakeCluster::Claim(const ObjectRef& ref, const std::string& manager,
                        const std::string& field) {
  std::lock_guard lock(mu_);
  Stored& stored = objects_.at(KeyOf(ref));
  stored.claims[manager].insert(field);
  AddEntry(stored.object, manager, "Update");
}

json FakeCluster::ReplaceByHand(const ObjectRef& ref, const std::string& manager) {
  json copy;
  {
    std::lock_guard lock(mu_);
    auto found = objects_.find(KeyOf(ref));
    if (found == objects_.end()) throw std::out_of_range("no " + ref.Describe());
    copy = std::move(found->second.object);
    objects_.erase(found);
  }
  copy["metadata"].erase("managedFields");
  copy.erase("status");
  return Put(std::move(copy), manager);
}

void FakeCluster::SetController(Controller controller) {
  std::lock_guard lock(mu_);
  controller_ = std::move(controller);
}

void FakeCluster::SetFault(FaultRule rule) {
  std::lock_guard lock(mu_);
  fault_ = std::move(rule);
}

void FakeCluster::DefaultController(json& object) {
  const std::string kind = object.value("kind", "");
  const json& spec = base::Member(object, "spec");
  if (kind == "Deployment") {
    long long replicas = base::IntMember(spec, "replicas", 1);
    object["status"] = {
        {"observedGeneration", base::IntMember(base::Member(object, "metadata"), "generation")},
        {"replicas", replicas},
        {"updatedReplicas", replicas},
        {"readyReplicas", replicas},
        {"availableReplicas", replicas}};
  } else if (kind == "Job") {
    object["status"] = {{"succeeded", 1},
                        {"conditions", {{{"type", "Complete"}, {"status", "True"}}}}};
  } else if (kind == "CustomResourceDefinition") {
    object["status"] = {{"conditions", {{{"type", "Established"}, {"status", "True"}}}}};
  }
}

// Under mu_: runs the controllers, and serves the kinds of an established CRD.
void FakeCluster::Store(Stored stored) {
  const json before = stored.object;
  controller_(stored.object);
  if (stored.object != before)
    stored.object["metadata"]["resourceVersion"] = std::to_string(++resource_version_);
  const json& object = stored.object;
  ObjectRef ref{object.value("apiVersion", ""), object.value("kind", ""),
                base::MetadataString(object, "namespace"), base::MetadataString(object, "name")};
  if (ref.kind == "CustomResourceDefinition") {
    const json* established = nullptr;
    for (const json& c : base::ArrayMember(base::Member(object, "status"), "conditions"))
      if (base::StringMember(c, "type") == "Established") established = &c;
    if (established && base::StringMember(*established, "status") == "True") {
      const json& spec = base::Member(object, "spec");
      for (const json& version : base::ArrayMember(spec, "versions"))
        served_[{base::StringMember(spec, "group") + "/" + base::StringMember(version, "name"),
                 base::StringMember(base::Member(spec, "names"), "kind")}] =
            base::StringMember(spec, "scope") != "Cluster";
    }
  }
  objects_[KeyOf(ref)] = std::move(stored);
}

std::optional<CallResult> FakeCluster::Begin(const FakeCall& call, std::optional<Fault>* fault) {
  calls_.push_back(call);
  if (fault_) *fault = fault_(call);
  if (*fault && !(*fault)->after_effect) return Failed((*fault)->response, call.Describe());
  if (call.verb != "get-path" && call.verb != "serves-kind" &&
      !Served(call.ref.api_version, call.ref.kind)) {
    // As HttpCluster: discovery does not know the kind, and nothing is sent.
    CallResult result;
    result.error = call.Describe() + ": the server does not serve " + call.ref.kind + " " +
                   call.ref.api_version;
    return result;
  }
  return std::nullopt;
}

CallResult FakeCluster::Lost(const Fault& fault, const std::string& what) {
  return Failed(fault.response, what);
}

CallResult FakeCluster::Get(const ObjectRef& ref) {
  std::lock_guard lock(mu_);
  FakeCall call{"get", ref};
  std::optional<Fault> fault;
  if (auto early = Begin(call, &fault)) return *early;
  auto found = objects_.find(KeyOf(ref));
  if (found == objects_.end()) return NotFound(ref, call.Describe());
  if (fault) return Lost(*fault, call.Describe());
  return Answer(found->second.object);
}

CallResult FakeCluster::List(const std::string& api_version, const std::string& kind,
                             const std::string& ns, const std::string& label_selector) {
  std::lock_guard lock(mu_);
  FakeCall call{"list", {api_version, kind, ns, ""}};
  std::optional<Fault> fault;
  if (auto early = Begin(call, &fault)) return *early;
  if (fault) return Lost(*fault, call.Describe());
  const bool namespaced = Namespaced(api_version, kind);
  json items = json::array();
  for (const auto& [key, stored] : objects_) {
    const auto& [v, k, n, name] = key;
    if (v != api_version || k != kind || (namespaced && !ns.empty() && n != ns)) continue;
    if (!Matches(stored.object, label_selector)) continue;
    json item = stored.object;
    // As the apiserver lists a built-in kind: items without apiVersion and kind.
    item.erase("apiVersion");
    item.erase("kind");
    items.push_back(std::move(item));
  }
  return Answer({{"apiVersion", api_version},
                 {"kind", kind + "List"},
                 {"metadata", {{"resourceVersion", std::to_string(resource_version_)}}},
                 {"items", std::move(items)}});
}

CallResult FakeCluster::Write(const FakeCall& call, const json& manifest, bool full_answer) {
  std::lock_guard lock(mu_);
  std::optional<Fault> fault;
  if (auto early = Begin(call, &fault)) return *early;
  const ObjectRef& ref = call.ref;
  if (!ref.ns.empty() && !objects_.count(KeyOf({"v1", "Namespace", "", ref.ns})))
    return Failed(StatusResponse(404, "NotFound", "namespaces \"" + ref.ns + "\" not found"),
                  call.Describe());
  auto found = objects_.find(KeyOf(ref));
  Stored stored;
  if (call.verb == "create") {
    if (found != objects_.end())
      return Failed(
          StatusResponse(409, "AlreadyExists", ref.kind + " \"" + ref.name + "\" already exists"),
          call.Describe());
    stored.object = manifest;
    stored.object["metadata"]["uid"] = "uid-" + std::to_string(next_uid_);
    stored.object["metadata"]["generation"] = 1;
    AddEntry(stored.object, kFieldManager, "Update");
  } else if (found == objects_.end()) {
    stored.object = manifest;
    stored.object["metadata"]["uid"] = "uid-" + std::to_string(next_uid_);
    stored.object["metadata"]["generation"] = 1;
    AddEntry(stored.object, kFieldManager, "Apply");
  } else {
    stored = found->second;
    // Fields another manager holds (or dsc's own create entry, field_ownership.h).
    json causes = json::array();
    for (const auto& [manager, fields] : stored.claims)
      for (const std::string& field : fields)
        causes.push_back({{"reason", "FieldManagerConflict"},
                          {"message", "conflict with \"" + manager + "\" using " + ref.api_version},
                          {"field", field}});
    if (HasEntry(stored.object, kFieldManager, "Update"))
      causes.push_back({{"reason", "FieldManagerConflict"},
                        {"message", std::string("conflict with \"") + kFieldManager + "\" using " +
                                        ref.api_version},
                        {"field", ".metadata.labels"}});
    if (!causes.empty() && !call.force)
      return Failed(
          StatusResponse(409, "Conflict",
                         "Apply failed with " + std::to_string(causes.size()) + " conflict(s)",
                         causes),
          call.Describe());
    stored.claims.clear();
    RemoveEntry(stored.object, kFieldManager, "Update");
    json merged = Merge(stored.object, manifest);
    if (base::Member(merged, "spec") != base::Member(stored.object, "spec"))
      merged["metadata"]["generation"] =
          base::IntMember(base::Member(merged, "metadata"), "generation") + 1;
    stored.object = std::move(merged);
    AddEntry(stored.object, kFieldManager, "Apply");
  }
  if (call.dry_run) {
    json answer = stored.object;
    controller_(answer);
    return Answer(full_answer ? answer : MetadataOnly(answer));
  }
  const bool created = found == objects_.end();
  if (created) ++next_uid_;
  if (created || stored.object != found->second.object) {
    stored.object["metadata"]["resourceVersion"] = std::to_string(++resource_version_);
    Store(std::move(stored));
  }
  if (fault) return Lost(*fault, call.Describe());
  const json& now = objects_.at(KeyOf(ref)).object;
  return Answer(full_answer ? now : MetadataOnly(now));
}

CallResult FakeCluster::Apply(const ObjectRef& ref, const json& manifest, bool force,
                              bool dry_run) {
  return Write({"apply", ref, dry_run, force}, manifest, /*full_answer=*/false);
}

CallResult FakeCluster::PreviewApply(const ObjectRef& ref, const json& manifest, bool force) {
  return Write({"apply", ref, /*dry_run=*/true, force}, manifest, /*full_answer=*/true);
}

CallResult FakeCluster::Create(const ObjectRef& ref, const json& manifest, bool dry_run) {
  return Write({"create", ref, dry_run}, manifest, /*full_answer=*/false);
}

CallResult FakeCluster::HandCreateToApply(const ObjectRef& ref) {
  std::lock_guard lock(mu_);
  FakeCall call{"hand-over", ref};
  std::optional<Fault> fault;
  if (auto early = Begin(call, &fault)) return *early;
  auto found = objects_.find(KeyOf(ref));
  if (found == objects_.end()) return NotFound(ref, call.Describe());
  json& object = found->second.object;
  if (HasEntry(object, kFieldManager, "Update")) {
    RemoveEntry(object, kFieldManager, "Update");
    AddEntry(object, kFieldManager, "Apply");
    object["metadata"]["resourceVersion"] = std::to_string(++resource_version_);
  }
  if (fault) return Lost(*fault, call.Describe());
  return Answer(MetadataOnly(object));
}

CallResult FakeCluster::Delete(const ObjectRef& ref, const std::string& uid) {
  std::lock_guard lock(mu_);
  FakeCall call{"delete", ref};
  std::optional<Fault> fault;
  if (auto early = Begin(call, &fault)) return *early;
  auto found = objects_.find(KeyOf(ref));
  if (found == objects_.end()) return NotFound(ref, call.Describe());
  std::string live_uid = base::MetadataString(found->second.object, "uid");
  if (!uid.empty() && uid != live_uid)
    return Failed(StatusResponse(409, "Conflict",
                                 "Precondition failed: UID in precondition: " + uid +
                                     ", UID in object meta: " + live_uid),
                  call.Describe());
  objects_.erase(found);
  // No finalizers here: a namespace's objects go with it at once.
  if (ref.kind == "Namespace" && ref.api_version == "v1")
    std::erase_if(objects_,
                  [&](const auto& entry) { return std::get<2>(entry.first) == ref.name; });
  if (fault) return Lost(*fault, call.Describe());
  return Answer({{"kind", "Status"}, {"status", "Success"}});
}

CallResult FakeCluster::GetPath(const std::string& path, bool json_body, bool /*retry*/) {
  std::lock_guard lock(mu_);
  FakeCall call{"get-path", {"", "", "", path}};
  std::optional<Fault> fault;
  if (auto early = Begin(call, &fault)) return *early;
  if (fault) return Lost(*fault, call.Describe());
  if (path != "/api/v1")
    return Failed(
        StatusResponse(404, "NotFound", "the server could not find the requested resource"),
        "get " + path);
  json resources = json::array();
  for (const auto& [kind, namespaced] : served_)
    if (kind.first == "v1")
      resources.push_back({{"kind", kind.second}, {"namespaced", namespaced}});
  CallResult result = Answer(
      {{"kind", "APIResourceList"}, {"groupVersion", "v1"}, {"resources", std::move(resources)}});
  if (!json_body) result.object = json();
  return result;
}

CallResult FakeCluster::ServesKind(const std::string& api_version, const std::string& kind) {
  std::lock_guard lock(mu_);
  FakeCall call{"serves-kind", {api_version, kind, "", ""}};
  std::optional<Fault> fault;
  if (auto early = Begin(call, &fault)) return *early;
  if (Served(api_version, kind)) return {};
  return Failed(StatusResponse(404, "NotFound", kind + " " + api_version + " is not served"),
                call.Describe());
}

std::optional<json> FakeCluster::Find(const ObjectRef& ref) const {
  std::lock_guard lock(mu_);
  auto found = objects_.find(KeyOf(ref));
  if (found == objects_.end()) return std::nullopt;
  return found->second.object;
}

std::vector<json> FakeCluster::Objects() const {
  std::lock_guard lock(mu_);
  std::vector<json> out;
  for (const auto& [key, stored] : objects_) out.push_back(stored.object);
  return out;
}

std::vector<FakeCall> FakeCluster::Calls() const {
  std::lock_guard lock(mu_);
  return calls_;
}

std::vector<std::string> FakeCluster::Writes() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (const FakeCall& call : calls_)
    if (call.IsWrite()) out.push_back(call.Describe());
  return out;
}

long FakeCluster::WriteIndex(const std::string& write) const {
  std::vector<std::string> writes = Writes();
  auto found = std::find(writes.begin(), writes.end(), write);
  return found == writes.end() ? -1 : found - writes.begin();
}

void FakeCluster::ClearCalls() {
  std::lock_guard lock(mu_);
  calls_.clear();
}

}  // namespace dsc::runtime::testing
