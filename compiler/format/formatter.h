// Stage: AST -> canonical source text (`dsc fmt`).
//
// Input: an ast::File parsed without syntax errors, and the SourceFile it was parsed from
// (string, number and quoted-key tokens are copied from the source exactly as written, never
// re-escaped). Output: the file in canonical layout with every comment kept exactly once.
// FormatFile(Parse(FormatFile(x))) == FormatFile(x).
//
// The layout, exactly:
// - 2-space indent; lines are measured in code points against a 100-column limit; the output
//   ends with one newline (an empty file stays empty) and no line has trailing whitespace.
// - A UTF-8 byte order mark at the start of the file is kept; none is added.
// - Top level: one blank line between declarations, none between consecutive `import`s.
// - Inside a block (and a multi-line list) one member per line, commas dropped. A blank line
//   the user left between two members or comments is kept (several become one); none is kept
//   after `{` or before `}`, and none is added.
// - Headers: `fleet N {`, `service N {`, `feature N {`, `fork N {`, `infra N: K {` or
//   `infra N: K` without a body, `kind N: C {`, `import "p"` or `import "p" as a` (only when
//   the alias was written). Members: `k = v`, `k { … }`, `param n: t = v`, `param n: t`,
//   `export n: t = v`.
// - Braces (declaration bodies, blocks, maps, instance arguments): an empty one with no comment
//   inside is `{}`. A non-empty one is printed inline, `{ a = 1, b = "x" }`, when the user
//   wrote it on one line (its `{` and `}` on the same source line, which also means no comment
//   inside) and the inline text fits in 100 columns; otherwise it is printed one member per
//   line. The user's choice of one line vs several is kept because which short blocks read
//   better on one line (`ports { http = 8080 }`) or on several (`env { … }`) is a judgement
//   the formatter cannot make; both outcomes are fixed points, so this is idempotent.
// - Lists: `[]` when empty; inline `[a, b]` when there is no comment inside and the inline
//   text fits in 100 columns (whatever the user's layout); otherwise one item per line, each
//   followed by a comma.
// - Calls are always one line: `secret("a", "b")`. References: parts joined with `.`.
// - Comments: a comment on a line of its own is printed on its own line before the member or
//   declaration that follows it, at that member's indentation (before a closing `}` or `]`:
//   inside the block, at the block's member indentation). A comment after code on the same
//   line stays at the end of that line after one space, and so does a comment right after an
//   opening `{` or `[`. A comment written between the tokens of one member (`a = // c` NL
//   `1`) moves to the end of that member's last line; if there are several, the first goes
//   there and the rest follow on lines of their own. Trailing spaces in comments are dropped.
#pragma once

#include <string>

#include "compiler/source/source_file.h"
#include "compiler/syntax/ast.h"

namespace dsc {

std::string FormatFile(const ast::File& file, const SourceFile& source);

}  // namespace dsc
