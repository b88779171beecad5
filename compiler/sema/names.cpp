#include "compiler/sema/names.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include "compiler/sema/image_ref.h"

namespace dsc::sema {
namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

}  // namespace

std::string DnsLabelProblem(std::string_view name, bool must_start_with_letter) {
  if (name.empty()) return "it is empty";
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') return "it must be lowercase";
    if (!IsLowerAlnum(c) && c != '-') {
      return c == '_' ? "`_` is not allowed; use `-`"
                      : "only lowercase letters, digits and `-` are allowed";
    }
  }
  if (must_start_with_letter && !(name[0] >= 'a' && name[0] <= 'z')) {
    return "it must start with a lowercase letter";
  }
  if (name.front() == '-') return "it must start with a letter or digit";
  if (name.back() == '-') return "it must end with a letter or digit";
  return "";
}

std::string HostProblem(std::string_view host) {
  if (host.empty()) return "it is empty";
  if (host.find("://") != std::string_view::npos) return "it has a scheme; give only the host";
  if (host.find('/') != std::string_view::npos) return "it has a path; give only the host";
  if (host.size() > kMaxSubdomainLength) return "it is longer than 253 characters";
  std::string_view rest = host;
  if (rest.substr(0, 2) == "*.") rest.remove_prefix(2);
  size_t start = 0;
  while (start <= rest.size()) {
    size_t dot = rest.find('.', start);
    std::string_view label =
        rest.substr(start, dot == std::string_view::npos ? rest.npos : dot - start);
    if (label.empty()) return "it has an empty label (two dots, or a dot at an end)";
    if (label.size() > kMaxLabelLength) return "a label is longer than 63 characters";
    std::string problem = DnsLabelProblem(label, false);
    if (!problem.empty()) return "label `" + std::string(label) + "`: " + problem;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return "";
}

std::string SubdomainProblem(std::string_view name) {
  if (name.empty()) return "it is empty";
  if (name.size() > kMaxSubdomainLength) return "it is longer than 253 characters";
  size_t start = 0;
  while (true) {
    size_t dot = name.find('.', start);
    std::string_view label =
        name.substr(start, dot == std::string_view::npos ? name.npos : dot - start);
    if (label.empty()) return "it has an empty part (two dots, or a dot at an end)";
    std::string problem = DnsLabelProblem(label, false);
    if (!problem.empty()) return problem;
    if (dot == std::string_view::npos) return "";
    start = dot + 1;
  }
}

std::string DataKeyProblem(std::string_view key) {
  if (key.empty()) return "it is empty";
  if (key.size() > kMaxSubdomainLength) return "it is longer than 253 characters";
  if (key == "." || key == "..") return "it cannot be `.` or `..`";
  for (char c : key) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    if (!ok) return "only letters, digits, `-`, `_` and `.` are allowed";
  }
  return "";
}

// registry[:port]/path[:tag][@algorithm:hex], as the distribution reference grammar.
std::string ImageProblem(std::string_view image) {
  if (image.empty()) return "it is empty";
  // (A loop, not find_first_of: that searches the set once per character.)
  for (char c : image) {
    if (c == ' ' || c == '\t' || c == '\n') return "it contains whitespace";
  }
  ImageRef ref = SplitImage(image);
  if (ref.digest) {
    std::string_view digest = *ref.digest;
    size_t colon = digest.find(':');
    if (colon == std::string_view::npos || colon == 0 || digest.size() - colon - 1 < 32) {
      return "a digest looks like `@sha256:<64 hex digits>`";
    }
    for (char c : digest.substr(colon + 1)) {
      if (!std::isxdigit(static_cast<unsigned char>(c))) return "the digest must be hexadecimal";
    }
  }
  if (ref.tag) {
    std::string_view tag = *ref.tag;
    if (tag.empty()) return "the tag after `:` is empty";
    if (tag.size() > 128) return "the tag is longer than 128 characters";
    if (!(IsAlnum(tag[0]) || tag[0] == '_'))
      return "the tag must start with a letter, digit or `_`";
    for (char c : tag) {
      if (!IsAlnum(c) && c != '_' && c != '.' && c != '-')
        return "the tag may only hold letters, digits, `_`, `.` and `-`";
    }
  }
  std::string_view rest = ref.repository;
  if (rest.empty()) return "the repository name is empty";
  // Path components, one at a time. The first is a registry host when there are more
  // and it has a `.` or `:`, or is localhost.
  size_t slash = rest.find('/');
  if (slash != std::string_view::npos) {
    std::string_view host = rest.substr(0, slash);
    bool is_host = host == "localhost";
    for (char c : host) is_host |= c == '.' || c == ':';
    if (is_host) rest.remove_prefix(slash + 1);
  }
  while (true) {
    slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    if (part.empty()) return "it has an empty path component";
    for (char c : part) {
      if (c >= 'A' && c <= 'Z') return "repository names must be lowercase";
      if (!IsLowerAlnum(c) && c != '.' && c != '_' && c != '-') {
        return "repository names may only hold lowercase letters, digits, `.`, `_` and `-`";
      }
    }
    if (!IsLowerAlnum(part.front()) || !IsLowerAlnum(part.back())) {
      return "each path component must start and end with a letter or digit";
    }
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return "";
}

std::string PortNameProblem(std::string_view name) {
  if (name.size() > 15) return "it is longer than 15 characters";
  bool has_letter = false;
  for (char c : name) {
    if (c >= 'a' && c <= 'z')
      has_letter = true;
    else if (!(c >= '0' && c <= '9') && c != '-')
      return "only lowercase letters, digits and `-` are allowed";
  }
  if (!has_letter) return "it must contain a letter";
  if (name.front() == '-' || name.back() == '-') return "it must not start or end with `-`";
  if (name.find("--") != std::string_view::npos) return "it must not contain `--`";
  return "";
}

std::string LabelValueProblem(std::string_view value) {
  if (value.empty()) return "";
  if (value.size() > kMaxLabelLength) return "it is longer than 63 characters";
  for (char c : value) {
    if (!IsAlnum(c) && c != '-' && c != '_' && c != '.')
      return "only ASCII letters, digits, `-`, `_` and `.` are allowed";
  }
  if (!IsAlnum(value.front()) || !IsAlnum(value.back()))
    return "it must start and end with an ASCII letter or digit";
  return "";
}

std::string LabelKeyProblem(std::string_view key) {
  size_t slash = key.find('/');
  std::string_view name = key;
  if (slash != std::string_view::npos) {
    std::string problem = HostProblem(key.substr(0, slash));
    if (!problem.empty()) return "its prefix is not a DNS subdomain: " + problem;
    name = key.substr(slash + 1);
  }
  if (name.empty()) return "its name is empty";
  return LabelValueProblem(name);
}

bool IsEnvName(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return IsAlnum(c) || c == '_'; });
}

bool IsHeaderName(std::string_view name) {
  static constexpr std::string_view kTokenPunctuation = "!#$%&'*+-.^_`|~";
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return IsAlnum(c) || kTokenPunctuation.find(c) != std::string_view::npos;
  });
}

bool IsIpAddress(std::string_view text) {
  std::string copy(text);
  unsigned char buffer[sizeof(struct in6_addr)];
  return inet_pton(AF_INET, copy.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, copy.c_str(), buffer) == 1;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace dsc::sema
