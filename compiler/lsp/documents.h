// The documents the editor has open: their text as the editor holds it (unsaved edits
// included), which the checks read instead of the files on disk.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "compiler/lsp/text_position.h"
#include "compiler/source/file_system.h"

namespace dsc::lsp {

// `file:///a/b%20c.ds` -> `/a/b c.ds`; nothing for another scheme or a relative path.
std::optional<std::string> PathOfUri(const std::string& uri);
// The reverse, percent-encoding what a URI path may not hold.
std::string UriOfPath(const std::string& path);

struct TextChange {
  std::optional<std::pair<TextPosition, TextPosition>> range;  // none: the whole text
  std::string text;
};

class Documents {
 public:
  void Open(const std::string& path, int version, std::string text);
  // False when the document is not open.
  bool Change(const std::string& path, int version, const std::vector<TextChange>& changes,
              PositionEncoding encoding);
  void Close(const std::string& path);

  std::optional<std::string> Text(const std::string& path) const;
  std::vector<std::string> OpenPaths() const;
  // Bumped by every change: a check started before the last change is stale.
  unsigned long Generation() const;

  // The last text of the document that parsed cleanly: names for completion come from it
  // while the text being typed does not parse. Kept when nothing changed since `generation`.
  void KeepAsParsed(const std::string& path, unsigned long generation);
  std::optional<std::string> ParsedText(const std::string& path) const;

 private:
  struct Document {
    int version = 0;
    std::string text;
    std::optional<std::string> parsed;  // KeepAsParsed's
  };
  mutable std::mutex mutex_;
  std::map<std::string, Document> open_;  // by absolute, normal path
  unsigned long generation_ = 0;
};

// The project's files as the editor sees them: open documents from the editor, the rest
// from disk, with the rules of RealFileSystem (imports stay in the project).
class OverlayFileSystem : public RealFileSystem {
 public:
  // `parsed_text`: an open document's last cleanly parsed text rather than its text.
  OverlayFileSystem(const Documents& documents, ImportScope scope, std::string project_root,
                    bool parsed_text = false)
      : RealFileSystem(scope, std::move(project_root)),
        documents_(documents),
        parsed_text_(parsed_text) {}
  std::optional<std::string> Read(const std::string& path, std::string* error) override;
  std::optional<uint64_t> SizeOf(const std::string& path) override;

 private:
  std::optional<std::string> Overlaid(const std::string& path) const;
  const Documents& documents_;
  bool parsed_text_;
};

// An absolute, lexically normal spelling of `path`: how open documents are keyed.
std::string NormalPath(const std::string& path);

}  // namespace dsc::lsp
