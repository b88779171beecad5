#!/usr/bin/env bash
# Usage: tests/runtime/kubelet_selftest.sh STATE_DIR
#
# Self-test of tests/runtime/kubelet.py, the stand-in kubelet for the envtest control plane
# (which has no kubelet, so without it Deployments never become available and Jobs never
# finish). Assumes a plane is already up at STATE_DIR (scripts/envtest/up.sh STATE_DIR);
# sources STATE_DIR/env. It starts kubelet.py, server-side applies into a fresh namespace
#   - a Deployment (nginx, 2 replicas, a TCP container port)  -> must become Available,
#   - a Job (backoffLimit 1)                                   -> must Complete,
#   - a Job matching --fail-jobs (backoffLimit 1)              -> must end Failed with reason
#     BackoffLimitExceeded, after backoffLimit+1 pods that all failed with the termination
#     message,
#   - Deployments whose env names a missing ConfigMap, key or Secret -> must wait with
#     CreateContainerConfigError and the kubelet's message, then start once they exist,
#   - a Job on a kubectl image                                 -> must really run here,
# then deletes the namespace and stops the kubelet by pid. Exit 0 when all hold; otherwise
# exit 1 with a message saying which one did not (plus the kubelet's log). Takes a few
# seconds; every wait is bounded so the whole run stays well under 60 s.
# Only one kubelet.py may run against a plane at a time: two would race on every pod.
set -euo pipefail

