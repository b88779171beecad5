#include "compiler/source/recording_file_system.h"

#include "base/sha256.h"

namespace dsc {

std::optional<std::string> RecordingFileSystem::Read(const std::string& path, std::string* error) {
  std::optional<std::string> text = inner_.Read(path, error);
  if (text) reads_.push_back({path, inner_.Identity(path), base::Sha256Hex(*text)});
  return text;
}

}  // namespace dsc
