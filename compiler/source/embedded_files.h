// Files built into the dsc binary (see cmake/embed_files.cmake): the standard
// library modules and the diagnostics catalogue.
#pragma once

#include <string_view>
#include <vector>

namespace dsc {

struct EmbeddedFile {
  std::string_view path;  // relative to the source tree, e.g. "stdlib/aws.ds"
  std::string_view text;
};

const std::vector<EmbeddedFile>& EmbeddedFiles();

// The text of an embedded file, or an empty view when there is none.
std::string_view FindEmbeddedFile(std::string_view path);

}  // namespace dsc
