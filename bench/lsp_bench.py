#!/usr/bin/env python3
"""How long `dsc lsp` takes to re-check a fleet after a keystroke.

    bench/lsp_bench.py [--dsc build/dsc] [--sizes 20,1000,10000] [--keystrokes 20]

For each size, bench/gen_fleet.py writes a fleet of that many services; a `dsc lsp` with
no debounce (`--debounce-ms 0`, so the figure is the check alone, not the wait for quiet)
opens it, and each keystroke is an incremental `didChange` typing one character into a
comment at the end of the file. The time measured is from writing the change to reading
the `publishDiagnostics` it causes: what a person waits for after a key, less the editor's
own time and the debounce (50 ms by default). Also timed: the first check on open, and a
hover and a go-to-definition on the last service's reference (answered from the syntax
trees, no analysis). Prints a Markdown table; the median and the 90th percentile.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


class Server:
    def __init__(self, dsc, root):
        self.proc = subprocess.Popen([dsc, "lsp", "--debounce-ms", "0", "--project-root", root],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     env=dict(os.environ, XDG_CACHE_HOME=os.path.join(root, ".cache")))
        self.next_id = 0

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.proc.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit("dsc lsp ended")
            line = line.strip()
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        return json.loads(self.proc.stdout.read(length))

    def call(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            message = self.read()
            if message.get("id") == self.next_id:
                return message

    def published(self):
        while True:
            message = self.read()
            if message.get("method") == "textDocument/publishDiagnostics":
                return message["params"]["diagnostics"]

    def stop(self):
        self.call("shutdown", {})
        self.send({"jsonrpc": "2.0", "method": "exit"})
        self.proc.wait()


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def bench(dsc, size, keystrokes, work):
    path = os.path.join(work, f"fleet-{size}.ds")
    subprocess.run([sys.executable, os.path.join(HERE, "gen_fleet.py"), str(size), "-o", path],
                   check=True)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    uri = "file://" + path
    server = Server(dsc, work)
    server.call("initialize", {"capabilities": {}})
    server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    started = time.perf_counter()
    server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "dsc", "version": 1, "text": text + "\n// "}}})
    first = server.published()
    open_ms = (time.perf_counter() - started) * 1000
    if first:
        raise SystemExit(f"the generated fleet of {size} is not clean: {first[:3]}")
    lines = text.count("\n") + 1
    times = []
    for k in range(keystrokes):
        change = {"range": {"start": {"line": lines, "character": 3 + k},
                            "end": {"line": lines, "character": 3 + k}}, "text": "x"}
        started = time.perf_counter()
        server.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": k + 2}, "contentChanges": [change]}})
        diagnostics = server.published()
        times.append((time.perf_counter() - started) * 1000)
        if diagnostics:
            raise SystemExit(f"a keystroke in a comment broke the fleet: {diagnostics[:3]}")
    # A hover and a definition on the last `.url`/`.host` reference of the file.
    last_line = max(i for i, l in enumerate(text.split("\n")) if "_URL = " in l)
    line_text = text.split("\n")[last_line]
    position = {"line": last_line, "character": line_text.index("= ") + 3}
    params = {"textDocument": {"uri": uri}, "position": position}
    started = time.perf_counter()
    hover = server.call("textDocument/hover", params)
    hover_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    definition = server.call("textDocument/definition", params)
    definition_ms = (time.perf_counter() - started) * 1000
    if not hover.get("result") or not definition.get("result"):
        raise SystemExit(f"no hover or definition at {position}: {hover} {definition}")
    server.stop()
    return {"size": size, "bytes": len(text), "open": open_ms,
            "median": statistics.median(times), "p90": percentile(times, 90),
            "hover": hover_ms, "definition": definition_ms}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dsc", default=os.path.join(os.path.dirname(HERE), "build", "dsc"))
    parser.add_argument("--sizes", default="20,1000,10000")
    parser.add_argument("--keystrokes", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dsc-lsp-bench-") as work:
        rows = [bench(os.path.abspath(args.dsc), int(n), args.keystrokes, work)
                for n in args.sizes.split(",")]
    print(f"re-check after a keystroke, `dsc lsp --debounce-ms 0`, {args.keystrokes} keystrokes each")
    print()
    print("| services | file (KiB) | open (ms) | keystroke median (ms) | p90 (ms) | hover (ms) | definition (ms) |")
    print("|---------:|-----------:|----------:|----------------------:|---------:|-----------:|----------------:|")
    for r in rows:
        print(f"| {r['size']:>8} | {r['bytes'] // 1024:>10} | {r['open']:>9.1f} | {r['median']:>21.1f} "
              f"| {r['p90']:>8.1f} | {r['hover']:>10.1f} | {r['definition']:>15.1f} |")


if __name__ == "__main__":
    main()
