#include "tests/oracle/fleet_generator.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <random>
#include <set>
#include <vector>

namespace dsc::oracle {
namespace {

struct Kind {
  const char* name;                  // as written, `aws.sqs`
  const char* module;                // `std/aws`
  const char* alias;                 // `aws`
  std::vector<const char*> exports;  // the string exports
  bool has_port;                     // an int `port` export, usable inside `${…}`
};

const std::vector<Kind>& Kinds() {
  static const std::vector<Kind> kinds = {
      {"aws.sqs", "std/aws", "aws", {"name", "url", "arn", "endpoint", "region"}, false},
      {"aws.sns", "std/aws", "aws", {"name", "url", "arn", "endpoint", "region"}, false},
      {"aws.s3", "std/aws", "aws", {"name", "bucket", "url", "arn", "endpoint"}, false},
      {"aws.dynamodb", "std/aws", "aws", {"name", "table", "url", "arn", "region"}, false},
      {"db.postgres", "std/db", "db", {"name", "username", "host", "url"}, true},
      {"db.mysql", "std/db", "db", {"name", "username", "host", "url"}, true},
      {"db.redis", "std/db", "db", {"name", "host", "url"}, true},
  };
  return kinds;
}

constexpr int kExternal = -1;  // the file of another team's fleet
// Its services: two in its own file, one in a file it deploys.
const std::vector<std::string> kPartnerServices = {"partner-api", "partner-auth", "partner-extra"};

struct Infra {
  std::string name;
  int kind = 0;
  int file = 0;
};

struct Service {
  std::string name;
  int file = 0;
  int id = 0;
  bool two_ports = false;
  std::vector<std::pair<std::string, std::string>> env;
  std::vector<std::string> depends_on;
  std::string route;  // a `route { … }` block, or empty
  int replicas = 1;
};

struct Feature {
  std::string name, label, namespace_;
  std::vector<std::string> clones;  // `clone_secrets`
  int file = 0;
  std::vector<std::pair<std::string, int>> infra;          // name, kind
  std::vector<std::pair<std::string, int>> infra_forks;    // baseline infra, kind
  std::vector<std::pair<std::string, std::string>> forks;  // service, block body
};

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed), seed_(seed) {}

  void Plan() {
    members_ = Pick(1, 4);
    entry_ = members_;  // the entry file's index: above every member file
    external_ = Chance(0.5);
    int infra_count = Pick(2, 7);
    for (int i = 0; i < infra_count; ++i) {
      int kind = Pick(0, static_cast<int>(Kinds().size()) - 1);
      std::string kind_name = Kinds()[kind].name;
      std::string prefix = kind_name.substr(kind_name.find('.') + 1);
      infra_.push_back({fmt::format("{}-{}", prefix.substr(0, 3), i), kind, Pick(0, entry_)});
    }
    int service_count = Pick(3, 12);
    for (int i = 0; i < service_count; ++i) {
      Service s;
      s.id = i;
      s.name = fmt::format("svc-{}", i);
      s.file = Pick(0, entry_);
      s.two_ports = Chance(0.3);
      s.replicas = Pick(1, 3);
      services_.push_back(std::move(s));
    }
    for (Service& s : services_) FillService(s);
    int feature_count = Pick(0, 3);
    for (int f = 0; f < feature_count; ++f) AddFeature(f);
  }

  GeneratedFleet Render(uint64_t order_seed) {
    std::mt19937_64 order(order_seed);
    GeneratedFleet out;
    out.entry = "fleet.ds";
    for (int file = 0; file <= entry_; ++file) {
      std::vector<std::string> items = ItemsOf(file);
      std::shuffle(items.begin(), items.end(), order);
      out.files[PathOf(file)] = fmt::format("{}\n", fmt::join(items, "\n"));
    }
    if (external_) {
      std::vector<std::string> items = {
          "fleet partner { namespace = \"partner\" }",
          "import \"./extra.ds\"",
          "service partner-api {\n  image = \"ghcr.io/partner/api:2.0.0\"\n  ports { http = 7000 "
          "}\n}",
          "service partner-auth {\n  image = \"ghcr.io/partner/auth:2.0.0\"\n  ports { http = 7001 "
          "}\n}",
      };
      std::shuffle(items.begin(), items.end(), order);
      out.files["partner/partner.ds"] = fmt::format("{}\n", fmt::join(items, "\n"));
      // A file the partner fleet deploys without a header of its own: `partner.partner-extra`
      // reaches its service through the partner fleet file.
      out.files["partner/extra.ds"] =
          "service partner-extra {\n  image = \"ghcr.io/partner/extra:2.0.0\"\n"
          "  ports { http = 7002 }\n}\n";
    }
    return out;
  }

