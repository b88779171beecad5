// What the user sees while the runtime works: a live view on a terminal (one
// line per release, spinner, elapsed time), plain log lines otherwise, or JSON
// events (one object per line) for tools. Thread-safe.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace dsc::runtime {

enum class Phase {
  kPending,    // waiting for its wave / dependencies
  kHooks,      // running hooks
  kApplying,   // sending objects
  kWaiting,    // waiting for readiness
  kReady,      // applied and ready
  kUnchanged,  // nothing to send, and ready
  kFailed,     // failed; details say why
  kBlocked,    // a release it needs failed
  kCancelled,  // interrupted
  kPlanned,    // --dry-run: what would happen
  kPruned,     // removed from the fleet and deleted
  kDeleted,    // destroyed
  kDrifted,    // `dsc watch`: ready, but a field dsc set has another value, or an object is gone
};

const char* PhaseName(Phase phase);
bool IsFinal(Phase phase);

struct ReleaseEvent {
  std::string release;  // "namespace/name"
  std::string feature;  // empty: baseline
  Phase phase = Phase::kPending;
  std::string message;               // one line
  std::vector<std::string> details;  // evidence for a failure, a dry-run plan
};

enum class OutputMode { kAuto, kText, kJson };

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void Release(const ReleaseEvent& event) = 0;
  // level: "info", "warning" or "error"
  virtual void Message(const std::string& level, const std::string& text) = 0;
  // Ends the live view; prints nothing more after.
  virtual void Finish(const std::string& summary) = 0;
};

// kAuto: the live view when `out` is a terminal (and TERM is not dumb), else text.
std::unique_ptr<Reporter> MakeReporter(OutputMode mode, std::FILE* out);

}  // namespace dsc::runtime
