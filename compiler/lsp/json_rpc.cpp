#include "compiler/lsp/json_rpc.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

#include "base/ascii.h"
#include "base/json_text.h"

namespace dsc::lsp {
namespace {

// A header line longer than this is not a header: the stream is not LSP.
constexpr size_t kMaxHeaderLine = 8192;

}  // namespace

bool MessageReader::Fill() {
  if (pos_ > 0 && pos_ == buffer_.size()) {
    buffer_.clear();
    pos_ = 0;
  }
  char chunk[65536];
  while (true) {
    ssize_t n = read(fd_, chunk, sizeof chunk);
    if (n > 0) {
      buffer_.append(chunk, static_cast<size_t>(n));
      return true;
    }
    if (n < 0 && errno == EINTR) continue;
    return false;
  }
}

bool MessageReader::Ready() {
  if (pos_ < buffer_.size()) return true;
  pollfd fd{fd_, POLLIN, 0};
  return poll(&fd, 1, 0) > 0;
}

bool MessageReader::ReadLine(std::string* line) {
  while (true) {
    size_t end = buffer_.find('\n', pos_);
    if (end != std::string::npos) {
      size_t stop = end > pos_ && buffer_[end - 1] == '\r' ? end - 1 : end;
      line->assign(buffer_, pos_, stop - pos_);
      pos_ = end + 1;
      return true;
    }
    if (buffer_.size() - pos_ > kMaxHeaderLine) {
      // No line end in sight: drop what is there and report it as a bad header.
      line->assign(buffer_, pos_, kMaxHeaderLine);
      pos_ = buffer_.size();
      return true;
    }
    if (!Fill()) return false;
  }
}

MessageReader::Result MessageReader::Next(std::string* body, std::string* error) {
  // Headers up to an empty line; only Content-Length matters (names are case-blind).
  error->clear();
  size_t length = 0;
  bool has_length = false;  // (not std::optional: GCC 12 warns it may be uninitialized)
  bool any_header = false;
  std::string line;
  while (true) {
    if (!ReadLine(&line)) return Result::kEnd;
    if (line.empty()) {
      if (!any_header) continue;  // blank lines between messages
      break;
    }
    any_header = true;
    size_t colon = line.find(':');
    if (colon == std::string::npos || line.size() > kMaxHeaderLine) {
      *error = "a header line without `name: value`";
      continue;  // keep reading to the blank line, then report it
    }
    if (base::AsciiLowered(line.substr(0, colon)) != "content-length") continue;
    std::string value = line.substr(colon + 1);
    size_t first = value.find_first_not_of(" \t");
    value = first == std::string::npos ? "" : value.substr(first);
    size_t parsed = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
    if (ec != std::errc() || end != value.data() + value.size()) {
      *error = "Content-Length is not a number: `" + value.substr(0, 40) + "`";
      has_length = false;
      continue;
    }
    length = parsed;
    has_length = true;
  }
  if (!has_length) {
    if (error->empty()) *error = "a message without a Content-Length header";
    return Result::kBad;
  }
  // A malformed header line beside a good length: the body is read past (the stream stays
  // in step) and the message refused, as is an oversized one.
  bool bad_header = !error->empty();
  bool oversized = length > kMaxMessageBytes;
  bool discard = bad_header || oversized;
  // Read the body (or past it) without holding more than a buffer of what is discarded.
  std::string out;
  size_t left = length;
  while (left > 0) {
    if (pos_ == buffer_.size() && !Fill()) return Result::kEnd;
    size_t take = std::min(left, buffer_.size() - pos_);
    if (!discard) out.append(buffer_, pos_, take);
    pos_ += take;
    left -= take;
  }
  if (oversized && !bad_header)
    *error = "a message of " + std::to_string(length) + " bytes (at most " +
             std::to_string(kMaxMessageBytes) + ")";
  if (discard) return Result::kBad;
  *body = std::move(out);
  return Result::kMessage;
}

bool MessageWriter::Write(const nlohmann::json& message) {
  std::string body = base::JsonText(message);
  std::string out = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  std::lock_guard<std::mutex> lock(mutex_);
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n = write(fd_, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

nlohmann::json ErrorResponse(const nlohmann::json& id, int code, const std::string& message) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

}  // namespace dsc::lsp
