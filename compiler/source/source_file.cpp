#include "compiler/source/source_file.h"

#include <algorithm>
#include <cstring>

#include "compiler/source/utf8.h"

namespace dsc {

SourceFile::SourceFile(FileId id, std::string path, std::string text)
    : id_(id), path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(StartsWithBom(text_) ? static_cast<uint32_t>(kUtf8Bom.size()) : 0);
  // memchr from line end to line end: a byte-by-byte loop was 7 instructions a byte.
  const char* begin = text_.data();
  const char* end = begin + text_.size();
  for (const char* at = begin; at < end;) {
    const void* found = std::memchr(at, '\n', static_cast<size_t>(end - at));
    if (!found) break;
    at = static_cast<const char*>(found) + 1;
    line_starts_.push_back(static_cast<uint32_t>(at - begin));
  }
}

LineCol SourceFile::LineColAt(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  // Offsets inside the byte order mark fall before line_starts_[0]: line 1.
  uint32_t line_index =
      it == line_starts_.begin() ? 0 : static_cast<uint32_t>(it - line_starts_.begin()) - 1;
  uint32_t start = line_starts_[line_index];
  offset = std::max(offset, start);
  std::string_view prefix(text_.data() + start, offset - start);
  return {line_index + 1, CountCodePoints(prefix) + 1};
}

std::string_view SourceFile::Line(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  uint32_t start = line_starts_[line - 1];
  uint32_t end =
      line < line_starts_.size() ? line_starts_[line] - 1 : static_cast<uint32_t>(text_.size());
  if (end > start && text_[end - 1] == '\r') --end;
  return std::string_view(text_).substr(start, end - start);
}

SourceManager::SourceManager() { files_.push_back(nullptr); }

const SourceFile& SourceManager::Add(std::string path, std::string text) {
  FileId id = static_cast<FileId>(files_.size());
  files_.push_back(std::make_unique<SourceFile>(id, std::move(path), std::move(text)));
  return *files_.back();
}

}  // namespace dsc
