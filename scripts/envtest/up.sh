#!/usr/bin/env bash
# Usage: scripts/envtest/up.sh STATE_DIR
#
# Starts a real, private Kubernetes v1.20.2 control plane (etcd + kube-apiserver +
# kube-controller-manager, binaries from build.sh's cache) on free loopback ports, installs
# the Traefik v2 and v3 CRDs (unless DSC_ENVTEST_NO_CRDS=1), and writes into STATE_DIR:
#   kubeconfig   a normal kubeconfig (CA data, server, bearer token)
#   env          shell-sourceable: DSC_ENVTEST_SERVER, DSC_ENVTEST_TOKEN, DSC_ENVTEST_CA, KUBECONFIG,
#                DSC_ENVTEST_LIMITED_USER/_TOKEN (a user with no rights until a test grants them)
#   ca.crt       CA bundle that verifies the apiserver (TLS verification stays ON)
#   pids         "name pid" per started process, for down.sh
#   logs/        one log per process
#   data/        etcd data, certs, keys, token file (removed by down.sh)
# No kubectl needed: the CRDs are installed with Debian's python3 (stdlib + python3-yaml).
# On any failure it stops what it started and prints the tail of the relevant log.
set -euo pipefail

[[ $# -eq 1 ]] || { echo "usage: $0 STATE_DIR" >&2; exit 2; }
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
VERSION=1.20.2
BIN="${DSC_ENVTEST_CACHE:-$HOME/.cache/dsc-envtest}/v$VERSION"
PY=/usr/bin/python3 # Debian's python (has python3-yaml), not whatever pyenv puts first

for b in kube-apiserver kube-controller-manager; do
  [[ -x "$BIN/$b" ]] || { echo "envtest/up: $BIN/$b missing; run scripts/envtest/build.sh" >&2; exit 1; }
done
command -v etcd >/dev/null || { echo "envtest/up: etcd missing; run scripts/envtest/build.sh" >&2; exit 1; }

mkdir -p "$1"
STATE=$(cd "$1" && pwd)
[[ ! -s "$STATE/pids" ]] || { echo "envtest/up: $STATE/pids exists; run down.sh first" >&2; exit 1; }
DATA="$STATE/data" LOGS="$STATE/logs"
rm -rf "$DATA" "$LOGS"
mkdir -p "$DATA" "$LOGS"
chmod 700 "$DATA" # holds the token and private keys
: >"$STATE/pids"

# --- Cleanup on failure: stop what we started (by pid) and show why. ---
current="" # the component being waited for, whose log explains a failure
fail() {
  local rc=$?
  trap - EXIT
  if [[ -n "$current" && -f "$LOGS/$current.log" ]]; then
    echo "envtest/up: --- last lines of $LOGS/$current.log ---" >&2
    tail -n 30 "$LOGS/$current.log" >&2
  fi
  "$HERE/down.sh" "$STATE" >/dev/null 2>&1 || true
  echo "envtest/up: failed (exit $rc)${current:+ while starting $current}" >&2
  exit $(( rc ? rc : 1 ))
}
trap fail EXIT
trap 'exit 130' INT TERM

start() { # start NAME CMD...: background it with its log, record the pid
  local name=$1; shift
  current=$name
  # stdin/stdout/stderr redirected so that a caller capturing our output never waits on them.
  "$@" </dev/null >"$LOGS/$name.log" 2>&1 &
  echo "$name $!" >>"$STATE/pids"
}

alive() { # alive NAME: is the recorded process still running?
  local pid
  pid=$(awk -v n="$1" '$1 == n { print $2 }' "$STATE/pids")
  kill -0 "$pid" 2>/dev/null
}

wait_for() { # wait_for NAME SECONDS CMD...: poll CMD until it succeeds; fail fast if NAME died
  local name=$1 secs=$2; shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    alive "$name" || { echo "envtest/up: $name exited" >&2; return 1; }
    ((SECONDS < deadline)) || { echo "envtest/up: $name not ready after ${secs}s" >&2; return 1; }
    sleep 0.2
  done
}

# --- Free loopback ports, chosen now (all sockets held open together so they differ). ---
read -r ETCD_PORT PEER_PORT API_PORT < <("$PY" -c '
import socket
ss = [socket.socket() for _ in range(3)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])
for s in ss: s.close()')

# --- Credentials: a random bearer token in system:masters, a service-account signing key. ---
TOKEN=$(openssl rand -hex 32)
echo "$TOKEN,dsc-envtest,dsc-envtest,\"system:masters\"" >"$DATA/tokens.csv"
# A second user with no rights but what tests grant it by RBAC (a namespace admin).
LIMITED_TOKEN=$(openssl rand -hex 32)
echo "$LIMITED_TOKEN,dsc-envtest-limited,dsc-envtest-limited" >>"$DATA/tokens.csv"
openssl genrsa -out "$DATA/sa.key" 2048 2>/dev/null

# --- etcd ---
ETCD_URL="http://127.0.0.1:$ETCD_PORT"
start etcd etcd --name dsc-envtest --data-dir "$DATA/etcd" \
  --listen-client-urls "$ETCD_URL" --advertise-client-urls "$ETCD_URL" \
  --listen-peer-urls "http://127.0.0.1:$PEER_PORT" \
  --initial-advertise-peer-urls "http://127.0.0.1:$PEER_PORT" \
  --initial-cluster "dsc-envtest=http://127.0.0.1:$PEER_PORT"
wait_for etcd 30 curl -fsS "$ETCD_URL/health"

# --- kube-apiserver ---
# --cert-dir: it generates a self-signed serving cert there, which we then trust as the CA.
# ServiceAccount admission off: without the token controller, ReplicaSets could not make pods.
# A /16 service range: a /24 is full after ~250 Services, which the runtime tests and the
# 100-service benchmark exceed on one plane.
SERVER="https://127.0.0.1:$API_PORT"
start kube-apiserver "$BIN/kube-apiserver" \
  --etcd-servers "$ETCD_URL" --cert-dir "$DATA/pki" \
  --secure-port "$API_PORT" --bind-address 127.0.0.1 --advertise-address 127.0.0.1 \
  --insecure-port 0 \
  --service-account-key-file "$DATA/sa.key" --service-account-signing-key-file "$DATA/sa.key" \
  --service-account-issuer https://kubernetes.default.svc \
  --token-auth-file "$DATA/tokens.csv" --authorization-mode RBAC \
  --service-cluster-ip-range 10.0.0.0/16 --disable-admission-plugins ServiceAccount
wait_for kube-apiserver 30 test -s "$DATA/pki/apiserver.crt"
# The file holds the serving cert followed by the CA that signed it.
cp "$DATA/pki/apiserver.crt" "$STATE/ca.crt"
CA="$STATE/ca.crt"
wait_for kube-apiserver 90 curl -fsS --cacert "$CA" -H "Authorization: Bearer $TOKEN" "$SERVER/readyz"

# --- kubeconfig + env (written before the controller manager, which uses the kubeconfig) ---
umask 077 # they carry the token
cat >"$STATE/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: dsc-envtest
  cluster:
    server: $SERVER
    certificate-authority-data: $(base64 -w0 "$CA")
users:
- name: dsc-envtest
  user:
    token: $TOKEN
contexts:
- name: dsc-envtest
  context: {cluster: dsc-envtest, user: dsc-envtest}
current-context: dsc-envtest
EOF
{
  printf 'export DSC_ENVTEST_SERVER=%q\n' "$SERVER"
  printf 'export DSC_ENVTEST_TOKEN=%q\n' "$TOKEN"
  printf 'export DSC_ENVTEST_LIMITED_USER=%q\n' dsc-envtest-limited
  printf 'export DSC_ENVTEST_LIMITED_TOKEN=%q\n' "$LIMITED_TOKEN"
  printf 'export DSC_ENVTEST_CA=%q\n' "$CA"
  printf 'export KUBECONFIG=%q\n' "$STATE/kubeconfig"
} >"$STATE/env"
umask 022

# --- kube-controller-manager (runs the deployment/job controllers; no kubelet exists) ---
start kube-controller-manager "$BIN/kube-controller-manager" \
  --kubeconfig "$STATE/kubeconfig" --leader-elect=false \
  --controllers '*,-serviceaccount-token' --secure-port 0 --port 0 \
  --service-account-private-key-file "$DATA/sa.key"

# --- Traefik CRDs, v2 (traefik.containo.us) and v3 (traefik.io), by server-side apply. ---
# DSC_ENVTEST_NO_CRDS=1 leaves them out: a bare cluster, as `dsc platform apply` (which
# brings its own) finds one (scripts/demo).
if [[ -z "${DSC_ENVTEST_NO_CRDS:-}" ]]; then
# traefik-v3.yaml's Middleware addPrefix.prefix carries `x-kubernetes-validations` (CEL,
# Kubernetes >= 1.25) which the 1.20 apiserver rejects: strip that key in memory while
# installing into this 1.20 test plane. The repo's CRD files are left untouched.
current=kube-apiserver
DSC_ENVTEST_SERVER=$SERVER DSC_ENVTEST_TOKEN=$TOKEN DSC_ENVTEST_CA=$CA \
  "$PY" - "$REPO/tests/reference/crds/traefik-v2.yaml" "$REPO/tests/reference/crds/traefik-v3.yaml" <<'PYEOF'
import http.client, json, os, ssl, sys, time, urllib.parse
import yaml

def strip_cel(node):
    if isinstance(node, dict):
        node.pop("x-kubernetes-validations", None)
        for v in node.values(): strip_cel(v)
    elif isinstance(node, list):
        for v in node: strip_cel(v)

url = urllib.parse.urlsplit(os.environ["DSC_ENVTEST_SERVER"])
ctx = ssl.create_default_context(cafile=os.environ["DSC_ENVTEST_CA"])
conn = http.client.HTTPSConnection(url.hostname, url.port, context=ctx, timeout=30)
auth = {"Authorization": "Bearer " + os.environ["DSC_ENVTEST_TOKEN"]}

def call(method, path, body=None, ctype="application/json"):
    headers = dict(auth, Accept="application/json")
    if body is not None: headers["Content-Type"] = ctype
    conn.request(method, path, body=body, headers=headers)
    r = conn.getresponse()
    return r.status, r.read()

crds = []
for f in sys.argv[1:]:
    with open(f) as fh:
        for doc in yaml.safe_load_all(fh):
            if doc: strip_cel(doc); crds.append(doc)
for crd in crds:
    name = crd["metadata"]["name"]
    st, body = call("PATCH", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + name
                    + "?fieldManager=dsc-envtest&force=true", json.dumps(crd),
                    "application/apply-patch+yaml")
    if st >= 300:
        sys.exit("CRD %s: HTTP %d: %s" % (name, st, body.decode(errors="replace")[:2000]))

# Established, and then served by discovery (there is a short lag between the two; the
# dry-run tool resolves kinds through discovery).
deadline = time.time() + 60
pending = {c["metadata"]["name"]: c for c in crds}
while pending:
    for name, crd in list(pending.items()):
        st, body = call("GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + name)
        conds = (json.loads(body).get("status", {}).get("conditions") or []) if st == 200 else []
        if not any(c["type"] == "Established" and c["status"] == "True" for c in conds):
            continue
        spec = crd["spec"]
        served = [v["name"] for v in spec["versions"] if v.get("served")]
        ok = True
        for v in served:
            st, body = call("GET", "/apis/%s/%s" % (spec["group"], v))
            kinds = [r["kind"] for r in (json.loads(body).get("resources") or [])] if st == 200 else []
            ok = ok and spec["names"]["kind"] in kinds
        if ok: del pending[name]
    if pending:
        if time.time() > deadline:
            sys.exit("CRDs not established/discoverable after 60s: " + ", ".join(sorted(pending)))
        time.sleep(0.2)
print("envtest/up: %d CRDs established" % len(crds), file=sys.stderr)
PYEOF
fi

current=kube-controller-manager
alive kube-controller-manager || { echo "envtest/up: kube-controller-manager exited" >&2; false; }

current=""
trap - EXIT INT TERM
echo "envtest/up: Kubernetes v$VERSION at $SERVER (source $STATE/env)" >&2
