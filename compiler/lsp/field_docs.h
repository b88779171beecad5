// A built-in field's documentation, for hovers: its row of a field table in
// docs/language.md (built into dsc), so the reference and the editor say the same thing.
#pragma once

#include <string>
#include <string_view>

namespace dsc::lsp {

// The row's cells after the field's name (its type and notes), joined by ` — `, for
// `field` of the block `schema` (`service`, `fleet`, `pod`, `sync`); a row of the
// schema's own section when there is one, else the first row naming the field; "" when
// none does.
std::string FieldDoc(std::string_view schema, std::string_view field);

}  // namespace dsc::lsp
