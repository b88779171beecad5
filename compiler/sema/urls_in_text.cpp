#include "compiler/sema/urls_in_text.h"

#include <cctype>

namespace dsc::sema {
namespace {

bool EndsScheme(std::string_view text, size_t colon, std::string_view scheme) {
  if (colon < scheme.size()) return false;
  std::string_view before = text.substr(colon - scheme.size(), scheme.size());
  for (size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(before[i])) != scheme[i]) return false;
  }
  // Not the tail of a longer word (`xhttp://`).
  size_t start = colon - scheme.size();
  return start == 0 || !std::isalnum(static_cast<unsigned char>(text[start - 1]));
}

// Where a URL ends inside a value: whitespace, quotes, separators of lists.
bool EndsUrl(char c) {
  return std::isspace(static_cast<unsigned char>(c)) || c == '"' || c == '\'' || c == ',' ||
         c == ';' || c == '<' || c == '>';
}

}  // namespace

std::vector<UrlInText> UrlsIn(std::string_view text) {
  std::vector<UrlInText> urls;
  for (size_t at = text.find("://"); at != std::string_view::npos; at = text.find("://", at + 3)) {
    if (!EndsScheme(text, at, "http") && !EndsScheme(text, at, "https")) continue;
    // The authority runs to the path; the host is after any `user:password@`, before
    // any `:port`.
    size_t authority_end = at + 3;
    while (authority_end < text.size() && !EndsUrl(text[authority_end]) &&
           text[authority_end] != '/' && text[authority_end] != '?' && text[authority_end] != '#') {
      ++authority_end;
    }
    std::string_view host = text.substr(at + 3, authority_end - at - 3);
    if (size_t userinfo = host.rfind('@'); userinfo != std::string_view::npos)
      host.remove_prefix(userinfo + 1);
    host = host.substr(0, host.find(':'));
    size_t path_begin = authority_end;
    size_t path_end = path_begin;
    if (path_begin < text.size() && text[path_begin] == '/') {
      while (path_end < text.size() && !EndsUrl(text[path_end]) && text[path_end] != '?' &&
             text[path_end] != '#') {
        ++path_end;
      }
    }
    if (host.empty()) continue;
    std::string_view path =
        path_end > path_begin ? text.substr(path_begin, path_end - path_begin) : "/";
    urls.push_back({host, path});
  }
  return urls;
}

}  // namespace dsc::sema
