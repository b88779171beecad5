#include "compiler/emit/input_key.h"

#include <doctest/doctest.h>

namespace dsc::emit {
namespace {

TEST_CASE("ReadsKey: every file read, the options and the invocation count") {
  std::vector<FileRead> reads = {{"shop.ds", "inode-1", "aa"}, {"teams/a.ds", "inode-2", "bb"}};
  EmitOptions options;
  const std::string key = ReadsKey(reads, options, "cwd /src");
  CHECK(key.size() == 64);
  CHECK(ReadsKey(reads, options, "cwd /src") == key);  // deterministic

  auto changed = [&](auto change) {
    std::vector<FileRead> other_reads = reads;
    EmitOptions other_options = options;
    std::string invocation = "cwd /src";
    change(other_reads, other_options, invocation);
    return ReadsKey(other_reads, other_options, invocation) != key;
  };
  CHECK(changed([](auto& r, auto&, auto&) { r[1].sha256 = "bc"; }));
  CHECK(changed([](auto& r, auto&, auto&) { r[1].identity = "inode-3"; }));
  CHECK(changed([](auto& r, auto&, auto&) { r[1].path = "teams/b.ds"; }));
  CHECK(changed([](auto& r, auto&, auto&) { r.pop_back(); }));
  CHECK(changed([](auto& r, auto&, auto&) { std::swap(r[0], r[1]); }));
  CHECK(changed([](auto&, auto& o, auto&) { o.features = {"checkout"}; }));
  CHECK(changed([](auto&, auto& o, auto&) { o.source_dir_from_output = ".."; }));
  CHECK(changed([](auto&, auto&, auto& i) { i = "cwd /elsewhere"; }));
  // Fields are length-prefixed: moving bytes from one to the next is another key.
  CHECK(changed([](auto& r, auto&, auto&) {
    r[0].path = "shop.d";
    r[0].identity = "sinode-1";
  }));
}

}  // namespace
}  // namespace dsc::emit
