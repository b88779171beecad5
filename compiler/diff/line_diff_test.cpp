#include "compiler/diff/line_diff.h"

#include <doctest/doctest.h>

#include <random>

namespace dsc::diff {
namespace {

using Op = LineEdit::Op;

// The two sides an edit script describes.
void Replay(const std::vector<LineEdit>& edits, std::vector<std::string>* before,
            std::vector<std::string>* after) {
  for (const LineEdit& e : edits) {
    if (e.op != Op::kAdd) before->push_back(e.text);
    if (e.op != Op::kRemove) after->push_back(e.text);
  }
}

int EditCount(const std::vector<LineEdit>& edits) {
  int count = 0;
  for (const LineEdit& e : edits) count += e.op != Op::kKeep;
  return count;
}

// The shortest edit distance (insertions and deletions only), by the textbook
// LCS table: the reference the Myers search must match.
int ShortestEdits(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::vector<int>> lcs(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j)
      lcs[i][j] =
          a[i - 1] == b[j - 1] ? lcs[i - 1][j - 1] + 1 : std::max(lcs[i - 1][j], lcs[i][j - 1]);
  return static_cast<int>(a.size() + b.size()) - 2 * lcs[a.size()][b.size()];
}

TEST_CASE("SplitLines: a final newline ends the last line") {
  CHECK(SplitLines("") == std::vector<std::string>{});
  CHECK(SplitLines("a") == std::vector<std::string>{"a"});
  CHECK(SplitLines("a\n") == std::vector<std::string>{"a"});
  CHECK(SplitLines("a\n\nb\n") == std::vector<std::string>{"a", "", "b"});
}

TEST_CASE("DiffLines: equal, empty and one-sided inputs") {
  std::vector<std::string> abc{"a", "b", "c"};
  CHECK(EditCount(DiffLines(abc, abc)) == 0);
  CHECK(DiffLines({}, {}).empty());
  auto added = DiffLines({}, abc);
  REQUIRE(added.size() == 3);
  for (const LineEdit& e : added) CHECK(e.op == Op::kAdd);
  auto removed = DiffLines(abc, {});
  for (const LineEdit& e : removed) CHECK(e.op == Op::kRemove);
}

TEST_CASE("DiffLines: one changed line is a removal then an addition") {
  auto edits = DiffLines({"a", "b", "c"}, {"a", "x", "c"});
  REQUIRE(edits.size() == 4);
  CHECK(edits[0].op == Op::kKeep);
  CHECK(edits[1].op == Op::kRemove);
  CHECK(edits[1].text == "b");
  CHECK(edits[2].op == Op::kAdd);
  CHECK(edits[2].text == "x");
  CHECK(edits[3].op == Op::kKeep);
}

TEST_CASE("DiffLines: random inputs replay exactly and are shortest") {
  std::mt19937 rng(20240611);
  for (int round = 0; round < 500; ++round) {
    std::uniform_int_distribution<int> length(0, 12), letter(0, 3);
    std::vector<std::string> a, b;
    for (int i = length(rng); i > 0; --i) a.push_back(std::string(1, char('a' + letter(rng))));
    for (int i = length(rng); i > 0; --i) b.push_back(std::string(1, char('a' + letter(rng))));
    auto edits = DiffLines(a, b);
    std::vector<std::string> before, after;
    Replay(edits, &before, &after);
    INFO("round " << round);
    CHECK(before == a);
    CHECK(after == b);
    CHECK(EditCount(edits) == ShortestEdits(a, b));
  }
}

TEST_CASE("DiffLines: past max_edits the script is still correct") {
  std::vector<std::string> a, b;
  for (int i = 0; i < 50; ++i) {
    a.push_back("a" + std::to_string(i));
    b.push_back("b" + std::to_string(i));
  }
  a.insert(a.begin(), "same");
  b.insert(b.begin(), "same");
  auto edits = DiffLines(a, b, /*max_edits=*/10);
  std::vector<std::string> before, after;
  Replay(edits, &before, &after);
  CHECK(before == a);
  CHECK(after == b);
  CHECK(edits[0].op == Op::kKeep);
}

TEST_CASE("MakeHunks: context lines, GNU headers, merging near changes") {
  std::vector<std::string> a, b;
  for (int i = 1; i <= 20; ++i) a.push_back(std::to_string(i));
  b = a;
  b[4] = "five";  // line 5
  b[16] = "17!";  // line 17: far from line 5, a second hunk
  auto hunks = MakeHunks(DiffLines(a, b), 3);
  REQUIRE(hunks.size() == 2);
  CHECK(hunks[0].Header() == "@@ -2,7 +2,7 @@");
  CHECK(hunks[1].Header() == "@@ -14,7 +14,7 @@");
  CHECK(UnifiedHunks({hunks[0]}) == "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");

  b = a;
  b[4] = "five";
  b[10] = "eleven";  // 5 unchanged lines apart (<= 2 x 3): one hunk
  hunks = MakeHunks(DiffLines(a, b), 3);
  REQUIRE(hunks.size() == 1);
  CHECK(hunks[0].Header() == "@@ -2,13 +2,13 @@");
}

TEST_CASE("MakeHunks: additions at the top and an empty side") {
  auto hunks = MakeHunks(DiffLines({}, {"x", "y"}), 3);
  REQUIRE(hunks.size() == 1);
  CHECK(hunks[0].Header() == "@@ -0,0 +1,2 @@");
  hunks = MakeHunks(DiffLines({"only"}, {}), 3);
  REQUIRE(hunks.size() == 1);
  CHECK(hunks[0].Header() == "@@ -1 +0,0 @@");
  hunks = MakeHunks(DiffLines({"a"}, {"x", "a"}), 0);
  REQUIRE(hunks.size() == 1);
  CHECK(hunks[0].Header() == "@@ -0,0 +1 @@");
  CHECK(MakeHunks(DiffLines({"a"}, {"a"}), 3).empty());
}

}  // namespace
}  // namespace dsc::diff
