#include "compiler/diff/line_diff.h"

#include <algorithm>
#include <span>

namespace dsc::diff {
namespace {

using Lines = std::span<const std::string>;

// Myers' greedy forward search, keeping V (the furthest x reached on each
// diagonal k) after every step d so the path can be walked back. Appends the
// script in reverse order. False when more than `max_d` edits are needed.
bool Myers(Lines a, Lines b, int max_d, std::vector<LineEdit>* reversed) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  const int max = n + m;
  const int off = max + 1;
  std::vector<int> v(2 * static_cast<size_t>(max) + 3, 0);
  // trace[d][k + d]: V after step d, for k in [-d, d].
  std::vector<std::vector<int>> trace;
  bool done = false;
  for (int d = 0; d <= max && !done; ++d) {
    if (d > max_d) return false;
    for (int k = -d; k <= d; k += 2) {
      bool down = k == -d || (k != d && v[off + k - 1] < v[off + k + 1]);
      int x = down ? v[off + k + 1] : v[off + k - 1] + 1;
      int y = x - k;
      while (x < n && y < m && a[x] == b[y]) ++x, ++y;
      v[off + k] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
    trace.emplace_back(v.begin() + off - d, v.begin() + off + d + 1);
  }
  int x = n, y = m;
  for (int d = static_cast<int>(trace.size()) - 1; d >= 1; --d) {
    const std::vector<int>& prev = trace[d - 1];
    auto at = [&](int k) { return prev[k + d - 1]; };
    int k = x - y;
    bool down = k == -d || (k != d && at(k - 1) < at(k + 1));
    int prev_k = down ? k + 1 : k - 1;
    int prev_x = at(prev_k);
    int prev_y = prev_x - prev_k;
    int mid_x = down ? prev_x : prev_x + 1;
    for (; x > mid_x; --x, --y) reversed->push_back({LineEdit::Op::kKeep, a[x - 1]});
    if (down) {
      reversed->push_back({LineEdit::Op::kAdd, b[prev_y]});
    } else {
      reversed->push_back({LineEdit::Op::kRemove, a[prev_x]});
    }
    x = prev_x;
    y = prev_y;
  }
  for (; x > 0; --x) reversed->push_back({LineEdit::Op::kKeep, a[x - 1]});
  return true;
}

}  // namespace

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    lines.emplace_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return lines;
}

std::vector<LineEdit> DiffLines(const std::vector<std::string>& before,
                                const std::vector<std::string>& after, int max_edits) {
  // Common head and tail first: most manifest changes touch a few lines, and
  // this keeps Myers' search (and its memory) to the part that differs.
  size_t head = 0;
  while (head < before.size() && head < after.size() && before[head] == after[head]) ++head;
  size_t tail = 0;
  while (tail < before.size() - head && tail < after.size() - head &&
         before[before.size() - 1 - tail] == after[after.size() - 1 - tail]) {
    ++tail;
  }
  std::vector<LineEdit> edits;
  for (size_t i = 0; i < head; ++i) edits.push_back({LineEdit::Op::kKeep, before[i]});
  Lines a(before.data() + head, before.size() - head - tail);
  Lines b(after.data() + head, after.size() - head - tail);
  std::vector<LineEdit> middle;
  if (Myers(a, b, max_edits, &middle)) {
    edits.insert(edits.end(), middle.rbegin(), middle.rend());
  } else {
    for (const std::string& line : a) edits.push_back({LineEdit::Op::kRemove, line});
    for (const std::string& line : b) edits.push_back({LineEdit::Op::kAdd, line});
  }
  for (size_t i = after.size() - tail; i < after.size(); ++i)
    edits.push_back({LineEdit::Op::kKeep, after[i]});
  return edits;
}

std::vector<Hunk> MakeHunks(const std::vector<LineEdit>& edits, int context) {
  const size_t n = edits.size();
  // old_before[i] / new_before[i]: lines of each side before edit i.
  std::vector<int> old_before(n + 1, 0), new_before(n + 1, 0);
  for (size_t i = 0; i < n; ++i) {
    old_before[i + 1] = old_before[i] + (edits[i].op != LineEdit::Op::kAdd);
    new_before[i + 1] = new_before[i] + (edits[i].op != LineEdit::Op::kRemove);
  }
  const size_t ctx = static_cast<size_t>(std::max(context, 0));
  std::vector<Hunk> hunks;
  size_t i = 0;
  while (i < n) {
    if (edits[i].op == LineEdit::Op::kKeep) {
      ++i;
      continue;
    }
    size_t begin = i > ctx ? i - ctx : 0;
    size_t last_change = i;
    size_t j = i;
    for (; j < n; ++j) {
      if (edits[j].op != LineEdit::Op::kKeep) {
        last_change = j;
      } else if (j - last_change > 2 * ctx) {
        break;
      }
    }
    size_t end = std::min(n, last_change + 1 + ctx);
    Hunk hunk;
    hunk.old_count = old_before[end] - old_before[begin];
    hunk.new_count = new_before[end] - new_before[begin];
    hunk.old_start = old_before[begin] + (hunk.old_count > 0 ? 1 : 0);
    hunk.new_start = new_before[begin] + (hunk.new_count > 0 ? 1 : 0);
    hunk.lines.assign(edits.begin() + static_cast<std::ptrdiff_t>(begin),
                      edits.begin() + static_cast<std::ptrdiff_t>(end));
    hunks.push_back(std::move(hunk));
    i = end;
  }
  return hunks;
}

std::string Hunk::Header() const {
  auto range = [](int start, int count) {
    return count == 1 ? std::to_string(start) : std::to_string(start) + "," + std::to_string(count);
  };
  return "@@ -" + range(old_start, old_count) + " +" + range(new_start, new_count) + " @@";
}

std::string UnifiedHunks(const std::vector<Hunk>& hunks) {
  std::string out;
  for (const Hunk& hunk : hunks) {
    out += hunk.Header() + "\n";
    for (const LineEdit& line : hunk.lines) {
      out += line.op == LineEdit::Op::kKeep ? ' ' : line.op == LineEdit::Op::kAdd ? '+' : '-';
      out += line.text + "\n";
    }
  }
  return out;
}

}  // namespace dsc::diff
