#!/usr/bin/env python3
"""How long the corpus's programs about speed take: in CPython on this machine (the median of
`--runs` runs, each timed inside the process from its first line to its last, so interpreter
start-up is left out) and in the model (`gil-sim run prog.py --json`: the trace's wall time),
with the ratio, and how long the model took to simulate each. A benchmark, not a test: the
machine is noisy, and the figures are ratios from one run.

    python3 tools/python_time.py [--gil-sim PATH] [--runs 5] [PROGRAM ...]

Programs the model does not run yet (processes, asyncio, more work than its cap) are listed
with the reason.
"""

import argparse
import json
import pathlib
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "crates" / "sim" / "corpus"
TIMED = (
    "import runpy, sys, time\n"
    "t = time.perf_counter()\n"
    "runpy.run_path(sys.argv[1], run_name='__main__')\n"
    "sys.stderr.write('\\nGIL-LAB-TIME %r\\n' % (time.perf_counter() - t))\n"
)


def speed(path):
    for line in path.read_text().splitlines()[:6]:
        if line.startswith("# Speed:"):
            return line.split(":", 1)[1].strip()
    return "none"


def cpython_seconds(path, runs):
    times = []
    for _ in range(runs):
        stdin = path.with_suffix(".in")
        o = subprocess.run(
            [sys.executable, "-I", "-c", TIMED, str(path)],
            input=stdin.read_bytes() if stdin.exists() else b"",
            capture_output=True, cwd=path.parent, timeout=120)
        for line in o.stderr.decode().splitlines():
            if line.startswith("GIL-LAB-TIME "):
                times.append(float(line.split()[1]))
    return statistics.median(times) if times else None


def model_seconds(gil_sim, path):
    t0 = time.perf_counter()
    o = subprocess.run([gil_sim, "run", str(path), "--json"], capture_output=True, timeout=600)
    took = time.perf_counter() - t0
    if o.returncode != 0:
        return None, took, o.stderr.decode().strip().replace(str(path) + ": ", "")[16:86]
    return json.loads(o.stdout)["metrics"]["wall_ns"] / 1e9, took, None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gil-sim", default=str(ROOT / "target" / "release" / "gil-sim"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("programs", nargs="*")
    args = ap.parse_args()
    paths = [pathlib.Path(p) for p in args.programs] or sorted(
        p for p in CORPUS.glob("*.py") if speed(p) != "none")
    print("%-40s %-9s %9s %9s %6s %9s" % ("program", "speed", "CPython", "model", "ratio", "simulated in"))
    for p in paths:
        model, took, why = model_seconds(args.gil_sim, p)
        if model is None:
            print("%-40s %-9s  not run: %s" % (p.stem[:40], speed(p), why))
            continue
        cpy = cpython_seconds(p, args.runs)
        ratio = model / cpy if cpy else float("nan")
        print("%-40s %-9s %8.3fs %8.3fs %6.2f %8.3fs" % (p.stem[:40], speed(p), cpy, model, ratio, took))


if __name__ == "__main__":
    main()
