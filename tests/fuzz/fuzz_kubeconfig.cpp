// Fuzz target: reading a kubeconfig (YAML: clusters, users, contexts, exec plugins,
// CA and client certificates inline or as paths) and an exec plugin's answer (an
// ExecCredential, JSON). Both come from outside dsc; any text must give a config or a
// one-line error, never a crash. No plugin is run and no network is used.
#include <cstddef>
#include <cstdint>
#include <string>

#include "base/rfc3339.h"
#include "runtime/kube/exec_plugin.h"
#include "runtime/kube/kubeconfig.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  dsc::kube::RestConfig config;
  std::string error;
  // Relative paths in the text resolve below a directory that does not exist.
  (void)dsc::kube::LoadKubeconfigText({{"/nonexistent-dsc-fuzz/config", text}}, "", &config,
                                      &error);
  dsc::kube::ExecCredential credential;
  for (const char* version :
       {"client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"})
    (void)dsc::kube::ParseExecCredential(text, version, &credential, &error);
  (void)dsc::base::ParseRfc3339(text);
  return 0;
}
