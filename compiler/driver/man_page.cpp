#include "compiler/driver/man_page.h"

#include <string_view>

namespace dsc::driver {
namespace {

// Text safe in a roff line: backslashes escaped, a leading . or ' neutralised, and
// hyphens as \- so option names copy and paste as ASCII.
std::string Roff(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\')
      out += "\\e";
    else if (c == '-')
      out += "\\-";
    else
      out += c;
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

}  // namespace

std::string ManPage(const std::vector<CommandSpec>& specs, const std::string& version) {
  // No date: the page is byte-stable for a given version.
  std::string out = ".TH DSC 1 \"\" \"dsc " + Roff(version) + "\" \"User Commands\"\n";
  out +=
      ".SH NAME\n"
      "dsc \\- the Devstack compiler: fleets of micro\\-services on Kubernetes\n"
      ".SH SYNOPSIS\n"
      ".B dsc\n"
      ".I COMMAND\n"
      "[\\fIOPTIONS\\fR] [\\fIFILE\\fR...]\n"
      ".SH DESCRIPTION\n"
      "dsc compiles a typed description of a fleet of services (a \\fB.ds\\fR file) into\n"
      "Helmfiles, Helm charts, hook Jobs, Traefik IngressRoutes and DevSpace configs, and\n"
      "applies them to a cluster in dependency order. Each command has its own options;\n"
      "\\fBdsc COMMAND \\-\\-help\\fR shows them too.\n"
      ".SH COMMANDS\n";
  for (const CommandSpec& spec : specs) {
    out += ".SS \"dsc " + Roff(spec.command->name) + " " + Roff(spec.command->synopsis) + "\"\n";
    out += Roff(spec.command->summary) + ".\n";
    for (const OptionSpec& o : spec.options) {
      out += ".TP\n";
      std::string names;
      if (!o.short_name.empty()) names = "\\fB\\-" + Roff(o.short_name) + "\\fR, ";
      names += "\\fB\\-\\-" + Roff(o.long_name) + "\\fR";
      if (!o.argument.empty()) names += " \\fI" + Roff(o.argument) + "\\fR";
      out += names + "\n" + Roff(o.help);
      if (!o.default_value.empty()) out += " (default: " + Roff(o.default_value) + ")";
      out += "\n";
    }
  }
  out +=
      ".SH EXIT STATUS\n"
      "0 clean; 1 errors found (or a release failed); 2 bad usage. Cluster commands also\n"
      "exit 3 when the cluster is unreachable, 4 when the credentials are rejected and 130\n"
      "when interrupted.\n"
      ".SH ENVIRONMENT\n"
      ".TP\n"
      ".B KUBECONFIG\n"
      "kubeconfig files for the cluster commands, as kubectl reads them.\n"
      ".TP\n"
      ".B NO_COLOR\n"
      "when set, no colour in any output.\n"
      ".TP\n"
      ".B DSC_TRACE_HTTP\n"
      "when 1, the cluster commands print one line per request (method, path, status).\n"
      ".SH SEE ALSO\n"
      ".BR helmfile (1),\n"
      ".BR kubectl (1),\n"
      ".BR devspace (1)\n";
  return out;
}

}  // namespace dsc::driver
