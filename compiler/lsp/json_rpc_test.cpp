#include "compiler/lsp/json_rpc.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>

namespace dsc::lsp {
namespace {

// A reader over `input` (a temporary file: a pipe would block past its 64 KiB).
struct InputReader {
  explicit InputReader(const std::string& input) : file(std::tmpfile()) {
    REQUIRE(file != nullptr);
    REQUIRE(std::fwrite(input.data(), 1, input.size(), file) == input.size());
    std::fflush(file);
    std::rewind(file);
    reader = std::make_unique<MessageReader>(fileno(file));
  }
  ~InputReader() { std::fclose(file); }
  MessageReader::Result Next() { return reader->Next(&body, &error); }
  std::FILE* file;
  std::unique_ptr<MessageReader> reader;
  std::string body, error;
};

}  // namespace

TEST_CASE("json-rpc framing: bodies by Content-Length, bad headers skipped, then the end") {
  InputReader in(
      "Content-Length: 2\r\n\r\n{}"
      "\r\n"  // a stray blank line between messages
      "content-length: 7\r\nContent-Type: x\r\n\r\n[1,2,3]"
      "Content-Type: x\r\n\r\n"  // no length
      "Content-Length: 12abc\r\n\r\n"
      "no colon here\r\nContent-Length: 1\r\n\r\n1"
      "Content-Length: 999999999999\r\n\r\n"
      "Content-Length: 10\r\n\r\n{\"a\"");  // cut off
  CHECK(in.Next() == MessageReader::Result::kMessage);
  CHECK(in.body == "{}");
  CHECK(in.Next() == MessageReader::Result::kMessage);
  CHECK(in.body == "[1,2,3]");
  CHECK(in.Next() == MessageReader::Result::kBad);
  CHECK(in.error.find("Content-Length") != std::string::npos);
  CHECK(in.Next() == MessageReader::Result::kBad);
  CHECK(in.error.find("not a number") != std::string::npos);
  CHECK(in.Next() == MessageReader::Result::kBad);
  CHECK(in.error.find("name: value") != std::string::npos);
  CHECK(in.Next() == MessageReader::Result::kEnd);  // the huge body never comes
}

TEST_CASE("json-rpc framing: a header line without end is refused, not buffered for ever") {
  InputReader in(std::string(100000, 'x') + "\r\n\r\nContent-Length: 1\r\n\r\n7");
  CHECK(in.Next() == MessageReader::Result::kBad);
  // The rest of the long line reads as more bad headers, up to the blank line.
  CHECK(in.Next() == MessageReader::Result::kMessage);
  CHECK(in.body == "7");
}

TEST_CASE("json-rpc framing: what the writer writes the reader reads") {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  MessageWriter writer(fds[1]);
  CHECK(writer.Write(ErrorResponse(3, error_code::kMethodNotFound, "no `é`")));
  close(fds[1]);
  MessageReader reader(fds[0]);
  std::string body, error;
  CHECK(reader.Next(&body, &error) == MessageReader::Result::kMessage);
  nlohmann::json message = nlohmann::json::parse(body);
  CHECK(message["id"] == 3);
  CHECK(message["error"]["code"] == -32601);
  CHECK(message["error"]["message"] == "no `é`");
  close(fds[0]);
}

}  // namespace dsc::lsp
