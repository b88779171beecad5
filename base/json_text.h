// The one place a JSON document becomes text. nlohmann's dump() throws on a string that
// is not UTF-8, and an exception nobody catches ends dsc with a signal; a file name, a
// command-line value, a Git blob or a hand-edited manifest can hold any bytes. Invalid
// bytes are written as U+FFFD, so every JSON dsc prints is valid and nothing aborts.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace dsc::base {

// `doc` as JSON text; `indent` < 0: one line. Works for nlohmann::json and ordered_json.
template <typename JsonT>
std::string JsonText(const JsonT& doc, int indent = -1) {
  return doc.dump(indent, ' ', false, JsonT::error_handler_t::replace);
}

// Appends `doc` to `out` pretty-printed as it would be `depth` levels deep in a document
// indented by `indent` (its first line is not indented: the caller writes that), byte
// for byte what JsonText(whole, indent) writes there. A large document can then be
// written entry by entry, each entry's tree freed before the next is built. Uses
// nlohmann's serializer directly: dump() has no parameter for the starting depth.
template <typename JsonT>
void AppendJsonText(const JsonT& doc, int indent, int depth, std::string& out) {
  nlohmann::detail::serializer<JsonT> serializer(nlohmann::detail::output_adapter<char>(out), ' ',
                                                 JsonT::error_handler_t::replace);
  serializer.dump(doc, true, false, static_cast<unsigned>(indent),
                  static_cast<unsigned>(indent * depth));
}

}  // namespace dsc::base
