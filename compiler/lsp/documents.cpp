#include "compiler/lsp/documents.h"

#include <filesystem>

namespace dsc::lsp {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 3986's unreserved characters and `/`: everything else in a path is encoded.
bool KeepsInUri(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~' || c == '/';
}

}  // namespace

std::optional<std::string> PathOfUri(const std::string& uri) {
  constexpr std::string_view kScheme = "file://";
  if (!uri.starts_with(kScheme)) return std::nullopt;
  std::string rest = uri.substr(kScheme.size());
  // `file://host/path`: only the local host (empty or `localhost`) is a path here.
  size_t slash = rest.find('/');
  if (slash == std::string::npos) return std::nullopt;
  std::string host = rest.substr(0, slash);
  if (!host.empty() && host != "localhost") return std::nullopt;
  std::string path;
  for (size_t i = slash; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size() && HexValue(rest[i + 1]) >= 0 &&
        HexValue(rest[i + 2]) >= 0) {
      path += static_cast<char>(HexValue(rest[i + 1]) * 16 + HexValue(rest[i + 2]));
      i += 2;
    } else if (rest[i] == '?' || rest[i] == '#') {
      break;
    } else {
      path += rest[i];
    }
  }
  if (path.find('\0') != std::string::npos) return std::nullopt;
  return NormalPath(path);
}

std::string UriOfPath(const std::string& path) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out = "file://";
  for (unsigned char c : path) {
    if (KeepsInUri(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string NormalPath(const std::string& path) {
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(path, ec);
  return (ec ? std::filesystem::path(path) : absolute).lexically_normal().string();
}

void Documents::Open(const std::string& path, int version, std::string text) {
  std::lock_guard<std::mutex> lock(mutex_);
  open_[path] = {version, std::move(text), std::nullopt};
  ++generation_;
}

bool Documents::Change(const std::string& path, int version, const std::vector<TextChange>& changes,
                       PositionEncoding encoding) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = open_.find(path);
  if (it == open_.end()) return false;
  std::string& text = it->second.text;
  for (const TextChange& change : changes) {
    if (!change.range) {
      text = change.text;
      continue;
    }
    size_t begin = OffsetAt(text, change.range->first, encoding);
    size_t end = std::max(begin, OffsetAt(text, change.range->second, encoding));
    text.replace(begin, end - begin, change.text);
  }
  it->second.version = version;
  ++generation_;
  return true;
}

void Documents::Close(const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  open_.erase(path);
  ++generation_;
}

std::optional<std::string> Documents::Text(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = open_.find(path);
  if (it == open_.end()) return std::nullopt;
  return it->second.text;
}

std::vector<std::string> Documents::OpenPaths() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [path, document] : open_) out.push_back(path);
  return out;
}

unsigned long Documents::Generation() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return generation_;
}

void Documents::KeepAsParsed(const std::string& path, unsigned long generation) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = open_.find(path);
  if (it != open_.end() && generation == generation_) it->second.parsed = it->second.text;
}

std::optional<std::string> Documents::ParsedText(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = open_.find(path);
  if (it == open_.end()) return std::nullopt;
  return it->second.parsed;
}

std::optional<std::string> OverlayFileSystem::Overlaid(const std::string& path) const {
  std::string normal = NormalPath(path);
  if (parsed_text_)
    if (auto parsed = documents_.ParsedText(normal)) return parsed;
  return documents_.Text(normal);
}

std::optional<std::string> OverlayFileSystem::Read(const std::string& path, std::string* error) {
  if (auto text = Overlaid(path)) return text;
  return RealFileSystem::Read(path, error);
}

std::optional<uint64_t> OverlayFileSystem::SizeOf(const std::string& path) {
  if (auto text = Overlaid(path)) return text->size();
  return RealFileSystem::SizeOf(path);
}

}  // namespace dsc::lsp
