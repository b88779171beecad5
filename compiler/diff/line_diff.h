// A line-based diff (Myers' O(ND) algorithm) and unified-diff hunks.
//
// Input: two texts. Output: the edit script that turns one into the other,
// grouped into hunks with context lines, and its `diff -u` text. Used for the
// per-object manifest diff of `dsc diff`; knows nothing about YAML.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dsc::diff {

struct LineEdit {
  enum class Op { kKeep, kRemove, kAdd };
  Op op = Op::kKeep;
  std::string text;  // without the newline
};

struct Hunk {
  // 1-based first line and line count on each side, as in `@@ -a,b +c,d @@`;
  // a side with no lines has start = the line before the hunk (0 at the top).
  int old_start = 0, old_count = 0;
  int new_start = 0, new_count = 0;
  std::vector<LineEdit> lines;

  std::string Header() const;  // "@@ -3,7 +3,8 @@"
};

// The lines of `text`; a final newline ends the last line rather than
// starting an empty one.
std::vector<std::string> SplitLines(std::string_view text);

// A shortest edit script from `before` to `after`. When the two differ in more
// than `max_edits` lines the script is still correct but may not be the
// shortest (the middle is replaced as a whole), which bounds time and memory
// on huge inputs.
std::vector<LineEdit> DiffLines(const std::vector<std::string>& before,
                                const std::vector<std::string>& after, int max_edits = 2000);

// The changed regions of `edits` with up to `context` unchanged lines around
// each; regions closer than 2 × context lines share a hunk, as in GNU diff.
std::vector<Hunk> MakeHunks(const std::vector<LineEdit>& edits, int context = 3);

// `diff -u` text (without the ---/+++ header): every hunk's header and lines.
std::string UnifiedHunks(const std::vector<Hunk>& hunks);

}  // namespace dsc::diff
