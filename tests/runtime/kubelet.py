#!/usr/bin/python3
"""kubelet.py: play the kubelet for the envtest control plane (scripts/envtest/up.sh).

The test control plane has etcd, kube-apiserver and kube-controller-manager but no kubelet
and no container runtime, so pods stay Pending forever: Deployments never become available
and Jobs never finish. This program stands in for the kubelet. It watches every pod in the
cluster and, once per pod, patches its status the way a kubelet would after running it:

  * a pod of a Job (ownerReferences kind Job, or label job-name):
      phase Succeeded, each container terminated with exit code 0;
      if the Job's name matches --fail-jobs REGEX: phase Failed, each container terminated
      with exit code 1, reason Error and --fail-message as the termination message (the job
      controller makes a new pod per retry; each one is failed, so the Job ends Failed with
      reason BackoffLimitExceeded);
  * a pod of a Job whose container image matches --exec-images REGEX (default: the
      kubectl images dsc's Secret-copy hooks use): its command and args are run on this
      machine, with the container's literal env and this program's KUBECONFIG, so the
      script really acts on the control plane; the pod succeeds or fails with its exit code
      (the termination message is the end of its stderr);
  * any other pod: phase Running, conditions Initialized/PodScheduled/ContainersReady/Ready
      True, a ready+started running status per container, a pod IP in 10.1.0.0/16;
      a pod whose name matches --hold-pods REGEX is left Pending (never becomes ready).

Before any of that, it refuses what a real kubelet refuses: a container whose env or envFrom
names a ConfigMap or Secret that does not exist in the pod's namespace, or a key that it does
not have (not `optional`), stays Waiting with reason CreateContainerConfigError and the
kubelet's own message (`configmap "x" not found`, `couldn't find key k in ConfigMap ns/x`);
a missing ConfigMap or Secret volume keeps the pod ContainerCreating. Such pods are looked at
again every second, as the kubelet retries, and start once what they need exists.

The real deployment/replicaset/job controllers then do the rest (availability, completion,
backoff). REGEXes match anywhere in the name (re.search); anchor them for exact names.

Connection: DSC_ENVTEST_SERVER, DSC_ENVTEST_TOKEN, DSC_ENVTEST_CA (as written by up.sh into
STATE_DIR/env); TLS is verified against the CA. Only the standard library is used, so it runs
on Debian's /usr/bin/python3 as-is.

Usage:
  tests/runtime/kubelet.py [--fail-jobs RE] [--fail-message TEXT] [--hold-pods RE]
                           [--exec-images RE] [--pidfile F] [--log F] [--once] [--watch-timeout SECONDS]
Stops cleanly (exit 0) on SIGTERM/SIGINT. Exit 2: bad usage or missing environment.
"""
import argparse
import atexit
import hashlib
import http.client
import json
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse


class Stop(Exception):
    """Raised by the signal handler to unwind out of a blocking read."""


def now():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class ApiError(Exception):
    def __init__(self, status, body):
        super().__init__("HTTP %d: %s" % (status, body[:500]))
        self.status = status


class Api:
    """A tiny Kubernetes API client: one keep-alive connection for requests, fresh ones for watches."""

    def __init__(self, server, token, ca):
        url = urllib.parse.urlsplit(server)
        if url.scheme != "https" or not url.hostname:
            raise ValueError("DSC_ENVTEST_SERVER must be an https:// URL, got %r" % server)
        self.host, self.port = url.hostname, url.port or 443
        self.ctx = ssl.create_default_context(cafile=ca)
        self.headers = {"Authorization": "Bearer " + token, "Accept": "application/json"}
        self.conn = None
        self.lock = threading.Lock()  # one request at a time on the shared connection

    def connect(self, timeout):
        return http.client.HTTPSConnection(self.host, self.port, context=self.ctx, timeout=timeout)

    def request(self, method, path, body=None, ctype=None):
        """One request on the shared connection; reconnects once on a dropped connection."""
        with self.lock:
            return self._request(method, path, body, ctype)

    def _request(self, method, path, body, ctype):
        headers = dict(self.headers)
        if ctype:
            headers["Content-Type"] = ctype
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = self.connect(30)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                r = self.conn.getresponse()
                data = r.read()
                return r.status, data
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def watch(self, path, timeout):
        """Yields decoded watch events from a streaming GET until the server ends the stream."""
        conn = self.connect(timeout + 30)
        try:
            conn.request("GET", path, headers=self.headers)
            r = conn.getresponse()
            if r.status != 200:
                raise ApiError(r.status, r.read().decode(errors="replace"))
            while True:
                line = r.readline()
                if not line:
                    return
                line = line.strip()
                if line:
                    yield json.loads(line)
        finally:
            conn.close()


