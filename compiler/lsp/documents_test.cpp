#include "compiler/lsp/documents.h"

#include <doctest/doctest.h>

namespace dsc::lsp {

TEST_CASE("lsp documents: file URIs to paths and back") {
  CHECK(PathOfUri("file:///a/b%20c.ds") == "/a/b c.ds");
  CHECK(PathOfUri("file://localhost/a/./x/../b.ds") == "/a/b.ds");
  CHECK(PathOfUri("file:///a/%C3%A9.ds") == "/a/\xC3\xA9.ds");
  CHECK(PathOfUri("file:///a/b.ds#frag") == "/a/b.ds");
  CHECK_FALSE(PathOfUri("untitled:Untitled-1"));
  CHECK_FALSE(PathOfUri("file://server/share/a.ds"));  // another host
  CHECK_FALSE(PathOfUri("file:///a/%00.ds"));          // a NUL in a path
  CHECK_FALSE(PathOfUri("file:"));
  CHECK(UriOfPath("/a/b c/é.ds") == "file:///a/b%20c/%C3%A9.ds");
  CHECK(PathOfUri(UriOfPath("/tmp/100% #1.ds")) == "/tmp/100% #1.ds");
}

TEST_CASE("lsp documents: whole and ranged changes, each one bumping the generation") {
  Documents documents;
  CHECK_FALSE(documents.Change("/a.ds", 2, {{std::nullopt, "x"}}, PositionEncoding::kUtf16));
  documents.Open("/a.ds", 1, "service api {}\n");
  unsigned long opened = documents.Generation();
  // `api` -> `web`, then an insertion at the end of line 0 and one past the end (clamped).
  CHECK(documents.Change("/a.ds", 2,
                         {{std::make_pair(TextPosition{0, 8}, TextPosition{0, 11}), "web"},
                          {std::make_pair(TextPosition{0, 14}, TextPosition{0, 14}), " // x"},
                          {std::make_pair(TextPosition{9, 0}, TextPosition{9, 0}), "!"}},
                         PositionEncoding::kUtf16));
  CHECK(documents.Text("/a.ds") == "service web {} // x\n!");
  CHECK(documents.Generation() > opened);
  // A reversed range deletes nothing.
  CHECK(documents.Change("/a.ds", 3,
                         {{std::make_pair(TextPosition{0, 5}, TextPosition{0, 2}), "-"}},
                         PositionEncoding::kUtf16));
  CHECK(documents.Text("/a.ds") == "servi-ce web {} // x\n!");
  CHECK(documents.Change("/a.ds", 4, {{std::nullopt, "fleet f {}"}}, PositionEncoding::kUtf8));
  CHECK(documents.Text("/a.ds") == "fleet f {}");
  CHECK(documents.OpenPaths() == std::vector<std::string>{"/a.ds"});
  documents.Close("/a.ds");
  CHECK_FALSE(documents.Text("/a.ds"));
  CHECK(documents.OpenPaths().empty());
}

}  // namespace dsc::lsp
