#!/usr/bin/env python3
"""Drives `dsc lsp` over stdio as an editor would, and checks what it answers.

Each test starts a server on a project of its own (a temporary folder), speaks the
Language Server Protocol to it (Content-Length framed JSON-RPC), and checks the messages
it gets back: the handshake, diagnostics published on open and on change (codes, ranges
in UTF-16, related spans, links to the catalogue), member files checked through the fleet
that imports them, unsaved text preferred to the file on disk, debouncing, malformed
input answered with JSON-RPC errors, and the ways a session ends (shutdown and exit, exit
alone, a client that disappears).

    tests/lsp/lsp_test.py --dsc build/dsc [unittest arguments]
"""
import argparse
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse

DSC = None
TIMEOUT = 20  # seconds to wait for any one message


class Client:
    """One `dsc lsp` process and the messages it sends, read on a thread."""

    def __init__(self, root, *extra):
        self.root = root
        self.proc = subprocess.Popen(
            [DSC, "lsp", "--project-root", root, *extra],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            # The standard library's read-only copies (go-to-definition) go here.
            env=dict(os.environ, XDG_CACHE_HOME=os.path.join(root, ".cache")))
        self.messages = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            self.messages.put(json.loads(out.read(length)))

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message):
        body = json.dumps(message).encode()
        self.send_raw(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))

    def notify(self, method, params=None):
        self.send({"jsonrpc": "2.0", "method": method, "params": params or {}})

    def request(self, method, params=None):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params or {}})
        return self.next_id

    def next(self, timeout=TIMEOUT):
        message = self.messages.get(timeout=timeout)
        if message is None:
            raise AssertionError("the server closed its output")
        return message

    def response(self, id):
        """The response to request `id`, skipping notifications."""
        while True:
            message = self.next()
            if message.get("id") == id and "method" not in message:
                return message

    def call(self, method, params=None):
        return self.response(self.request(method, params))

    def diagnostics(self, uri):
        """The next diagnostics published for `uri`."""
        while True:
            message = self.next()
            if message.get("method") == "textDocument/publishDiagnostics" and \
                    message["params"]["uri"] == uri:
                return message["params"]["diagnostics"]

    def initialize(self, capabilities=None):
        reply = self.call("initialize", {"processId": os.getpid(), "rootUri": uri_of(self.root),
                                         "capabilities": capabilities or {}})
        self.notify("initialized")
        return reply

    def open(self, path, text=None, version=1):
        if text is None:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri_of(path), "languageId": "dsc", "version": version, "text": text}})

    def change(self, path, version, changes):
        self.notify("textDocument/didChange", {
            "textDocument": {"uri": uri_of(path), "version": version},
            "contentChanges": changes})

    def finish(self):
        """shutdown, then exit: the exit status."""
        self.assert_ok(self.call("shutdown"))
        self.notify("exit")
        return self.proc.wait(timeout=TIMEOUT)

    @staticmethod
    def assert_ok(reply):
        if "error" in reply:
            raise AssertionError(f"error reply: {reply}")

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            stream.close()


def uri_of(path):
    from urllib.parse import quote
    return "file://" + quote(os.path.abspath(path))


FLEET = """\
fleet shop {
  namespace = "shop"
}

service api {
  image = "ghcr.io/acme/api:1.4.2"
  ports { http = 8080 }
}
"""

DUPLICATE = FLEET + """
service api {
  image = "ghcr.io/acme/api:2.0.0"
  ports { http = 8080 }
}
"""


