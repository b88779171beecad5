#include "compiler/sema/urls_in_text.h"

#include <doctest/doctest.h>

#include <string>

namespace dsc::sema {
namespace {

std::string Found(std::string_view text) {
  std::string out;
  for (const UrlInText& url : UrlsIn(text)) {
    if (!out.empty()) out += " ";
    out += std::string(url.host) + std::string(url.path);
  }
  return out;
}

TEST_CASE("UrlsIn: hosts and paths of the http(s) URLs in a value") {
  CHECK(Found("http://api.shop.dev") == "api.shop.dev/");
  CHECK(Found("https://api.shop.dev:8443/v1/orders?x=1#top") == "api.shop.dev/v1/orders");
  CHECK(Found("HTTP://Api.Shop.Dev/") == "Api.Shop.Dev/");
  CHECK(Found("a=http://one.dev/x,b=http://two.dev") == "one.dev/x two.dev/");
  CHECK(Found("http://user:secret@api.shop.dev/p") == "api.shop.dev/p");
  CHECK(Found("see \"http://q.dev/a b\"") == "q.dev/a");
  // Not http(s), not a URL, or no host.
  CHECK(Found("postgres://db.shop:5432/app").empty());
  CHECK(Found("xhttp://api.dev").empty());
  CHECK(Found("api.shop.dev/v1").empty());
  CHECK(Found("http:///path").empty());
  CHECK(Found("http://").empty());
}

}  // namespace
}  // namespace dsc::sema
