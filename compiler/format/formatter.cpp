// The layout rules are listed in formatter.h. The printer walks the AST in source order and
// keeps a cursor into the (position-sorted) comments, so each comment is written exactly once:
// before the first node that starts after it, or at the end of the line of the node that ends
// before it.
#include "compiler/format/formatter.h"

#include <algorithm>
#include <limits>
#include <string_view>
#include <vector>

#include "compiler/source/utf8.h"

namespace dsc {
namespace {

constexpr uint32_t kIndentWidth = 2;
constexpr uint32_t kMaxColumns = 100;

// The one-line form of a node, abandoned as soon as it is wider than the room left on the
// line: nothing that does not fit is ever printed inline, and the cut keeps the cost of the
// "does it fit?" question bounded on huge or deeply nested inputs.
class InlineText {
 public:
  explicit InlineText(uint32_t limit) : limit_(limit) {}
  bool Append(std::string_view text) {
    text_ += text;
    width_ += CountCodePoints(text);
    return width_ <= limit_;
  }
  const std::string& text() const { return text_; }

 private:
  uint32_t limit_;
  uint32_t width_ = 0;
  std::string text_;
};

// A member or declaration is a header (`key = `, `infra x: k `, `param n: t = `) followed by at
// most one value: an expression or a body.
struct Parts {
  std::string prefix;
  const ast::Expr* expr = nullptr;
  const ast::Body* body = nullptr;
};

class Formatter {
 public:
  Formatter(const ast::File& file, const SourceFile& source) : file_(file), source_(source.text()) {
    line_starts_.push_back(0);
    for (uint32_t i = 0; i < source_.size(); ++i) {
      if (source_[i] == '\n') line_starts_.push_back(i + 1);
    }
  }

  std::string Run() {
    const auto& decls = file_.decls;
    for (size_t i = 0; i < decls.size(); ++i) {
      if (i > 0) {
        // The gap before a declaration (or before its leading comments) is fixed; the gaps
        // among those comments are the user's.
        bool imports = decls[i - 1]->kind == ast::DeclKind::kImport &&
                       decls[i]->kind == ast::DeclKind::kImport;
        if (!imports) BlankLine();
        first_in_block_ = true;
      }
      BeginItem(decls[i]->span.begin);
      PrintParts(Split(*decls[i]));
      EndItem(decls[i]->span.end);
    }
    FlushLeading(std::numeric_limits<uint32_t>::max());
    return std::move(out_);
  }

 private:
  // --- Source queries -------------------------------------------------------------------

  std::string_view SourceText(Span span) const {
    return std::string_view(source_).substr(span.begin, span.end - span.begin);
  }

  uint32_t LineOf(uint32_t offset) const {
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    return static_cast<uint32_t>(it - line_starts_.begin()) - 1;
  }

  // At least one empty line between two source positions.
  bool BlankBetween(uint32_t from, uint32_t to) const {
    return from < to && LineOf(to) >= LineOf(from) + 2;
  }

  // Only separators between two positions: what lies between code and its trailing comment.
  bool OnlySpaceBetween(uint32_t from, uint32_t to) const {
    for (uint32_t i = from; i < to; ++i) {
      char c = source_[i];
      if (c != ' ' && c != '\t' && c != ',') return false;
    }
    return true;
  }

  bool HasCommentIn(Span span) const {
    auto it = std::lower_bound(
        file_.comments.begin(), file_.comments.end(), span.begin,
        [](const ast::Comment& c, uint32_t offset) { return c.span.begin < offset; });
    return it != file_.comments.end() && it->span.begin < span.end;
  }

  // The user wrote the braces on one line; this also rules out comments inside.
  bool OnOneLine(const ast::Body& body) const {
    return LineOf(body.span.begin) == LineOf(body.span.end - 1);
  }

  // --- Headers --------------------------------------------------------------------------

  std::string KeyText(const ast::Member& member) const {
    return member.key_quoted ? std::string(SourceText(member.key.span)) : member.key.text;
  }

  Parts Split(const ast::Decl& decl) const {
    Parts parts;
    std::string keyword(ast::DeclKindKeyword(decl.kind));
    switch (decl.kind) {
      case ast::DeclKind::kImport:
        parts.prefix = "import " + std::string(SourceText(decl.import_path_span));
        if (decl.has_alias) parts.prefix += " as " + decl.name.text;
        return parts;
      case ast::DeclKind::kInfra:
        parts.prefix = "infra " + decl.name.text + ": " + decl.kind_ref.ToString();
        if (!decl.has_body) return parts;
        break;
      case ast::DeclKind::kKind:
        parts.prefix = "kind " + decl.name.text + ": " + decl.category.text;
        break;
      default:
        parts.prefix = keyword + " " + decl.name.text;
        break;
    }
    parts.prefix += ' ';
    parts.body = &decl.body;
    return parts;
  }