class Kubelet:
    def __init__(self, api, args, log):
        self.api = api
        self.fail_jobs = re.compile(args.fail_jobs) if args.fail_jobs else None
        self.hold_pods = re.compile(args.hold_pods) if args.hold_pods else None
        self.fail_message = args.fail_message
        self.exec_images = re.compile(args.exec_images) if args.exec_images else None
        self.log = log
        self.handled = set()  # pod uids already patched (or found finished)
        self.waiting = {}     # uid -> (namespace, name, message) of pods refused for config
        self.lock = threading.RLock()  # handle() runs from the watch and the retry thread
        self.job_home = tempfile.mkdtemp(prefix="kubelet-jobs-")
        atexit.register(shutil.rmtree, self.job_home, True)

    # --- decisions ---
    @staticmethod
    def job_name(pod):
        meta = pod["metadata"]
        for ref in meta.get("ownerReferences") or []:
            if ref.get("kind") == "Job":
                return ref.get("name", "")
        return (meta.get("labels") or {}).get("job-name")

    @staticmethod
    def pod_ip(uid):
        # From the uid: stable for a pod across restarts of this program, spread over 10.1/16.
        h = int(hashlib.sha256(uid.encode()).hexdigest()[:8], 16)
        return "10.1.%d.%d" % ((h >> 8) % 255, h % 254 + 1)

    def handle(self, pod):
        with self.lock:
            self._handle(pod)

    def _handle(self, pod):
        meta, status = pod["metadata"], pod.get("status") or {}
        uid, ns, name = meta.get("uid"), meta["namespace"], meta["name"]
        if uid in self.handled or meta.get("deletionTimestamp"):
            return
        if status.get("phase") not in (None, "", "Pending"):
            self.handled.add(uid)  # already running/finished (e.g. handled by an earlier run)
            return
        problem = self.config_problem(pod)
        if problem:
            reason, message = problem
            previous = self.waiting.get(uid)
            if previous is None or previous[2] != message:
                if self.patch_status(ns, name, uid, self.waiting_status(pod, reason, message)):
                    self.log("%s waiting %s/%s: %s: %s" % (now(), ns, name, reason, message))
            self.waiting[uid] = (ns, name, message)
            return
        self.waiting.pop(uid, None)
        job = self.job_name(pod)
        if job is not None and self.exec_images and not (
                self.fail_jobs and self.fail_jobs.search(job)):
            images = [c.get("image", "") for c in pod["spec"]["containers"]]
            if all(self.exec_images.search(i) for i in images):
                self.handled.add(uid)
                threading.Thread(target=self.run_job_pod, args=(pod, job), daemon=True).start()
                return
        if job is not None:
            if self.fail_jobs and self.fail_jobs.search(job):
                action, patch = "failed", self.finished_status(pod, ok=False)
            else:
                action, patch = "succeeded", self.finished_status(pod, ok=True)
        else:
            if self.hold_pods and self.hold_pods.search(name):
                return  # left Pending; re-evaluated (and held again) on every event
            action, patch = "running", self.running_status(pod)
        if self.patch_status(ns, name, uid, patch):
            self.handled.add(uid)
            created = meta.get("creationTimestamp", "")
            self.log("%s %s %s/%s%s (created %s)" % (
                now(), action, ns, name, " job=" + job if job is not None else "", created))

    def lookup(self, ns, resource, name, cache):
        """The ConfigMap or Secret (resource: configmaps|secrets), or None when it is absent."""
        key = (resource, name)
        if key not in cache:
            status, data = self.api.request(
                "GET", "/api/v1/namespaces/%s/%s/%s" % (ns, resource, urllib.parse.quote(name)))
            if status == 404:
                cache[key] = None
            elif status == 200:
                cache[key] = json.loads(data)
            else:
                raise ApiError(status, data.decode(errors="replace"))
        return cache[key]

    def config_problem(self, pod):
        """(reason, message) of what a real kubelet would not start the pod for, else None."""
        ns = pod["metadata"]["namespace"]
        cache = {}
        spec = pod["spec"]
        for vol in spec.get("volumes") or []:
            for field, resource, what in (("configMap", "configmaps", "configmap"),
                                          ("secret", "secrets", "secret")):
                src = vol.get(field)
                if not src or src.get("optional"):
                    continue
                name = src.get("name") or src.get("secretName") or ""
                if self.lookup(ns, resource, name, cache) is None:
                    return ("ContainerCreating", 'MountVolume.SetUp failed for volume "%s" : '
                            '%s "%s" not found' % (vol.get("name", ""), what, name))
        for c in (spec.get("initContainers") or []) + spec["containers"]:
            for var in c.get("env") or []:
                source = var.get("valueFrom") or {}
                for field, resource, what, kind in (
                        ("configMapKeyRef", "configmaps", "configmap", "ConfigMap"),
                        ("secretKeyRef", "secrets", "secret", "Secret")):
                    ref = source.get(field)
                    if not ref or ref.get("optional"):
                        continue
                    obj = self.lookup(ns, resource, ref.get("name", ""), cache)
                    if obj is None:
                        return ("CreateContainerConfigError",
                                '%s "%s" not found' % (what, ref.get("name", "")))
                    keys = set(obj.get("data") or {}) | set(obj.get("binaryData") or {})
                    if ref.get("key") not in keys:
                        return ("CreateContainerConfigError", "couldn't find key %s in %s %s/%s"
                                % (ref.get("key"), kind, ns, ref.get("name", "")))
            for source in c.get("envFrom") or []:
                for field, resource, what in (("configMapRef", "configmaps", "configmap"),
                                              ("secretRef", "secrets", "secret")):
                    ref = source.get(field)
                    if ref and not ref.get("optional") and \
                            self.lookup(ns, resource, ref.get("name", ""), cache) is None:
                        return ("CreateContainerConfigError",
                                '%s "%s" not found' % (what, ref.get("name", "")))
        return None

    def retry_waiting(self, stop):
        """Every second, looks again at the pods refused for their config (the kubelet
        retries on its own; no watch event says that a ConfigMap appeared)."""
        while not stop.wait(1.0):
            with self.lock:
                waiting = list(self.waiting.items())
            for uid, (ns, name, _) in waiting:
                try:
                    status, data = self.api.request("GET", "/api/v1/namespaces/%s/pods/%s"
                                                    % (ns, name))
                    if status == 404:
                        with self.lock:
                            self.waiting.pop(uid, None)
                        continue
                    pod = json.loads(data)
                    if pod["metadata"].get("uid") != uid:
                        with self.lock:
                            self.waiting.pop(uid, None)
                        continue
                    self.handle(pod)
                except (ApiError, http.client.HTTPException, OSError, ValueError) as e:
                    print("kubelet: retry %s/%s: %s" % (ns, name, e), file=sys.stderr)

    def run_job_pod(self, pod, job):
        """Runs the pod's containers here, one after the other, as the pod would."""
        meta = pod["metadata"]
        ok, message = True, ""
        for c in pod["spec"]["containers"]:
            argv = (c.get("command") or []) + (c.get("args") or [])
            # A home of its own: kubectl keeps its discovery cache under $HOME/.kube.
            env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.job_home,
                   "KUBECONFIG": os.environ.get("KUBECONFIG", "")}
            for var in c.get("env") or []:
                if "value" in var:
                    env[var["name"]] = var["value"]
            try:
                r = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                                   timeout=120)
                rc, err = r.returncode, r.stderr.decode(errors="replace")
            except (OSError, subprocess.TimeoutExpired) as e:
                rc, err = 127, str(e)
            if rc != 0:
                ok, message = False, err.strip()[-500:] or "exit code %d" % rc
                break
        patch = self.finished_status(pod, ok, message)
        if self.patch_status(meta["namespace"], meta["name"], meta["uid"], patch):
            self.log("%s %s %s/%s job=%s (ran here%s)" % (
                now(), "succeeded" if ok else "failed", meta["namespace"], meta["name"], job,
                "" if ok else ": " + message.splitlines()[-1] if message else ""))

    # --- status bodies ---
    def waiting_status(self, pod, reason, message):
        t = now()
        st = {"hostIP": "10.1.255.254", "phase": "Pending", "startTime": t}
        if reason != "ContainerCreating":
            ip = self.pod_ip(pod["metadata"]["uid"])
            st.update({"podIP": ip, "podIPs": [{"ip": ip}]})
        st["conditions"] = self.conditions(t, False, "ContainersNotReady")
        waiting = {"waiting": {"reason": reason, "message": message}}
        st["containerStatuses"] = [
            {"name": c["name"], "image": c.get("image", ""), "imageID": "", "ready": False,
             "restartCount": 0, "started": False, "state": waiting}
            for c in pod["spec"]["containers"]]
        return {"status": st}

    @staticmethod
    def fake_ids(image, uid, cname):
        digest = hashlib.sha256(image.encode()).hexdigest()
        cid = hashlib.sha256((uid + "/" + cname).encode()).hexdigest()
        repo = image.split("@")[0]
        return "docker-pullable://%s@sha256:%s" % (repo, digest), "containerd://" + cid

    def container_status(self, pod, c, state, ready, started):
        image_id, cid = self.fake_ids(c.get("image", ""), pod["metadata"]["uid"], c["name"])
        st = {"name": c["name"], "image": c.get("image", ""), "imageID": image_id,
              "containerID": cid, "ready": ready, "restartCount": 0, "state": state}
        if started is not None:
            st["started"] = started
        return st

    def init_statuses(self, pod, t):
        done = {"terminated": {"exitCode": 0, "reason": "Completed", "startedAt": t,
                               "finishedAt": t, "containerID": ""}}
        out = []
        for c in pod["spec"].get("initContainers") or []:
            st = self.container_status(pod, c, done, True, False)
            st["state"]["terminated"]["containerID"] = st["containerID"]
            out.append(st)
        return out

    @staticmethod
    def conditions(t, ready, reason=None):
        conds = []
        for typ, val in (("Initialized", True), ("Ready", ready), ("ContainersReady", ready),
                         ("PodScheduled", True)):
            c = {"type": typ, "status": "True" if val else "False", "lastProbeTime": None,
                 "lastTransitionTime": t}
            if not val and reason:
                c["reason"] = reason
            conds.append(c)
        return conds

    def base_status(self, pod, t):
        ip = self.pod_ip(pod["metadata"]["uid"])
        st = {"hostIP": "10.1.255.254", "podIP": ip, "podIPs": [{"ip": ip}], "startTime": t}
        init = self.init_statuses(pod, t)
        if init:
            st["initContainerStatuses"] = init
        return st

    def running_status(self, pod):
        t = now()
        st = self.base_status(pod, t)
        st["phase"] = "Running"
        st["conditions"] = self.conditions(t, True)
        st["containerStatuses"] = [
            self.container_status(pod, c, {"running": {"startedAt": t}}, True, True)
            for c in pod["spec"]["containers"]]
        return {"status": st}

    def finished_status(self, pod, ok, message=None):
        t = now()
        st = self.base_status(pod, t)
        st["phase"] = "Succeeded" if ok else "Failed"
        st["conditions"] = self.conditions(t, False, "PodCompleted" if ok else "PodFailed")
        statuses = []
        for c in pod["spec"]["containers"]:
            term = {"exitCode": 0 if ok else 1, "reason": "Completed" if ok else "Error",
                    "startedAt": t, "finishedAt": t}
            if not ok:
                term["message"] = message or self.fail_message
            s = self.container_status(pod, c, {"terminated": term}, False, False)
            term["containerID"] = s["containerID"]
            statuses.append(s)
        st["containerStatuses"] = statuses
        return {"status": st}

    # --- API ---
    def patch_status(self, ns, name, uid, patch):
        # metadata.uid acts as a precondition: a newer pod that reuses the name (as a
        # StatefulSet does) is rejected with 422 "field is immutable", never patched.
        patch = dict(patch, metadata={"uid": uid})
        path = "/api/v1/namespaces/%s/pods/%s/status" % (ns, name)
        body = json.dumps(patch)
        for attempt in range(10):
            status, data = self.api.request("PATCH", path, body,
                                            "application/strategic-merge-patch+json")
            if status < 300:
                return True
            if status == 404:
                return False  # deleted meanwhile
            if (status == 422 and b"metadata.uid" in data) or \
                    (status == 409 and b"Precondition failed: UID" in data):
                return False  # a different pod now has this name: its own event follows
            if status == 409:
                time.sleep(0.05 * (attempt + 1))
                continue
            if status in (429, 500, 503, 504):
                time.sleep(0.2 * (attempt + 1))
                continue
            print("kubelet: patch %s/%s: HTTP %d: %s" % (
                ns, name, status, data.decode(errors="replace")[:500]), file=sys.stderr)
            self.handled.add(uid)  # do not retry a request the server rejects
            return False
        print("kubelet: patch %s/%s: giving up after retries" % (ns, name), file=sys.stderr)
        return False

    def list_pods(self):
        status, data = self.api.request("GET", "/api/v1/pods")
        if status != 200:
            raise ApiError(status, data.decode(errors="replace"))
        doc = json.loads(data)
        return doc.get("items") or [], doc["metadata"]["resourceVersion"]

    def run(self, once, watch_timeout):
        if not once:
            stop = threading.Event()
            threading.Thread(target=self.retry_waiting, args=(stop,), daemon=True).start()
        while True:
            try:
                pods, rv = self.list_pods()
                live = set()
                for pod in pods:
                    live.add(pod["metadata"].get("uid"))
                    self.handle(pod)
                self.handled &= live  # forget deleted pods
                if once:
                    return
                while True:  # resume the watch from the last seen resourceVersion
                    path = ("/api/v1/pods?watch=1&allowWatchBookmarks=true"
                            "&resourceVersion=%s&timeoutSeconds=%d" % (rv, watch_timeout))
                    for ev in self.api.watch(path, watch_timeout):
                        typ, obj = ev.get("type"), ev.get("object") or {}
                        if typ == "ERROR":
                            raise ApiError(obj.get("code", 0), obj.get("message", ""))
                        rv = obj.get("metadata", {}).get("resourceVersion", rv)
                        if typ in ("ADDED", "MODIFIED"):
                            self.handle(obj)
                        elif typ == "DELETED":
                            self.handled.discard(obj["metadata"].get("uid"))
            except Stop:
                raise
            except (ApiError, http.client.HTTPException, OSError, ValueError) as e:
                if once:
                    raise
                # 410 Gone (resourceVersion too old), a dropped stream, a restarting apiserver:
                # re-list and start over.
                print("kubelet: %s; re-listing" % e, file=sys.stderr)
                time.sleep(0.5)


