#!/usr/bin/env python3
"""Which top-level modules of src/ import which, and every import cycle between them.

usage: scripts/import_cycles.py [--graph]

Reads every `crate::MODULE` path (in `use` lines and inline paths) of every file under src/,
test modules (`#[cfg(test)]` to the end of the file) excepted: tests may drive the whole
stack. Prints each strongly connected group of more than one module, and exits 1 if there
is any; `--graph` also prints every edge. The layers are meant to read one way:
cli/lsp -> workspace -> engine -> names -> rules -> corpus/suppress -> document/diagnostic.
"""
import os
import re
import sys

SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")
PATH = re.compile(r"\bcrate::(\w+)")


def module_of(rel):
    parts = rel.split(os.sep)
    if len(parts) == 1:
        name = parts[0][:-3]
        return None if name in ("lib", "main") else name
    return parts[0]


def edges():
    graph = {}
    for root, _, files in os.walk(SRC):
        for f in files:
            if not f.endswith(".rs"):
                continue
            path = os.path.join(root, f)
            module = module_of(os.path.relpath(path, SRC))
            if module is None:
                continue
            text = open(path, encoding="utf-8").read()
            cut = text.find("#[cfg(test)]")
            if cut >= 0:
                text = text[:cut]
            text = "\n".join(l for l in text.split("\n") if not l.lstrip().startswith("//"))
            for target in PATH.findall(text):
                if target != module and target not in ("rule_meta",):
                    graph.setdefault(module, set()).add(target)
            graph.setdefault(module, set())
    return graph


def sccs(graph):
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            out.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def main():
    graph = edges()
    if "--graph" in sys.argv:
        for m in sorted(graph):
            print(f"{m} -> {', '.join(sorted(graph[m])) or '(nothing)'}")
    cycles = [g for g in sccs(graph) if len(g) > 1]
    for g in cycles:
        print("cycle:", " <-> ".join(g))
    if not cycles:
        print(f"no import cycle among {len(graph)} top-level modules")
    return 1 if cycles else 0


if __name__ == "__main__":
    sys.exit(main())
