// SHA-256 (OpenSSL's libcrypto), for the content hashes in blueprint.json: `dsc apply`
// and `dsc diff` compare them to tell which releases changed.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace dsc::base {

// The lowercase hex digest of `data`.
std::string Sha256Hex(std::string_view data);

// The digest of pieces fed in turn: what Sha256Hex gives for their concatenation,
// without making it (a chart's files are hashed where they are).
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  void Update(std::string_view piece);
  // The lowercase hex digest of everything fed so far; the hasher is spent after it.
  std::string HexDigest();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

}  // namespace dsc::base