class LspTest(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="dsc-lsp-test-")
        self.clients = []

    def tearDown(self):
        for client in self.clients:
            client.close()
        shutil.rmtree(self.root)

    def write(self, name, text):
        path = os.path.join(self.root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def start(self, *extra, capabilities=None):
        client = Client(self.root, "--debounce-ms", "20", "--docs", "file:///dsc/docs", *extra)
        self.clients.append(client)
        reply = client.initialize(capabilities)
        client.assert_ok(reply)
        return client, reply["result"]

    def test_initialize_announces_sync_and_encoding(self):
        _, result = self.start()
        capabilities = result["capabilities"]
        self.assertEqual(capabilities["textDocumentSync"], {"openClose": True, "change": 2})
        self.assertEqual(capabilities["positionEncoding"], "utf-16")
        self.assertEqual(result["serverInfo"]["name"], "dsc")
        _, result = self.start(capabilities={"general": {"positionEncodings": ["utf-8", "utf-16"]}})
        self.assertEqual(result["capabilities"]["positionEncoding"], "utf-8")

    def test_requests_before_initialize_are_refused(self):
        client = Client(self.root)
        self.clients.append(client)
        reply = client.call("shutdown")
        self.assertEqual(reply["error"]["code"], -32002)
        client.assert_ok(client.initialize())
        self.assertEqual(client.finish(), 0)

    def test_diagnostics_on_open_carry_code_range_related_span_and_link(self):
        path = self.write("shop.ds", DUPLICATE)
        client, _ = self.start()
        client.open(path)
        diagnostics = client.diagnostics(uri_of(path))
        self.assertEqual(len(diagnostics), 1, diagnostics)
        d = diagnostics[0]
        self.assertEqual(d["code"], "DS2002")
        self.assertEqual(d["severity"], 1)
        self.assertEqual(d["source"], "dsc")
        self.assertIn("`api` is declared more than once", d["message"])
        # `service api {` of the second declaration: line 10 (0-based 9), `api` at 8..11.
        self.assertEqual(d["range"], {"start": {"line": 9, "character": 8},
                                      "end": {"line": 9, "character": 11}})
        self.assertEqual(d["codeDescription"]["href"],
                         "file:///dsc/docs/diagnostics.md#ds2002-duplicate-name")
        related = d["relatedInformation"]
        self.assertEqual(len(related), 1)
        self.assertEqual(related[0]["location"]["uri"], uri_of(path))
        self.assertEqual(related[0]["location"]["range"]["start"], {"line": 4, "character": 8})
        self.assertIn("first declared here", related[0]["message"])

    def test_incremental_change_that_fixes_the_file_clears_its_diagnostics(self):
        path = self.write("shop.ds", DUPLICATE)
        client, _ = self.start()
        client.open(path)
        self.assertEqual(len(client.diagnostics(uri_of(path))), 1)
        # Rename the second `api` (line 9, characters 8..11) to `web`.
        client.change(path, 2, [{"range": {"start": {"line": 9, "character": 8},
                                           "end": {"line": 9, "character": 11}},
                                 "text": "web"}])
        self.assertEqual(client.diagnostics(uri_of(path)), [])
        # And break it again with a whole-text change.
        client.change(path, 3, [{"text": DUPLICATE}])
        self.assertEqual([d["code"] for d in client.diagnostics(uri_of(path))], ["DS2002"])
        self.assertEqual(client.finish(), 0)

    def test_unsaved_text_is_checked_not_the_file_on_disk(self):
        path = self.write("shop.ds", FLEET)
        client, _ = self.start()
        client.open(path, text=FLEET.replace('"shop"', "shop-ns"))
        diagnostics = client.diagnostics(uri_of(path))
        self.assertEqual([d["code"] for d in diagnostics], ["DS2001"], diagnostics)
        with open(path, encoding="utf-8") as f:
            self.assertEqual(f.read(), FLEET)

    def test_member_file_is_checked_through_the_fleet_that_imports_it(self):
        fleet = self.write("shop.ds", 'import "./teams/orders.ds" as orders\n' + FLEET.replace(
            'ports { http = 8080 }', 'ports { http = 8080 }\n  env { ORDERS = orders.orders.url }'))
        member = self.write("teams/orders.ds", self.PROJECT_MEMBER)
        client, _ = self.start()
        client.open(fleet)
        self.assertEqual(client.diagnostics(uri_of(fleet)), [])
        # An unsaved edit of the member that the fleet's reference now misses: the error is
        # in the fleet file, found by checking the fleet that imports the member.
        client.open(member, text=self.PROJECT_MEMBER.replace("service orders",
                                                                  "service order"))
        published = {}
        while len(published) < 2:
            message = client.next()
            if message.get("method") == "textDocument/publishDiagnostics":
                published[message["params"]["uri"]] = message["params"]["diagnostics"]
        self.assertEqual(published[uri_of(member)], [])
        codes = [d["code"] for d in published[uri_of(fleet)]]
        self.assertEqual(codes, ["DS2001"], published)
        self.assertIn("did you mean `order`?", published[uri_of(fleet)][0]["message"])

    def test_member_file_error_is_published_on_the_member(self):
        self.write("shop.ds", 'import "./teams/orders.ds" as orders\n' + FLEET)
        member = self.write("teams/orders.ds", """\
service orders {
  image = "ghcr.io/acme/orders:1"
  ports { http = 8080 }
  env { DB = orders-db.url }
}
""")
        client, _ = self.start()
        client.open(member)
        diagnostics = client.diagnostics(uri_of(member))
        self.assertEqual([d["code"] for d in diagnostics], ["DS2001"], diagnostics)
        self.assertEqual(diagnostics[0]["range"]["start"], {"line": 3, "character": 13})

    def test_positions_count_utf16_units_unless_utf8_was_agreed(self):
        # Two emoji (two UTF-16 units, four UTF-8 bytes each) before an unknown name.
        text = FLEET.replace('ports { http = 8080 }', 'env { A = "🚀🚀", B = nope }')
        path = self.write("shop.ds", text)
        client, _ = self.start()
        client.open(path)
        [d] = client.diagnostics(uri_of(path))
        self.assertEqual(d["code"], "DS2001")
        self.assertEqual(d["range"], {"start": {"line": 6, "character": 24},
                                      "end": {"line": 6, "character": 28}})
        # An edit placed in UTF-16 units: replace `nope` (24..28) with a string.
        client.change(path, 2, [{"range": {"start": {"line": 6, "character": 24},
                                           "end": {"line": 6, "character": 28}},
                                 "text": '"yes"'}])
        self.assertEqual(client.diagnostics(uri_of(path)), [])
        utf8, _ = self.start(capabilities={"general": {"positionEncodings": ["utf-8"]}})
        utf8.open(path)
        [d] = utf8.diagnostics(uri_of(path))
        self.assertEqual(d["range"], {"start": {"line": 6, "character": 28},
                                      "end": {"line": 6, "character": 32}})

    def test_a_burst_of_changes_is_checked_once(self):
        path = self.write("shop.ds", FLEET)
        client = Client(self.root, "--debounce-ms", "400")
        self.clients.append(client)
        client.assert_ok(client.initialize())
        client.open(path)
        for version in range(2, 8):
            client.change(path, version, [{"text": FLEET + "\n// edit %d\n" % version}])
        client.change(path, 8, [{"text": DUPLICATE}])
        published = client.diagnostics(uri_of(path))
        self.assertEqual([d["code"] for d in published], ["DS2002"])
        # Nothing more: the earlier texts were never checked.
        with self.assertRaises(queue.Empty):
            client.next(timeout=1)

    def test_closing_a_document_that_had_errors_clears_them(self):
        path = self.write("shop.ds", DUPLICATE)
        client, _ = self.start()
        client.open(path)
        self.assertEqual(len(client.diagnostics(uri_of(path))), 1)
        # Fixed in the editor, then closed: the file on disk still has the duplicate, but
        # a closed file is not the editor's business; its list goes empty as it is fixed.
        client.change(path, 2, [{"text": FLEET}])
        self.assertEqual(client.diagnostics(uri_of(path)), [])
        client.notify("textDocument/didClose", {"textDocument": {"uri": uri_of(path)}})
        client.assert_ok(client.call("shutdown"))

    # --- Requests on the syntax trees -------------------------------------------------

    PROJECT_FLEET = """\
import "std/db"
import "./teams/orders.ds" as orders

fleet shop {
  namespace = "shop"
}

infra shop-db: db.postgres { database = "shop" }

service api {
  image = "ghcr.io/acme/api:1.4.2"
  ports { http = 8080 }
  env {
    DB = shop-db.url
    ORDERS = orders.orders.url
    BANNER = "${orders.orders.host}:80"
  }
}

feature fast-orders {
  fork orders { image = "ghcr.io/acme/orders:pr-7" }
}
"""
    PROJECT_MEMBER = """\
service orders {
  image = "ghcr.io/acme/orders:1"
  ports { http = 8080 }
}
"""

    def project(self):
        fleet = self.write("shop.ds", self.PROJECT_FLEET)
        member = self.write("teams/orders.ds", self.PROJECT_MEMBER)
        client, _ = self.start()
        return client, fleet, member

    def at(self, path, needle, offset=0, nth=0):
        """The LSP position of `needle` (its `nth` occurrence) in `path`, plus `offset`."""
        with open(path, encoding="utf-8") as f:
            text = f.read()
        index = -1
        for _ in range(nth + 1):
            index = text.index(needle, index + 1)
        index += offset
        line = text.count("\n", 0, index)
        return {"line": line, "character": index - (text.rfind("\n", 0, index) + 1)}

    def request_at(self, client, method, path, position, **extra):
        reply = client.call(method, {"textDocument": {"uri": uri_of(path)}, "position": position,
                                     **extra})
        client.assert_ok(reply)
        return reply["result"]

    def test_document_symbols_outline_the_file(self):
        client, fleet, _ = self.project()
        reply = client.call("textDocument/documentSymbol", {"textDocument": {"uri": uri_of(fleet)}})
        client.assert_ok(reply)
        outline = [(s["name"], s["detail"]) for s in reply["result"]]
        self.assertEqual(outline, [("db", 'import "std/db"'), ("orders", 'import "./teams/orders.ds"'),
                                   ("shop", "fleet"), ("shop-db", "infra: db.postgres"),
                                   ("api", "service"), ("fast-orders", "feature")])
        feature = reply["result"][-1]
        self.assertEqual([c["name"] for c in feature["children"]], ["orders"])
        api = reply["result"][4]
        self.assertEqual(api["selectionRange"], {"start": {"line": 9, "character": 8},
                                                 "end": {"line": 9, "character": 11}})

    def test_formatting_is_dsc_fmt(self):
        path = self.write("shop.ds", "fleet shop {namespace=\"shop\"}\nservice api {\n image = \"a:1\"\n}\n")
        client, _ = self.start()
        reply = client.call("textDocument/formatting", {"textDocument": {"uri": uri_of(path)},
                                                        "options": {"tabSize": 2, "insertSpaces": True}})
        client.assert_ok(reply)
        [edit] = reply["result"]
        with open(path, encoding="utf-8") as f:
            original = f.read()
        copy = self.write("copy.ds", original)
        subprocess.run([DSC, "fmt", copy], check=True, capture_output=True)
        with open(copy, encoding="utf-8") as f:
            formatted = f.read()
        self.assertNotEqual(formatted, original)
        self.assertEqual(edit["newText"], formatted)
        self.assertEqual(edit["range"]["start"], {"line": 0, "character": 0})
        self.assertEqual(edit["range"]["end"], {"line": 4, "character": 0})
        # Already formatted: no edits. With a syntax error: a failure that says so.
        client.open(path, text=formatted)
        reply = client.call("textDocument/formatting", {"textDocument": {"uri": uri_of(path)}})
        self.assertEqual(reply["result"], [])
        client.change(path, 2, [{"text": "service {"}])
        reply = client.call("textDocument/formatting", {"textDocument": {"uri": uri_of(path)}})
        self.assertEqual(reply["error"]["code"], -32803)
        self.assertIn("syntax errors", reply["error"]["message"])

    def test_definition_across_files_into_forks_and_the_standard_library(self):
        client, fleet, member = self.project()
        service_orders = {"uri": uri_of(member), "range": {
            "start": {"line": 0, "character": 8}, "end": {"line": 0, "character": 14}}}
        # `orders.orders.url`: the second part is the member file's service.
        got = self.request_at(client, "textDocument/definition", fleet,
                              self.at(fleet, "orders.orders.url", 8))
        self.assertEqual(got, service_orders)
        # Inside a string's `${...}`, and a fork's target (in another file).
        self.assertEqual(self.request_at(client, "textDocument/definition", fleet,
                                         self.at(fleet, "orders.orders.host", 10)), service_orders)
        self.assertEqual(self.request_at(client, "textDocument/definition", fleet,
                                         self.at(fleet, "fork orders", 6)), service_orders)
        # An import alias: the file.
        got = self.request_at(client, "textDocument/definition", fleet,
                              self.at(fleet, "orders.orders.url", 2))
        self.assertEqual(got["uri"], uri_of(member))
        # `shop-db.url`: the `url` export of std/db's postgres kind, in a read-only copy.
        got = self.request_at(client, "textDocument/definition", fleet, self.at(fleet, "shop-db.url", 9))
        path = urllib.parse.unquote(got["uri"][len("file://"):])
        self.assertTrue(path.endswith("/std/db.ds"), path)
        with open(path, encoding="utf-8") as f:
            line = f.read().split("\n")[got["range"]["start"]["line"]]
        self.assertIn("export url", line)
        self.assertEqual(os.stat(path).st_mode & 0o222, 0)
        # Nothing there (a field name, a built-in export): null.
        self.assertIsNone(self.request_at(client, "textDocument/definition", fleet,
                                          self.at(fleet, "image", 1)))
        self.assertIsNone(self.request_at(client, "textDocument/definition", fleet,
                                          self.at(fleet, "orders.orders.url", 15)))

    def test_references_of_a_member_files_service_from_the_member_file(self):
        client, fleet, member = self.project()
        got = self.request_at(client, "textDocument/references", member, {"line": 0, "character": 10},
                              context={"includeDeclaration": True})
        spots = sorted((urllib.parse.unquote(l["uri"][7:]), l["range"]["start"]["line"],
                        l["range"]["start"]["character"]) for l in got)
        self.assertEqual(spots, sorted([
            (member, 0, 8),
            (fleet, 14, 20),   # ORDERS = orders.orders.url
            (fleet, 15, 23),   # "${orders.orders.host}:80"
            (fleet, 20, 7),    # fork orders
        ]))
        got = self.request_at(client, "textDocument/references", member, {"line": 0, "character": 10},
                              context={"includeDeclaration": False})
        self.assertEqual(len(got), 3)

    def test_hover_shows_what_a_name_is_and_where(self):
        client, fleet, member = self.project()
        hover = self.request_at(client, "textDocument/hover", fleet, self.at(fleet, "shop-db.url", 2))
        value = hover["contents"]["value"]
        self.assertIn("infra shop-db: db.postgres", value)
        self.assertIn("declared in `" + fleet + ":8`", value)
        self.assertEqual(hover["range"]["start"], self.at(fleet, "shop-db.url"))
        hover = self.request_at(client, "textDocument/hover", fleet,
                                self.at(fleet, "orders.orders.url", 9))
        self.assertIn('service orders\n  image = "ghcr.io/acme/orders:1"', hover["contents"]["value"])
        self.assertIn("teams/orders.ds:1`", hover["contents"]["value"])
        # A kind: its params and exports.
        hover = self.request_at(client, "textDocument/hover", fleet, self.at(fleet, "db.postgres", 4))
        value = hover["contents"]["value"]
        self.assertIn("kind postgres: infra", value)
        self.assertIn("param database: string", value)
        self.assertIn("export url: string", value)
        self.assertIsNone(self.request_at(client, "textDocument/hover", fleet, {"line": 5, "character": 0}))
        # An export: where it is declared, and its value in this fleet (from the check).
        value = self.request_at(client, "textDocument/hover", fleet,
                                self.at(fleet, "shop-db.url", 9))["contents"]["value"]
        self.assertIn("export url: string", value)
        self.assertIn("`shop-db.url` = `postgres://postgres@shop-db.shop:5432/shop`", value)
        # A service's built-in export has no declaration, only a value; so does one in a string.
        hover = self.request_at(client, "textDocument/hover", fleet, self.at(fleet, "orders.orders.url", 15))
        self.assertEqual(hover["contents"]["value"], "`orders.orders.url` = `http://orders.shop:8080`")
        hover = self.request_at(client, "textDocument/hover", fleet, self.at(fleet, "orders.orders.host", 15))
        self.assertEqual(hover["contents"]["value"], "`orders.orders.host` = `orders.shop`")
        # A field's key: its type and its row of docs/language.md.
        hover = self.request_at(client, "textDocument/hover", fleet, self.at(fleet, "image", 1))
        self.assertEqual(hover["contents"]["value"].split("\n")[:3],
                         ["```ds", "service.image: a string (required)", "```"])
        self.assertIn("registry/repo", hover["contents"]["value"])
        hover = self.request_at(client, "textDocument/hover", fleet, self.at(fleet, "namespace = ", 1))
        self.assertIn("fleet.namespace: a string", hover["contents"]["value"])
        # A map's key is the user's, not a field.
        self.assertIsNone(self.request_at(client, "textDocument/hover", fleet, self.at(fleet, "http = 8080", 1)))

    def test_rename_a_service_across_files(self):
        client, fleet, member = self.project()
        prepared = self.request_at(client, "textDocument/prepareRename", fleet,
                                   self.at(fleet, "orders.orders.url", 8))
        self.assertEqual(prepared["placeholder"], "orders")
        edit = self.request_at(client, "textDocument/rename", fleet,
                               self.at(fleet, "orders.orders.url", 8), newName="order-svc")
        changes = edit["changes"]
        self.assertEqual(sorted(changes), sorted([uri_of(fleet), uri_of(member)]))
        self.assertEqual(len(changes[uri_of(fleet)]), 3)
        self.assertEqual(len(changes[uri_of(member)]), 1)
        # Applied, the project checks clean: every use was renamed, nothing else.
        for path in (fleet, member):
            with open(path, encoding="utf-8") as f:
                lines = f.read().split("\n")
            for e in sorted(changes[uri_of(path)], key=lambda e: (e["range"]["start"]["line"],
                            e["range"]["start"]["character"]), reverse=True):
                start, end = e["range"]["start"], e["range"]["end"]
                line = lines[start["line"]]
                lines[start["line"]] = line[:start["character"]] + e["newText"] + line[end["character"]:]
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(lines))
        check = subprocess.run([DSC, "check", fleet], capture_output=True, text=True)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
        with open(member, encoding="utf-8") as f:
            self.assertIn("service order-svc", f.read())

    def test_rename_refuses_what_it_cannot_rename(self):
        client, fleet, _ = self.project()
        reply = client.call("textDocument/rename", {"textDocument": {"uri": uri_of(fleet)},
                                                    "position": self.at(fleet, "service api", 9),
                                                    "newName": "not a name"})
        self.assertEqual(reply["error"]["code"], -32803)
        self.assertIn("not a name", reply["error"]["message"])
        # A standard library kind is not the project's to rename.
        self.assertIsNone(self.request_at(client, "textDocument/prepareRename", fleet,
                                          self.at(fleet, "db.postgres", 4)))
        reply = client.call("textDocument/rename", {"textDocument": {"uri": uri_of(fleet)},
                                                    "position": self.at(fleet, "db.postgres", 4),
                                                    "newName": "pg"})
        self.assertEqual(reply["error"]["code"], -32803)
        # A request without a position.
        reply = client.call("textDocument/hover", {"textDocument": {"uri": uri_of(fleet)}})
        self.assertEqual(reply["error"]["code"], -32602)

    def complete(self, client, path, text, needle):
        """Completion labels with the cursor right after `needle` in `text`, typed over the
        clean PROJECT_FLEET (open): the names come from the text as last parsed cleanly."""
        self.version = getattr(self, "version", 1) + 1
        client.change(path, self.version, [{"text": text}])
        index = text.index(needle) + len(needle)
        line = text.count("\n", 0, index)
        position = {"line": line, "character": index - (text.rfind("\n", 0, index) + 1)}
        labels = [item["label"] for item in
                  self.request_at(client, "textDocument/completion", path, position)]
        # Back to the clean text, checked (an empty list) before the next one is typed.
        self.version += 1
        client.change(path, self.version, [{"text": self.PROJECT_FLEET}])
        while client.diagnostics(uri_of(path)):
            pass
        return labels

    def test_completion_at_each_kind_of_place(self):
        client, fleet, member = self.project()
        base = self.PROJECT_FLEET
        client.open(fleet)
        self.assertEqual(client.diagnostics(uri_of(fleet)), [])
        # A field of a service, of a nested block, of an infra's kind (its params).
        labels = self.complete(client, fleet, base.replace("  ports {", "  rep\n  ports {"), "  rep")
        self.assertIn("replicas", labels)
        self.assertIn("image", labels)
        self.assertNotIn("namespace", labels)  # a fleet's field, not a service's
        labels = self.complete(client, fleet, base.replace("  ports {", "  resources {\n    re\n  }\n  ports {"), "    re")
        self.assertEqual(sorted(labels), ["limits", "requests"])
        labels = self.complete(client, fleet, base.replace('{ database = "shop" }', '{ d }'), "{ d")
        self.assertIn("database", labels)
        self.assertIn("user", labels)
        # Kinds after `infra NAME:`, exports after `name.`, a file's services after `alias.`.
        labels = self.complete(client, fleet, base.replace("db.postgres", "db."), "infra shop-db: db.")
        self.assertIn("postgres", labels)  # (after `db.`: what std/db declares)
        labels = self.complete(client, fleet, base.replace("infra shop-db: db.postgres", "infra shop-db: "), "infra shop-db: ")
        self.assertIn("db.postgres", labels)
        self.assertIn("db.redis", labels)
        labels = self.complete(client, fleet, base.replace("DB = shop-db.url", "DB = shop-db."), "shop-db.")
        self.assertIn("url", labels)
        self.assertIn("host", labels)
        labels = self.complete(client, fleet, base.replace("orders.orders.url", "orders."), "ORDERS = orders.")
        self.assertEqual(labels, ["orders"])
        labels = self.complete(client, fleet, base.replace("orders.orders.url", "orders.orders."), "ORDERS = orders.orders.")
        self.assertEqual(sorted(labels), ["host", "name", "port", "route_url", "url"])
        # Names after `=`; stdlib modules in an import; keywords at the top level.
        labels = self.complete(client, fleet, base.replace("DB = shop-db.url", "DB = s"), "DB = s")
        for name in ("shop-db", "api", "orders", "db", "fleet"):
            self.assertIn(name, labels)
        labels = self.complete(client, fleet, base.replace('import "std/db"', 'import "std/'), 'import "std/')
        self.assertEqual(sorted(labels), ["std/aws", "std/db", "std/reload"])
        labels = self.complete(client, fleet, base + "\nser", "\nser")
        self.assertIn("service", labels)
        # A feature: fork, infra and its own fields.
        labels = self.complete(client, fleet, base.replace("  fork orders", "  t\n  fork orders"), "\n  t")
        for name in ("fork", "infra", "ttl", "label"):
            self.assertIn(name, labels)

    def test_semantic_tokens_colour_names_by_what_they_name(self):
        client, fleet, _ = self.project()
        reply = client.call("textDocument/semanticTokens/full", {"textDocument": {"uri": uri_of(fleet)}})
        client.assert_ok(reply)
        data = reply["result"]["data"]
        self.assertEqual(len(data) % 5, 0)
        types = ["namespace", "type", "class", "variable", "event", "parameter", "property"]
        tokens, line, start = {}, 0, 0
        lines = self.PROJECT_FLEET.split("\n")
        for i in range(0, len(data), 5):
            dl, ds, length, kind, mods = data[i:i + 5]
            line += dl
            start = start + ds if dl == 0 else ds
            text = lines[line][start:start + length]
            tokens.setdefault(text, set()).add((types[kind], mods))
        self.assertIn(("class", 1), tokens["api"])            # service api: a declaration
        self.assertIn(("variable", 1), tokens["shop-db"])     # infra shop-db
        self.assertIn(("variable", 0), tokens["shop-db"])     # shop-db.url
        self.assertIn(("parameter", 2), tokens["url"])        # std/db's export
        self.assertIn(("type", 2), tokens["postgres"])        # std/db's kind
        self.assertIn(("namespace", 2), tokens["db"])         # std/db's alias, used
        self.assertIn(("class", 0), tokens["orders"])         # orders.orders / fork orders
        self.assertIn(("event", 1), tokens["fast-orders"])
        self.assertIn(("property", 0), tokens["image"])
        self.assertIn(("property", 0), tokens["namespace"])

    def test_code_action_applies_the_did_you_mean(self):
        path = self.write("shop.ds", FLEET.replace('ports { http = 8080 }',
                                                   'ports { http = 8080 }\n  replicaz = 2'))
        client, _ = self.start()
        client.open(path)
        [d] = client.diagnostics(uri_of(path))
        self.assertEqual(d["data"], {"replace": "replicas"})
        reply = client.call("textDocument/codeAction", {
            "textDocument": {"uri": uri_of(path)}, "range": d["range"],
            "context": {"diagnostics": [d]}})
        client.assert_ok(reply)
        [action] = reply["result"]
        self.assertEqual(action["kind"], "quickfix")
        self.assertEqual(action["edit"]["changes"][uri_of(path)],
                         [{"range": d["range"], "newText": "replicas"}])
        # Applied: the file checks clean.
        client.change(path, 2, [{"range": d["range"], "text": "replicas"}])
        self.assertEqual(client.diagnostics(uri_of(path)), [])
        # No fix, no action.
        reply = client.call("textDocument/codeAction", {
            "textDocument": {"uri": uri_of(path)}, "range": d["range"],
            "context": {"diagnostics": [{"range": d["range"], "message": "x"}]}})
        self.assertEqual(reply["result"], [])

    def test_a_request_cancelled_before_it_is_answered_gets_request_cancelled(self):
        client, fleet, _ = self.project()
        frames = b""
        for message in (
                {"jsonrpc": "2.0", "id": 41, "method": "textDocument/hover", "params": {
                    "textDocument": {"uri": uri_of(fleet)}, "position": self.at(fleet, "shop-db.url")}},
                {"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 41}},
                {"jsonrpc": "2.0", "id": 42, "method": "textDocument/hover", "params": {
                    "textDocument": {"uri": uri_of(fleet)}, "position": self.at(fleet, "shop-db.url")}}):
            body = json.dumps(message).encode()
            frames += b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
        client.send_raw(frames)  # one write: the cancel is there before 41 is answered
        self.assertEqual(client.response(41)["error"]["code"], -32800)
        self.assertIn("infra shop-db", client.response(42)["result"]["contents"]["value"])
        # A cancel for a request already answered (or never sent) is ignored.
        client.notify("$/cancelRequest", {"id": 42})
        client.notify("$/cancelRequest", {"id": "nope"})
        self.assertEqual(client.finish(), 0)

    def test_malformed_input_is_answered_and_the_server_carries_on(self):
        client, _ = self.start()
        # Not JSON.
        body = b"{not json"
        client.send_raw(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        reply = client.next()
        self.assertEqual(reply["error"]["code"], -32700)
        self.assertIsNone(reply["id"])
        # No Content-Length header.
        client.send_raw(b"Content-Type: application/json\r\n\r\n")
        self.assertEqual(client.next()["error"]["code"], -32700)
        # A Content-Length that is not a number.
        client.send_raw(b"Content-Length: twelve\r\n\r\n")
        self.assertEqual(client.next()["error"]["code"], -32700)
        # JSON, but not a request: an array, a number as method, an object as id.
        for message in ([1, 2], {"jsonrpc": "2.0", "id": 5, "method": 7},
                        {"jsonrpc": "2.0", "id": {"a": 1}, "method": "shutdown"}):
            client.send(message)
            self.assertEqual(client.next()["error"]["code"], -32600)
        # Unknown method.
        reply = client.call("textDocument/unheardOf")
        self.assertEqual(reply["error"]["code"], -32601)
        # Notifications with parameters of the wrong shape are ignored, not fatal.
        client.notify("textDocument/didOpen", {"textDocument": 7})
        client.notify("textDocument/didChange", {"textDocument": {"uri": 7},
                                                 "contentChanges": "x"})
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri_of("/x.ds")},
                                                 "contentChanges": [{"range": 1, "text": 2}]})
        # Headers in another case, with an extra header: still read.
        body = json.dumps({"jsonrpc": "2.0", "id": 99, "method": "shutdown"}).encode()
        client.send_raw(b"content-length: %d\r\nContent-Type: application/vscode-jsonrpc; "
                        b"charset=utf-8\r\n\r\n%s" % (len(body), body))
        client.assert_ok(client.response(99))
        client.notify("exit")
        self.assertEqual(client.proc.wait(timeout=TIMEOUT), 0)

    def test_exit_without_shutdown_exits_1(self):
        client, _ = self.start()
        client.notify("exit")
        self.assertEqual(client.proc.wait(timeout=TIMEOUT), 1)

    def test_a_client_that_disappears_ends_the_server(self):
        path = self.write("shop.ds", DUPLICATE)
        client, _ = self.start()
        client.open(path)
        # Gone mid-message, with a check pending: the server must notice and end.
        client.send_raw(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"")
        client.proc.stdin.close()
        self.assertEqual(client.proc.wait(timeout=TIMEOUT), 1)
        self.assertNotIn(b"terminate", client.proc.stderr.read())

    def test_a_reader_that_disappears_does_not_kill_the_server_with_sigpipe(self):
        path = self.write("shop.ds", DUPLICATE)
        # A process of its own: the other tests' reader thread would hold its output open.
        proc = subprocess.Popen([DSC, "lsp", "--project-root", self.root, "--debounce-ms", "0"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        proc.stdout.close()  # gone before the server writes: its writes get EPIPE
        messages = [
            {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}},
            {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": uri_of(path), "languageId": "dsc", "version": 1, "text": DUPLICATE}}},
        ]
        for message in messages:
            body = json.dumps(message).encode()
            proc.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        proc.stdin.flush()
        time.sleep(0.5)  # the diagnostics are written (and fail) meanwhile
        proc.stdin.close()
        self.assertEqual(proc.wait(timeout=TIMEOUT), 1)  # 1: no shutdown; not killed by SIGPIPE
        stderr = proc.stderr.read()
        proc.stderr.close()
        self.assertEqual(stderr, b"")


class VscodeExtensionTest(unittest.TestCase):
    """editors/vscode: what VS Code reads parses, and points at files that exist."""

    def test_manifest_grammar_and_configuration(self):
        import re
        root = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
            os.path.abspath(__file__)))), "editors", "vscode")
        with open(os.path.join(root, "package.json")) as f:
            manifest = json.load(f)
        self.assertTrue(os.path.exists(os.path.join(root, manifest["main"])))
        [language] = manifest["contributes"]["languages"]
        self.assertEqual(language["extensions"], [".ds"])
        with open(os.path.join(root, language["configuration"])) as f:
            json.load(f)
        [grammar] = manifest["contributes"]["grammars"]
        with open(os.path.join(root, grammar["path"])) as f:
            tm = json.load(f)
        self.assertEqual(tm["scopeName"], grammar["scopeName"])

        def patterns(node):
            if isinstance(node, dict):
                for key in ("match", "begin", "end"):
                    if key in node:
                        yield node[key]
                for value in node.values():
                    yield from patterns(value)
            elif isinstance(node, list):
                for value in node:
                    yield from patterns(value)

        for pattern in patterns(tm):
            re.compile(pattern)  # the grammar uses no Oniguruma-only syntax
        for include in re.findall(r'"#(\w+)"', json.dumps(tm)):
            self.assertIn(include, tm["repository"])


def main():
    global DSC
    parser = argparse.ArgumentParser()
    parser.add_argument("--dsc", required=True)
    args, rest = parser.parse_known_args()
    DSC = os.path.abspath(args.dsc)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
