// The Markdown rendering, to paste in a pull request: the summary as lists and
// a table of releases, then each object's diff in a collapsed ```diff block.
#include <algorithm>

#include "compiler/diff/render.h"

namespace dsc::diff {
namespace {

// `text` as inline code, whatever backticks it holds (CommonMark: a longer
// fence, and spaces when the text starts or ends with a backtick).
std::string Code(const std::string& text) {
  size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(longest + 1, '`');
  bool pad = !text.empty() && (text.front() == '`' || text.back() == '`');
  return fence + (pad ? " " : "") + text + (pad ? " " : "") + fence;
}

// Inside a table cell a `|` ends the cell, even in code.
std::string Cell(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '|' ? "\\|" : std::string(1, c);
  return out;
}

std::string Value(const std::optional<std::string>& value) {
  return value ? Code(*value) : "*(none)*";
}

const char* Word(Change change) {
  switch (change) {
    case Change::kAdded:
      return "**added**";
    case Change::kRemoved:
      return "**removed**";
    case Change::kChanged:
      break;
  }
  return "**changed**";
}

void Fields(std::string& out, const std::vector<FieldChange>& fields, const std::string& indent) {
  for (const FieldChange& f : fields)
    out += indent + "- " + f.field + ": " + Value(f.before) + " → " + Value(f.after) + "\n";
}

void Entities(std::string& out, const char* heading, const std::vector<EntityChange>& list) {
  if (list.empty()) return;
  out += std::string("\n**") + heading + "**\n\n";
  for (const EntityChange& e : list) {
    std::string title =
        Code(e.name) + (e.feature.empty() ? "" : " (feature " + Code(e.feature) + ")");
    out += "- " + std::string(Word(e.change)) + " " + title +
           (e.detail.empty() ? "" : ": " + e.detail) + "\n";
    Fields(out, e.fields, "  ");
  }
}

// --live: what the apply would create, what drifted, where it would stop.
void ClusterSections(std::string& out, const Report& r) {
  if (!r.new_namespaces.empty()) {
    out += "\n**Namespaces**\n\n";
    for (const std::string& ns : r.new_namespaces) out += "- **created** " + Code(ns) + "\n";
  }
  Entities(out, "Drift", r.drift);
  if (!r.problems.empty()) {
    out += "\n**Problems**\n\n";
    for (const std::string& problem : r.problems) out += "- " + problem + "\n";
  }
}

void Summary(std::string& out, const Report& r) {
  ClusterSections(out, r);
  if (!r.fleet_fields.empty()) {
    out += "\n**Fleet**\n\n";
    Fields(out, r.fleet_fields, "");
  }
  Entities(out, "Services", r.services);
  Entities(out, "Infra", r.infra);
  Entities(out, "Features", r.features);
  if (!r.edges.empty()) {
    out += "\n**Dependencies**\n\n";
    for (const EdgeChange& e : r.edges)
      out += "- " + std::string(Word(e.change)) + " " + Code(e.from) + " depends on " + Code(e.to) +
             "\n";
  }
  if (!r.routes.empty()) {
    out += "\n**Routes**\n\n";
    for (const RouteChange& route : r.routes) {
      out += "- " + std::string(Word(route.change)) + " " + Code(route.host + route.path) + " (" +
             route.via + (route.feature.empty() ? "" : ", feature " + Code(route.feature)) +
             ", IngressRoute " + Code(route.namespace_ + "/" + route.ingress_route) + ")\n";
      Fields(out, route.fields, "  ");
    }
  }
  if (!r.releases.empty()) {
    out += "\n**Releases**\n\n| release | action | changed objects |\n|---|---|---|\n";
    for (const ReleaseChange& rel : r.releases) {
      std::string objects;
      for (const std::string& o : rel.objects) objects += (objects.empty() ? "" : ", ") + o;
      out += "| " + Cell(Code(rel.namespace_ + "/" + rel.name)) + " | " + ActionName(rel.action) +
             " | " + Cell(objects) + " |\n";
    }
  }
}

// A code fence longer than any run of backticks at the start of a line.
std::string Fence(const ObjectChange& o) {
  size_t longest = 2;
  for (const Hunk& hunk : o.hunks) {
    for (const LineEdit& line : hunk.lines) {
      size_t start = line.text.find_first_not_of(' ');
      if (start == std::string::npos) continue;
      size_t run = line.text.find_first_not_of('`', start);
      longest = std::max(longest, (run == std::string::npos ? line.text.size() : run) - start);
    }
  }
  return std::string(longest + 1, '`');
}

void Manifests(std::string& out, const Report& r) {
  out += "\n<details>\n<summary>Manifests (" + ObjectCounts(r) + ")</summary>\n";
  for (const ObjectChange& o : r.objects) {
    std::string fence = Fence(o);
    out += "\n" + Code(o.Describe()) + " (release " + Code(o.release) + ", " +
           ObjectChangeName(r, o.change) + ")\n\n" + fence + "diff\n" + UnifiedHunks(o.hunks) +
           fence + "\n";
  }
  out += "\n</details>\n";
}

}  // namespace

std::string RenderMarkdown(const Report& report) {
  std::string out = "### `dsc diff`: fleet " + Code(report.fleet) + "\n\n" +
                    Code(report.before_label) + " → " + Code(report.after_label) + "\n";
  if (report.Same())
    return out + (report.live ? "\nNo changes: the cluster matches.\n" : "\nNo changes.\n");
  Summary(out, report);
  Manifests(out, report);
  return out;
}

}  // namespace dsc::diff
