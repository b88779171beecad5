"""harness.py: helpers for the end-to-end tests of dsc's runtime (runtime_test.py).

Everything here talks to a control plane started by scripts/envtest/up.sh STATE (its
STATE/env gives the server, token, CA and kubeconfig) through the real `dsc` binary and
kubectl. Nothing is installed; Debian's /usr/bin/python3 and its stdlib suffice.

  Plane        STATE/env, the process environment for dsc/kubectl, readyz
  run/Dsc      run a command with a hard timeout (a hang is a failure), parse --output json
  kubectl      kubectl with the plane's kubeconfig; list live objects as JSON
  Kubelet      one tests/runtime/kubelet.py at a time (start/stop by pid, restart on a
               change of --fail-jobs/--hold-pods)
  Background   a process whose stdout lines are collected by a thread (watch, SIGINT tests)
"""
import ctypes
import hashlib
import json
import os
import re
import shlex
import signal
import ssl
import subprocess
import sys
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PYTHON = "/usr/bin/python3"
KUBECTL = "/usr/bin/kubectl" if os.path.exists("/usr/bin/kubectl") else "kubectl"

# Every kind `dsc build` emits (namespaced), for snapshots and ownership checks.
DSC_KINDS = [
    "deployments.apps", "services", "configmaps", "jobs.batch", "serviceaccounts",
    "roles.rbac.authorization.k8s.io", "rolebindings.rbac.authorization.k8s.io",
    "ingressroutes.traefik.io", "middlewares.traefik.io",
    "ingressroutes.traefik.containo.us", "middlewares.traefik.containo.us",
]

# A subprocess exceeding this is a hang: the test fails (the process is killed).
DSC_TIMEOUT = 120


