#include "compiler/source/recording_file_system.h"

#include <doctest/doctest.h>

#include "base/sha256.h"

namespace dsc {
namespace {

TEST_CASE("RecordingFileSystem: each file read, in order, with its hash; nothing else") {
  InMemoryFileSystem files;
  files.Add("shop.ds", "fleet shop {}");
  files.Add("teams/a.ds", "service a {}");
  RecordingFileSystem recording(files);
  std::string error;
  CHECK(recording.Read("teams/a.ds", &error) == "service a {}");
  CHECK_FALSE(recording.Read("missing.ds", &error));
  CHECK(recording.Read("shop.ds", &error) == "fleet shop {}");
  CHECK(recording.Canonical("./shop.ds") == files.Canonical("./shop.ds"));
  REQUIRE(recording.reads().size() == 2);
  CHECK(recording.reads()[0].path == "teams/a.ds");
  CHECK(recording.reads()[0].sha256 == base::Sha256Hex("service a {}"));
  CHECK(recording.reads()[0].identity == files.Identity("teams/a.ds"));
  CHECK(recording.reads()[1].path == "shop.ds");
}

}  // namespace
}  // namespace dsc
