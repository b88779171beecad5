#include "base/read_file.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <string>
#include <thread>

#include "base/test_temp_dir.h"

namespace dsc::base {
namespace {

std::string Bytes(size_t size) {
  std::string text(size, '\0');
  for (size_t i = 0; i < size; ++i) text[i] = static_cast<char>((i * 131 + i / 7) % 256);
  return text;
}

TEST_CASE("ReadFileBytes reads a regular file whole, at any size") {
  testing::TempDir dir;
  for (size_t size : {size_t{0}, size_t{1}, size_t{65535}, size_t{65536}, size_t{300001}}) {
    CAPTURE(size);
    std::string expected = Bytes(size);
    std::string path = dir.path() + "/f";
    std::ofstream(path, std::ios::binary | std::ios::trunc) << expected;
    std::string read;
    int error = 0;
    REQUIRE(ReadFileBytes(path, &read, &error));
    CHECK(read.size() == expected.size());
    CHECK(read == expected);
  }
}

TEST_CASE("ReadFileBytes reads what has no size ahead: a FIFO, a /proc file") {
  testing::TempDir dir;
  std::string path = dir.path() + "/fifo";
  REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
  std::string expected = Bytes(200000);
  std::thread writer([&] { std::ofstream(path, std::ios::binary) << expected; });
  std::string read;
  int error = 0;
  REQUIRE(ReadFileBytes(path, &read, &error));
  writer.join();
  CHECK(read == expected);

  // st_size 0, contents not empty.
  std::string status;
  REQUIRE(ReadFileBytes("/proc/self/status", &status, &error));
  CHECK(status.starts_with("Name:"));
}

TEST_CASE("ReadFileBytes reports the errno of a file it cannot read") {
  std::string read = "unchanged";
  int error = 0;
  CHECK_FALSE(ReadFileBytes("/nonexistent/dsc-read-file-test", &read, &error));
  CHECK(error == ENOENT);
  CHECK(read == "unchanged");
  CHECK_FALSE(ReadFileBytes("/", &read, &error));  // a directory: open works, read does not
  CHECK(error == EISDIR);
}

}  // namespace
}  // namespace dsc::base
