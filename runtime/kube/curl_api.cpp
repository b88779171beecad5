#include "runtime/kube/curl_api.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

namespace dsc::kube {
namespace {

// The soname of libcurl 7.16 and later (the ABI every distribution ships as 4), unless
// DSC_LIBCURL names another file (a libcurl outside the loader's path).
const char* LibraryName() {
  const char* chosen = std::getenv("DSC_LIBCURL");
  return chosen && *chosen ? chosen : "libcurl.so.4";
}

// Exit 3, as for a cluster that cannot be reached: without libcurl none can.
[[noreturn]] void CannotLoad(const char* what) {
  std::fprintf(stderr,
               "dsc: cannot reach a cluster: cannot load libcurl: %s\n"
               "  help: install libcurl (Debian and Ubuntu: `apt-get install libcurl4`), or "
               "set DSC_LIBCURL to the path of libcurl.so.4\n",
               what);
  std::exit(3);
}

template <typename Function>
void Resolve(void* library, const char* name, Function* out) {
  void* symbol = dlsym(library, name);
  if (!symbol) CannotLoad(dlerror());
  *out = reinterpret_cast<Function>(symbol);
}

CurlApi Load() {
  void* library = dlopen(LibraryName(), RTLD_NOW | RTLD_LOCAL);
  if (!library) CannotLoad(dlerror());
  CurlApi api{};
  Resolve(library, "curl_global_init", &api.global_init);
  Resolve(library, "curl_easy_init", &api.easy_init);
  Resolve(library, "curl_easy_cleanup", &api.easy_cleanup);
  Resolve(library, "curl_easy_reset", &api.easy_reset);
  Resolve(library, "curl_easy_setopt", &api.easy_setopt);
  Resolve(library, "curl_easy_getinfo", &api.easy_getinfo);
  Resolve(library, "curl_easy_strerror", &api.easy_strerror);
  Resolve(library, "curl_multi_init", &api.multi_init);
  Resolve(library, "curl_multi_cleanup", &api.multi_cleanup);
  Resolve(library, "curl_multi_add_handle", &api.multi_add_handle);
  Resolve(library, "curl_multi_remove_handle", &api.multi_remove_handle);
  Resolve(library, "curl_multi_perform", &api.multi_perform);
  Resolve(library, "curl_multi_poll", &api.multi_poll);
  Resolve(library, "curl_multi_info_read", &api.multi_info_read);
  Resolve(library, "curl_share_init", &api.share_init);
  Resolve(library, "curl_share_setopt", &api.share_setopt);
  Resolve(library, "curl_share_cleanup", &api.share_cleanup);
  Resolve(library, "curl_slist_append", &api.slist_append);
  Resolve(library, "curl_slist_free_all", &api.slist_free_all);
  return api;  // the library stays loaded for the life of the process
}

}  // namespace

const CurlApi& Curl() {
  static const CurlApi api = Load();
  return api;
}

}  // namespace dsc::kube
