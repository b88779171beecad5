// Exec credential plugins (client.authentication.k8s.io/v1 and v1beta1): run the
// kubeconfig's command, read the ExecCredential it prints. Input: the user's exec
// block and the cluster (for provideClusterInfo); output: a token and/or client
// certificate with an optional expiry. Never puts a credential in an error.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "base/subprocess.h"
#include "runtime/kube/kubeconfig.h"

namespace dsc::kube {

struct ExecCredential {
  std::string token;  // secret
  std::string client_cert_pem;
  std::string client_key_pem;  // secret
  // None: valid until the server rejects it.
  std::optional<std::chrono::system_clock::time_point> expiry;
};

// Runs the plugin with KUBERNETES_EXEC_INFO set, and parses what it prints.
bool RunExecPlugin(const ExecConfig& exec, const RestConfig& cluster, ExecCredential* out,
                   std::string* error, const base::ProcessLimits& limits = {});

// The KUBERNETES_EXEC_INFO value: an ExecCredential with only the spec filled in.
std::string ExecInfoJson(const ExecConfig& exec, const RestConfig& cluster);

// The plugin's stdout. `error` says what is wrong without quoting the text.
bool ParseExecCredential(std::string_view text, const std::string& api_version, ExecCredential* out,
                         std::string* error);

}  // namespace dsc::kube