 private:
  int Pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  template <typename T>
  const T& OneOf(const std::vector<T>& items) {
    return items[static_cast<size_t>(Pick(0, static_cast<int>(items.size()) - 1))];
  }

  std::string PathOf(int file) const {
    if (file == kExternal) return "partner/partner.ds";
    return file == entry_ ? "fleet.ds" : fmt::format("teams/t{}.ds", file);
  }
  std::string AliasOf(int file) const {
    return file == kExternal ? "partner" : fmt::format("t{}", file);
  }

  // How file `from` names an entity of file `to`, importing `to` if needed.
  std::string Ref(int from, int to, const std::string& name) {
    if (from == to) return name;
    imports_.insert({from, to});
    return AliasOf(to) + "." + name;
  }
  bool Visible(int from, int to) const { return to == kExternal || to <= from; }

  // An expression for an env value of something in file `file`, referencing services
  // below `below` only (so references never form a cycle).
  std::string EnvExpression(int file, int below, const std::vector<std::string>& own_infra) {
    std::vector<const Infra*> infra;
    for (const Infra& i : infra_) {
      if (Visible(file, i.file)) infra.push_back(&i);
    }
    std::vector<const Service*> services;
    for (const Service& s : services_) {
      if (s.id < below && Visible(file, s.file)) services.push_back(&s);
    }
    switch (Pick(0, 9)) {
      case 0:
      case 1:
      case 2:
        if (!own_infra.empty() && Chance(0.5)) return OneOf(own_infra) + ".url";
        if (!infra.empty()) {
          const Infra& i = *OneOf(infra);
          return Ref(file, i.file, i.name) + "." + OneOf(Kinds()[i.kind].exports);
        }
        break;
      case 3:
        if (!infra.empty()) {
          const Infra& i = *OneOf(infra);
          std::string ref = Ref(file, i.file, i.name);
          if (Kinds()[i.kind].has_port) return fmt::format("\"${{{0}.host}}:${{{0}.port}}\"", ref);
          return fmt::format("\"${{{}.endpoint}}/probe\"", ref);
        }
        break;
      case 4:
      case 5:
        if (!services.empty()) {
          const Service& s = *OneOf(services);
          std::string ref = Ref(file, s.file, s.name);
          if (Chance(0.5)) return ref + (Chance(0.7) ? ".url" : ".host");
          return fmt::format("\"http://${{{0}.host}}:${{{0}.port}}/v1\"", ref);
        }
        break;
      case 6:
        if (external_) return Ref(file, kExternal, OneOf(kPartnerServices)) + ".url";
        break;
      case 7:
        if (Chance(0.3)) return fmt::format("secret(\"${{fleet.name}}-s{}\", \"key\")", Pick(0, 3));
        return fmt::format("secret(\"sec-{}\", \"key-{}\")", Pick(0, 3), Pick(0, 2));
      case 8:
        return fmt::format("\"https://app.${{fleet.domain}}/{}\"", Pick(0, 99));
      default:
        break;
    }
    return fmt::format("\"literal-{}\"", Pick(0, 999));
  }

  void FillService(Service& s) {
    int env_count = Pick(0, 6);
    for (int e = 0; e < env_count; ++e) {
      s.env.emplace_back(fmt::format("VAR_{}", e), EnvExpression(s.file, s.id, {}));
    }
    if (Chance(0.25) && !infra_.empty()) {
      const Infra& i = OneOf(infra_);
      if (Visible(s.file, i.file)) s.depends_on.push_back(Ref(s.file, i.file, i.name));
    }
    if (Chance(0.5)) {
      s.route =
          Chance(0.5)
              ? fmt::format("route {{ host = \"s{}.${{fleet.domain}}\" }}", s.id)
              : fmt::format("route {{ host = \"api.${{fleet.domain}}\", path = \"/s{}\" }}", s.id);
    }
  }

