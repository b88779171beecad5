// Whole front-end runs from an in-memory file system: what the checked model
// holds for forks, references, imports and kinds.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "compiler/check/check.h"
#include "compiler/sema/preview_host.h"

namespace dsc {
namespace {

struct Run {
  SourceManager sources;
  DiagnosticSink diags;
  std::optional<check::CheckedFleet> fleet;
};

std::unique_ptr<Run> Check(InMemoryFileSystem& fs, const std::string& entry,
                           const InputLimits& limits = {}) {
  auto run = std::make_unique<Run>();
  run->fleet = check::CheckFleet(entry, fs, run->sources, run->diags, limits);
  return run;
}

const model::Service& ServiceNamed(const model::Model& m, const std::string& k8s_name) {
  auto it = std::find_if(m.services.begin(), m.services.end(),
                         [&](const model::Service& s) { return s.k8s_name == k8s_name; });
  REQUIRE(it != m.services.end());
  return *it;
}

std::string EnvOf(const model::Service& s, const std::string& name) {
  for (const auto& var : s.env) {
    if (var.name == name)
      return var.from_secret ? "secret:" + var.secret_name + "/" + var.secret_key : var.value;
  }
  return "<unset>";
}

constexpr const char* kShop = R"(
import "std/aws"
fleet shop {
  namespace = "shop"
  domain = "shop.test"
}
infra orders: aws.sqs {}
service api {
  image = "acme/api:1"
  ports { http = 8080 }
  env {
    QUEUE = orders.url
    WORKER = worker.url
    TOKEN = secret("api", "token")
    LEVEL = "info"
  }
  route { host = "api.${fleet.domain}" }
}
service worker {
  image = "acme/worker:1"
  ports { http = 9090 }
  depends_on = [orders]
}
feature faster {
  label = "f1"
  ttl = 1d
  fork api { env { LEVEL = "debug", NEW = "1" } }
  fork worker { replicas = 2 }
  infra scratch: aws.sqs {}
}
)";

TEST_CASE("a did-you-mean between equally close names takes the first in name order") {
  // Entity names are kept in a hashed table: the suggestion must not depend on its order.
  std::string fleet = "fleet f {\n  namespace = \"f\"\n}\n";
  for (char c = 'k'; c >= 'a'; --c) {
    fleet += fmt::format(
        "service queue-{} {{\n  image = \"acme/q:1\"\n  ports {{ http = 80 }}\n}}\n", c);
  }
  fleet += "service api {\n  image = \"acme/api:1\"\n  env { Q = queue-z.url }\n}\n";
  InMemoryFileSystem fs;
  fs.Add("f.ds", fleet);
  auto run = Check(fs, "f.ds");
  REQUIRE(run->diags.has_errors());
  bool suggested = false;
  for (const Diagnostic& d : run->diags.diagnostics()) {
    if (d.kind != DiagKind::kUnknownName) continue;
    CAPTURE(d.help);
    CHECK(d.help.find("`queue-a`") != std::string::npos);
    suggested = true;
  }
  CHECK(suggested);
}

TEST_CASE("a fleet with a feature: forks, merged env, references to forks") {
  InMemoryFileSystem fs;
  fs.Add("shop.ds", kShop);
  auto run = Check(fs, "shop.ds");
  CHECK(run->diags.error_count() == 0);
  const model::Model& m = run->fleet->model;
  CHECK(m.fleet.namespace_ == "shop");
  CHECK(m.fleet.routing_header == "x-devstack-label");

  const model::Service& api = ServiceNamed(m, "api");
  CHECK(EnvOf(api, "QUEUE") == "http://localstack.shop:4566/000000000000/orders");
  CHECK(EnvOf(api, "WORKER") == "http://worker.shop:9090");
  CHECK(EnvOf(api, "TOKEN") == "secret:api/token");
  REQUIRE(api.routes.size() == 1);
  CHECK(api.routes[0].host == "api.shop.test");
  CHECK(api.routes[0].port == 8080);

  const model::Service& fork = ServiceNamed(m, "api-f1");
  CHECK(fork.feature == 0);
  CHECK(EnvOf(fork, "LEVEL") == "debug");
  CHECK(EnvOf(fork, "NEW") == "1");
  CHECK(EnvOf(fork, "WORKER") == "http://worker-f1.shop:9090");  // the feature's own worker
  CHECK(EnvOf(fork, "TOKEN") == "secret:api/token");
  CHECK(ServiceNamed(m, "worker-f1").replicas == 2);

  REQUIRE(m.features.size() == 1);
  CHECK(m.features[0].ttl_ms == 86400000);
  CHECK(m.features[0].forks.size() == 2);
  REQUIRE(m.features[0].infra.size() == 1);
  const model::Infra& scratch = m.infra[m.features[0].infra[0]];
  CHECK(scratch.k8s_name == "scratch-f1");
  REQUIRE(scratch.provision.has_value());
  CHECK(std::find(scratch.provision->args.begin(), scratch.provision->args.end(), "scratch-f1") !=
        scratch.provision->args.end());
}

TEST_CASE("a fork of infra: the baseline's arguments merged with the fork's, used by the forks") {
  InMemoryFileSystem fs;
  fs.Add("shop.ds", R"(
import "std/aws"
fleet shop { namespace = "shop" }
infra orders: aws.sqs { attributes = "VisibilityTimeout=60", region_name = "eu-west-1" }
service worker {
  image = "acme/worker:1"
  env { QUEUE = orders.url, REGION = orders.region }
}
service other {
  image = "acme/other:1"
  env { QUEUE = orders.url }
}
feature f1 {
  fork orders { attributes = "VisibilityTimeout=5" }
  fork worker {}
}
)");
  auto run = Check(fs, "shop.ds");
  CHECK(run->diags.error_count() == 0);
  CHECK(run->diags.warning_count() == 0);
  const model::Model& m = run->fleet->model;
  REQUIRE(m.features.size() == 1);
  REQUIRE(m.features[0].infra.size() == 1);
  const model::Infra& fork = m.infra[m.features[0].infra[0]];
  CHECK(fork.k8s_name == "orders-f1");
  CHECK(fork.feature == 0);
  CHECK(fork.kind == "aws.sqs");
  REQUIRE(fork.provision.has_value());
  const auto& args = fork.provision->args;
  CHECK(std::find(args.begin(), args.end(), "orders-f1") != args.end());
  CHECK(std::find(args.begin(), args.end(), "VisibilityTimeout=5") != args.end());
  CHECK(std::find(args.begin(), args.end(), "VisibilityTimeout=60") == args.end());
  // The forked service reads the feature's queue; the baseline's services keep theirs.
  const model::Service& worker = ServiceNamed(m, "worker-f1");
  CHECK(EnvOf(worker, "QUEUE") == "http://localstack.shop:4566/000000000000/orders-f1");
  CHECK(EnvOf(worker, "REGION") == "eu-west-1");  // the baseline's argument, kept
  CHECK(EnvOf(ServiceNamed(m, "other"), "QUEUE") ==
        "http://localstack.shop:4566/000000000000/orders");
  CHECK(EnvOf(ServiceNamed(m, "worker"), "QUEUE") ==
        "http://localstack.shop:4566/000000000000/orders");
}

TEST_CASE("a fork of infra that names the baseline's resource again is DS2025") {
  InMemoryFileSystem fs;
  fs.Add("shop.ds", R"(
import "std/aws"
fleet shop { namespace = "shop" }
infra orders: aws.sqs { queue = "orders-v1" }
service worker {
  image = "acme/worker:1"
  env { QUEUE = orders.url }
}
feature f1 {
  fork orders {}
  fork worker {}
}
feature f2 {
  fork orders { queue = "orders-v1-f2" }
  fork worker {}
}
)");
  auto run = Check(fs, "shop.ds");
  CHECK(run->diags.error_count() == 0);
  REQUIRE(run->diags.warning_count() == 1);
  CHECK(run->diags.diagnostics()[0].kind == DiagKind::kForkIsBaseline);
  CHECK(run->diags.diagnostics()[0].help.find("`queue`") != std::string::npos);
}

TEST_CASE("pod settings: the fleet's for every pod, a service's fields replacing them") {
  InMemoryFileSystem fs;
  fs.Add("shop.ds", R"(
fleet shop {
  namespace = "shop"
  entry_points = ["http", "https"]
  pod {
    node_selector { pool = "dev" }
    image_pull_secrets = ["regcred"]
    tolerations = [{ key = "dedicated", operator = "Equal", value = "dev", effect = "NoSchedule" }]
  }
}
service api {
  image = "acme/api:1"
  pod { node_selector { pool = "api" }, service_account = "api" }
}
service worker { image = "acme/worker:1" }
feature f1 { fork api {} }
)");
  auto run = Check(fs, "shop.ds");
  CHECK(run->diags.error_count() == 0);
  const model::Model& m = run->fleet->model;
  CHECK(m.fleet.entry_points == std::vector<std::string>{"http", "https"});
  for (const char* name : {"api", "api-f1"}) {
    const model::Service& api = ServiceNamed(m, name);
    INFO(name);
    CHECK(api.pod.node_selector == model::Labels{{"pool", "api"}});
    CHECK(api.pod.service_account == "api");
    CHECK(api.pod.image_pull_secrets == std::vector<std::string>{"regcred"});
    REQUIRE(api.pod.tolerations.size() == 1);
    CHECK(api.pod.tolerations[0].effect == "NoSchedule");
  }
  const model::Service& worker = ServiceNamed(m, "worker");
  CHECK(worker.pod.node_selector == model::Labels{{"pool", "dev"}});
  CHECK(worker.pod.service_account.empty());
}

TEST_CASE("preview hosts: the fleet's pattern, a service's own, forks inheriting it") {
  InMemoryFileSystem fs;
  fs.Add("shop.ds", R"(
fleet shop {
  namespace = "shop"
  domain = "dev.com"
  preview_host = "demo-${label}.${fleet.domain}"
}
service web {
  image = "acme/web:1"
  ports { http = 9090 }
  env { OLD = "http://api-f1.shop.dev.com/v1", NEW = "http://api-f1.preview.dev.com/v1" }
  route { host = "web.dev.com" }
}
service api {
  image = "acme/api:1"
  ports { http = 8080 }
  route { host = "api.dev.com" }
  preview_host = "${service}-${label}.preview.dev.com"
}
feature f1 { fork api {} }
)");
  auto run = Check(fs, "shop.ds");
  REQUIRE(run->diags.error_count() == 0);
  const model::Model& m = run->fleet->model;
  CHECK(sema::PreviewHost(m.fleet, ServiceNamed(m, "web"), "f1") == "demo-f1.dev.com");
  CHECK(sema::PreviewHost(m.fleet, ServiceNamed(m, "api"), "f1") == "api-f1.preview.dev.com");
  CHECK(sema::PreviewHost(m.fleet, ServiceNamed(m, "api-f1"), "f1") == "api-f1.preview.dev.com");
  // A call to the preview host passes through Traefik; the default pattern's is no host.
  CHECK(ServiceNamed(m, "web").traefik_hosts == std::vector<std::string>{"api-f1.preview.dev.com"});
}

TEST_CASE("service ports: the Service's port for a container port, in url, port and routes") {
  InMemoryFileSystem fs;
  fs.Add("shop.ds", R"(
fleet shop { namespace = "shop", service_port = 80 }
service web {
  image = "acme/web:1"
  ports { http = 9090 }
  env { API = api.url, API_PORT = api.port, WORKER = worker.url }
}
service api {
  image = "acme/api:1"
  ports { http = 8080, admin = 9000 }
  service_ports { http = 8000 }
}
service worker {
  image = "acme/worker:1"
  ports { http = 7070, metrics = 9100 }
}
)");
  auto run = Check(fs, "shop.ds");
  REQUIRE(run->diags.error_count() == 0);
  const model::Model& m = run->fleet->model;
  CHECK(ServiceNamed(m, "web").ports[0].ServicePort() == 80);  // the fleet's, one port
  CHECK(ServiceNamed(m, "web").ports[0].number == 9090);
  const model::Service& api = ServiceNamed(m, "api");
  CHECK(api.ports[0].ServicePort() == 8000);
  CHECK(api.ports[1].ServicePort() == 9000);
  // Two ports and no `service_ports`: the fleet's default does not apply.
  CHECK(ServiceNamed(m, "worker").ports[0].ServicePort() == 7070);
  std::map<std::string, std::string> env;
  for (const model::EnvVar& var : ServiceNamed(m, "web").env) env[var.name] = var.value;
  CHECK(env["API"] == "http://api.shop:8000");
  CHECK(env["API_PORT"] == "8000");
  CHECK(env["WORKER"] == "http://worker.shop:7070");
}

TEST_CASE("pod settings: tolerations and names Kubernetes would refuse") {
  InMemoryFileSystem fs;
  fs.Add("shop.ds", R"(
fleet shop {
  namespace = "shop"
  pod {
    tolerations = [
      { key = "a", operator = "Exists", value = "x" },
      { operator = "Equal", value = "x" },
      { key = "b", effect = "Sometimes" },
    ]
    image_pull_secrets = ["Reg_Cred"]
  }
}
)");
  auto run = Check(fs, "shop.ds");
  std::vector<std::string> codes;
  for (const Diagnostic& d : run->diags.diagnostics()) codes.emplace_back(InfoFor(d.kind).code);
  CHECK(codes == std::vector<std::string>{"DS5018", "DS3002", "DS3002", "DS3016"});
}

TEST_CASE("an env value that is exactly an infra export remembers where it came from") {
  InMemoryFileSystem fs;
  fs.Add("shop.ds", R"(
import "std/aws"
fleet shop { namespace = "shop" }
infra orders: aws.sqs {}
service api {
  image = "acme/api:1"
  env {
    QUEUE = orders.url
    QUEUE_SLASH = "${orders.url}/"
    REGION = "us-east-1"
  }
}
)");
  auto run = Check(fs, "shop.ds");
  REQUIRE(run->diags.error_count() == 0);
  const model::Model& m = run->fleet->model;
  const model::Service& api = ServiceNamed(m, "api");
  auto var = [&](const std::string& name) {
    auto it = std::find_if(api.env.begin(), api.env.end(),
                           [&](const model::EnvVar& v) { return v.name == name; });
    REQUIRE(it != api.env.end());
    return *it;
  };
  REQUIRE(var("QUEUE").infra >= 0);
  CHECK(m.infra[var("QUEUE").infra].name == "orders");
  CHECK(var("QUEUE").infra_export == "url");
  // Interpolated, or a literal that happens to equal an export: not a reference.
  CHECK(var("QUEUE_SLASH").infra == -1);
  CHECK(var("REGION").infra == -1);
}

TEST_CASE("an env value names its infra whatever order files and entities are evaluated in") {
  // The service is declared before the infra it uses, and the infra of the imported file
  // before the entry's: evaluation (dependencies first) and declaration orders differ.
  InMemoryFileSystem fs;
  fs.Add("team.ds", R"(
import "std/db"
service orders {
  image = "acme/orders:1"
  env {
    DB = orders-db.url
    CACHE = cache.url
  }
}
infra cache: db.redis {}
infra orders-db: db.mysql { database = "orders" }
)");
  fs.Add("shop.ds", R"(
import "std/db"
import "./team.ds" as team
fleet shop { namespace = "shop" }
infra identity-db: db.postgres { database = "identity" }
service accounts {
  image = "acme/accounts:1"
  env { DB = identity-db.url }
}
)");
  auto run = Check(fs, "shop.ds");
  REQUIRE(run->diags.error_count() == 0);
  const model::Model& m = run->fleet->model;
  for (const auto& [service, env, infra] :
       {std::tuple{"orders", "DB", "orders-db"}, std::tuple{"orders", "CACHE", "cache"},
        std::tuple{"accounts", "DB", "identity-db"}}) {
    CAPTURE(service);
    CAPTURE(env);
    for (const model::EnvVar& var : ServiceNamed(m, service).env) {
      if (var.name != env) continue;
      REQUIRE(var.infra >= 0);
      CHECK(m.infra[var.infra].name == infra);
    }
  }
}

TEST_CASE("a fork depends on what its own fields reference, not on the values it replaces") {
  InMemoryFileSystem fs;
  fs.Add("shop.ds", R"(
import "std/aws"
fleet shop { namespace = "shop" }
infra old-queue: aws.sqs {}
infra new-queue: aws.sqs {}
service api {
  image = "acme/api:1"
  env {
    QUEUE = old-queue.url
    KEPT = old-queue.arn
  }
}
service worker {
  image = "acme/worker:1"
  env { QUEUE = old-queue.url }
}
feature next {
  fork api { env { QUEUE = new-queue.url } }
  fork worker { env { QUEUE = new-queue.url } }
}
)");
  auto run = Check(fs, "shop.ds");
  REQUIRE(run->diags.error_count() == 0);
  const model::Model& m = run->fleet->model;
  auto depends = [&](const std::string& from, const std::string& to) {
    for (const model::Edge& e : m.edges) {
      if (m.nodes[e.from].display_name == from && m.nodes[e.to].display_name == to) return true;
    }
    return false;
  };
  CHECK(depends("api-next", "new-queue"));
  CHECK(depends("api-next", "old-queue"));  // KEPT still reads it
  CHECK(depends("worker-next", "new-queue"));
  CHECK_FALSE(depends("worker-next", "old-queue"));
  CHECK(depends("worker", "old-queue"));
}

TEST_CASE("the dependency graph orders infra before services") {
  InMemoryFileSystem fs;
  fs.Add("shop.ds", kShop);
  auto run = Check(fs, "shop.ds");
  const auto& m = run->fleet->model;
  const auto& g = run->fleet->graph;
  REQUIRE(g.acyclic);
  auto wave_of = [&](const std::string& name) {
    for (size_t w = 0; w < g.waves.size(); ++w) {
      for (int n : g.waves[w]) {
        if (m.nodes[n].display_name == name) return static_cast<int>(w);
      }
    }
    return -1;
  };
  CHECK(wave_of("orders") < wave_of("worker"));
  CHECK(wave_of("worker") < wave_of("api"));
  CHECK(wave_of("worker-f1") < wave_of("api-f1"));
}

TEST_CASE("another team's fleet is referenced across namespaces, not deployed") {
  InMemoryFileSystem fs;
  fs.Add("app/main.ds", R"(
import "../search/search.ds" as search
fleet app { namespace = "app" }
service web {
  image = "acme/web:1"
  env { SEARCH = search.indexer.url }
}
)");
  fs.Add("search/search.ds", R"(
fleet search { namespace = "search-team" }
service indexer { image = "acme/indexer:2", ports { http = 7700 } }
)");
  auto run = Check(fs, "app/main.ds");
  CHECK(run->diags.error_count() == 0);
  const model::Model& m = run->fleet->model;
  CHECK(EnvOf(ServiceNamed(m, "web"), "SEARCH") == "http://indexer.search-team:7700");
  CHECK(ServiceNamed(m, "indexer").external);
}

TEST_CASE("a member file of another team's fleet sees that fleet's header") {
  InMemoryFileSystem fs;
  fs.Add("ledger.ds", R"(
service ledger {
  image = "acme/ledger:1"
  ports { http = 8080 }
  env { TEAM_NAMESPACE = "${fleet.namespace}" }
}
)");
  fs.Add("payments.ds", R"(
import "./ledger.ds"
fleet payments { namespace = "payments" }
)");
  fs.Add("shop.ds", R"(
import "./payments.ds"
fleet shop { namespace = "shop" }
)");
  auto run = Check(fs, "shop.ds");
  REQUIRE(run->diags.error_count() == 0);
  const model::Service& ledger = ServiceNamed(run->fleet->model, "ledger");
  CHECK(ledger.external);
  CHECK(ledger.namespace_ == "payments");
  CHECK(EnvOf(ledger, "TEAM_NAMESPACE") == "payments");
}

TEST_CASE("a user-defined kind with typed parameters and defaults") {
  InMemoryFileSystem fs;
  fs.Add("k.ds", R"(
fleet k {}
kind cache: infra {
  param size: quantity = 64Mi
  param port: int = 11211
  export host: string = self.name
  export address: string = "${self.name}:${port}"
  workload {
    image = "memcached:1.6"
    ports { memcache = port }
    resources { limits { memory = size } }
  }
}
infra sessions: cache { port = 11311 }
service web { image = "acme/web:1", env { CACHE = sessions.address } }
)");
  auto run = Check(fs, "k.ds");
  CHECK(run->diags.error_count() == 0);
  const model::Model& m = run->fleet->model;
  CHECK(EnvOf(ServiceNamed(m, "web"), "CACHE") == "sessions:11311");
  REQUIRE(m.infra.size() == 1);
  REQUIRE(m.infra[0].workload.has_value());
  CHECK(m.infra[0].workload->ports[0].number == 11311);
  CHECK(m.infra[0].workload->resources.memory_limit == "64Mi");
}

TEST_CASE("a fork of a member file's service: its block resolves in the feature's file") {
  InMemoryFileSystem fs;
  fs.Add("main.ds", R"(
import "./member.ds"
fleet shop { namespace = "shop" }
service web { image = "acme/web:1", ports { http = 80 } }
feature f { fork api { env { W = web.url, M = member.cache.url } } }
)");
  fs.Add("member.ds", R"(
service cache { image = "acme/cache:1", ports { http = 6379 } }
service api { image = "acme/api:1", ports { http = 8080 }, env { C = cache.url } }
)");
  auto run = Check(fs, "main.ds");
  CHECK(run->diags.error_count() == 0);
  const model::Model& m = run->fleet->model;
  const model::Service& fork = ServiceNamed(m, "api-f");
  CHECK(EnvOf(fork, "W") == "http://web.shop:80");
  CHECK(EnvOf(fork, "M") == "http://cache.shop:6379");
  CHECK(EnvOf(fork, "C") == "http://cache.shop:6379");  // the baseline body, in member.ds
  CHECK(EnvOf(ServiceNamed(m, "api"), "C") == "http://cache.shop:6379");
}

TEST_CASE("a kind body does not see entities, so a kind chain cannot recurse") {
  // kind kI exports t{I+1}.u, infra tI: kI; once a 3,000-pair chain overflowed the stack.
  constexpr int kPairs = 5000;
  std::string text = "fleet chain {}\n";
  for (int i = 0; i < kPairs; ++i) {
    std::string n = std::to_string(i), next = std::to_string(i + 1);
    text += "kind k" + n + ": infra { export u: string = t" + next + ".u }\n";
    text += "infra t" + n + ": k" + n + " {}\n";
  }
  text += "kind k" + std::to_string(kPairs) + ": infra { export u: string = \"end\" }\n";
  text += "infra t" + std::to_string(kPairs) + ": k" + std::to_string(kPairs) + " {}\n";
  text += "service s { image = \"acme/s:1\", env { U = t0.u } }\n";
  InMemoryFileSystem fs;
  fs.Add("chain.ds", text);
  // Past the default entity limit (DS2022): what is asked of the analyzer when a user
  // raises it.
  auto run = Check(fs, "chain.ds", {.max_entities = 2 * kPairs + 10});
  CHECK(run->diags.error_count() == kPairs);
  for (const auto& d : run->diags.diagnostics()) {
    CHECK(d.kind == DiagKind::kUnknownName);
    CHECK(d.help.find("kind bodies only see their parameters") != std::string::npos);
  }
}

TEST_CASE("limits: entities up to the limit are analysed, one more is DS2022") {
  std::string text = "fleet shop {}\n";
  for (int i = 0; i < 10; ++i)
    text += "service s" + std::to_string(i) + " { image = \"acme/s:1\" }\n";
  text += "feature f { fork s0 { image = \"acme/s:2\" } }\n";
  InMemoryFileSystem fs;
  fs.Add("fleet.ds", text);
  auto at_limit = Check(fs, "fleet.ds", {.max_entities = 11});
  CHECK(at_limit->diags.error_count() == 0);
  CHECK(at_limit->fleet->model.services.size() == 11);
  auto over = Check(fs, "fleet.ds", {.max_entities = 10});
  REQUIRE(over->diags.diagnostics().size() == 1);
  const Diagnostic& d = over->diags.diagnostics().front();
  CHECK(d.kind == DiagKind::kTooManyEntities);
  CHECK(d.message == "the fleet declares more than 10 services, infra and forks");
  // The 11th: the fork, inside the feature.
  CHECK(over->sources.Get(d.span.file).text().substr(d.span.begin, d.span.end - d.span.begin) ==
        "s0");
  CHECK(d.span.begin > text.find("feature f"));
  CHECK(over->fleet->model.services.empty());
}

// A kind whose export is its parameter twice, instantiated `steps` times, each given
// the previous one's export: `a{steps-1}.x` is "ab" repeated 2^steps times. The service
// `api` uses it.
std::string DoublingChain(int steps) {
  std::string text =
      "fleet shop {}\nkind twice: infra {\n  param p: string = \"x\"\n"
      "  export x: string = \"${p}${p}\"\n}\ninfra a0: twice { p = \"ab\" }\n";
  for (int i = 1; i < steps; ++i)
    text +=
        "infra a" + std::to_string(i) + ": twice { p = \"${a" + std::to_string(i - 1) + ".x}\" }\n";
  return text + "service api { image = \"acme/api:1\", env { BIG = a" + std::to_string(steps - 1) +
         ".x } }\n";
}

TEST_CASE("limits: a doubling interpolation chain stops at the budget, once") {
  // 60 steps would be 2^61 bytes; the default budget (64 MiB) stops it in well under a
  // second and a few hundred MiB.
  InMemoryFileSystem fs;
  fs.Add("fleet.ds", DoublingChain(60));
  auto run = Check(fs, "fleet.ds");
  REQUIRE(run->diags.error_count() == 1);
  CHECK(run->diags.diagnostics().front().kind == DiagKind::kExpansionTooLarge);
}

TEST_CASE("limits: a chain within the budget is evaluated exactly") {
  InMemoryFileSystem fs;
  fs.Add("fleet.ds", DoublingChain(5));
  auto run = Check(fs, "fleet.ds");
  REQUIRE(run->diags.error_count() == 0);
  std::string expected;
  for (int i = 0; i < 32; ++i) expected += "ab";
  CHECK(EnvOf(ServiceNamed(run->fleet->model, "api"), "BIG") == expected);
  // The same values, counted: a budget just below them is exceeded.
  auto tight = Check(fs, "fleet.ds", {.max_evaluated_bytes = 64});
  CHECK(tight->diags.error_count() == 1);
}

TEST_CASE("errors are reported together, without cascades") {
  InMemoryFileSystem fs;
  fs.Add("e.ds", R"(
import "std/aws"
fleet e {}
infra q: aws.nope {}
service a { image = "x:1", env { Q = q.url, R = b.urll } }
service b { image = "x:1", ports { http = 0 } }
)");
  auto run = Check(fs, "e.ds");
  run->diags.Sort();
  std::vector<DiagKind> kinds;
  for (const auto& d : run->diags.diagnostics()) kinds.push_back(d.kind);
  // The unknown kind is reported once; `q.url` (whose kind failed) is silent.
  CHECK(kinds == std::vector<DiagKind>{DiagKind::kUnknownKind, DiagKind::kUnknownExport,
                                       DiagKind::kPortOutOfRange});
}

TEST_CASE("a syntax error stops before sema") {
  InMemoryFileSystem fs;
  fs.Add("s.ds", "fleet s { a = }\nservice x { image = nope.nope }\n");
  auto run = Check(fs, "s.ds");
  CHECK_FALSE(run->fleet.has_value());
  REQUIRE(run->diags.diagnostics().size() == 1);
  CHECK(run->diags.diagnostics()[0].kind == DiagKind::kSyntaxError);
}

}  // namespace
}  // namespace dsc

namespace dsc {
namespace {

TEST_CASE("a 20,000-link reference chain declared backwards is checked without deep recursion") {
  // s0 -> s1 -> … -> s19999: each service is declared before what it references.
  std::string text = "fleet chain {}\n";
  constexpr int kLinks = 20000;
  for (int i = 0; i < kLinks; ++i) {
    text += "service s" + std::to_string(i) + " { image = \"acme/s:1\", ports { http = 8080 }";
    if (i + 1 < kLinks) text += " env { NEXT = s" + std::to_string(i + 1) + ".url }";
    text += " }\n";
  }
  InMemoryFileSystem fs;
  fs.Add("chain.ds", text);
  auto run = Check(fs, "chain.ds", {.max_entities = kLinks});
  CHECK(run->diags.error_count() == 0);
  REQUIRE(run->fleet->model.services.size() == kLinks);
  CHECK(run->fleet->model.services[0].k8s_name == "s0");  // declaration order is kept
  CHECK(EnvOf(run->fleet->model.services[0], "NEXT") == "http://s1.chain:8080");
  CHECK(run->fleet->graph.waves.size() == kLinks);
}

}  // namespace
}  // namespace dsc
