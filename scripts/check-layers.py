#!/usr/bin/env python3
"""Fails when a source file includes a folder its layer may not use.

dsc's folders form layers that depend one way, down the pipeline (docs/architecture.md):

    base/                          helpers every layer may use; depends on nothing of dsc's
    contract/                      blueprint.json: written by emit, read by the runtime
    compiler/source -> diag -> syntax -> sema -> graph -> check   (a fleet file to a
                                   checked fleet; format/ sits on syntax)
    compiler/lint, compiler/emit   take the checked fleet
    compiler/review                reads what emit plans
    compiler/pipeline              sequences of stages that commands share
    compiler/lsp                   `dsc lsp`: the language server, on the pipeline
    runtime/kube -> runtime/apply  talk to a cluster; base/ only, never the compiler
    compiler/diff                  compares builds: the pipeline and the runtime's reader
    compiler/driver                the commands: may use everything

A unit test (`*_test.cpp`) may also use any layer below the driver, since it often runs
the stages in front of the one it tests. Run from anywhere:

    scripts/check-layers.py          # exit 0, or 1 with one line per wrong include
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Each folder and the folders it may include directly (its own is always allowed);
# what those may include is allowed too (the closure below).
USES = {
    "base": [],
    "contract": ["base"],
    "compiler/source": ["base"],
    "compiler/diag": ["compiler/source"],
    "compiler/syntax": ["compiler/diag"],
    "compiler/format": ["compiler/syntax"],
    "compiler/sema": ["compiler/syntax"],
    "compiler/graph": ["compiler/sema"],
    "compiler/check": ["compiler/graph"],
    "compiler/lint": ["compiler/check"],
    "compiler/emit": ["compiler/check", "contract"],
    "compiler/review": ["compiler/emit"],
    "compiler/pipeline": ["compiler/emit", "compiler/lint", "compiler/review", "compiler/format"],
    "runtime/kube": ["base"],
    "runtime/apply": ["runtime/kube", "contract"],
    "compiler/diff": ["compiler/pipeline", "runtime/apply"],
    "compiler/lsp": ["compiler/pipeline"],
    "compiler/driver": ["compiler/diff", "compiler/lsp"],
}
BELOW_DRIVER = [f for f in USES if f != "compiler/driver"]
INCLUDE = re.compile(r'^\s*#\s*include\s+"((?:base|contract|compiler/\w+|runtime/\w+)/[^"]*)"')


def closure(folder, seen=None):
    seen = set() if seen is None else seen
    for used in USES[folder]:
        if used not in seen:
            seen.add(used)
            closure(used, seen)
    return seen


def folder_of(path):
    for folder in sorted(USES, key=len, reverse=True):
        if path == folder or path.startswith(folder + "/"):
            return folder
    return None


def main():
    allowed = {f: closure(f) | {f} for f in USES}
    problems = []
    checked = 0
    for top in ("base", "contract", "compiler", "runtime"):
        for dirpath, _, names in os.walk(os.path.join(ROOT, top)):
            for name in sorted(names):
                if not name.endswith((".h", ".cpp", ".def", ".inc")):
                    continue
                rel = os.path.relpath(os.path.join(dirpath, name), ROOT)
                here = folder_of(rel)
                if here is None:
                    problems.append("%s: in no layer: add its folder to USES in %s"
                                    % (rel, os.path.relpath(__file__, ROOT)))
                    continue
                ok = set(allowed[here])
                if name.endswith("_test.cpp"):
                    ok |= set(BELOW_DRIVER)
                with open(os.path.join(ROOT, rel), encoding="utf-8") as fh:
                    for number, line in enumerate(fh, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        checked += 1
                        target = folder_of(m.group(1))
                        if target is None or target not in ok:
                            problems.append(
                                "%s:%d: includes %s, but %s/ may not depend on %s"
                                % (rel, number, m.group(1), here,
                                   target + "/" if target else "an unknown folder"))
    for p in problems:
        print(p)
    if problems:
        print("check-layers: %d wrong include(s) of %d; see the layers in %s"
              % (len(problems), checked, os.path.relpath(__file__, ROOT)))
        return 1
    print("check-layers: %d includes, each down the layers" % checked)
    return 0


if __name__ == "__main__":
    sys.exit(main())