  void AddFeature(int f) {
    Feature feature;
    feature.name = fmt::format("feat-{}", f);
    feature.file = Pick(0, entry_);
    if (Chance(0.5)) feature.label = fmt::format("l{}", f);
    if (Chance(0.5)) feature.namespace_ = fmt::format("gen-f{}", f);
    // Secrets the services read (or not: then DS2026 warns and the clone is still made).
    if (Chance(0.4)) feature.clones.push_back(fmt::format("sec-{}", Pick(0, 3)));
    std::vector<const Service*> forkable;
    for (const Service& s : services_) forkable.push_back(&s);
    std::shuffle(forkable.begin(), forkable.end(), rng_);
    forkable.resize(
        static_cast<size_t>(std::min<int>(Pick(1, 3), static_cast<int>(forkable.size()))));
    std::set<std::string> names;
    // Infra of its own: new names, or the name of a baseline infra a forked service
    // references by its plain name, which the feature's copy then replaces: declared
    // again (same kind), or forked (`fork NAME {…}`: the baseline's arguments and the
    // fork's).
    for (const Service* s : forkable) {
      for (const Infra& i : infra_) {
        if (i.file != s->file || names.count(i.name) || !Chance(0.5)) continue;
        bool used = false;
        for (const auto& [key, expr] : s->env) used |= expr.rfind(i.name + ".", 0) == 0;
        if (!used) continue;
        if (Chance(0.5)) {
          feature.infra.emplace_back(i.name, i.kind);
        } else {
          feature.infra_forks.emplace_back(i.name, i.kind);
        }
        names.insert(i.name);
      }
    }
    std::vector<std::string> own;
    for (int n = Pick(0, 2); n > 0; --n) {
      std::string name = fmt::format("fx-{}-{}", f, n);
      feature.infra.emplace_back(name, Pick(0, static_cast<int>(Kinds().size()) - 1));
      own.push_back(name);
    }
    for (const Service* s : forkable) {
      std::vector<std::string> lines;
      if (Chance(0.6))
        lines.push_back(fmt::format("image = \"ghcr.io/gen/{}:2.0.{}\"", s->name, f));
      std::vector<std::string> env;
      std::set<std::string> keys;
      for (int e = Pick(0, 2); e > 0; --e) {
        // Half the time a key of the baseline's, which the fork's value replaces.
        std::string key =
            !s->env.empty() && Chance(0.5) ? OneOf(s->env).first : fmt::format("FORK_{}", e);
        if (!keys.insert(key).second) continue;
        env.push_back(fmt::format("{} = {}", key, EnvExpression(feature.file, s->id, own)));
      }
      if (!env.empty()) lines.push_back(fmt::format("env {{ {} }}", fmt::join(env, ", ")));
      if (Chance(0.3)) lines.push_back("replicas = 1");
      feature.forks.emplace_back(s->name, fmt::format("{}", fmt::join(lines, "\n    ")));
    }
    features_.push_back(std::move(feature));
  }

  std::vector<std::string> ItemsOf(int file) {
    std::vector<std::string> items;
    std::set<std::string> std_modules;
    for (const Infra& i : infra_) {
      if (i.file != file) continue;
      std_modules.insert(Kinds()[i.kind].module);
      items.push_back(fmt::format("infra {}: {} {{}}", i.name, Kinds()[i.kind].name));
    }
    for (const Service& s : services_) {
      if (s.file == file) items.push_back(RenderService(s));
    }
    for (const Feature& f : features_) {
      if (f.file != file) continue;
      for (const auto& [name, kind] : f.infra) std_modules.insert(Kinds()[kind].module);
      items.push_back(RenderFeature(f));
    }
    if (file == entry_) {
      items.push_back(
          fmt::format("fleet gen{} {{\n  namespace = \"gen\"\n  domain = \"gen.localtest.me\"\n"
                      "  routing = \"{}\"\n  traefik = \"{}\"\n}}",
                      seed_ % 1000, seed_ % 2 ? "header" : "baggage", seed_ % 3 ? "v3" : "v2"));
      for (int m = 0; m < members_; ++m) imports_.insert({file, m});
    }
    for (const std::string& module : std_modules)
      items.push_back(fmt::format("import \"{}\"", module));
    for (const auto& [from, to] : imports_) {
      if (from != file) continue;
      std::string path = PathOf(to);
      std::string relative = file == entry_    ? "./" + path
                             : to == kExternal ? "../" + path
                                               : fmt::format("./t{}.ds", to);
      // The alias is the file's stem unless spelled out; spell it out half the time.
      bool spelled = Chance(0.5);
      items.push_back(spelled ? fmt::format("import \"{}\" as {}", relative, AliasOf(to))
                              : fmt::format("import \"{}\"", relative));
    }
    return items;
  }

