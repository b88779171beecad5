// Fuzz target: the fast path's hand-written parser against ANTLR's generated one.
// On any bytes, ParseFast must either decline or yield the AST, comments and literal
// diagnostics ANTLR's parse yields, and must not decline a file ANTLR parses without error
// (compiler/syntax/fast_parser.h); a difference aborts, which the fuzzer reports.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "compiler/syntax/fast_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string difference = dsc::ParsedLikeAntlr(text);
  if (!difference.empty()) {
    std::fprintf(stderr, "ParseFast and ANTLR differ: %s\n", difference.c_str());
    std::abort();
  }
  return 0;
}
