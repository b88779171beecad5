// Fuzz target: the lexer and parser (stage 1), then the formatter on what parsed.
// Any input must give an AST or diagnostics: no crash, no hang, no sanitizer report.
// And the formatter's promise (format.h) is checked: formatted text parses cleanly and
// formats to itself; a broken promise aborts, which the fuzzer reports as a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "compiler/diag/render.h"
#include "compiler/format/formatter.h"
#include "compiler/source/source_file.h"
#include "compiler/syntax/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dsc::SourceManager sources;
  const dsc::SourceFile& file =
      sources.Add("fuzz.ds", std::string(reinterpret_cast<const char*>(data), size));
  dsc::DiagnosticSink diags;
  dsc::ast::File ast = dsc::Parse(file, diags);
  (void)dsc::RenderText(diags, sources, {});
  if (diags.has_errors()) return 0;
  std::string once = dsc::FormatFile(ast, file);
  const dsc::SourceFile& formatted = sources.Add("formatted.ds", once);
  dsc::DiagnosticSink again;
  dsc::ast::File reparsed = dsc::Parse(formatted, again);
  if (again.has_errors()) {
    std::fprintf(stderr, "formatted text does not parse:\n%s\n%s", once.c_str(),
                 dsc::RenderText(again, sources, {}).c_str());
    std::abort();
  }
  if (dsc::FormatFile(reparsed, formatted) != once) {
    std::fprintf(stderr, "formatting is not idempotent:\n%s", once.c_str());
    std::abort();
  }
  return 0;
}
