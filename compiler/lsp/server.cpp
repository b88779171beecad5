#include "compiler/lsp/server.h"

#include <algorithm>

#include "base/free_at_exit.h"
#include "compiler/check/check.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/lsp/requests.h"
#include "compiler/lsp/semantic_tokens.h"
#include "compiler/lsp/std_files.h"
#include "compiler/pipeline/check_targets.h"

namespace dsc::lsp {
namespace {

using nlohmann::json;

json Position(const TextPosition& p) { return {{"line", p.line}, {"character", p.character}}; }

std::optional<TextPosition> ReadPosition(const json& j) {
  if (!j.is_object() || !j.contains("line") || !j.contains("character") ||
      !j["line"].is_number_unsigned() || !j["character"].is_number_unsigned())
    return std::nullopt;
  return TextPosition{j["line"].get<size_t>(), j["character"].get<size_t>()};
}

const json& Member(const json& object, const char* key) {
  static const json kNull;
  if (!object.is_object()) return kNull;
  auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

std::string StringOf(const json& j) { return j.is_string() ? j.get<std::string>() : ""; }

int SeverityOf(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return 1;
    case Severity::kWarning:
      return 2;
    case Severity::kInfo:
      return 3;
  }
  return 1;
}

// The requests answered besides initialize and shutdown (requests.h).
const std::set<std::string> kServedRequests = {
    "textDocument/documentSymbol", "textDocument/formatting", "textDocument/definition",
    "textDocument/references",     "textDocument/hover",      "textDocument/prepareRename",
    "textDocument/rename",         "textDocument/completion", "textDocument/semanticTokens/full",
    "textDocument/codeAction"};

// `X` of a help that reads "did you mean `X`?", or "".
std::string DidYouMean(const std::string& help) {
  constexpr std::string_view kStart = "did you mean `", kEnd = "`?";
  if (!help.starts_with(kStart) || !help.ends_with(kEnd)) return "";
  std::string fix = help.substr(kStart.size(), help.size() - kStart.size() - kEnd.size());
  return fix.find('`') == std::string::npos ? fix : "";
}

// Diagnostics by document URI, from one check run.
using Published = std::map<std::string, std::vector<json>>;

class DiagnosticConverter {
 public:
  DiagnosticConverter(const SourceManager& sources, PositionEncoding encoding,
                      const CatalogueLinks& links)
      : sources_(sources), encoding_(encoding), links_(links) {}

  // The file's URI and the span's range, or nothing for a span in no file on disk (the
  // embedded standard library).
  std::optional<std::pair<std::string, json>> Locate(Span span) const {
    if (!sources_.IsValid(span.file)) return std::nullopt;
    const SourceFile& file = sources_.Get(span.file);
    if (file.path().empty() || file.path()[0] != '/') return std::nullopt;
    std::string_view text = file.text();
    json range = {{"start", Position(PositionAt(text, span.begin, encoding_))},
                  {"end", Position(PositionAt(text, span.end, encoding_))}};
    return std::make_pair(UriOfPath(NormalPath(file.path())), std::move(range));
  }

  void Add(const Diagnostic& d, Published& out) const {
    auto where = Locate(d.span);
    if (!where) return;
    const DiagKindInfo& info = InfoFor(d.kind);
    std::string message = d.message;
    if (!d.span_label.empty()) message += " (" + d.span_label + ")";
    for (const std::string& note : d.notes) message += "\nnote: " + note;
    if (!d.help.empty()) message += "\nhelp: " + d.help;
    json out_diag = {{"range", where->second},
                     {"severity", SeverityOf(d.severity)},
                     {"code", std::string(info.code)},
                     {"source", "dsc"},
                     {"message", message}};
    if (std::string link = links_.For(info.code); !link.empty())
      out_diag["codeDescription"] = {{"href", link}};
    json related = json::array();
    for (const DiagLabel& label : d.labels) {
      auto at = Locate(label.span);
      if (!at) continue;
      related.push_back(
          {{"location", {{"uri", at->first}, {"range", at->second}}}, {"message", label.message}});
    }
    if (!related.empty()) out_diag["relatedInformation"] = std::move(related);
    // A did-you-mean names what replaces the span: a code action offers it (requests.h).
    if (std::string fix = DidYouMean(d.help); !fix.empty()) out_diag["data"] = {{"replace", fix}};
    std::vector<json>& list = out[where->first];
    // A member file checked through two fleets gets the same finding twice.
    if (std::find(list.begin(), list.end(), out_diag) == list.end())
      list.push_back(std::move(out_diag));
  }