  Parts Split(const ast::Member& member) const {
    Parts parts;
    switch (member.kind) {
      case ast::MemberKind::kAssign:
        parts.prefix = KeyText(member) + " = ";
        parts.expr = member.value.get();
        break;
      case ast::MemberKind::kBlock:
        parts.prefix = KeyText(member) + " ";
        parts.body = member.value->body.get();
        break;
      case ast::MemberKind::kDecl:
        return Split(*member.decl);
      case ast::MemberKind::kParam:
      case ast::MemberKind::kExport: {
        parts.prefix = member.kind == ast::MemberKind::kParam ? "param " : "export ";
        parts.prefix += member.key.text + ": " + member.type->ToString();
        if (member.value) parts.prefix += " = ";
        parts.expr = member.value.get();
        break;
      }
    }
    return parts;
  }

  // --- One-line forms -------------------------------------------------------------------

  bool InlineParts(const Parts& parts, InlineText* out) const {
    if (!out->Append(parts.prefix)) return false;
    if (parts.expr) return InlineExpr(*parts.expr, out);
    if (parts.body) return InlineBody(*parts.body, out);
    return true;
  }

  bool InlineBody(const ast::Body& body, InlineText* out) const {
    if (body.members.empty()) return !HasCommentIn(body.span) && out->Append("{}");
    if (!OnOneLine(body) || !out->Append("{ ")) return false;
    for (size_t i = 0; i < body.members.size(); ++i) {
      if (i > 0 && !out->Append(", ")) return false;
      if (!InlineParts(Split(body.members[i]), out)) return false;
    }
    return out->Append(" }");
  }

  bool InlineItems(const ast::Expr& expr, InlineText* out) const {
    for (size_t i = 0; i < expr.items.size(); ++i) {
      if (i > 0 && !out->Append(", ")) return false;
      if (!InlineExpr(*expr.items[i], out)) return false;
    }
    return true;
  }

  bool InlineExpr(const ast::Expr& expr, InlineText* out) const {
    switch (expr.kind) {
      case ast::ExprKind::kString:
      case ast::ExprKind::kNumber:
        return out->Append(SourceText(expr.span));
      case ast::ExprKind::kBool:
        return out->Append(expr.bool_value ? "true" : "false");
      case ast::ExprKind::kRef:
        return out->Append(expr.name.ToString());
      case ast::ExprKind::kCall:
        return out->Append(expr.name.ToString()) && out->Append("(") && InlineItems(expr, out) &&
               out->Append(")");
      case ast::ExprKind::kList:
        return !HasCommentIn(expr.span) && out->Append("[") && InlineItems(expr, out) &&
               out->Append("]");
      case ast::ExprKind::kMap:
        return InlineBody(*expr.body, out);
      case ast::ExprKind::kInstance:
        return out->Append(expr.name.ToString()) && out->Append(" ") && InlineBody(*expr.body, out);
    }
    return false;
  }

  // The room left on the current line when `suffix_width` columns must follow.
  uint32_t Room(uint32_t suffix_width) const {
    uint32_t used = column_ + suffix_width;
    return used >= kMaxColumns ? 0 : kMaxColumns - used;
  }

  // --- Printing -------------------------------------------------------------------------

  void PrintParts(const Parts& parts) {
    Write(parts.prefix);
    if (parts.expr) PrintExpr(*parts.expr, 0);
    if (parts.body) PrintBody(*parts.body, 0);
  }

  void PrintBody(const ast::Body& body, uint32_t suffix_width) {
    if (body.members.empty() && !HasCommentIn(body.span)) {
      Write("{}");
      return;
    }
    if (OnOneLine(body)) {
      InlineText text(Room(suffix_width));
      if (InlineBody(body, &text)) {
        Write(text.text());
        return;
      }
    }
    Write("{");
    OpenBlock(body.span.begin + 1);
    for (const ast::Member& member : body.members) {
      BeginItem(member.span.begin);
      PrintParts(Split(member));
      EndItem(member.span.end);
    }
    CloseBlock(body.span.end - 1, "}");
  }

  void PrintExpr(const ast::Expr& expr, uint32_t suffix_width) {
    switch (expr.kind) {
      case ast::ExprKind::kList:
        PrintList(expr, suffix_width);
        return;
      case ast::ExprKind::kMap:
        PrintBody(*expr.body, suffix_width);
        return;
      case ast::ExprKind::kInstance:
        Write(expr.name.ToString());
        Write(" ");
        PrintBody(*expr.body, suffix_width);
        return;
      case ast::ExprKind::kCall:
        // Arguments are printed one after another on the call's line; only an argument that
        // is itself a long list or a multi-line map breaks the line.
        Write(expr.name.ToString());
        Write("(");
        for (size_t i = 0; i < expr.items.size(); ++i) {
          if (i > 0) Write(", ");
          bool last = i + 1 == expr.items.size();
          PrintExpr(*expr.items[i], last ? suffix_width + 1 : 1);
        }
        Write(")");
        return;
      default: {
        // Scalars cannot be broken: they are printed whatever the width.
        InlineText text(std::numeric_limits<uint32_t>::max());
        InlineExpr(expr, &text);
        Write(text.text());
        return;
      }
    }
  }

