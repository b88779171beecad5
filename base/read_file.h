// Reading small local files (kubeconfigs, certificates, token files) with errors that
// name the file and the reason, never its contents.
#pragma once

#include <string>

namespace dsc::base {

// Fills `out` with the file's bytes, or returns false with errno in `error_number`.
bool ReadFileBytes(const std::string& path, std::string* out, int* error_number);

// Fills `out`, or returns false with "cannot read PATH: REASON" in `error`.
bool ReadFileToString(const std::string& path, std::string* out, std::string* error);

// True when the path names nothing at all (ENOENT), which KUBECONFIG lists tolerate.
bool PathIsMissing(const std::string& path);

// `path` made relative to the directory of `base_file` unless already absolute.
std::string ResolveAgainst(const std::string& base_file, const std::string& path);

}  // namespace dsc::base
