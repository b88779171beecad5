// Checks a client certificate and key before they are used, so a kubeconfig (or exec
// plugin) whose key does not belong to its certificate is named as such, instead of
// libcurl's "unable to set private key file: '(memory blob)'" on the first request.
#pragma once

#include <string>

namespace dsc::kube {

// True when `cert_pem` holds a certificate and `key_pem` the private key of its public
// key. Otherwise false, and `problem` says which part is wrong, never quoting the key.
bool CheckClientKeyPair(const std::string& cert_pem, const std::string& key_pem,
                        std::string* problem);

}  // namespace dsc::kube
