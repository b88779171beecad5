#!/usr/bin/env python3
"""`dsc lsp` with a real editor: Neovim's built-in LSP client, headless.

Neovim (Debian's `neovim`) opens teams/checkout.ds of a copy of the marketplace example,
starts `dsc lsp` through vim.lsp.start_client and runs tests/lsp/neovim_client.lua, which
records what the client received. Checked here: the file is clean; a hover on an infra
reference names it and its kind; go-to-definition of `payments.ledger` lands on `service
ledger` in teams/payments.ds and of an export (`cart-cache.url`) in std/db's read-only
copy; an edit made in the buffer (synced incrementally) brings DS2001 on the edited line.

    tests/lsp/neovim_test.py --dsc build/dsc
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from urllib.parse import unquote, urlparse

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DSC = None


def path_of(uri):
    return unquote(urlparse(uri).path)


class NeovimTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if shutil.which("nvim") is None:
            raise AssertionError("nvim is not installed (scripts/install-deps.sh installs it)")
        cls.tmp = tempfile.mkdtemp(prefix="dsc-nvim-test-")
        cls.root = os.path.join(cls.tmp, "marketplace")
        shutil.copytree(os.path.join(REPO, "examples", "marketplace"), cls.root)
        out = os.path.join(cls.tmp, "results.json")
        env = dict(os.environ, DSC=DSC, DSC_ROOT=cls.root,
                   DSC_FILE=os.path.join(cls.root, "teams", "checkout.ds"), DSC_NVIM_OUT=out,
                   XDG_CACHE_HOME=os.path.join(cls.tmp, "cache"),
                   XDG_CONFIG_HOME=os.path.join(cls.tmp, "config"),
                   XDG_DATA_HOME=os.path.join(cls.tmp, "data"),
                   XDG_STATE_HOME=os.path.join(cls.tmp, "state"))
        cls.cache = env["XDG_CACHE_HOME"]
        proc = subprocess.run(
            ["nvim", "--headless", "--clean", "-n", "-c",
             "luafile " + os.path.join(HERE, "neovim_client.lua")],
            env=env, capture_output=True, timeout=90, stdin=subprocess.DEVNULL)
        if not os.path.exists(out):
            raise AssertionError(f"nvim wrote no results (exit {proc.returncode}):\n"
                                 f"{proc.stdout.decode()}\n{proc.stderr.decode()}")
        with open(out) as f:
            cls.results = json.load(f)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_no_errors_in_the_client_script(self):
        self.assertEqual(self.results["errors"], [])

    def test_the_example_is_clean(self):
        self.assertEqual(self.results["diagnostics_before"], [])

    def test_hover_names_the_infra_and_its_kind(self):
        hover = self.results["hover"]
        self.assertIsNotNone(hover)
        value = hover["contents"]["value"]
        self.assertIn("infra cart-cache: db.redis", value)
        self.assertIn("teams/checkout.ds:", value)

    def test_definition_crosses_into_another_team_file(self):
        [location] = self.results["definition_ledger"] if isinstance(
            self.results["definition_ledger"], list) else [self.results["definition_ledger"]]
        path = path_of(location["uri"])
        self.assertEqual(path, os.path.join(self.root, "teams", "payments.ds"))
        with open(path) as f:
            line = f.read().split("\n")[location["range"]["start"]["line"]]
        start = location["range"]["start"]["character"]
        self.assertEqual(line[start:location["range"]["end"]["character"]], "ledger")
        self.assertTrue(line.startswith("service ledger"), line)

    def test_definition_of_an_export_opens_the_standard_library(self):
        result = self.results["definition_url"]
        [location] = result if isinstance(result, list) else [result]
        path = path_of(location["uri"])
        self.assertTrue(path.startswith(os.path.join(self.cache, "dsc")), path)
        self.assertTrue(path.endswith("/std/db.ds"), path)
        with open(path) as f:
            line = f.read().split("\n")[location["range"]["start"]["line"]]
        self.assertIn("export url", line)
        self.assertFalse(os.access(path, os.W_OK) and os.getuid() != 0, "the copy is read-only")
        self.assertEqual(os.stat(path).st_mode & 0o222, 0)

    def test_an_edit_in_the_buffer_brings_a_diagnostic_on_its_line(self):
        [d] = self.results["diagnostics_after"]
        self.assertEqual(d["lnum"], self.results["edited_line"] - 1)
        code = d.get("code") or d.get("user_data", {}).get("lsp", {}).get("code")
        self.assertEqual(code, "DS2001")
        self.assertIn("cart-cach", d["message"])
        self.assertIn("cart-cache", d["message"])  # the did-you-mean


def main():
    global DSC
    parser = argparse.ArgumentParser()
    parser.add_argument("--dsc", required=True)
    args, rest = parser.parse_known_args()
    DSC = os.path.abspath(args.dsc)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
