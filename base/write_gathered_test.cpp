#include "base/write_gathered.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <thread>
#include <vector>

#include "base/read_file.h"
#include "base/test_temp_dir.h"

namespace dsc::base {
namespace {

// More pieces than one writev takes, of sizes 0 to ~2 KB, no two bytes in a row alike
// (a piece written twice from its start would not go unnoticed).
struct Pieces {
  std::vector<std::string> texts;
  std::vector<std::string_view> views;
  std::string joined;
  explicit Pieces(size_t count) {
    for (size_t i = 0; i < count; ++i) {
      std::string& text = texts.emplace_back((i * 7919) % 2053, '\0');
      for (size_t j = 0; j < text.size(); ++j) text[j] = static_cast<char>('a' + (i + j) % 26);
    }
    for (const std::string& text : texts) {
      views.push_back(text);
      joined += text;
    }
  }
};

void NoteSignal(int) {}

TEST_CASE("WriteGathered writes every piece in order, across batches and short writes") {
  Pieces pieces(5000);
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  // The reader runs with SIGALRM blocked, so the timer interrupts the writer: a pipe
  // write interrupted after some bytes returns the short count, one interrupted before
  // any returns EINTR, and both must be carried on from.
  sigset_t alarm, old_mask;
  sigemptyset(&alarm);
  sigaddset(&alarm, SIGALRM);
  REQUIRE(pthread_sigmask(SIG_BLOCK, &alarm, &old_mask) == 0);
  std::string read_back;
  std::thread reader([&] {
    char buffer[1000];
    for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;) {
      read_back.append(buffer, static_cast<size_t>(n));
      if (read_back.size() % 7 == 0) ::usleep(50);
    }
  });
  REQUIRE(pthread_sigmask(SIG_SETMASK, &old_mask, nullptr) == 0);
  struct sigaction on_alarm = {}, old_action = {};
  on_alarm.sa_handler = NoteSignal;  // no SA_RESTART: interrupted writes come back early
  REQUIRE(::sigaction(SIGALRM, &on_alarm, &old_action) == 0);
  itimerval every_100us = {{0, 100}, {0, 100}}, stop = {};
  REQUIRE(::setitimer(ITIMER_REAL, &every_100us, nullptr) == 0);

  int error = WriteGathered(fds[1], pieces.views);

  ::setitimer(ITIMER_REAL, &stop, nullptr);
  ::sigaction(SIGALRM, &old_action, nullptr);
  ::close(fds[1]);
  reader.join();
  ::close(fds[0]);
  CHECK(error == 0);
  CHECK(read_back.size() == pieces.joined.size());
  CHECK(read_back == pieces.joined);
}

TEST_CASE("WriteGathered returns the errno of a write that fails") {
  Pieces pieces(3);
  int read_only = ::open("/dev/null", O_RDONLY);
  REQUIRE(read_only >= 0);
  CHECK(WriteGathered(read_only, pieces.views) == EBADF);
  ::close(read_only);

  // A file limit in the middle of the second batch: the write before it stops short,
  // the next one fails, and what was written is the stream's first bytes.
  Pieces many(3000);
  testing::TempDir dir;
  std::string path = dir.path() + "/out";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  REQUIRE(fd >= 0);
  rlimit old_limit;
  REQUIRE(::getrlimit(RLIMIT_FSIZE, &old_limit) == 0);
  const rlim_t limit = many.joined.size() * 2 / 3 + 1;
  rlimit low = {limit, old_limit.rlim_max};
  auto old_handler = ::signal(SIGXFSZ, SIG_IGN);
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &low) == 0);
  int error = WriteGathered(fd, many.views);
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  ::signal(SIGXFSZ, old_handler);
  ::close(fd);
  CHECK(error == EFBIG);
  std::string written;
  int read_error = 0;
  REQUIRE(ReadFileBytes(path, &written, &read_error));
  CHECK(written == many.joined.substr(0, limit));
}

TEST_CASE("WriteGathered of nothing, or of empty pieces, writes nothing") {
  std::vector<std::string_view> empty = {"", "", ""};
  int read_only = ::open("/dev/null", O_RDONLY);
  REQUIRE(read_only >= 0);
  CHECK(WriteGathered(read_only, {}) == 0);
  CHECK(WriteGathered(read_only, empty) == 0);  // no write at all: no EBADF
  ::close(read_only);
}

}  // namespace
}  // namespace dsc::base
