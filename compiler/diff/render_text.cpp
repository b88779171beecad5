// The terminal rendering: a summary by section, then `diff -u` per object.
#include "compiler/diff/render.h"

namespace dsc::diff {
namespace {

class TextWriter {
 public:
  explicit TextWriter(bool color) : color_(color) {}

  // `text` in an ANSI style (e.g. "1" bold, "31" red) when colour is on.
  std::string Paint(const char* style, const std::string& text) const {
    return color_ ? "\x1b[" + std::string(style) + "m" + text + "\x1b[0m" : text;
  }
  void Line(const std::string& text) { out_ += text + "\n"; }
  void Heading(const std::string& text) { Line(Paint("1", text)); }
  void Mark(Change change, const std::string& text) {
    static const char* kSigns[] = {"+", "-", "~"};
    static const char* kStyles[] = {"32", "31", "33"};
    int i = static_cast<int>(change);
    Line("  " + Paint(kStyles[i], kSigns[i]) + " " + text);
  }
  void Fields(const std::vector<FieldChange>& fields, const std::string& indent) {
    for (const FieldChange& f : fields)
      Line(indent + f.field + ": " + ValueOrNone(f.before) + " -> " + ValueOrNone(f.after));
  }
  std::string Take() { return std::move(out_); }

 private:
  bool color_;
  std::string out_;
};

void Entities(TextWriter& w, const char* heading, const std::vector<EntityChange>& entities) {
  if (entities.empty()) return;
  w.Heading(heading);
  for (const EntityChange& e : entities) {
    w.Mark(e.change, EntityTitle(e) + (e.detail.empty() ? "" : ": " + e.detail));
    w.Fields(e.fields, "      ");
  }
}

// --live: what the apply would create, what drifted, where it would stop.
void ClusterSections(TextWriter& w, const Report& r) {
  if (!r.new_namespaces.empty()) {
    w.Heading("Namespaces");
    for (const std::string& ns : r.new_namespaces) w.Mark(Change::kAdded, ns);
  }
  Entities(w, "Drift", r.drift);
  if (!r.problems.empty()) {
    w.Heading("Problems");
    for (const std::string& problem : r.problems) w.Line("  " + w.Paint("31", "!") + " " + problem);
  }
}

void Summary(TextWriter& w, const Report& r) {
  ClusterSections(w, r);
  if (!r.fleet_fields.empty()) {
    w.Heading("Fleet");
    w.Fields(r.fleet_fields, "  ~ ");
  }
  Entities(w, "Services", r.services);
  Entities(w, "Infra", r.infra);
  Entities(w, "Features", r.features);
  if (!r.edges.empty()) {
    w.Heading("Dependencies");
    for (const EdgeChange& e : r.edges) w.Mark(e.change, e.from + " depends on " + e.to);
  }
  if (!r.routes.empty()) {
    w.Heading("Routes");
    for (const RouteChange& route : r.routes) {
      w.Mark(route.change, RouteTitle(route));
      w.Fields(route.fields, "      ");
    }
  }
  if (!r.releases.empty()) {
    w.Heading("Releases");
    for (const ReleaseChange& rel : r.releases) {
      std::string action = ActionName(rel.action);
      std::string line =
          "  " + action + std::string(11 - action.size(), ' ') + rel.namespace_ + "/" + rel.name;
      for (size_t i = 0; i < rel.objects.size(); ++i)
        line += (i == 0 ? ": " : ", ") + rel.objects[i];
      w.Line(line);
    }
  }
}

void Manifests(TextWriter& w, const Report& r) {
  w.Heading("Manifests (" + ObjectCounts(r) + ")");
  for (const ObjectChange& o : r.objects) {
    std::string path = o.kind + "/" + (o.namespace_.empty() ? "" : o.namespace_ + "/") + o.name;
    w.Line("");
    w.Heading(o.Describe() + " (release " + o.release + ", " + ObjectChangeName(r, o.change) + ")");
    w.Line(w.Paint("1", o.change == Change::kAdded ? "--- /dev/null" : "--- a/" + path));
    w.Line(w.Paint("1", o.change == Change::kRemoved ? "+++ /dev/null" : "+++ b/" + path));
    for (const Hunk& hunk : o.hunks) {
      w.Line(w.Paint("36", hunk.Header()));
      for (const LineEdit& line : hunk.lines) {
        if (line.op == LineEdit::Op::kKeep) {
          w.Line(" " + line.text);
        } else if (line.op == LineEdit::Op::kAdd) {
          w.Line(w.Paint("32", "+" + line.text));
        } else {
          w.Line(w.Paint("31", "-" + line.text));
        }
      }
    }
  }
}

}  // namespace

std::string RenderText(const Report& report, const TextOptions& options) {
  TextWriter w(options.color);
  if (report.Same()) {
    w.Line(report.live ? "No changes: the cluster matches " + report.after_label + "."
                       : "No changes: " + report.before_label + " and " + report.after_label +
                             " give the same fleet and manifests.");
    return w.Take();
  }
  w.Line("Fleet " + w.Paint("1", report.fleet) + ": " + report.before_label + " -> " +
         report.after_label);
  w.Line("");
  Summary(w, report);
  w.Line("");
  Manifests(w, report);
  return w.Take();
}

}  // namespace dsc::diff