  void PrintList(const ast::Expr& list, uint32_t suffix_width) {
    if (list.items.empty() && !HasCommentIn(list.span)) {
      Write("[]");
      return;
    }
    InlineText text(Room(suffix_width));
    if (InlineExpr(list, &text)) {
      Write(text.text());
      return;
    }
    Write("[");
    OpenBlock(list.span.begin + 1);
    for (const auto& item : list.items) {
      BeginItem(item->span.begin);
      PrintExpr(*item, 1);
      Write(",");
      EndItem(item->span.end);
    }
    CloseBlock(list.span.end - 1, "]");
  }

  // --- Lines and comments ---------------------------------------------------------------

  // After an opening bracket has been written: its trailing comment, then a new line.
  void OpenBlock(uint32_t open_end) {
    ++indent_;
    first_in_block_ = true;
    EmitTrailing(open_end);
    EndLine();
  }

  // Comments before the closing bracket stay inside the block.
  void CloseBlock(uint32_t close_begin, std::string_view close) {
    FlushLeading(close_begin);
    --indent_;
    StartLine();
    Write(close);
  }

  // Starts the line of a member (or list item, or declaration) at source offset `begin`,
  // after the comments on lines of their own before it.
  void BeginItem(uint32_t begin) {
    FlushLeading(begin);
    if (!first_in_block_ && BlankBetween(last_end_, begin)) BlankLine();
    first_in_block_ = false;
    StartLine();
  }

  void EndItem(uint32_t end) {
    last_end_ = std::max(last_end_, end);
    EmitTrailing(end);
    EndLine();
  }

  // Comments that start before `limit`, each on a line of its own, keeping the user's blank
  // lines between them.
  void FlushLeading(uint32_t limit) {
    const auto& comments = file_.comments;
    while (next_comment_ < comments.size() && comments[next_comment_].span.begin < limit) {
      const ast::Comment& comment = comments[next_comment_++];
      if (!first_in_block_ && BlankBetween(last_end_, comment.span.begin)) BlankLine();
      first_in_block_ = false;
      StartLine();
      WriteComment(comment);
      EndLine();
      last_end_ = std::max(last_end_, comment.span.end);
    }
  }

  // Comments that belong at the end of the current line, whose code ends at `end`: those
  // written inside the code just printed (which had no place of their own in its canonical
  // form), then one that follows it on the same source line.
  void EmitTrailing(uint32_t end) {
    const auto& comments = file_.comments;
    bool at_end_of_code = true;
    while (next_comment_ < comments.size()) {
      const ast::Comment& comment = comments[next_comment_];
      bool inside = comment.span.begin < end;
      if (!inside && !OnlySpaceBetween(end, comment.span.begin)) break;
      ++next_comment_;
      if (at_end_of_code) {
        Write(" ");
      } else {
        EndLine();
        StartLine();
      }
      at_end_of_code = false;
      WriteComment(comment);
      last_end_ = std::max(last_end_, comment.span.end);
      if (!inside) break;
    }
  }

  void WriteComment(const ast::Comment& comment) {
    std::string_view text = comment.text;
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
      text.remove_suffix(1);
    }
    Write(text);
  }

  void Write(std::string_view text) {
    out_ += text;
    column_ += CountCodePoints(text);
  }
  void StartLine() { Write(std::string(indent_ * kIndentWidth, ' ')); }
  void EndLine() {
    out_ += '\n';
    column_ = 0;
  }
  void BlankLine() { out_ += '\n'; }

  const ast::File& file_;
  const std::string& source_;
  std::vector<uint32_t> line_starts_;

  std::string out_;
  uint32_t column_ = 0;
  uint32_t indent_ = 0;
  size_t next_comment_ = 0;
  // The source end of the last node or comment printed: where blank lines are measured from.
  uint32_t last_end_ = 0;
  // Nothing printed yet in the current block: no blank line before its first line.
  bool first_in_block_ = true;
};

}  // namespace

std::string FormatFile(const ast::File& file, const SourceFile& source) {
  std::string out = Formatter(file, source).Run();
  if (StartsWithBom(source.text())) out.insert(0, kUtf8Bom);
  return out;
}

}  // namespace dsc
