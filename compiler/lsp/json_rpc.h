// The Language Server Protocol's base protocol: JSON-RPC 2.0 messages, each preceded by
// a `Content-Length` header, over a pair of file descriptors (stdin and stdout).
//
// Reading is forgiving where a client may be sloppy (header case, extra headers) and
// bounded where it may be hostile (header length, body size): a malformed message is
// reported and skipped, never a crash or a read without end.
#pragma once

#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

namespace dsc::lsp {

// The largest message body accepted; a bigger one is read past (discarded) and refused.
inline constexpr size_t kMaxMessageBytes = 64u << 20;

class MessageReader {
 public:
  explicit MessageReader(int fd) : fd_(fd) {}

  enum class Result {
    kMessage,  // `*body` holds one message's bytes (not yet parsed)
    kBad,      // a malformed header or an oversized body, skipped: `*error` says what
    kEnd,      // the stream ended (the client went away)
  };
  Result Next(std::string* body, std::string* error);
  // Whether more input is there to read without waiting (buffered, or on the descriptor).
  bool Ready();

 private:
  bool Fill();                       // more bytes into buffer_; false at the end
  bool ReadLine(std::string* line);  // one header line without its CRLF
  int fd_;
  std::string buffer_;
  size_t pos_ = 0;
};

// Writes whole messages; safe to call from several threads.
class MessageWriter {
 public:
  explicit MessageWriter(int fd) : fd_(fd) {}
  // False when the client is gone (a broken pipe).
  bool Write(const nlohmann::json& message);

 private:
  int fd_;
  std::mutex mutex_;
};

// JSON-RPC error codes the server answers with.
namespace error_code {
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kServerNotInitialized = -32002;
inline constexpr int kRequestCancelled = -32800;
}  // namespace error_code

nlohmann::json ErrorResponse(const nlohmann::json& id, int code, const std::string& message);

}  // namespace dsc::lsp
