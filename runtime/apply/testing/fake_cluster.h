// A cluster in memory for unit tests of the runtime's decisions (apply, destroy,
// prune, records), in the spirit of client-go's `kubernetes/fake` over an object
// tracker: objects keyed by kind, namespace and name, with uids, resourceVersions,
// generations and managedFields kept as an apiserver keeps them, and the answers
// (404, 409 AlreadyExists, a uid precondition's 409, server-side apply's field-manager
// conflicts) in the apiserver's shape, so the code under test reads them through the
// same helpers it uses on a real cluster.
//
// What it leaves out: admission and validation, finalizers (a Namespace's deletion
// removes what is in it at once), watches, and server-side apply's field-level merge
// (an apply replaces what the manifest sets; labels and annotations as a whole).
//
// Controllers are one function: after every write, a Deployment becomes ready, a Job
// completes and a CRD is established (its kinds served). Tests change that with
// SetController, inject failures with SetFault, and read every call with Calls().
// Thread-safe: the applier writes from a thread per release.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "runtime/apply/cluster.h"

namespace dsc::runtime::testing {

// One call as the cluster saw it. `verb`: get, list, apply, create, hand-over, delete,
// get-path, serves-kind. For list, ref.name is empty; for get-path, it is the path.
struct FakeCall {
  std::string verb;
  ObjectRef ref;
  bool dry_run = false;
  bool force = false;

  bool IsWrite() const {
    return !dry_run &&
           (verb == "apply" || verb == "create" || verb == "hand-over" || verb == "delete");
  }
  // "apply Deployment shop/api", for messages and order checks.
  std::string Describe() const;
};

// What a fault does to a call: fail it with `response` (a status, or a transport error
// with status 0), before it takes effect or, with `after_effect`, after (the request
// reached the cluster, the answer was lost).
struct Fault {
  kube::HttpResponse response;
  bool after_effect = false;
};

class FakeCluster : public Cluster {
 public:
  // Serves v1 Namespace, ConfigMap, Secret, Service, ServiceAccount, Pod; apps/v1
  // Deployment; batch/v1 Job; apiextensions.k8s.io/v1 CustomResourceDefinition.
  FakeCluster();

  // --- Setting up -------------------------------------------------------------------
  void Serve(const std::string& api_version, const std::string& kind, bool namespaced = true);
  // An object someone else made (`manager`: their field manager, an Update entry), or
  // with manager "dsc", one dsc made. Returns the stored object (uid filled in).
  nlohmann::json Put(nlohmann::json object, const std::string& manager = "kubectl");
  // `manager` takes `field` (".spec.replicas") on the object: dsc's next apply without
  // force gets a 409 naming it; with force, dsc takes the field over.
  void Claim(const ObjectRef& ref, const std::string& manager, const std::string& field);
  // Someone deletes the object and makes it again (a new uid), dsc's labels copied but
  // without dsc's managedFields. Returns the new object.
  nlohmann::json ReplaceByHand(const ObjectRef& ref, const std::string& manager = "kubectl");
  using Controller = std::function<void(nlohmann::json& object)>;
  // Replaces the controllers (see above). Runs after every write, under the lock.
  void SetController(Controller controller);
  // The controllers the fake starts with.
  static void DefaultController(nlohmann::json& object);
  // Consulted before every call; returning a Fault fails the call with it.
  using FaultRule = std::function<std::optional<Fault>(const FakeCall&)>;
  void SetFault(FaultRule rule);

  // --- Reading back ------------------------------------------------------------------
  std::optional<nlohmann::json> Find(const ObjectRef& ref) const;
  bool Has(const ObjectRef& ref) const { return Find(ref).has_value(); }
  // Every object, in key order (apiVersion, kind, namespace, name).
  std::vector<nlohmann::json> Objects() const;
  std::vector<FakeCall> Calls() const;
  // The calls that changed something, as "verb Kind ns/name".
  std::vector<std::string> Writes() const;
  // Where `write` ("create Deployment shop/api") is among Writes(); -1 when absent.
  long WriteIndex(const std::string& write) const;
  void ClearCalls();

  // --- Cluster ----------------------------------------------------------------------
  CallResult Get(const ObjectRef& ref) override;
  CallResult List(const std::string& api_version, const std::string& kind, const std::string& ns,
                  const std::string& label_selector = "") override;
  CallResult Apply(const ObjectRef& ref, const nlohmann::json& manifest, bool force,
                   bool dry_run = false) override;
  CallResult PreviewApply(const ObjectRef& ref, const nlohmann::json& manifest,
                          bool force) override;
  CallResult Create(const ObjectRef& ref, const nlohmann::json& manifest,
                    bool dry_run = false) override;
  CallResult HandCreateToApply(const ObjectRef& ref) override;
  CallResult Delete(const ObjectRef& ref, const std::string& uid) override;
  // "/api/v1" answers the served core kinds; every other path 404.
  CallResult GetPath(const std::string& path, bool json_body = true, bool retry = true) override;
  CallResult ServesKind(const std::string& api_version, const std::string& kind) override;

 private:
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  struct Stored {
    nlohmann::json object;
    std::map<std::string, std::set<std::string>> claims;  // manager -> fields
  };
  static Key KeyOf(const ObjectRef& ref) { return {ref.api_version, ref.kind, ref.ns, ref.name}; }

  // Logs the call and applies the fault rule: a result to return at once, if any.
  std::optional<CallResult> Begin(const FakeCall& call, std::optional<Fault>* fault);
  // A call that took effect but whose answer is lost.
  static CallResult Lost(const Fault& fault, const std::string& what);
  CallResult Write(const FakeCall& call, const nlohmann::json& manifest, bool full_answer);
  void Store(Stored stored);
  bool Served(const std::string& api_version, const std::string& kind) const;
  bool Namespaced(const std::string& api_version, const std::string& kind) const;

  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, bool> served_;  // -> namespaced
  std::map<Key, Stored> objects_;
  std::vector<FakeCall> calls_;
  Controller controller_ = DefaultController;
  FaultRule fault_;
  long next_uid_ = 1;
  long resource_version_ = 1;
};

}  // namespace dsc::runtime::testing
