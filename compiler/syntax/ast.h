// The abstract syntax tree: what compiler/syntax produces from source text and
// what sema and format consume. Nothing here depends on ANTLR. Every node has a
// Span of byte offsets; line/column appear only when diagnostics are printed.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compiler/source/source_file.h"

namespace dsc::ast {

struct Name {
  std::string text;
  Span span;
};

// `a`, `aws.sqs`, `payments.ledger.url`.
struct QualifiedName {
  std::vector<Name> parts;
  Span span;
  std::string ToString() const;
};

// One piece of a string literal: decoded text, or a `${reference}`.
struct StringPart {
  bool is_ref = false;
  std::string text;
  QualifiedName ref;
  Span span;
};

enum class ExprKind { kString, kNumber, kBool, kList, kMap, kCall, kInstance, kRef };

struct Member;
struct Expr;

// `{ members… }`: a map literal, a block, or a declaration body.
struct Body {
  std::vector<Member> members;
  Span span;  // includes the braces
};

struct Expr {
  ExprKind kind = ExprKind::kString;
  Span span;
  // A literal that could not be decoded (already reported): evaluates to an
  // error value, which silences every check downstream.
  bool malformed = false;
  // kString
  std::vector<StringPart> parts;
  // kNumber: `30s` is magnitude 30, unit "s". Integral numbers fill int_value.
  std::string number_text;
  bool is_integer = false;
  int64_t int_value = 0;
  double float_value = 0;
  std::string unit;
  // kBool
  bool bool_value = false;
  // kList items, kCall arguments
  std::vector<std::unique_ptr<Expr>> items;
  // kMap, kInstance
  std::unique_ptr<Body> body;
  // kRef, kInstance (the kind), kCall (the function)
  QualifiedName name;

  // The literal text of a string without interpolation; empty otherwise.
  bool IsPlainString() const;
  std::string PlainString() const;
};

struct TypeExpr {
  Name name;
  std::unique_ptr<TypeExpr> arg;
  Span span;
  std::string ToString() const;
};

struct Decl;

enum class MemberKind {
  kAssign,  // key = expr
  kBlock,   // key { … }   (value is a kMap expr)
  kDecl,    // fork … / infra … inside a feature
  kParam,   // param name: type [= default]   (kinds only)
  kExport,  // export name: type = expr       (kinds only)
};

struct Member {
  MemberKind kind = MemberKind::kAssign;
  Name key;
  bool key_quoted = false;
  std::unique_ptr<Expr> value;  // may be null for a param without default
  std::unique_ptr<TypeExpr> type;
  std::unique_ptr<Decl> decl;
  Span span;
};

enum class DeclKind { kImport, kFleet, kService, kInfra, kFeature, kFork, kKind };

struct Decl {
  DeclKind kind = DeclKind::kService;
  Span span;
  Name name;  // for an import: the alias (explicit or derived from the path)
  // kImport
  std::string import_path;
  Span import_path_span;
  bool has_alias = false;
  // kInfra: the kind it instantiates; has_body is false for `infra x: k` alone.
  QualifiedName kind_ref;
  bool has_body = true;
  // kKind: its category (`infra` or `reload`).
  Name category;
  Body body;
};

struct Comment {
  Span span;
  std::string text;
};

struct File {
  FileId file = 0;
  std::vector<std::unique_ptr<Decl>> decls;
  std::vector<Comment> comments;
  bool has_syntax_errors = false;
};

std::string_view DeclKindKeyword(DeclKind kind);

}  // namespace dsc::ast