def main():
    ap = argparse.ArgumentParser(description="Play the kubelet for the envtest control plane.")
    ap.add_argument("--fail-jobs", metavar="REGEX",
                    help="fail the pods of Jobs whose name matches (re.search)")
    ap.add_argument("--fail-message", default="provision failed: queue already exists",
                    help="termination message of failed job pods")
    ap.add_argument("--hold-pods", metavar="REGEX",
                    help="leave non-job pods whose name matches Pending")
    ap.add_argument("--exec-images", metavar="REGEX", default=r"^(alpine/k8s|bitnami/kubectl)[:@]",
                    help="run Job pods whose images all match here, for real (default: the "
                    "kubectl images of Secret-copy hooks); '' runs none")
    ap.add_argument("--pidfile", help="write our pid here (removed on exit)")
    ap.add_argument("--log", help="append one line per patched pod here (default: stdout)")
    ap.add_argument("--once", action="store_true", help="handle the existing pods, then exit")
    ap.add_argument("--watch-timeout", type=int, default=60, metavar="SECONDS",
                    help="server-side timeout of each watch request (default 60)")
    args = ap.parse_args()
    for r in (args.fail_jobs, args.hold_pods, args.exec_images):
        if r:
            try:
                re.compile(r)
            except re.error as e:
                ap.error("bad regex %r: %s" % (r, e))
    env = {k: os.environ.get(k) for k in ("DSC_ENVTEST_SERVER", "DSC_ENVTEST_TOKEN",
                                          "DSC_ENVTEST_CA")}
    missing = [k for k, v in env.items() if not v]
    if missing:
        print("kubelet: missing environment: %s (source STATE_DIR/env)" % " ".join(missing),
              file=sys.stderr)
        return 2

    def stop(signum, frame):
        raise Stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    logfh = open(args.log, "a", buffering=1) if args.log else sys.stdout

    def log(line):
        print(line, file=logfh, flush=True)

    if args.pidfile:
        with open(args.pidfile, "w") as fh:
            fh.write("%d\n" % os.getpid())
    try:
        api = Api(env["DSC_ENVTEST_SERVER"], env["DSC_ENVTEST_TOKEN"], env["DSC_ENVTEST_CA"])
        Kubelet(api, args, log).run(args.once, args.watch_timeout)
    except Stop:
        pass
    except (ApiError, http.client.HTTPException, OSError, ValueError) as e:
        print("kubelet: %s" % e, file=sys.stderr)
        return 1
    finally:
        if args.pidfile:
            try:
                os.unlink(args.pidfile)
            except OSError:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
