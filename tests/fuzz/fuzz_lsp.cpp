// Fuzz target: the language server's input, as a client (or anything else) writes it to
// `dsc lsp`: Content-Length framing, JSON-RPC messages, document sync with ranges in
// UTF-16 or UTF-8, requests in any order. Whatever the bytes, the server must answer or
// skip them and end at the end of its input, never crash or hang. Its output goes to
// /dev/null; documents are checked when the input leaves it time to.
#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>

#include "compiler/lsp/server.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // A file, not a pipe: an input larger than a pipe holds must not block the writer.
  std::FILE* input = std::tmpfile();
  if (!input) return 0;
  std::fwrite(data, 1, size, input);
  std::fflush(input);
  std::rewind(input);
  int output = open("/dev/null", O_WRONLY | O_CLOEXEC);
  dsc::lsp::ServerOptions options;
  options.debounce = std::chrono::milliseconds(0);
  // Imports resolve in a project that does not exist: nothing on disk is read.
  options.project_root = "/nonexistent-dsc-fuzz";
  {
    dsc::lsp::Server server(fileno(input), output, options);
    (void)server.Run();
  }
  close(output);
  std::fclose(input);
  return 0;
}
