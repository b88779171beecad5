#include "compiler/source/embedded_files.h"

namespace dsc {

std::string_view FindEmbeddedFile(std::string_view path) {
  for (const auto& file : EmbeddedFiles()) {
    if (file.path == path) return file.text;
  }
  return {};
}

}  // namespace dsc
