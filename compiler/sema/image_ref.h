// A container image reference split into its parts, the one place that knows where a
// tag or a digest starts: sema checks each part (names.h ImageProblem), lint reads the
// tag and digest, emit labels workloads with the tag.
#pragma once

#include <optional>
#include <string_view>

namespace dsc::sema {

// `[registry[:port]/]path[:tag][@algorithm:hex]`, as the distribution reference grammar
// writes it. The digest follows the first `@`; the tag follows the last `:` after the
// last `/` (a `:` before it is a registry's port). The parts are views into the text.
struct ImageRef {
  std::string_view repository;             // registry and path
  std::optional<std::string_view> tag;     // after `:`, possibly empty; nullopt: none
  std::optional<std::string_view> digest;  // after `@`, possibly empty; nullopt: none
};

// Splits without checking: a part may be empty or malformed (ImageProblem says so).
ImageRef SplitImage(std::string_view image);

}  // namespace dsc::sema