  std::string RenderService(const Service& s) {
    std::vector<std::string> lines;
    lines.push_back(fmt::format("image = \"ghcr.io/gen/{}:1.0.{}\"", s.name, s.id));
    lines.push_back(s.two_ports
                        ? fmt::format("ports {{ http = {}, admin = {} }}", 8000 + s.id, 9000 + s.id)
                        : fmt::format("ports {{ http = {} }}", 8000 + s.id));
    if (s.replicas != 1) lines.push_back(fmt::format("replicas = {}", s.replicas));
    if (!s.env.empty()) {
      std::vector<std::string> env;
      for (const auto& [key, expr] : s.env) env.push_back(fmt::format("    {} = {}", key, expr));
      lines.push_back(fmt::format("env {{\n{}\n  }}", fmt::join(env, "\n")));
    }
    if (!s.depends_on.empty())
      lines.push_back(fmt::format("depends_on = [{}]", fmt::join(s.depends_on, ", ")));
    if (!s.route.empty()) lines.push_back(s.route);
    return fmt::format("service {} {{\n  {}\n}}", s.name, fmt::join(lines, "\n  "));
  }

  std::string RenderFeature(const Feature& f) {
    std::vector<std::string> lines;
    if (!f.label.empty()) lines.push_back(fmt::format("label = \"{}\"", f.label));
    if (!f.namespace_.empty()) lines.push_back(fmt::format("namespace = \"{}\"", f.namespace_));
    if (!f.clones.empty())
      lines.push_back(fmt::format("clone_secrets = [\"{}\"]", fmt::join(f.clones, "\", \"")));
    lines.push_back("ttl = 1d");
    for (const auto& [name, kind] : f.infra)
      lines.push_back(fmt::format("infra {}: {} {{}}", name, Kinds()[kind].name));
    for (const auto& [name, kind] : f.infra_forks) {
      // A queue or topic of the feature's own name, else the baseline's arguments alone.
      std::string_view kind_name = Kinds()[kind].name;
      lines.push_back(kind_name == "aws.sqs"
                          ? fmt::format("fork {} {{ queue = \"{}-{}\" }}", name, name, f.name)
                      : kind_name == "aws.sns"
                          ? fmt::format("fork {} {{ topic = \"{}-{}\" }}", name, name, f.name)
                          : fmt::format("fork {} {{}}", name));
    }
    for (const auto& [service, body] : f.forks) {
      lines.push_back(body.empty() ? fmt::format("fork {} {{}}", service)
                                   : fmt::format("fork {} {{\n    {}\n  }}", service, body));
    }
    return fmt::format("feature {} {{\n  {}\n}}", f.name, fmt::join(lines, "\n  "));
  }

  std::mt19937_64 rng_;
  uint64_t seed_;
  int members_ = 0, entry_ = 0;
  bool external_ = false;
  std::vector<Infra> infra_;
  std::vector<Service> services_;
  std::vector<Feature> features_;
  std::set<std::pair<int, int>> imports_;  // (importing file, imported file)
};

}  // namespace

GeneratedFleet GenerateFleet(uint64_t seed, uint64_t order_seed) {
  Generator generator(seed);
  generator.Plan();
  return generator.Render(order_seed);
}

}  // namespace dsc::oracle
