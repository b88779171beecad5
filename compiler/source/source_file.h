// SourceFile and SourceManager: the text of every file a compilation reads,
// and the mapping from byte offsets to line:column used only when printing.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dsc {

using FileId = uint32_t;

// A byte range [begin, end) in one file. Every AST node and diagnostic has one.
struct Span {
  FileId file = 0;
  uint32_t begin = 0;
  uint32_t end = 0;
};

struct LineCol {
  uint32_t line = 1;    // 1-based
  uint32_t column = 1;  // 1-based, in Unicode code points
};

// The UTF-8 byte order mark some editors write at the start of a file. A file keeps it
// in its text, so spans stay byte offsets into the file as it is on disk; it is not part
// of line 1 (columns count from after it, Line(1) leaves it out), the parser skips it and
// `dsc fmt` writes it back.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
inline bool StartsWithBom(std::string_view text) { return text.substr(0, 3) == kUtf8Bom; }

class SourceFile {
 public:
  SourceFile(FileId id, std::string path, std::string text);

  FileId id() const { return id_; }
  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }

  LineCol LineColAt(uint32_t offset) const;
  // The text of a 1-based line, without its line terminator.
  std::string_view Line(uint32_t line) const;
  uint32_t LineCount() const { return static_cast<uint32_t>(line_starts_.size()); }

 private:
  FileId id_;
  std::string path_;
  std::string text_;
  // line_starts_[0] is past the byte order mark, if any.
  std::vector<uint32_t> line_starts_;
};

// Owns every SourceFile; FileIds index into it. Id 0 is reserved for "no file".
class SourceManager {
 public:
  SourceManager();
  const SourceFile& Add(std::string path, std::string text);
  const SourceFile& Get(FileId id) const { return *files_[id]; }
  bool IsValid(FileId id) const { return id > 0 && id < files_.size(); }
  // Valid ids run from 1 to end_id() - 1, in the order the files were added.
  FileId end_id() const { return static_cast<FileId>(files_.size()); }

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

}  // namespace dsc
