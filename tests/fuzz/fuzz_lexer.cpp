// Fuzz target: the fast path's hand-written lexer against ANTLR's generated one.
// On any bytes, FastLexer must yield DsLexer's tokens up to the first lexical error
// (compiler/syntax/fast_lexer.h); a difference aborts, which the fuzzer reports.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "compiler/syntax/fast_lexer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string difference = dsc::LexedLikeDsLexer(text);
  if (!difference.empty()) {
    std::fprintf(stderr, "FastLexer and DsLexer differ: %s\n", difference.c_str());
    std::abort();
  }
  return 0;
}
