// What authenticates the next request, per the RestConfig: a static bearer token, a
// token file (re-read every minute, as client-go does, and after a 401), an exec plugin
// (run on first use, again when its credential expires or after a 401) and client
// certificates. Thread-safe; one plugin run serves every thread waiting for it.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "runtime/kube/exec_plugin.h"
#include "runtime/kube/kubeconfig.h"

namespace dsc::kube {

struct Credential {
  std::string bearer_token;  // secret; empty: none
  std::string client_cert_pem;
  std::string client_key_pem;  // secret
  uint64_t generation = 0;     // which refresh produced it (see Invalidate)
};

class Credentials {
 public:
  explicit Credentials(RestConfig config, base::ProcessLimits exec_limits = {})
      : config_(std::move(config)), exec_limits_(exec_limits) {}

  // False (with a reason naming the file or plugin) when no credential can be had.
  bool Get(Credential* out, std::string* error);

  // The server rejected `used` (401): forget it, unless a newer one has replaced it
  // already. True when asking again may help (a token file or plugin backs it).
  bool Invalidate(const Credential& used);

 private:
  bool Refreshable() const;
  bool Fresh() const;
  bool Refresh(std::string* error);
  bool ReadTokenFile(std::string* error);

  const RestConfig config_;
  const base::ProcessLimits exec_limits_;
  std::mutex mu_;
  bool valid_ = false;
  Credential current_;
  // When the cached token file or plugin credential must be fetched again.
  std::optional<std::chrono::system_clock::time_point> expiry_;
};

}  // namespace dsc::kube
