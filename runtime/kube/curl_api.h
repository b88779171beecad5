// libcurl, loaded with dlopen when the first request is made rather than by the dynamic
// loader when dsc starts. With its twenty dependencies (OpenSSL, nghttp2, GSSAPI, LDAP,
// SSH, ...) loading it cost every dsc process ~15 ms on the project's machine, commands
// that never reach a cluster included: more than `dsc check` of a 20-service fleet needs
// for everything else. The code calls `Curl().easy_setopt(...)` where it called
// `curl_easy_setopt(...)`; the types are libcurl's own (decltype of its declarations).
#pragma once

#include <curl/curl.h>

namespace dsc::kube {

struct CurlApi {
  decltype(&::curl_global_init) global_init;
  decltype(&::curl_easy_init) easy_init;
  decltype(&::curl_easy_cleanup) easy_cleanup;
  decltype(&::curl_easy_reset) easy_reset;
  decltype(&::curl_easy_setopt) easy_setopt;
  decltype(&::curl_easy_getinfo) easy_getinfo;
  decltype(&::curl_easy_strerror) easy_strerror;
  decltype(&::curl_multi_init) multi_init;
  decltype(&::curl_multi_cleanup) multi_cleanup;
  decltype(&::curl_multi_add_handle) multi_add_handle;
  decltype(&::curl_multi_remove_handle) multi_remove_handle;
  decltype(&::curl_multi_perform) multi_perform;
  decltype(&::curl_multi_poll) multi_poll;
  decltype(&::curl_multi_info_read) multi_info_read;
  decltype(&::curl_share_init) share_init;
  decltype(&::curl_share_setopt) share_setopt;
  decltype(&::curl_share_cleanup) share_cleanup;
  decltype(&::curl_slist_append) slist_append;
  decltype(&::curl_slist_free_all) slist_free_all;
};

// libcurl's functions, loaded on the first call (thread-safe): libcurl.so.4, or the file
// DSC_LIBCURL names. When it cannot be loaded, says so on stderr, with the fix, and exits
// 3 (the cluster commands' "cannot reach the cluster"): every command that gets here
// needs to reach one, and cannot.
const CurlApi& Curl();

}  // namespace dsc::kube