[[ $# -eq 1 ]] || { echo "usage: $0 STATE_DIR" >&2; exit 2; }
[[ -r "$1/env" ]] || { echo "kubelet_selftest: $1/env missing; run scripts/envtest/up.sh $1 first" >&2; exit 2; }
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=/usr/bin/python3
# shellcheck source=/dev/null
source "$1/env"
command -v kubectl >/dev/null || { echo "kubelet_selftest: kubectl not found" >&2; exit 2; }

NS="kubelet-selftest-$$"
MESSAGE="provision failed: queue already exists"
WORK=$(mktemp -d /tmp/kubelet-selftest.XXXXXX)
KUBELET_PID=""

cleanup() {
  if [[ -n "$KUBELET_PID" ]] && kill -0 "$KUBELET_PID" 2>/dev/null; then
    kill -TERM "$KUBELET_PID" 2>/dev/null || true
    wait "$KUBELET_PID" 2>/dev/null || true
  fi
  kubectl delete namespace "$NS" --wait=false --ignore-not-found >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  echo "kubelet_selftest: FAIL: $*" >&2
  echo "--- kubectl -n $NS get deploy,job,pod ---" >&2
  kubectl -n "$NS" get deploy,job,pod -o wide >&2 2>&1 || true
  echo "--- kubelet log ---" >&2; cat "$WORK/kubelet.log" >&2 2>/dev/null || true
  echo "--- kubelet stderr ---" >&2; cat "$WORK/kubelet.err" >&2 2>/dev/null || true
  exit 1
}

ms() { echo $(( ($(date +%s%N) - T0) / 1000000 )); }

"$PY" "$HERE/kubelet.py" --fail-jobs '^selftest-fail' --fail-message "$MESSAGE" \
  --pidfile "$WORK/kubelet.pid" --log "$WORK/kubelet.log" </dev/null 2>"$WORK/kubelet.err" &
KUBELET_PID=$!

cat >"$WORK/objects.yaml" <<EOF
apiVersion: v1
kind: Namespace
metadata: {name: $NS}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: selftest-web, namespace: $NS}
spec:
  replicas: 2
  selector: {matchLabels: {app: selftest-web}}
  template:
    metadata: {labels: {app: selftest-web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports: [{name: http, containerPort: 80, protocol: TCP}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: selftest-ok, namespace: $NS}
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: Never
      containers: [{name: migrate, image: busybox:1.36, command: ["true"]}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: selftest-fail, namespace: $NS}
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: Never
      containers: [{name: provision, image: busybox:1.36, command: ["false"]}]
EOF

T0=$(date +%s%N)
kubectl apply --server-side --field-manager=kubelet-selftest -f "$WORK/objects.yaml" >/dev/null \
  || fail "kubectl apply --server-side failed"
kill -0 "$KUBELET_PID" 2>/dev/null || fail "kubelet.py exited right after start"

kubectl -n "$NS" wait --for=condition=available deployment/selftest-web --timeout=20s >/dev/null \
  || fail "Deployment selftest-web not Available within 20 s"
[[ $(kubectl -n "$NS" get deployment selftest-web -o jsonpath='{.status.availableReplicas}') == 2 ]] \
  || fail "Deployment selftest-web: availableReplicas != 2"
echo "kubelet_selftest: Deployment available (2/2) after $(ms) ms"

kubectl -n "$NS" wait --for=condition=complete job/selftest-ok --timeout=20s >/dev/null \
  || fail "Job selftest-ok not Complete within 20 s"
echo "kubelet_selftest: Job selftest-ok complete after $(ms) ms"

kubectl -n "$NS" wait --for=condition=failed job/selftest-fail --timeout=30s >/dev/null \
  || fail "Job selftest-fail not Failed within 30 s"
reason=$(kubectl -n "$NS" get job selftest-fail \
  -o jsonpath='{.status.conditions[?(@.type=="Failed")].reason}')
[[ "$reason" == BackoffLimitExceeded ]] \
  || fail "Job selftest-fail: Failed reason is '$reason', want BackoffLimitExceeded"
echo "kubelet_selftest: Job selftest-fail failed (BackoffLimitExceeded) after $(ms) ms"

# Every pod of the failing Job (backoffLimit 1 -> 2 pods) failed with the message.
pods=$(kubectl -n "$NS" get pods -l job-name=selftest-fail -o jsonpath='{range .items[*]}{.metadata.name}|{.status.phase}|{.status.containerStatuses[0].state.terminated.exitCode}|{.status.containerStatuses[0].state.terminated.message}{"\n"}{end}')
n=0
while IFS='|' read -r name phase code msg; do
  [[ -n "$name" ]] || continue
  n=$((n + 1))
  [[ "$phase" == Failed && "$code" == 1 && "$msg" == "$MESSAGE" ]] \
    || fail "pod $name: phase=$phase exitCode=$code message='$msg', want Failed/1/'$MESSAGE'"
done <<<"$pods"
((n >= 2)) || fail "Job selftest-fail has $n pod(s), want >= 2 (backoffLimit 1 = one retry)"
echo "kubelet_selftest: $n failed pods carry the termination message"

# The successful Job's pod: Succeeded, exit code 0.
ok=$(kubectl -n "$NS" get pods -l job-name=selftest-ok \
  -o jsonpath='{.items[0].status.phase}/{.items[0].status.containerStatuses[0].state.terminated.exitCode}')
[[ "$ok" == Succeeded/0 ]] || fail "Job selftest-ok's pod: phase/exitCode '$ok', want Succeeded/0"

# --- What a real kubelet refuses: a pod whose env names a missing ConfigMap, a missing key
# or a missing Secret waits (CreateContainerConfigError), and starts once they exist. ---
waiting_message() {  # APP WANT -> the waiting reason and message of the app's pod
  local deadline=$((SECONDS + 15)) msg=""
  while ((SECONDS < deadline)); do
    msg=$(kubectl -n "$NS" get pods -l "app=$1" -o jsonpath='{.items[0].status.containerStatuses[0].state.waiting.reason}: {.items[0].status.containerStatuses[0].state.waiting.message}' 2>/dev/null || true)
    [[ "$msg" == "$2" ]] && { echo "$msg"; return 0; }
    sleep 0.2
  done
  echo "$msg"
  return 1
}
cat >"$WORK/config.yaml" <<EOF
apiVersion: apps/v1
kind: Deployment
metadata: {name: selftest-config, namespace: $NS}
spec:
  replicas: 1
  selector: {matchLabels: {app: selftest-config}}
  template:
    metadata: {labels: {app: selftest-config}}
    spec:
      containers:
      - name: app
        image: nginx:1.25
        env:
        - name: QUEUE_URL
          valueFrom: {configMapKeyRef: {name: queue-outputs, key: url}}
        - name: OPTIONAL
          valueFrom: {configMapKeyRef: {name: nowhere, key: x, optional: true}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: selftest-secret, namespace: $NS}
spec:
  replicas: 1
  selector: {matchLabels: {app: selftest-secret}}
  template:
    metadata: {labels: {app: selftest-secret}}
    spec:
      containers:
      - name: app
        image: nginx:1.25
        envFrom: [{secretRef: {name: app-secrets}}]
EOF
kubectl apply --server-side --field-manager=kubelet-selftest -f "$WORK/config.yaml" >/dev/null \
  || fail "kubectl apply of the config cases failed"
want='CreateContainerConfigError: configmap "queue-outputs" not found'
got=$(waiting_message selftest-config "$want") || fail "missing ConfigMap: got '$got', want '$want'"
want='CreateContainerConfigError: secret "app-secrets" not found'
got=$(waiting_message selftest-secret "$want") || fail "missing Secret: got '$got', want '$want'"
kubectl -n "$NS" create configmap queue-outputs --from-literal=arn=x >/dev/null
want="CreateContainerConfigError: couldn't find key url in ConfigMap $NS/queue-outputs"
got=$(waiting_message selftest-config "$want") || fail "missing key: got '$got', want '$want'"
sleep 1.5
[[ -z $(kubectl -n "$NS" get deployment selftest-config -o jsonpath='{.status.availableReplicas}') ]] \
  || fail "Deployment selftest-config became available while its ConfigMap lacks the key"
echo "kubelet_selftest: a missing ConfigMap, key or Secret keeps the pods waiting"
kubectl -n "$NS" patch configmap queue-outputs --type merge -p '{"data":{"url":"http://q"}}' >/dev/null
kubectl -n "$NS" create secret generic app-secrets --from-literal=token=t >/dev/null
for d in selftest-config selftest-secret; do
  kubectl -n "$NS" wait --for=condition=available "deployment/$d" --timeout=20s >/dev/null \
    || fail "Deployment $d not Available within 20 s of its ConfigMap/Secret appearing"
done
echo "kubelet_selftest: they start once what they need exists, after $(ms) ms"

# --- A Job on a kubectl image runs here, for real, against the plane. ---
cat >"$WORK/exec.yaml" <<EOF
apiVersion: batch/v1
kind: Job
metadata: {name: selftest-exec, namespace: $NS}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: kubectl
        image: alpine/k8s:1.29.2
        command: [/bin/sh, -c, 'kubectl create configmap made-by-job --namespace "\$TARGET" --from-literal=by=job']
        env: [{name: TARGET, value: $NS}]
EOF
kubectl apply --server-side --field-manager=kubelet-selftest -f "$WORK/exec.yaml" >/dev/null
kubectl -n "$NS" wait --for=condition=complete job/selftest-exec --timeout=30s >/dev/null \
  || fail "Job selftest-exec (run here) not Complete within 30 s"
[[ $(kubectl -n "$NS" get configmap made-by-job -o jsonpath='{.data.by}') == job ]] \
  || fail "Job selftest-exec completed, but the ConfigMap its script creates is not there"
echo "kubelet_selftest: a kubectl Job ran here and acted on the plane, after $(ms) ms"

kill -TERM "$KUBELET_PID"
rc=0; wait "$KUBELET_PID" || rc=$?
KUBELET_PID=""
((rc == 0)) || fail "kubelet.py exited $rc on SIGTERM, want 0"
[[ ! -e "$WORK/kubelet.pid" ]] || fail "kubelet.py left its pidfile behind"
echo "kubelet_selftest: PASS in $(ms) ms ($(wc -l <"$WORK/kubelet.log") pods patched)"
