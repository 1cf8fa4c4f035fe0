#!/usr/bin/env python3
"""Maintainer tool: the calls between gearsc's source files, and any cycle.

    scripts/call-cycles.py [BUILD_DIR]      (default: build)

Reads the object files of gearsc (nm): a file calls another when it uses a
symbol the other defines.  Prints each file with the files it calls, then
the cycles (sets of files that call each other, directly or not); exits 1
if there is one.  src/ is layered so that calls only go down (see
docs/architecture.md)."""
import glob
import os
import subprocess
import sys

build = sys.argv[1] if len(sys.argv) > 1 else "build"
objects = [o for d in ("gearsc_core.dir", "gearsc.dir")
           for o in glob.glob(os.path.join(build, "CMakeFiles", d, "src", "**", "*.o"), recursive=True)]
if not objects:
    sys.exit(f"no object files of gearsc under {build}: build it first")
root = os.path.dirname(os.path.abspath(__file__)) + "/../src/"
defined, used = {}, {}
for o in objects:
    name = o.split(os.sep + "src" + os.sep, 1)[1][:-len(".o")]
    if not os.path.exists(root + name):
        continue  # a stale object of a file that has gone
    defs, uses = set(), set()
    for line in subprocess.run(["nm", o], capture_output=True, text=True, check=True).stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TDRB":
            defs.add(parts[2])
        elif len(parts) == 2 and parts[0] == "U":
            uses.add(parts[1])
    defined[name], used[name] = defs, uses
owner = {s: f for f, defs in defined.items() for s in defs}
calls = {f: sorted({owner[s] for s in used[f] if s in owner and owner[s] != f}) for f in defined}
for f in sorted(calls):
    print(f, "->", " ".join(calls[f]))

# Tarjan's strongly connected components, without recursion.
index, low, on_stack, stack, cycles, counter = {}, {}, set(), [], [], 0
for start in sorted(calls):
    if start in index:
        continue
    work = [(start, 0)]
    while work:
        v, i = work.pop()
        if i == 0:
            index[v] = low[v] = counter
            counter += 1
            stack.append(v)
            on_stack.add(v)
        if i < len(calls[v]):
            work.append((v, i + 1))
            w = calls[v][i]
            if w not in index:
                work.append((w, 0))
            elif w in on_stack:
                low[v] = min(low[v], index[w])
            continue
        for w in calls[v]:
            if w in on_stack:
                low[v] = min(low[v], low[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))
for c in cycles:
    print("cycle:", " ".join(c))
print(f"{len(calls)} files, {len(cycles)} cycles")
sys.exit(1 if cycles else 0)
