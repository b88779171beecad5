#include "compiler/emit/input_key.h"

#include <fmt/format.h>

#include "base/build_id.h"
#include "base/sha256.h"

namespace dsc::emit {

namespace {

// Length-prefixed fields: no two different inputs concatenate to the same text.
class KeyText {
 public:
  void Field(std::string_view value) {
    text_ += fmt::format("{}:", value.size());
    text_ += value;
  }
  // The binary and the options, which both keys cover.
  void Build(const EmitOptions& options) {
    Field(DSC_VERSION);
    Field(base::ProgramBuildId());
    for (const std::string& feature : options.features) Field(feature);
    Field(options.traefik ? model::NameOf(*options.traefik) : "as the fleet says");
    Field(options.source_dir_from_output);
  }
  std::string Hash() const { return base::Sha256Hex(text_); }

 private:
  std::string text_;
};

}  // namespace

std::string InputKey(const SourceManager& sources, const EmitOptions& options) {
  KeyText key;
  key.Build(options);
  for (FileId id = 1; id < sources.end_id(); ++id) {
    key.Field(sources.Get(id).path());
    key.Field(sources.Get(id).text());
  }
  return key.Hash();
}

std::string ReadsKey(const std::vector<FileRead>& reads, const EmitOptions& options,
                     std::string_view invocation) {
  KeyText key;
  key.Field("reads");  // never equal to an InputKey
  key.Build(options);
  key.Field(invocation);
  for (const FileRead& read : reads) {
    key.Field(read.path);
    key.Field(read.identity);
    key.Field(read.sha256);
  }
  return key.Hash();
}

}  // namespace dsc::emit
