// The jsonnet peer of bench/scale/scale_bench.sh: the objects that `dsc build FLEET -o -`
// emits for the fleet of gen_workload.py N, generated from N alone.
//
//   jsonnet -y --tla-code n=1000 bench/scale/workload.jsonnet
//
// Same objects as dsc (the script checks it, ignoring order and comments): the fleet's
// Namespace, then per service `svc-i` a Deployment, a Service and an IngressRoute.
// `-y` renders each array element as one document of a YAML stream (in JSON syntax,
// which is YAML).
//
// Written for jsonnet 0.18's speed, as a user who measured it would: strings are joined
// with `+`, not formatted with `%` (std.format, written in jsonnet there, made 2,000
// services take a minute, growing faster than N).
local fleet = 'bench';
local ns = 'bench';
local domain = 'bench.localtest.me';

local labels(app) = {
  'app.kubernetes.io/name': app,
  'app.kubernetes.io/instance': app,
  'app.kubernetes.io/part-of': fleet,
  'app.kubernetes.io/managed-by': 'dsc',
  'devstack.io/fleet': fleet,
  'devstack.io/release': app,
};

local selector(app) = {
  'app.kubernetes.io/instance': app,
  'devstack.io/fleet': fleet,
};

local meta(app) = { name: app, namespace: ns, labels: labels(app) };

local deployment(i) = local app = 'svc-' + i; {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta(app),
  spec: {
    replicas: 1,
    revisionHistoryLimit: 3,
    selector: { matchLabels: selector(app) },
    template: {
      metadata: { labels: labels(app) },
      spec: {
        enableServiceLinks: false,
        containers: [{
          name: app,
          image: 'registry.example.com/' + app + ':1.0.' + (i % 10),
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
          env: [
            { name: 'DEVSTACK_FLEET', value: fleet },
            { name: 'DEVSTACK_ROUTING_HEADER', value: 'x-devstack-label' },
            { name: 'DEVSTACK_ROUTING_MODE', value: 'header' },
            { name: 'DEVSTACK_FEATURE' },
          ],
        }],
      },
    },
  },
};

local service(i) = local app = 'svc-' + i; {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: meta(app),
  spec: {
    type: 'ClusterIP',
    selector: selector(app),
    ports: [{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }],
  },
};

local ingressRoute(i) = local app = 'svc-' + i; {
  apiVersion: 'traefik.io/v1alpha1',
  kind: 'IngressRoute',
  metadata: meta(app),
  spec: {
    entryPoints: ['web'],
    routes: [{
      kind: 'Rule',
      match: 'Host(`' + app + '.' + domain + '`) && PathPrefix(`/`)',
      priority: 1010,
      services: [{ name: app, port: 8080 }],
    }],
  },
};

function(n)
  [{
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: ns,
      labels: { 'app.kubernetes.io/managed-by': 'dsc', 'devstack.io/fleet': fleet },
    },
  }]
  // std.makeArray, not a comprehension: in jsonnet 0.18 a comprehension's memory grows
  // faster than N (10,000 services: 1 GB with two `for`s, 400 MB with one; 130 MB here).
  + std.makeArray(3 * n, function(k) [deployment, service, ingressRoute][k % 3](std.floor(k / 3)))
