// The http(s) URLs written inside a value (`http://api.shop.dev/v1`,
// `redis://…` is not one), for finding which calls a service makes through
// Traefik: sema wires the route hosts they name to Traefik (hostAliases), and
// `dsc route explain` follows them hop by hop.
#pragma once

#include <string_view>
#include <vector>

namespace dsc::sema {

struct UrlInText {
  std::string_view host;  // as written; hosts are compared lowercase
  std::string_view path;  // "/" when the URL has none; no query or fragment
};

std::vector<UrlInText> UrlsIn(std::string_view text);

}  // namespace dsc::sema
