// `dsc lsp`: a Language Server Protocol server on a pair of file descriptors.
//
// The main thread reads messages and answers requests; a checker thread re-checks the
// fleets of the open documents once the editor has been quiet for `debounce`, and
// publishes their diagnostics. A check overtaken by an edit is not published: the
// newer text is checked instead. A member file (no `fleet` header) is checked through
// the project's fleets that deploy it, as `dsc check` does.
//
// It serves diagnostics (with codes, related spans, links to the catalogue, and a quick fix
// where there is a did-you-mean), document sync (full and incremental), and requests.h's
// requests on the fleet's syntax trees: outline, formatting, definition, references,
// hover, rename, completion and semantic tokens. Requests are answered in order; one
// cancelled (`$/cancelRequest`) before its turn gets RequestCancelled.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>

#include "compiler/lsp/catalogue_links.h"
#include "compiler/lsp/documents.h"
#include "compiler/lsp/json_rpc.h"
#include "compiler/source/input_limits.h"

namespace dsc::lsp {

struct ServerOptions {
  std::chrono::milliseconds debounce{50};
  InputLimits limits;
  ImportScope import_scope = ImportScope::kProject;
  std::string project_root;  // as `--project-root`; empty: each file's git work tree
  // Where dsc's docs/ folder is, as a URI: each diagnostic's `codeDescription` links to
  // its section of the catalogue there (catalogue_links.h). Empty: no links.
  std::string docs_uri;
};

class Server {
 public:
  Server(int in_fd, int out_fd, ServerOptions options);
  ~Server();
  // Serves until `exit` (0 after `shutdown`, else 1) or the end of the input (1).
  int Run();

 private:
  // One message read: a message, a framing or JSON error, or the end of the input.
  struct Incoming {
    nlohmann::json message;
    std::string error;
    bool end = false;
  };
  Incoming ReadOne();
  // Whether a message queued after a request cancels it.
  static bool CancelledLater(const std::deque<Incoming>& queue, const nlohmann::json& id);
  void Dispatch(const nlohmann::json& message);
  void HandleRequest(const nlohmann::json& id, const std::string& method,
                     const nlohmann::json& params);
  void HandleNotification(const std::string& method, const nlohmann::json& params);
  nlohmann::json Initialize(const nlohmann::json& params);
  void DidChange(const nlohmann::json& params);
  void Reply(const nlohmann::json& id, nlohmann::json result);
  void Fail(const nlohmann::json& id, int code, const std::string& message);

  void CheckerLoop();
  // Checks every open document's fleets; publishes unless `generation` went stale.
  void CheckAndPublish(unsigned long generation);
  void StopChecker();

  MessageReader reader_;
  MessageWriter writer_;
  ServerOptions options_;
  CatalogueLinks links_;
  Documents documents_;
  PositionEncoding encoding_ = PositionEncoding::kUtf16;
  bool initialized_ = false;
  bool shutdown_ = false;

  std::mutex mutex_;  // guards what the checker thread shares below
  std::condition_variable wake_;
  bool stopping_ = false;
  unsigned long published_generation_ = 0;
  std::set<std::string> published_uris_;  // last published with diagnostics
  std::thread checker_;
};

}  // namespace dsc::lsp