 private:
  const SourceManager& sources_;
  PositionEncoding encoding_;
  const CatalogueLinks& links_;
};

}  // namespace

Server::Server(int in_fd, int out_fd, ServerOptions options)
    : reader_(in_fd), writer_(out_fd), options_(std::move(options)), links_(options_.docs_uri) {}

Server::~Server() { StopChecker(); }

Server::Incoming Server::ReadOne() {
  Incoming in;
  std::string body;
  MessageReader::Result got = reader_.Next(&body, &in.error);
  if (got == MessageReader::Result::kEnd) {
    in.end = true;
  } else if (got == MessageReader::Result::kMessage) {
    in.message = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (in.message.is_discarded()) in.error = "the message is not JSON";
  }
  return in;
}

bool Server::CancelledLater(const std::deque<Incoming>& queue, const json& id) {
  for (const Incoming& in : queue)
    if (Member(in.message, "method") == "$/cancelRequest" &&
        Member(Member(in.message, "params"), "id") == id)
      return true;
  return false;
}

int Server::Run() {
  checker_ = std::thread([this] { CheckerLoop(); });
  std::deque<Incoming> queue;
  while (true) {
    if (queue.empty()) queue.push_back(ReadOne());
    // What else has arrived already is read before answering: a `$/cancelRequest` among
    // it cancels a request not yet answered (requests are answered in order, one by one).
    while (!queue.back().end && reader_.Ready()) queue.push_back(ReadOne());
    Incoming in = std::move(queue.front());
    queue.pop_front();
    if (in.end) break;  // the client is gone
    if (!in.error.empty()) {
      writer_.Write(ErrorResponse(nullptr, error_code::kParseError, in.error));
      continue;
    }
    if (Member(in.message, "method") == "exit") {
      StopChecker();
      return shutdown_ ? 0 : 1;
    }
    const json& id = Member(in.message, "id");
    if (Member(in.message, "method").is_string() && in.message.contains("id") &&
        CancelledLater(queue, id)) {
      Fail(id, error_code::kRequestCancelled, "cancelled by the client");
      continue;
    }
    Dispatch(in.message);
  }
  StopChecker();
  return 1;
}

void Server::Dispatch(const json& message) {
  const json& id = Member(message, "id");
  const json& method = Member(message, "method");
  bool valid_id = id.is_null() || id.is_string() || id.is_number_integer();
  if (!message.is_object() || !method.is_string() || !valid_id) {
    // A response from the client (we send no requests) is ignored; anything else is wrong.
    if (message.is_object() && (message.contains("result") || message.contains("error"))) return;
    writer_.Write(ErrorResponse(valid_id ? id : json(nullptr), error_code::kInvalidRequest,
                                "not a JSON-RPC request or notification"));
    return;
  }
  const json& params = Member(message, "params");
  try {
    if (message.contains("id"))
      HandleRequest(id, method.get<std::string>(), params);
    else
      HandleNotification(method.get<std::string>(), params);
  } catch (const json::exception& e) {
    // Parameters of the wrong shape, found while reading them.
    if (message.contains("id")) Fail(id, error_code::kInvalidParams, e.what());
  }
}

void Server::HandleRequest(const json& id, const std::string& method, const json& params) {
  if (method == "initialize") {
    Reply(id, Initialize(params));
    return;
  }
  if (!initialized_) {
    Fail(id, error_code::kServerNotInitialized, "send `initialize` first");
    return;
  }
  if (shutdown_) {
    Fail(id, error_code::kInvalidRequest, "the server is shut down: send `exit`");
    return;
  }
  if (method == "shutdown") {
    shutdown_ = true;
    StopChecker();
    Reply(id, nullptr);
    return;
  }
  const json& document = Member(params, "textDocument");
  std::optional<std::string> path = PathOfUri(StringOf(Member(document, "uri")));
  std::optional<TextPosition> at = ReadPosition(Member(params, "position"));
  Requests requests(documents_, encoding_, options_.limits, options_.import_scope,
                    options_.project_root);
  try {
    if (method == "textDocument/documentSymbol" && path) {
      Reply(id, requests.DocumentSymbol(*path));
    } else if (method == "textDocument/formatting" && path) {
      Reply(id, requests.Formatting(*path));
    } else if (method == "textDocument/definition" && path && at) {
      Reply(id, requests.Definition(*path, *at));
    } else if (method == "textDocument/references" && path && at) {
      const json& include = Member(Member(params, "context"), "includeDeclaration");
      Reply(id, requests.References(*path, *at, include.is_boolean() && include.get<bool>()));
    } else if (method == "textDocument/hover" && path && at) {
      Reply(id, requests.Hover(*path, *at));
    } else if (method == "textDocument/prepareRename" && path && at) {
      Reply(id, requests.PrepareRename(*path, *at));
    } else if (method == "textDocument/rename" && path && at) {
      Reply(id, requests.Rename(*path, *at, StringOf(Member(params, "newName"))));
    } else if (method == "textDocument/completion" && path && at) {
      Reply(id, requests.Completion(*path, *at));
    } else if (method == "textDocument/semanticTokens/full" && path) {
      Reply(id, requests.SemanticTokens(*path));
    } else if (method == "textDocument/codeAction" && path) {
      Reply(id, CodeActions(StringOf(Member(document, "uri")),
                            Member(Member(params, "context"), "diagnostics")));
    } else if (kServedRequests.count(method)) {
      Fail(id, error_code::kInvalidParams,
           "`" + method + "` needs a file:// `textDocument.uri` (and a `position`)");
    } else {
      Fail(id, error_code::kMethodNotFound, "dsc lsp does not serve `" + method + "`");
    }
  } catch (const RequestError& e) {
    Fail(id, e.code, e.message);
  }
}

void Server::HandleNotification(const std::string& method, const json& params) {
  if (!initialized_ || shutdown_) return;  // ignored, as the protocol says
  const json& document = Member(params, "textDocument");
  std::optional<std::string> path = PathOfUri(StringOf(Member(document, "uri")));
  if (method == "textDocument/didOpen") {
    if (!path) return;
    documents_.Open(*path,
                    Member(document, "version").is_number_integer()
                        ? Member(document, "version").get<int>()
                        : 0,
                    StringOf(Member(document, "text")));
  } else if (method == "textDocument/didChange") {
    DidChange(params);
  } else if (method == "textDocument/didClose") {
    if (path) documents_.Close(*path);
  } else {
    return;  // initialized, didSave, $/cancelRequest (Run's), ...
  }
  std::lock_guard<std::mutex> lock(mutex_);
  wake_.notify_all();
}

json Server::Initialize(const json& params) {
  initialized_ = true;
  // LSP 3.17: the client lists the encodings it can count positions in; UTF-8 spares
  // the conversion, UTF-16 is what every client understands.
  const json& encodings =
      Member(Member(Member(params, "capabilities"), "general"), "positionEncodings");
  if (encodings.is_array() &&
      std::find(encodings.begin(), encodings.end(), "utf-8") != encodings.end())
    encoding_ = PositionEncoding::kUtf8;
  json sync = {{"openClose", true}, {"change", 2}};  // 2: incremental
  return {{"capabilities",
           {{"positionEncoding", encoding_ == PositionEncoding::kUtf8 ? "utf-8" : "utf-16"},
            {"textDocumentSync", sync},
            {"documentSymbolProvider", true},
            {"documentFormattingProvider", true},
            {"definitionProvider", true},
            {"referencesProvider", true},
            {"hoverProvider", true},
            {"renameProvider", {{"prepareProvider", true}}},
            {"completionProvider", {{"triggerCharacters", {".", ":", "\""}}}},
            {"semanticTokensProvider", {{"legend", SemanticTokensLegend()}, {"full", true}}},
            {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}}}},
          {"serverInfo", {{"name", "dsc"}, {"version", DSC_VERSION}}}};
}

