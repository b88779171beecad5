// Traefik, LocalStack and kube-janitor as the platform installs them. The images are
// pinned by tag; RBAC follows each project's own reference manifests at that tag
// (stdlib/platform/SOURCES.md); every container runs as non-root with a read-only root
// file system where the image allows it, and requests what it needs so that `dsc usage`
// can count it.
#include "compiler/emit/platform_components.h"

#include <fmt/format.h>

#include "compiler/source/embedded_files.h"

namespace dsc::emit {
namespace {

constexpr const char* kTraefik = "traefik";
constexpr const char* kLocalStack = "localstack";
constexpr const char* kJanitor = "kube-janitor";
// Traefik's own entry point for its /ping health check, apart from the routed ones.
constexpr const char* kPingEntryPoint = "traefik";
constexpr int kPingPort = 9000;

Json Labels(const std::string& app) {
  Json labels = Json::object();
  labels["app.kubernetes.io/name"] = app;
  labels["app.kubernetes.io/part-of"] = kPlatformFleet;
  labels["app.kubernetes.io/managed-by"] = "dsc";
  return labels;
}

Json Selector(const std::string& app) {
  Json match = Json::object();
  match["app.kubernetes.io/name"] = app;
  match["app.kubernetes.io/part-of"] = kPlatformFleet;
  return match;
}

Json Object(const char* api_version, const char* kind, const std::string& name,
            const std::string& ns, const std::string& app) {
  Json object = Json::object();
  object["apiVersion"] = api_version;
  object["kind"] = kind;
  Json meta = Json::object();
  meta["name"] = name;
  if (!ns.empty()) meta["namespace"] = ns;
  meta["labels"] = Labels(app);
  object["metadata"] = std::move(meta);
  return object;
}

Json Rule(std::vector<std::string> groups, std::vector<std::string> resources,
          std::vector<std::string> verbs) {
  Json rule = Json::object();
  rule["apiGroups"] = groups;
  rule["resources"] = resources;
  rule["verbs"] = verbs;
  return rule;
}

// A ServiceAccount, a ClusterRole with `rules` and the binding between them. Cluster-wide
// names carry the namespace, so two platforms (say, per team) do not share a role.
void AddClusterAccess(const PlatformSettings& s, const std::string& app, Json rules,
                      std::vector<Json>& out) {
  std::string role = s.ns + "-" + app;
  out.push_back(Object("v1", "ServiceAccount", app, s.ns, app));
  Json cluster_role = Object("rbac.authorization.k8s.io/v1", "ClusterRole", role, "", app);
  cluster_role["rules"] = std::move(rules);
  out.push_back(std::move(cluster_role));
  Json binding = Object("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", role, "", app);
  binding["roleRef"] = {
      {"apiGroup", "rbac.authorization.k8s.io"}, {"kind", "ClusterRole"}, {"name", role}};
  Json subject = Json::object();
  subject["kind"] = "ServiceAccount";
  subject["name"] = app;
  subject["namespace"] = s.ns;
  binding["subjects"] = Json::array({std::move(subject)});
  out.push_back(std::move(binding));
}

Json Resources(const char* cpu, const char* memory) {
  Json requests = Json::object();
  requests["cpu"] = cpu;
  requests["memory"] = memory;
  Json limits = Json::object();
  limits["memory"] = memory;
  return {{"requests", std::move(requests)}, {"limits", std::move(limits)}};
}

Json NonRoot(int uid, bool read_only_root) {
  Json security = Json::object();
  security["runAsNonRoot"] = true;
  security["runAsUser"] = uid;
  security["allowPrivilegeEscalation"] = false;
  security["readOnlyRootFilesystem"] = read_only_root;
  security["capabilities"] = {{"drop", Json::array({"ALL"})}};
  return security;
}

Json HttpProbe(const std::string& path, const std::string& port) {
  Json get = Json::object();
  get["path"] = path;
  get["port"] = port;
  Json probe = Json::object();
  probe["httpGet"] = std::move(get);
  probe["periodSeconds"] = 10;
  probe["failureThreshold"] = 3;
  return probe;
}

Json Port(const std::string& name, int number) {
  Json port = Json::object();
  port["name"] = name;
  port["containerPort"] = number;
  port["protocol"] = "TCP";
  return port;
}

// One replica of `container`, under the ServiceAccount `account` (empty: none mounted).
Json Deployment(const PlatformSettings& s, const std::string& app, const std::string& account,
                Json container, Json volumes = nullptr) {
  Json deployment = Object("apps/v1", "Deployment", app, s.ns, app);
  Json spec = Json::object();
  spec["replicas"] = 1;
  spec["selector"] = {{"matchLabels", Selector(app)}};
  Json pod = Json::object();
  pod["metadata"] = {{"labels", Labels(app)}};
  Json pod_spec = Json::object();
  if (account.empty()) {
    pod_spec["automountServiceAccountToken"] = false;
  } else {
    pod_spec["serviceAccountName"] = account;
  }
  pod_spec["containers"] = Json::array({std::move(container)});
  if (!volumes.is_null()) pod_spec["volumes"] = std::move(volumes);
  pod["spec"] = std::move(pod_spec);
  spec["template"] = std::move(pod);
  deployment["spec"] = std::move(spec);
  return deployment;
}

Json Service(const PlatformSettings& s, const std::string& app, const std::string& type,
             Json ports) {
  Json service = Object("v1", "Service", app, s.ns, app);
  Json spec = Json::object();
  spec["type"] = type;
  spec["selector"] = Selector(app);
  spec["ports"] = std::move(ports);
  service["spec"] = std::move(spec);
  return service;
}

Json ServicePort(const std::string& name, int port, const std::string& target) {
  Json out = Json::object();
  out["name"] = name;
  out["port"] = port;
  out["targetPort"] = target;
  out["protocol"] = "TCP";
  return out;
}

// What Traefik's CRD provider reads (kubernetes-crd-rbac.yml at the pinned tag).
Json TraefikRules(model::TraefikVersion version) {
  const bool v3 = version == model::TraefikVersion::kV3;
  std::vector<std::string> crds = {"middlewares",     "middlewaretcps",   "ingressroutes",
                                   "traefikservices", "ingressroutetcps", "ingressrouteudps",
                                   "tlsoptions",      "tlsstores",        "serverstransports"};
  if (v3) crds.push_back("serverstransporttcps");
  Json rules = Json::array();
  if (v3) {
    rules.push_back(
        Rule({""}, {"services", "secrets", "nodes", "configmaps"}, {"get", "list", "watch"}));
    rules.push_back(Rule({"discovery.k8s.io"}, {"endpointslices"}, {"list", "watch"}));
  } else {
    rules.push_back(Rule({""}, {"services", "endpoints", "secrets"}, {"get", "list", "watch"}));
  }
  rules.push_back(Rule({"extensions", "networking.k8s.io"}, {"ingresses", "ingressclasses"},
                       {"get", "list", "watch"}));
  rules.push_back(Rule({"extensions", "networking.k8s.io"}, {"ingresses/status"}, {"update"}));
  std::vector<std::string> groups = {"traefik.io"};
  if (!v3) groups.push_back("traefik.containo.us");
  rules.push_back(Rule(groups, crds, {"get", "list", "watch"}));
  return rules;
}

// The Service's port for an entry point: the usual 80 and 443 for `web` and
// `websecure`, as Traefik's Helm chart exposes them; any other keeps its own.
int ExposedPort(const std::string& entry_point, int container_port) {
  if (entry_point == "web") return 80;
  if (entry_point == "websecure") return 443;
  return container_port;
}

// A component running `image`: its chart's appVersion is the image's tag.
PlatformComponent Component(const std::string& name, const std::string& description,
                            const std::string& image) {
  PlatformComponent c;
  c.name = name;
  c.description = description;
  c.app_version = image.substr(image.find(':') + 1);
  return c;
}

Json Container(const std::string& name, const std::string& image) {
  Json container = Json::object();
  container["name"] = name;
  container["image"] = image;
  return container;
}

PlatformComponent TraefikCrds(const PlatformSettings& s) {
  const bool v3 = s.traefik == model::TraefikVersion::kV3;
  PlatformComponent c =
      Component("traefik-crds",
                fmt::format("Traefik's CustomResourceDefinitions ({})",
                            v3 ? "traefik.io" : "traefik.io and traefik.containo.us"),
                TraefikImage(s.traefik));
  c.verbatim_yaml = FindEmbeddedFile(v3 ? "stdlib/platform/traefik-v3-crds.yaml"
                                        : "stdlib/platform/traefik-v2-crds.yaml");
  return c;
}

PlatformComponent Traefik(const PlatformSettings& s) {
  PlatformComponent c = Component(kTraefik, "Traefik, the router of every fleet's IngressRoutes",
                                  TraefikImage(s.traefik));
  c.wave = 1;
  c.needs = {"traefik-crds"};  // Traefik waits for every CRD it watches before it routes
  AddClusterAccess(s, kTraefik, TraefikRules(s.traefik), c.objects);

  Json args = Json::array();
  Json ports = Json::array();
  Json service_ports = Json::array();
  for (const auto& [name, port] : s.entry_points) {
    args.push_back(fmt::format("--entryPoints.{}.address=:{}/tcp", name, port));
    ports.push_back(Port(name, port));
    service_ports.push_back(ServicePort(name, ExposedPort(name, port), name));
  }
  args.push_back(fmt::format("--entryPoints.{}.address=:{}/tcp", kPingEntryPoint, kPingPort));
  args.push_back("--ping=true");
  args.push_back(fmt::format("--ping.entryPoint={}", kPingEntryPoint));
  args.push_back("--providers.kubernetescrd=true");
  // A feature in its own namespace is routed by Middlewares and Services of the fleet's.
  args.push_back("--providers.kubernetescrd.allowCrossNamespace=true");
  args.push_back("--log.level=INFO");
  ports.push_back(Port(kPingEntryPoint, kPingPort));

  Json container = Container(kTraefik, TraefikImage(s.traefik));
  container["args"] = std::move(args);
  container["ports"] = std::move(ports);
  container["readinessProbe"] = HttpProbe("/ping", kPingEntryPoint);
  container["livenessProbe"] = HttpProbe("/ping", kPingEntryPoint);
  container["resources"] = Resources("100m", "128Mi");
  container["securityContext"] = NonRoot(65532, true);
  c.objects.push_back(Deployment(s, kTraefik, kTraefik, std::move(container)));
  c.objects.push_back(Service(s, kTraefik, s.service_type, std::move(service_ports)));
  return c;
}

PlatformComponent LocalStack(const PlatformSettings& s) {
  PlatformComponent c = Component(
      kLocalStack, "LocalStack, the AWS APIs std/aws infra is provisioned on", kLocalStackImage);
  Json container = Container(kLocalStack, kLocalStackImage);
  container["ports"] = Json::array({Port("edge", 4566)});
  container["readinessProbe"] = HttpProbe("/_localstack/health", "edge");
  container["resources"] = Resources("200m", "512Mi");
  // LocalStack writes its state under /var/lib/localstack and starts as root to set it
  // up; it gets no service account token.
  c.objects.push_back(Deployment(s, kLocalStack, "", std::move(container)));
  c.objects.push_back(
      Service(s, kLocalStack, "ClusterIP", Json::array({ServicePort("edge", 4566, "edge")})));
  return c;
}

// kube-janitor deletes what carries `janitor/ttl` (or `janitor/expires`) once it is due:
// every feature's objects and namespaces, which dsc annotates. The rules file is for
// objects without the annotation; the platform adds none, so nothing dsc did not mark
// expires.
PlatformComponent Janitor(const PlatformSettings& s) {
  PlatformComponent c =
      Component(kJanitor, "kube-janitor, which removes what carries `janitor/ttl` once it expires",
                kJanitorImage);
  Json rules = Json::array();
  rules.push_back(Rule({""}, {"events"}, {"create"}));
  rules.push_back(Rule({"*"}, {"*"}, {"get", "watch", "list", "delete"}));
  AddClusterAccess(s, kJanitor, std::move(rules), c.objects);

  Json config = Object("v1", "ConfigMap", "kube-janitor-rules", s.ns, kJanitor);
  config["data"] = {{"rules.yaml",
                     "# Objects without janitor/ttl or janitor/expires: none expires by rule.\n"
                     "rules: []\n"}};
  c.objects.push_back(std::move(config));

  Json container = Container("janitor", kJanitorImage);
  container["args"] = Json::array({"--interval=60", "--rules-file=/config/rules.yaml"});
  container["resources"] = Resources("5m", "100Mi");
  container["securityContext"] = NonRoot(1000, true);
  container["volumeMounts"] =
      Json::array({Json{{"name", "rules"}, {"mountPath", "/config"}, {"readOnly", true}}});
  Json volumes =
      Json::array({Json{{"name", "rules"}, {"configMap", {{"name", "kube-janitor-rules"}}}}});
  c.objects.push_back(Deployment(s, kJanitor, kJanitor, std::move(container), std::move(volumes)));
  return c;
}

}  // namespace

std::vector<PlatformComponent> PlatformComponents(const PlatformSettings& settings) {
  std::vector<PlatformComponent> out;
  if (settings.traefik_installed) {
    out.push_back(TraefikCrds(settings));
    out.push_back(Traefik(settings));
  }
  if (settings.localstack) out.push_back(LocalStack(settings));
  if (settings.janitor) out.push_back(Janitor(settings));
  return out;
}

}  // namespace dsc::emit
