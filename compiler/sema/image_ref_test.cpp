#include "compiler/sema/image_ref.h"

#include <doctest/doctest.h>

#include <string>

namespace dsc::sema {
namespace {

// "repository|tag|digest", with `-` for a part that is absent.
std::string Parts(std::string_view image) {
  ImageRef ref = SplitImage(image);
  auto part = [](const std::optional<std::string_view>& p) {
    return p ? std::string(*p) : std::string("-");
  };
  return std::string(ref.repository) + "|" + part(ref.tag) + "|" + part(ref.digest);
}

TEST_CASE("SplitImage: tag after the last `/`, digest after `@`") {
  CHECK(Parts("nginx") == "nginx|-|-");
  CHECK(Parts("nginx:1.25") == "nginx|1.25|-");
  CHECK(Parts("ghcr.io/acme/api:latest") == "ghcr.io/acme/api|latest|-");
  // A registry's port is not a tag.
  CHECK(Parts("registry.local:5000/acme/worker") == "registry.local:5000/acme/worker|-|-");
  CHECK(Parts("localhost:5000/d:2") == "localhost:5000/d|2|-");
  CHECK(Parts("acme/e@sha256:abc") == "acme/e|-|sha256:abc");
  CHECK(Parts("acme/e:1.0@sha256:abc") == "acme/e|1.0|sha256:abc");
  // Empty parts are kept apart from absent ones, for ImageProblem to name.
  CHECK(Parts("acme/e:") == "acme/e||-");
  CHECK(Parts("acme/e@") == "acme/e|-|");
  CHECK(Parts("") == "|-|-");
}

}  // namespace
}  // namespace dsc::sema