void Server::DidChange(const json& params) {
  const json& document = Member(params, "textDocument");
  std::optional<std::string> path = PathOfUri(StringOf(Member(document, "uri")));
  if (!path) return;
  std::vector<TextChange> changes;
  for (const json& change : Member(params, "contentChanges")) {
    TextChange c;
    c.text = StringOf(Member(change, "text"));
    const json& range = Member(change, "range");
    if (range.is_object()) {
      auto start = ReadPosition(Member(range, "start"));
      auto end = ReadPosition(Member(range, "end"));
      if (!start || !end) return;  // a change we cannot place: keep the last good text
      c.range = std::make_pair(*start, *end);
    }
    changes.push_back(std::move(c));
  }
  int version =
      Member(document, "version").is_number_integer() ? Member(document, "version").get<int>() : 0;
  documents_.Change(*path, version, changes, encoding_);
}

void Server::Reply(const json& id, json result) {
  writer_.Write({{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
}

void Server::Fail(const json& id, int code, const std::string& message) {
  writer_.Write(ErrorResponse(id, code, message));
}

void Server::CheckerLoop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || documents_.Generation() != published_generation_; });
    if (stopping_) return;
    // Quiet for `debounce` first: a burst of keystrokes is checked once.
    unsigned long generation = documents_.Generation();
    bool edited = wake_.wait_for(lock, options_.debounce, [&] {
      return stopping_ || documents_.Generation() != generation;
    });
    if (stopping_) return;
    if (edited) continue;  // more edits: wait for quiet again
    lock.unlock();
    CheckAndPublish(generation);
    lock.lock();
  }
}

