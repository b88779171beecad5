#include "runtime/apply/reporter.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "base/json_text.h"

namespace dsc::runtime {
namespace {

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string Label(const ReleaseEvent& e) {
  return e.feature.empty() ? e.release : e.release + " [" + e.feature + "]";
}

class TextReporter : public Reporter {
 public:
  explicit TextReporter(std::FILE* out) : out_(out) {}
  void Release(const ReleaseEvent& e) override {
    std::lock_guard lock(mu_);
    std::string line =
        fmt::format("[{:6.1f}s] {}: {}", Since(start_), Label(e), PhaseName(e.phase));
    if (!e.message.empty()) line += ": " + e.message;
    fmt::print(out_, "{}\n", line);
    for (const auto& d : e.details) fmt::print(out_, "           {}\n", d);
    std::fflush(out_);
  }
  void Message(const std::string& level, const std::string& text) override {
    std::lock_guard lock(mu_);
    fmt::print(out_, "{}{}\n", level == "info" ? "" : level + ": ", text);
    std::fflush(out_);
  }
  void Finish(const std::string& summary) override { Message("info", summary); }

 private:
  std::FILE* out_;
  std::mutex mu_;
  Clock::time_point start_ = Clock::now();
};

class JsonReporter : public Reporter {
 public:
  explicit JsonReporter(std::FILE* out) : out_(out) {}
  void Release(const ReleaseEvent& e) override {
    Emit({{"event", "release"},
          {"release", e.release},
          {"feature", e.feature.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.feature)},
          {"phase", PhaseName(e.phase)},
          {"message", e.message},
          {"details", e.details}});
  }
  void Message(const std::string& level, const std::string& text) override {
    Emit({{"event", "message"}, {"level", level}, {"message", text}});
  }
  void Finish(const std::string& summary) override {
    Emit({{"event", "done"}, {"message", summary}});
  }

 private:
  void Emit(nlohmann::json event) {
    std::lock_guard lock(mu_);
    event["elapsed"] = std::round(Since(start_) * 1000) / 1000;
    fmt::print(out_, "{}\n", base::JsonText(event));
    std::fflush(out_);
  }
  std::FILE* out_;
  std::mutex mu_;
  Clock::time_point start_ = Clock::now();
};

// The live view: a block of lines, one per release, redrawn in place.
class TtyReporter : public Reporter {
 public:
  explicit TtyReporter(std::FILE* out) : out_(out), ticker_([this] { Tick(); }) {}
  ~TtyReporter() override { Finish(""); }

  void Release(const ReleaseEvent& e) override {
    std::lock_guard lock(mu_);
    auto [it, inserted] = rows_.try_emplace(e.release);
    if (inserted) order_.push_back(e.release);
    Row& row = it->second;
    // The clock of a row starts when its release starts working (not while pending).
    if (!inserted && row.event.phase == Phase::kPending && e.phase != Phase::kPending)
      row.started = Clock::now();
    if (IsFinal(e.phase) && !IsFinal(row.event.phase)) row.took = Since(row.started);
    row.event = e;
    Draw();
  }
  void Message(const std::string& level, const std::string& text) override {
    std::lock_guard lock(mu_);
    Erase();
    fmt::print(out_, "{}{}\n", level == "info" ? "" : level + ": ", text);
    drawn_ = 0;
    Draw();
  }
  void Finish(const std::string& summary) override {
    {
      std::lock_guard lock(mu_);
      if (finished_) return;
      finished_ = true;
    }
    cv_.notify_all();
    if (ticker_.joinable()) ticker_.join();
    std::lock_guard lock(mu_);
    Draw();
    // Failures' evidence once, below the view, where it can be read and copied.
    for (const auto& id : order_) {
      const Row& row = rows_[id];
      if (row.event.details.empty()) continue;
      fmt::print(out_, "\n{} {}:\n", Label(row.event), PhaseName(row.event.phase));
      for (const auto& d : row.event.details) fmt::print(out_, "  {}\n", d);
    }
    if (!summary.empty()) fmt::print(out_, "{}\n", summary);
    std::fflush(out_);
  }

 private:
  struct Row {
    ReleaseEvent event;
    Clock::time_point started = Clock::now();
    double took = 0;
  };

  void Tick() {
    std::unique_lock lock(mu_);
    while (!finished_) {
      cv_.wait_for(lock, std::chrono::milliseconds(100));
      if (finished_) break;
      ++frame_;
      Draw();
    }
  }
  void Erase() {
    for (int i = 0; i < drawn_; ++i) fmt::print(out_, "\x1b[1A\x1b[2K");
  }
  void Draw() {
    static const char* kSpinner[] = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
    Erase();
    for (const auto& id : order_) {
      const Row& row = rows_[id];
      const ReleaseEvent& e = row.event;
      const char* mark = e.phase == Phase::kFailed || e.phase == Phase::kBlocked ? "✗"
                         : IsFinal(e.phase)                                      ? "✓"
                         : e.phase == Phase::kPending                            ? "·"
                                                      : kSpinner[frame_ % 10];
      double elapsed = IsFinal(e.phase) ? row.took : Since(row.started);
      std::string line =
          fmt::format("{} {:<40} {:<10} {:5.1f}s", mark, Label(e), PhaseName(e.phase), elapsed);
      if (!e.message.empty()) line += "  " + e.message;
      if (line.size() > 160) line = line.substr(0, 157) + "...";
      fmt::print(out_, "{}\n", line);
    }
    drawn_ = static_cast<int>(order_.size());
    std::fflush(out_);
  }

  std::FILE* out_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, Row> rows_;
  std::vector<std::string> order_;
  int drawn_ = 0;
  int frame_ = 0;
  bool finished_ = false;
  std::thread ticker_;
};

}  // namespace

const char* PhaseName(Phase phase) {
  switch (phase) {
    case Phase::kPending:
      return "pending";
    case Phase::kHooks:
      return "hooks";
    case Phase::kApplying:
      return "applying";
    case Phase::kWaiting:
      return "waiting";
    case Phase::kReady:
      return "ready";
    case Phase::kUnchanged:
      return "unchanged";
    case Phase::kFailed:
      return "failed";
    case Phase::kBlocked:
      return "blocked";
    case Phase::kCancelled:
      return "cancelled";
    case Phase::kPlanned:
      return "planned";
    case Phase::kPruned:
      return "pruned";
    case Phase::kDeleted:
      return "deleted";
    case Phase::kDrifted:
      return "drifted";
  }
  return "?";
}

bool IsFinal(Phase phase) {
  return phase != Phase::kPending && phase != Phase::kHooks && phase != Phase::kApplying &&
         phase != Phase::kWaiting;
}

std::unique_ptr<Reporter> MakeReporter(OutputMode mode, std::FILE* out) {
  if (mode == OutputMode::kJson) return std::make_unique<JsonReporter>(out);
  const char* term = std::getenv("TERM");
  bool tty = isatty(fileno(out)) && !(term && std::string(term) == "dumb");
  if (mode == OutputMode::kAuto && tty) return std::make_unique<TtyReporter>(out);
  return std::make_unique<TextReporter>(out);
}

}  // namespace dsc::runtime
