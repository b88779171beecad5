// The printf floor of bench/scale/scale_bench.sh: writes to stdout the YAML stream that
// `dsc build FLEET -o -` writes for the N-service workload of gen_workload.py, byte for
// byte, with no parsing, checking or tree in between: what a generator of that text that
// knows the answer spends, so dsc's time over it is the cost of actually compiling.
//
//   g++ -O2 -std=c++17 -DFLOOR_TEMPLATE='"floor_template.inc"' printf_floor.cpp -o printf_floor
//   ./printf_floor 1000 > stream.yaml          # one printf per service (the floor)
//   ./printf_floor --copy 1000 > stream.yaml   # copies of the template, integers formatted
//
// Two floors: `printf` formats each service's documents with one std::printf call, the
// template as its format (as a C++ program that prints YAML would); `--copy` copies the
// template's pieces into a 1 MiB buffer and formats only the integers, the least any
// program can do to produce these bytes.
//
// FLOOR_TEMPLATE is written by `scale_tools.py template` from dsc's own stream for two
// services, so the floor follows dsc's output format without being edited; the script
// compares its output with dsc's (cmp) for every N before timing it.
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#ifndef FLOOR_TEMPLATE
#error "define FLOOR_TEMPLATE as the quoted path of the .inc that scale_tools.py template writes"
#endif
#include FLOOR_TEMPLATE

namespace {

// A buffered writer like stdio's, minus locking and formatting: the floor should be
// bounded by write(2), not by the library.
class Out {
 public:
  ~Out() { flush(); }
  void put(std::string_view s) {
    if (len_ + s.size() > sizeof buf_) flush();
    if (s.size() > sizeof buf_) return write_all(s.data(), s.size());
    std::memcpy(buf_ + len_, s.data(), s.size());
    len_ += s.size();
  }
  void put(unsigned v) {
    char tmp[16];
    auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
    put(std::string_view(tmp, r.ptr - tmp));
  }
  void flush() {
    write_all(buf_, len_);
    len_ = 0;
  }

 private:
  static void write_all(const char* p, size_t n) {
    while (n > 0) {
      ssize_t w = ::write(1, p, n);
      if (w < 0) {
        std::perror("printf_floor: write");
        std::exit(1);
      }
      p += w;
      n -= static_cast<size_t>(w);
    }
  }
  char buf_[1 << 20];
  size_t len_ = 0;
};

struct Piece {
  std::string_view text;
  enum { kEnd, kName, kTag } then;  // what follows the text
};

// kService split at its marks once, so the loop below only copies and formats integers.
std::vector<Piece> split(std::string_view t) {
  std::vector<Piece> out;
  for (;;) {
    size_t a = t.find(kNameMark), b = t.find(kTagMark);
    if (a == std::string_view::npos && b == std::string_view::npos) {
      out.push_back({t, Piece::kEnd});
      return out;
    }
    bool name = a < b;
    size_t at = name ? a : b;
    out.push_back({t.substr(0, at), name ? Piece::kName : Piece::kTag});
    t.remove_prefix(at + (name ? sizeof kNameMark : sizeof kTagMark) - 1);
  }
}

// kService as a printf format: `%` doubled, the marks replaced by the positional
// arguments 1 (the index) and 2 (the tag).
std::string printf_format(std::string_view t) {
  std::string out;
  for (const Piece& p : split(t)) {
    for (char c : p.text) {
      if (c == '%') out += '%';
      out += c;
    }
    if (p.then == Piece::kName) out += "%1$u";
    if (p.then == Piece::kTag) out += "%2$u";
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  bool copy = argc == 3 && std::string_view(argv[1]) == "--copy";
  if (argc != 2 && !copy) {
    std::fprintf(stderr, "usage: printf_floor [--copy] N\n");
    return 2;
  }
  unsigned n = static_cast<unsigned>(std::strtoul(argv[argc - 1], nullptr, 10));
  std::vector<Piece> pieces = split(kService);

  // dsc emits the releases of one wave sorted by name, so svc-10 comes before svc-2.
  std::vector<unsigned> order(n);
  for (unsigned i = 0; i < n; ++i) order[i] = i;
  std::vector<std::string> names(n);
  for (unsigned i = 0; i < n; ++i) names[i] = std::to_string(i);
  std::sort(order.begin(), order.end(),
            [&](unsigned a, unsigned b) { return names[a] < names[b]; });

  if (!copy) {
    static char buffer[1 << 20];
    std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
    std::string format = printf_format(kService);
    std::fputs(kHeader, stdout);
    for (unsigned i : order) std::printf(format.c_str(), i, i % 10);
    return std::fflush(stdout) == 0 ? 0 : 1;
  }
  static Out out;
  out.put(std::string_view(kHeader));
  for (unsigned i : order) {
    for (const Piece& p : pieces) {
      out.put(p.text);
      if (p.then == Piece::kName)
        out.put(i);
      else if (p.then == Piece::kTag)
        out.put(i % 10);
    }
  }
  out.flush();
  return 0;
}