def _die_with_parent():
    """preexec_fn: SIGTERM the child when this test process dies (even by SIGKILL), so a
    kubelet or `dsc watch` never outlives a killed test run."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


# --- the control plane --------------------------------------------------------------------
class Plane:
    def __init__(self, state):
        self.state = os.path.abspath(state)
        env_file = os.path.join(self.state, "env")
        if not os.path.exists(env_file):
            raise SystemExit("runtime_test: %s missing; run scripts/envtest/up.sh %s first"
                             % (env_file, self.state))
        self.vars = {}
        # STATE/env is `export NAME=VALUE` lines with %q-quoted values.
        with open(env_file) as fh:
            for line in fh:
                line = line.strip()
                if line.startswith("export "):
                    name, _, value = line[len("export "):].partition("=")
                    words = shlex.split(value)
                    self.vars[name] = words[0] if words else ""
        self.server = self.vars["DSC_ENVTEST_SERVER"]
        self.token = self.vars["DSC_ENVTEST_TOKEN"]
        self.ca = self.vars["DSC_ENVTEST_CA"]
        self.kubeconfig = self.vars["KUBECONFIG"]
        self.env = dict(os.environ)
        self.env.update(self.vars)
        # Plain text output from dsc (no live view, no colours) whatever the caller's terminal.
        self.env["TERM"] = "dumb"
        self.env.pop("DSC_TRACE_HTTP", None)

    def readyz(self, timeout=2.0):
        ctx = ssl.create_default_context(cafile=self.ca)
        req = urllib.request.Request(self.server + "/readyz",
                                     headers={"Authorization": "Bearer " + self.token})
        try:
            with urllib.request.urlopen(req, context=ctx, timeout=timeout) as r:
                return r.status == 200
        except Exception:  # refused, reset, TLS handshake against a half-started server...
            return False

    def wait_ready(self, seconds):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.readyz():
                return True
            time.sleep(0.2)
        return False

    def pids(self):
        """[(name, pid)] from STATE/pids, in order."""
        out = []
        with open(os.path.join(self.state, "pids")) as fh:
            for line in fh:
                parts = line.split()
                if len(parts) == 2:
                    out.append((parts[0], int(parts[1])))
        return out


# --- running commands ---------------------------------------------------------------------
class Result:
    def __init__(self, argv, rc, out, err, secs):
        self.argv, self.rc, self.out, self.err, self.secs = argv, rc, out, err, secs
        self.events = []
        for line in out.splitlines():
            line = line.strip()
            if line.startswith("{"):
                try:
                    self.events.append(json.loads(line))
                except ValueError:
                    pass

    @property
    def text(self):
        return self.out + "\n" + self.err

    def release_events(self, release=None):
        return [e for e in self.events if e.get("event") == "release"
                and (release is None or e.get("release") == release)]

    def final_phases(self):
        """release -> its last phase."""
        out = {}
        for e in self.release_events():
            out[e["release"]] = e["phase"]
        return out

    def describe(self):
        return "$ %s\n(exit %s after %.1fs)\n--- stdout ---\n%s\n--- stderr ---\n%s" % (
            " ".join(shlex.quote(a) for a in self.argv), self.rc, self.secs,
            self.out[-6000:], self.err[-4000:])


def run(argv, env, timeout=DSC_TIMEOUT, input=None, cwd=None):
    t0 = time.time()
    try:
        p = subprocess.run(argv, env=env, input=input, cwd=cwd, capture_output=True,
                           text=True, timeout=timeout, preexec_fn=_die_with_parent)
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        err = e.stderr.decode(errors="replace") if isinstance(e.stderr, bytes) else (e.stderr or "")
        raise AssertionError("HANG: %s did not finish within %ds (killed)\n--- stdout ---\n%s\n"
                             "--- stderr ---\n%s" % (" ".join(argv), timeout, out[-4000:],
                                                     err[-4000:]))
    return Result(argv, p.returncode, p.stdout, p.stderr, time.time() - t0)


class Kube:
    """kubectl against the plane, plus the few reads the tests need."""

    def __init__(self, plane):
        self.plane = plane

    def __call__(self, *args, check=True, input=None, timeout=60):
        r = run([KUBECTL] + list(args), self.plane.env, timeout=timeout, input=input)
        if check and r.rc != 0:
            raise AssertionError("kubectl failed:\n" + r.describe())
        return r

    def get(self, resource, name, ns=None):
        """The object as a dict (managedFields included), or None when it does not exist."""
        args = ["get", resource, name, "-o", "json", "--ignore-not-found",
                "--show-managed-fields"]
        if ns:
            args += ["-n", ns]
        r = self(*args)
        return json.loads(r.out) if r.out.strip() else None

    def items(self, resources, ns=None, selector=None):
        args = ["get", ",".join(resources) if isinstance(resources, list) else resources,
                "-o", "json"]
        args += ["-n", ns] if ns else ["-A"]
        if selector:
            args += ["-l", selector]
        return json.loads(self(*args).out).get("items", [])

    def snapshot(self, namespaces, kinds=DSC_KINDS):
        """{(kind, ns, name): (uid, resourceVersion)} of every object of `kinds`."""
        snap = {}
        for ns in namespaces:
            for o in self.items(kinds, ns=ns):
                m = o["metadata"]
                snap[(o["kind"], m["namespace"], m["name"])] = (m["uid"], m["resourceVersion"])
        return snap

    def settled_snapshot(self, namespaces, seconds=20):
        """A snapshot once the controllers stopped writing (two equal snapshots 1 s apart):
        after an apply reports ready, the deployment controller may still update status."""
        deadline = time.time() + seconds
        prev = self.snapshot(namespaces)
        while time.time() < deadline:
            time.sleep(1.0)
            cur = self.snapshot(namespaces)
            if cur == prev:
                return cur
            prev = cur
        return prev

    def inventory(self, ns, fleet, group="baseline"):
        """A group's record as one dict: the group's ConfigMap, with "releases" gathered from
        its releases' ConfigMaps (format 2; format 1 held them inline). None when the group
        has no record at all."""
        parts = self.items("configmaps", ns=ns, selector="devstack.io/inventory=true,"
                           "devstack.io/fleet=%s,devstack.io/feature=%s" % (fleet, group))
        if not parts:
            return None
        inv = {"releases": []}
        for cm in parts:
            data = cm.get("data", {})
            if "inventory.json" in data:
                header = json.loads(data["inventory.json"])
                inv["releases"] += header.pop("releases", [])
                inv.update(header)
            else:
                inv["releases"].append(json.loads(data["release.json"])["release"])
        return inv

    def namespace_phase(self, ns):
        """'Active', 'Terminating' or None (gone)."""
        o = self.get("namespace", ns)
        return None if o is None else o.get("status", {}).get("phase")


def resource_of(api_version, kind):
    """kubectl's name for a kind of an apiVersion: `Deployment.v1.apps`, `ConfigMap`."""
    if "/" not in api_version:
        return kind
    group, version = api_version.split("/", 1)
    return "%s.%s.%s" % (kind, version, group)


