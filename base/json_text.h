// The one place a JSON document becomes text. nlohmann's dump() throws on a string that
// is not UTF-8, and an exception nobody catches ends dsc with a signal; a file name, a
// command-line value, a Git blob or a hand-edited manifest can hold any bytes. Invalid
// bytes are written as U+FFFD, so every JSON dsc prints is valid and nothing aborts.
#pragma once

#include <string>

namespace dsc::base {

// `doc` as JSON text; `indent` < 0: one line. Works for nlohmann::json and ordered_json.
template <typename JsonT>
std::string JsonText(const JsonT& doc, int indent = -1) {
  return doc.dump(indent, ' ', false, JsonT::error_handler_t::replace);
}

}  // namespace dsc::base
