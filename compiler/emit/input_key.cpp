#include "compiler/emit/input_key.h"

#include <fmt/format.h>

#include "base/build_id.h"
#include "base/sha256.h"

namespace dsc::emit {

std::string InputKey(const SourceManager& sources, const EmitOptions& options) {
  // Length-prefixed fields: no two different inputs concatenate to the same text.
  std::string text;
  auto field = [&](std::string_view value) {
    text += fmt::format("{}:", value.size());
    text += value;
  };
  field(DSC_VERSION);
  field(base::ProgramBuildId());
  for (const std::string& feature : options.features) field(feature);
  field(options.traefik ? model::NameOf(*options.traefik) : "as the fleet says");
  field(options.source_dir_from_output);
  for (FileId id = 1; id < sources.end_id(); ++id) {
    field(sources.Get(id).path());
    field(sources.Get(id).text());
  }
  return base::Sha256Hex(text);
}

}  // namespace dsc::emit