void Server::CheckAndPublish(unsigned long generation) {
  OverlayFileSystem files(documents_, options_.import_scope, options_.project_root);
  SourceManager sources;
  DiagnosticSink diags;
  std::set<std::pair<std::string, int>> checked;
  for (const std::string& path : documents_.OpenPaths()) {
    if (IsStdFilePath(path)) continue;  // a read-only copy opened by go-to-definition
    for (const pipeline::CheckTarget& target :
         pipeline::ResolveCheckTargets({path}, files, options_.limits)) {
      // Absolute, so that every file's diagnostics have a URI (a fleet found in the
      // project is named relative to the working directory).
      std::string fleet = NormalPath(target.path);
      if (!checked.insert({fleet, static_cast<int>(target.as)}).second) continue;
      base::Free(check::CheckFleet(fleet, files, sources, diags, options_.limits, target.as));
    }
  }
  diags.Sort();
  Published published;
  DiagnosticConverter convert(sources, encoding_, links_);
  for (const Diagnostic& d : diags.diagnostics()) convert.Add(d, published);

  std::lock_guard<std::mutex> lock(mutex_);
  if (stopping_) return;
  if (documents_.Generation() != generation) return;  // overtaken: the loop checks again
  // Every open document gets its list (empty: clean), and so does every file that had
  // diagnostics last time, so that fixed problems disappear.
  for (const std::string& path : documents_.OpenPaths()) published[UriOfPath(path)];
  for (const std::string& uri : published_uris_) published[uri];
  published_uris_.clear();
  for (auto& [uri, list] : published) {
    if (!list.empty()) published_uris_.insert(uri);
    writer_.Write({{"jsonrpc", "2.0"},
                   {"method", "textDocument/publishDiagnostics"},
                   {"params", {{"uri", uri}, {"diagnostics", std::move(list)}}}});
  }
  published_generation_ = generation;
  // The documents that parsed cleanly: completion takes names from this text while the
  // next edits do not parse.
  std::set<std::string> unparsed;
  for (const Diagnostic& d : diags.diagnostics())
    if (InfoFor(d.kind).code.starts_with("DS1") && sources.IsValid(d.span.file))
      unparsed.insert(NormalPath(sources.Get(d.span.file).path()));
  for (const std::string& path : documents_.OpenPaths())
    if (!unparsed.count(path)) documents_.KeepAsParsed(path, generation);
}

void Server::StopChecker() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    wake_.notify_all();
  }
  if (checker_.joinable()) checker_.join();
}

}  // namespace dsc::lsp
