// The cluster over HTTP: the Cluster operations as requests to a kube-apiserver,
// resolving kinds to REST paths through discovery. Thread-safe.
#pragma once

#include <string>

#include "runtime/apply/cluster.h"
#include "runtime/kube/discovery.h"
#include "runtime/kube/http_client.h"

namespace dsc::runtime {

class HttpCluster : public Cluster {
 public:
  HttpCluster(kube::HttpClient& http, kube::Discovery& discovery)
      : http_(http), discovery_(discovery) {}

  CallResult Get(const ObjectRef& ref) override;
  CallResult List(const std::string& api_version, const std::string& kind, const std::string& ns,
                  const std::string& label_selector = "") override;
  CallResult Apply(const ObjectRef& ref, const nlohmann::json& manifest, bool force,
                   bool dry_run = false) override;
  CallResult PreviewApply(const ObjectRef& ref, const nlohmann::json& manifest,
                          bool force) override;
  CallResult Create(const ObjectRef& ref, const nlohmann::json& manifest,
                    bool dry_run = false) override;
  // A rewrite of managedFields conditional on the resourceVersion, retried when the
  // object changed in between.
  CallResult HandCreateToApply(const ObjectRef& ref) override;
  CallResult Delete(const ObjectRef& ref, const std::string& uid) override;
  CallResult GetPath(const std::string& path, bool json_body = true, bool retry = true) override;
  // Discovery first; when it does not know the kind, one fresh GET of the group-version.
  CallResult ServesKind(const std::string& api_version, const std::string& kind) override;

  // For what speaks HTTP itself: the connection check and watch streams.
  kube::HttpClient& http() { return http_; }
  kube::Discovery& discovery() { return discovery_; }

 private:
  bool Resolve(const ObjectRef& ref, kube::ResourceInfo* info, std::string* error);
  // `sent` is the object a write sent, if any: a Secret's rejection is described
  // without the apiserver's message.
  CallResult Finish(kube::HttpResponse response, const std::string& what, bool json_body = true,
                    const ObjectRef* sent = nullptr);

  kube::HttpClient& http_;
  kube::Discovery& discovery_;
};

}  // namespace dsc::runtime
