#include "runtime/kube/client_key_pair.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

namespace dsc::kube {
namespace {

struct FreeBio {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct FreeX509 {
  void operator()(X509* x) const { X509_free(x); }
};
struct FreeKey {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};

std::unique_ptr<BIO, FreeBio> ReadOnlyBio(const std::string& text) {
  return std::unique_ptr<BIO, FreeBio>(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

}  // namespace

bool CheckClientKeyPair(const std::string& cert_pem, const std::string& key_pem,
                        std::string* problem) {
  auto cert_bio = ReadOnlyBio(cert_pem);
  std::unique_ptr<X509, FreeX509> cert(
      cert_bio ? PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr) : nullptr);
  auto key_bio = ReadOnlyBio(key_pem);
  // No passphrase callback: an encrypted key fails here rather than prompting.
  std::unique_ptr<EVP_PKEY, FreeKey> key(
      key_bio ? PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr) : nullptr);
  bool ok = false;
  if (!cert) {
    *problem = "the client certificate is not a PEM certificate";
  } else if (!key) {
    *problem = "the client key is not an unencrypted PEM private key";
  } else if (X509_check_private_key(cert.get(), key.get()) != 1) {
    *problem =
        "the client key does not belong to the client certificate (their public keys differ)";
  } else {
    ok = true;
  }
  // Leave nothing on this thread's OpenSSL error queue for libcurl to misreport later.
  ERR_clear_error();
  return ok;
}

}  // namespace dsc::kube