def edit_chart_file(build_dir, relpath, edit, reseal=True):
    """Rewrites one file of a `dsc build` output with edit(text) -> text. With `reseal`, the
    chart's hash in blueprint.json is made to match again (dsc refuses a chart whose files do
    not match it): how these tests make objects the apiserver or the kubelet rejects."""
    path = os.path.join(build_dir, relpath)
    with open(path) as fh:
        text = fh.read()
    with open(path, "w") as fh:
        fh.write(edit(text))
    if not reseal:
        return
    chart = "/".join(relpath.split("/")[:2])  # charts/NAME
    digest = hashlib.sha256()
    files = []
    for root, _, names in os.walk(os.path.join(build_dir, chart)):
        for name in names:
            full = os.path.join(root, name)
            files.append(os.path.relpath(full, build_dir))
    for rel in sorted(f.encode() for f in files):  # as `dsc build`: by path, bytewise
        with open(os.path.join(build_dir, rel.decode()), "rb") as fh:
            digest.update(rel + b"\0" + fh.read() + b"\0")
    bp_path = os.path.join(build_dir, "blueprint.json")
    with open(bp_path) as fh:
        bp = json.load(fh)
    for release in bp["releases"]:
        if release["chart"] == chart:
            release["hash"] = "sha256:" + digest.hexdigest()
    with open(bp_path, "w") as fh:
        json.dump(bp, fh, indent=2)


def is_record(name, fleet, group):
    """Whether a ConfigMap name is one of a group's records (the group's or a release's)."""
    base = "dsc-inventory.%s.%s" % (fleet, group)
    return name == base or name.startswith(base + ".")


def inventory_refs(inv):
    """[(apiVersion, kind, ns, name)] of every object an inventory lists."""
    return [(o["apiVersion"], o["kind"], o.get("namespace", ""), o["name"])
            for rel in (inv or {}).get("releases", []) for o in rel.get("objects", [])]


def inventory_objects(inv):
    """{(kind, ns, name): uid} of every object an inventory lists."""
    out = {}
    for rel in (inv or {}).get("releases", []):
        for o in rel.get("objects", []):
            out[(o["kind"], o.get("namespace", ""), o["name"])] = o.get("uid", "")
    return out


