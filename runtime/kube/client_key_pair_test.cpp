#include "runtime/kube/client_key_pair.h"

#include <doctest/doctest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <string>

#include "runtime/kube/credentials.h"

namespace dsc::kube {
namespace {

// A fresh P-256 key, and a self-signed certificate for it, as PEM (made here so no key
// material lives in the repository).
struct KeyPair {
  std::string cert_pem;
  std::string key_pem;
};

std::string DrainBio(BIO* bio) {
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  std::string text(data, static_cast<size_t>(size));
  BIO_free(bio);
  return text;
}

KeyPair MakeKeyPair() {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  REQUIRE(key != nullptr);
  X509* cert = X509_new();
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("dsc-test"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509_set_pubkey(cert, key);
  REQUIRE(X509_sign(cert, key, EVP_sha256()) > 0);
  KeyPair pair;
  BIO* cert_out = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(cert_out, cert);
  pair.cert_pem = DrainBio(cert_out);
  BIO* key_out = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(key_out, key, nullptr, nullptr, 0, nullptr, nullptr);
  pair.key_pem = DrainBio(key_out);
  X509_free(cert);
  EVP_PKEY_free(key);
  return pair;
}

TEST_CASE("a client certificate and its own key pass; another key is named as the problem") {
  KeyPair a = MakeKeyPair();
  KeyPair b = MakeKeyPair();
  std::string problem;
  CHECK(CheckClientKeyPair(a.cert_pem, a.key_pem, &problem));
  CHECK(problem.empty());

  CHECK_FALSE(CheckClientKeyPair(a.cert_pem, b.key_pem, &problem));
  CHECK(problem.find("does not belong to the client certificate") != std::string::npos);

  CHECK_FALSE(CheckClientKeyPair("not a certificate", a.key_pem, &problem));
  CHECK(problem.find("not a PEM certificate") != std::string::npos);

  CHECK_FALSE(CheckClientKeyPair(a.cert_pem, a.cert_pem, &problem));
  CHECK(problem.find("not an unencrypted PEM private key") != std::string::npos);
}

TEST_CASE("credentials with a mismatched certificate and key fail before any request") {
  KeyPair a = MakeKeyPair();
  KeyPair b = MakeKeyPair();
  RestConfig config;
  config.server = "https://127.0.0.1:6443";
  config.source = "/home/dev/.kube/config";
  config.client_cert_pem = a.cert_pem;
  config.client_key_pem = b.key_pem;
  Credentials credentials(config);
  Credential got;
  std::string error;
  CHECK_FALSE(credentials.Get(&got, &error));
  CHECK(error ==
        "the client key does not belong to the client certificate (their public keys differ) "
        "(client-certificate and client-key in /home/dev/.kube/config)");
  // The key never reaches a message.
  CHECK(error.find("PRIVATE KEY") == std::string::npos);

  config.client_key_pem = a.key_pem;
  Credentials matching(config);
  CHECK(matching.Get(&got, &error));
  CHECK(got.client_key_pem == a.key_pem);
}

}  // namespace
}  // namespace dsc::kube
