#!/usr/bin/env python3
"""Module circles in the workspace's crates: for every `crate::…` or `super::…` path in a
module's code (comments and `mod tests` ignored), an edge between the two sibling
modules under the paths' lowest common ancestor; a circle is a strongly connected
component of more than one sibling (docs/architecture.md: there are none).

Usage: python3 scripts/module-circles.py [crate-src-dir ...]   (default: every crate)
Exits 1 when there is a circle."""
import os, re, sys
from collections import defaultdict

def modules(src):
    mods = {}
    for root, _, files in os.walk(src):
        for f in files:
            if not f.endswith('.rs'): continue
            p = os.path.join(root, f)
            rel = os.path.relpath(p, src)[:-3].split(os.sep)
            if rel[0] == 'bin': continue
            if rel[-1] in ('lib', 'main', 'mod'): rel = rel[:-1]
            mods[tuple(rel)] = p
    return mods

PATH = re.compile(r'\b(crate|super|self)((?:::[A-Za-z_][A-Za-z0-9_]*)+)')
USE_GROUP = re.compile(r'\buse\s+(crate|super)((?:::[A-Za-z_][A-Za-z0-9_]*)*)::\{([^;]*)\};', re.S)

def refs(text, here):
    code = '\n'.join(l.split('//')[0] for l in text.splitlines())
    code = re.sub(r'#\[cfg\(test\)\]\s*mod tests\s*\{.*', '', code, flags=re.S)
    out = []
    def resolve(kind, parts):
        if kind == 'crate': base = []
        elif kind == 'super': base = list(here[:-1])
        else: base = list(here)
        while parts and parts[0] == 'super':
            base = base[:-1]; parts = parts[1:]
        return tuple(base + parts)
    for m in USE_GROUP.finditer(code):
        prefix = [p for p in m.group(2).split('::') if p]
        for item in re.split(r',', m.group(3)):
            item = item.strip().split(' as ')[0].strip()
            if not item or item.startswith('{'): continue
            out.append(resolve(m.group(1), prefix + [p for p in item.split('::') if p and p != 'self']))
    for m in PATH.finditer(code):
        out.append(resolve(m.group(1), [p for p in m.group(2).split('::') if p]))
    return out

def sccs(nodes, edges):
    index = {}; low = {}; stack = []; on = set(); res = []; i = [0]
    def strong(v):
        index[v] = low[v] = i[0]; i[0] += 1; stack.append(v); on.add(v)
        for w in edges[v]:
            if w not in index: strong(w); low[v] = min(low[v], low[w])
            elif w in on: low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop(); on.discard(w); comp.append(w)
                if w == v: break
            res.append(comp)
    sys.setrecursionlimit(10000)
    for v in nodes:
        if v not in index: strong(v)
    return res

CRATES = ["content-model/src", "views/src", "generator/src", "functions/applications/src",
          "functions/api/src", "functions/aws/src", "portal/src"]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
total = 0
for src in sys.argv[1:] or [os.path.join(root, c) for c in CRATES]:
    mods = modules(src)
    edges = defaultdict(set)
    for here, path in mods.items():
        for target in refs(open(path).read(), here):
            # the longest module prefix of the target
            t = target
            while t and t not in mods: t = t[:-1]
            if t == here or not t and not here: continue
            k = 0
            while k < len(here) and k < len(t) and here[k] == t[k]: k += 1
            if k >= len(here) or k >= len(t):
                continue  # an ancestor or a descendant: not a sibling edge
            a, b = here[:k+1], t[:k+1]
            edges[a].add(b)
    nodes = set(edges) | {w for v in edges.values() for w in v}
    circles = [c for c in sccs(sorted(nodes), edges) if len(c) > 1]
    total += len(circles)
    for c in circles:
        print(f"{os.path.relpath(src, root)}: circle: {' <-> '.join('::'.join(x) for x in sorted(c))}")
print(f"module circles: {total}")
sys.exit(1 if total else 0)