# --- background processes -----------------------------------------------------------------
class Background:
    """A process whose stdout lines (JSON or not) are collected by a thread, with times."""

    def __init__(self, argv, env, stderr_path):
        self.argv = argv
        self.lines = []  # (monotonic time, line)
        self.cv = threading.Condition()
        self.err_path = stderr_path
        self.errfh = open(stderr_path, "w")
        self.started = time.monotonic()
        self.ended = None  # when its stdout closed (it exited)
        self.proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=self.errfh, text=True,
                                     preexec_fn=_die_with_parent)
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        for line in self.proc.stdout:
            with self.cv:
                self.lines.append((time.monotonic(), line.rstrip("\n")))
                self.cv.notify_all()
        with self.cv:
            self.ended = time.monotonic()
            self.cv.notify_all()

    def events(self, since=0.0):
        out = []
        with self.cv:
            for t, line in self.lines:
                if t >= since and line.startswith("{"):
                    try:
                        out.append(json.loads(line))
                    except ValueError:
                        pass
        return out

    def wait_for(self, predicate, seconds, since=0.0):
        """The first JSON event (emitted at or after `since`) satisfying predicate, or None."""
        deadline = time.monotonic() + seconds
        with self.cv:
            while True:
                for t, line in self.lines:
                    if t < since or not line.startswith("{"):
                        continue
                    try:
                        e = json.loads(line)
                    except ValueError:
                        continue
                    if predicate(e):
                        return e
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self.thread.is_alive()):
                    return None
                self.cv.wait(min(left, 0.5))

    def signal(self, sig):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)

    def took(self):
        """Seconds from start to exit (None while running)."""
        return None if self.ended is None else self.ended - self.started

    def wait(self, seconds):
        """The exit code, or None if still running after `seconds`."""
        try:
            rc = self.proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            return None
        self.thread.join(5)
        return rc

    def kill(self):
        """Kills it if still running; keeps the transcript beside the stderr file."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self.thread.join(5)
        if not self.errfh.closed:
            self.errfh.close()
            with open(os.path.splitext(self.err_path)[0] + ".transcript", "w") as fh:
                fh.write(self.transcript() + "\n(exit %s)\n" % self.proc.returncode)

    def stderr(self):
        if not self.errfh.closed:
            self.errfh.flush()
        with open(self.err_path) as fh:
            return fh.read()

    def transcript(self):
        with self.cv:
            out = "\n".join(line for _, line in self.lines)
        return "$ %s\n--- stdout ---\n%s\n--- stderr ---\n%s" % (
            " ".join(shlex.quote(a) for a in self.argv), out[-6000:], self.stderr()[-3000:])


def kill_at(argv, env, pattern, stderr_path, timeout=DSC_TIMEOUT):
    """Runs argv with DSC_TRACE_HTTP=1 and SIGKILLs it on the first trace line (`http  0.1s
    POST /api/v1/namespaces -> 201`, printed once the answer arrived) that matches the regex
    `pattern`: a crash at a chosen request. Returns the matching line, or None when the
    process ended without one (its stderr is kept at stderr_path either way)."""
    env = dict(env, DSC_TRACE_HTTP="1")
    rx = re.compile(pattern)
    proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, preexec_fn=_die_with_parent)
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    matched = None
    try:
        with open(stderr_path, "w") as log_fh:
            for line in proc.stderr:
                log_fh.write(line)
                if line.startswith("http ") and rx.search(line):
                    proc.kill()
                    matched = line.strip()
                    break
            proc.wait()
            log_fh.write(proc.stderr.read())
    finally:
        timer.cancel()
    return matched


# --- the stand-in kubelet -----------------------------------------------------------------
class Kubelet:
    """At most one tests/runtime/kubelet.py, started and stopped by pid."""

    def __init__(self, plane, workdir):
        self.plane = plane
        self.workdir = workdir
        self.proc = None
        self.config = None
        self.starts = 0

    def ensure(self, fail_jobs=None, fail_message=None, hold_pods=None):
        config = (fail_jobs, fail_message, hold_pods)
        if self.proc is not None and self.proc.poll() is None and self.config == config:
            return
        self.stop()
        self.starts += 1
        argv = [PYTHON, os.path.join(HERE, "kubelet.py"),
                "--pidfile", os.path.join(self.workdir, "kubelet.pid"),
                "--log", os.path.join(self.workdir, "kubelet.log")]
        if fail_jobs:
            argv += ["--fail-jobs", fail_jobs]
        if fail_message:
            argv += ["--fail-message", fail_message]
        if hold_pods:
            argv += ["--hold-pods", hold_pods]
        with open(os.path.join(self.workdir, "kubelet.log"), "a") as fh:
            fh.write("# start %d: %s\n" % (self.starts, " ".join(argv[2:])))
        self.errfh = open(os.path.join(self.workdir, "kubelet.err"), "a")
        self.proc = subprocess.Popen(argv, env=self.plane.env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=self.errfh,
                                     preexec_fn=_die_with_parent)
        self.config = config
        pidfile = os.path.join(self.workdir, "kubelet.pid")
        deadline = time.time() + 10
        while not os.path.exists(pidfile):
            if self.proc.poll() is not None:
                raise AssertionError("kubelet.py exited %s at start; see %s/kubelet.err"
                                     % (self.proc.returncode, self.workdir))
            if time.time() > deadline:
                raise AssertionError("kubelet.py wrote no pidfile within 10 s")
            time.sleep(0.05)

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None
        self.config = None
        self.errfh.close()


def wait_until(predicate, seconds, step=0.2):
    """Polls predicate until it returns a truthy value (returned) or time runs out (None)."""
    deadline = time.time() + seconds
    while True:
        v = predicate()
        if v:
            return v
        if time.time() >= deadline:
            return None
        time.sleep(step)


def log(msg):
    print("[runtime_test] " + msg, file=sys.stderr, flush=True)
