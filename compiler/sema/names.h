// Validators for the names and strings that reach Kubernetes, Traefik and HTTP:
// pure functions, each returning an empty string when the input is valid or the
// reason it is not (phrased to follow "… is not valid: ").
#pragma once

#include <string>
#include <string_view>

namespace dsc::sema {

constexpr size_t kMaxLabelLength = 63;       // DNS-1123 label
constexpr size_t kMaxSubdomainLength = 253;  // DNS-1123 subdomain

// DNS-1035 label (Service names): starts with a letter. Length is checked apart.
std::string DnsLabelProblem(std::string_view name, bool must_start_with_letter);
std::string HostProblem(std::string_view host);
// DNS-1123 subdomain (the name of a Secret, a ConfigMap): lowercase labels joined by dots.
std::string SubdomainProblem(std::string_view name);
// A key of a Secret or ConfigMap: letters, digits, `-`, `_` and `.`, not `.` or `..`.
std::string DataKeyProblem(std::string_view key);
std::string ImageProblem(std::string_view image);
std::string PortNameProblem(std::string_view name);
std::string LabelKeyProblem(std::string_view key);
std::string LabelValueProblem(std::string_view value);
bool IsEnvName(std::string_view name);
bool IsHeaderName(std::string_view name);

// Edit distance, for "did you mean" suggestions.
// An IPv4 or IPv6 address, as a Pod's hostAliases takes it.
bool IsIpAddress(std::string_view text);

size_t EditDistance(std::string_view a, std::string_view b);

}  // namespace dsc::sema
