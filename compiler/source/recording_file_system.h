// A FileSystem that reads through another and records each file it read, in order, with
// the sha256 of its bytes: what a build was made from, so that the next build can tell
// that nothing it would read has changed without parsing anything (ninja keeps such a log).
#pragma once

#include <string>
#include <vector>

#include "compiler/source/file_system.h"

namespace dsc {

struct FileRead {
  std::string path;      // as the compiler asked for it
  std::string identity;  // FileSystem::Identity: which file it was (a link retargeted is another)
  std::string sha256;    // of the bytes it got
};

class RecordingFileSystem : public FileSystem {
 public:
  explicit RecordingFileSystem(FileSystem& inner) : inner_(inner) {}

  // Every successful Read(), in the order made.
  const std::vector<FileRead>& reads() const { return reads_; }

  std::optional<std::string> Read(const std::string& path, std::string* error) override;
  std::string Canonical(const std::string& path) override { return inner_.Canonical(path); }
  std::string Identity(const std::string& path) override { return inner_.Identity(path); }
  std::optional<uint64_t> SizeOf(const std::string& path) override { return inner_.SizeOf(path); }
  std::string ImportRoot(const std::string& entry_path, std::string* why) override {
    return inner_.ImportRoot(entry_path, why);
  }

 private:
  FileSystem& inner_;
  std::vector<FileRead> reads_;
};

}  // namespace dsc
