#!/usr/bin/env python3
"""Machine profile for GIL Lab: measures the machine it runs on and writes the figures the model
uses (the cores' parallel efficiency, timer slack, thread start, process start per start method
with the main module's re-import and the resource tracker; integer ns, in the scenario's own
field names) plus everything measured (medians and spreads, for the record and the fidelity
report) as JSON. GIL Lab then fits the figures that reach the model through its own mechanics
(the parallel efficiency, the cost of moving between cores, timer slack and thread starts) to
these measurements: see docs/model.md §3, "The machine a profile describes".

    python3 machine_profile.py [--out profile.json] [--quick] [--budget SECONDS]

Standard library only, Python 3.9+. The default run takes ~50 s, --quick ~14 s. Machines are
often shared and noisy, so every case is measured a little in each of many rounds (the cases
interleaved, their order rotated per round) and the profile keeps medians with min/max; ratios
(process speedup, thread slowdown) are paired within a round, so drift of the machine hits both
sides of a ratio alike.

The top level only defines functions: spawn and forkserver children import this file again (as
`__mp_main__`), and that import is part of what a spawn start costs.
"""

import multiprocessing
import multiprocessing.connection
import os
import sys
import threading
import time

_pc = time.perf_counter_ns

SWITCH_INTERVAL = 0.005  # CPython's default; every case runs at it unless it says otherwise

# The main module a `spawn_heavy_import` child imports: spawn re-imports the parent's main module,
# so a program whose main module imports much pays for it in every spawned child.
HEAVY_MAIN = '''\
import json, decimal, email, email.message, http.client, xml.etree.ElementTree, asyncio, unittest


def noop():
    pass
'''

# The main module a `spawn_lesson_main` child imports: what a GIL Lab lesson's program imports
# through its helper module `gil_lab` (asyncio above all). Spawn children, and in CPython 3.11
# forkserver children too (gh-98552), import the main module again before the target runs; the
# difference to an empty main module is the profile's `main_import_ns`.
LESSON_MAIN = '''\
import asyncio, atexit, hashlib, json, multiprocessing.process, os, select, socket, sys, threading, time


def noop():
    pass
'''


# Small kernels of pure Python, each `kernel(n)` doing the same work in every one of its `n`
# iterations: CPython's time per iteration of each, with the kernel's source, goes into the
# profile, and GIL Lab fits the cost of each kind of operation of its own interpreter to them
# (gil_python::calib). Each runs about 5 ms a round on this machine kind.
PY_KERNELS = {
    "countdown": (100000, """\
def kernel(n):
    while n > 0:
        n -= 1
"""),
    "sum_squares": (60000, """\
def kernel(n):
    total = 0
    for i in range(n):
        total += i * i
    return total
"""),
    "primes": (20000, """\
def is_prime(k):
    if k < 2:
        return False
    d = 2
    while d * d <= k:
        if k % d == 0:
            return False
        d += 1
    return True

def kernel(n):
    found = 0
    for k in range(n):
        if is_prime(101 + k % 64):
            found += 1
    return found
"""),
    "calls": (50000, """\
def add_one(x):
    return x + 1

def kernel(n):
    x = 0
    for _ in range(n):
        x = add_one(x)
    return x
"""),
    "attributes": (80000, """\
class Counter:
    def __init__(self):
        self.value = 0

def kernel(n):
    c = Counter()
    for _ in range(n):
        c.value = c.value + 1
    return c.value
"""),
    "globals": (80000, """\
count = 0

def kernel(n):
    global count
    for _ in range(n):
        count += 1
"""),
    "lists": (80000, """\
def kernel(n):
    items = []
    for i in range(n):
        items.append(i % 7)
    return len(items)
"""),
    "dicts": (40000, """\
def kernel(n):
    seen = {}
    for i in range(n):
        k = i % 100
        seen[k] = seen.get(k, 0) + 1
    return len(seen)
"""),
    "comprehension": (60000, """\
def kernel(n):
    return len([i * 2 for i in range(n)])
"""),
    "strings": (30000, """\
def kernel(n):
    parts = []
    for i in range(n):
        parts.append(f"item {i}")
    return len(",".join(parts))
"""),
    "builtin_sum": (200000, """\
def kernel(n):
    return sum(range(n))
"""),
    "exceptions": (30000, """\
def kernel(n):
    bad = 0
    for i in range(n):
        try:
            if i % 3 == 0:
                raise ValueError(i)
        except ValueError:
            bad += 1
    return bad
"""),
}


def noop():
    pass


def _spin(n):
    """The pure-Python loop of gil_lab.cpu(): holds the GIL throughout."""
    x = 0
    for i in range(n):
        x += i
    return x


_CHUNK = 2_000


def _work(n):
    """`n` iterations of `_spin` in calls of `_CHUNK`, as gil_lab.cpu() runs it: in one long
    call the sum would pass 2**30, where CPython's int addition is slower, and a case split
    over more threads or processes (shorter calls) would look faster than it is."""
    for _ in range(n // _CHUNK):
        _spin(_CHUNK)
    _spin(n % _CHUNK)


def _spin_rate():
    """Iterations of `_spin` per second on this machine (best of 3 runs of > 20 ms)."""
    n = 20_000
    while True:
        t0 = time.perf_counter()
        _work(n)
        dt = time.perf_counter() - t0
        if dt > 0.02:
            break
        n *= 2
    for _ in range(2):
        t0 = time.perf_counter()
        _work(n)
        dt = min(dt, time.perf_counter() - t0)
    return n / dt


def _median(xs):
    s = sorted(xs)
    k = len(s)
    if k == 0:
        return float("nan")
    return s[k // 2] if k % 2 else (s[k // 2 - 1] + s[k // 2]) / 2


def _summary(xs, scale=1.0, digits=4):
    """{"median", "min", "max", "n"} of the samples, times `scale`; None without samples."""
    if not xs:
        return None
    return {
        "median": round(_median(xs) * scale, digits),
        "min": round(min(xs) * scale, digits),
        "max": round(max(xs) * scale, digits),
        "n": len(xs),
    }


# ------------------------------------------------------------------------------ process starts

def _process_start(ctx, target=noop):
    """One empty process: (duration of start(), start..join, join of the already-finished
    process), ns. The process has finished when its sentinel is readable (its end of the pipe
    closes at exit; with forkserver the server writes the exit status)."""
    p = ctx.Process(target=target)
    t0 = _pc()
    p.start()
    t1 = _pc()
    multiprocessing.connection.wait([p.sentinel])
    t2 = _pc()
    p.join()
    t3 = _pc()
    return t1 - t0, t3 - t0, t3 - t2


def _spawn_with_main(ctx, main_path):
    """A spawn start whose child's main module is `main_path` (HEAVY_MAIN, LESSON_MAIN). Spawn tells the
    child to run the parent's `__main__.__file__` (or `__spec__.name`) as `__mp_main__`; this
    points `__main__.__file__` at the temporary module for the duration of start() (which is
    when the preparation data is pickled), so the child really imports the heavy module as its
    main module, as a spawned child of a program with those imports would. The target pickles as
    `__main__.noop`, which the heavy module defines too."""
    main = sys.modules["__main__"]
    saved_file = getattr(main, "__file__", None)
    saved_spec = getattr(main, "__spec__", None)
    p = ctx.Process(target=noop)
    main.__file__ = main_path
    main.__spec__ = None
    try:
        t0 = _pc()
        p.start()
        t1 = _pc()
    finally:
        main.__file__ = saved_file
        main.__spec__ = saved_spec
    multiprocessing.connection.wait([p.sentinel])
    t2 = _pc()
    p.join()
    t3 = _pc()
    if p.exitcode != 0:
        raise RuntimeError("a spawn child of %s failed (exit code %r)" % (main_path, p.exitcode))
    return t1 - t0, t3 - t0, t3 - t2


def _stop_forkserver():
    """Stops the forkserver and the resource tracker (so the next forkserver start is a first
    start, as in a fresh program: it starts both). False where this Python can't."""
    from multiprocessing import forkserver, resource_tracker
    fs = getattr(forkserver, "_forkserver", None)
    rt = getattr(resource_tracker, "_resource_tracker", None)
    if not (hasattr(fs, "_stop") and hasattr(rt, "_stop")):
        return False
    fs._stop()
    rt._stop()
    return True


# ------------------------------------------------------------------------------ CPU-bound work

def _processes(ctx, n, iters):
    """Wall ns of `iters` loop iterations split over n processes (start to last join)."""
    ps = [ctx.Process(target=_work, args=(iters // n,)) for _ in range(n)]
    t0 = _pc()
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    return _pc() - t0


def _threads(n, iters):
    """Wall ns of `iters` loop iterations split over n threads (start to last join)."""
    ts = [threading.Thread(target=_work, args=(iters // n,)) for _ in range(n)]
    t0 = _pc()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return _pc() - t0


def _abba(run, top):
    """{n: wall ns} of run(n) for n = 1..top, each run twice in the order 1..top, top..1 and
    summed: the CPU speed of a shared machine drifts within tens of ms, and the mirrored order
    cancels a linear drift between the cases."""
    ns = list(range(1, top + 1))
    t = dict.fromkeys(ns, 0)
    for n in ns + ns[::-1]:
        t[n] += run(n)
    return t


def _stamper(chunk, barrier, deadline, out):
    barrier.wait()
    app = out.append
    pc = _pc
    while True:
        _spin(chunk)
        t = pc()
        app(t)
        if t >= deadline:
            return


def _gil_runs(interval, seconds, chunk):
    """Two CPU-bound threads, each stamping perf_counter_ns every `chunk` iterations (~50 us):
    the lengths (ns) of their turns with the GIL, from the first stamp of one turn to the first
    stamp of the next. The first two turns (the start, when the main thread also wants the GIL)
    and those after one thread has stopped are left out."""
    a, b = [], []
    barrier = threading.Barrier(2)
    deadline = _pc() + int(seconds * 1e9) + 2_000_000
    ts = [threading.Thread(target=_stamper, args=(chunk, barrier, deadline, out)) for out in (a, b)]
    sys.setswitchinterval(interval)
    try:
        for t in ts:
            t.start()
        for t in ts:
            t.join()
    finally:
        sys.setswitchinterval(SWITCH_INTERVAL)
    if not a or not b:
        return []
    events = sorted([(t, 0) for t in a] + [(t, 1) for t in b])
    starts, who = [], None
    for t, w in events:
        if w != who:
            starts.append(t)
            who = w
    end = min(a[-1], b[-1])
    return [starts[i + 1] - starts[i] for i in range(2, len(starts) - 1) if starts[i + 1] <= end]


def _pipe_writer(fd, first_delay, delay, count):
    """In a child process: every `delay` s, writes its perf_counter_ns (one clock for every
    process on the machine) into the pipe."""
    time.sleep(first_delay)
    for _ in range(count):
        time.sleep(delay)
        os.write(fd, _pc().to_bytes(8, "little"))
    os.close(fd)


def _release_latency(ctx, count, chunk, delay=0.012):
    """Beside one CPU-bound thread, a thread blocked reading a pipe that a child process writes
    to every `delay` s: the time (ns) from the write (the pipe becomes readable) to the reader
    running Python again. The reader wakes at once but must wait for the GIL: its timed wait of
    one switch interval, then the drop request (the convoy effect)."""
    r, w = os.pipe()
    writer = ctx.Process(target=_pipe_writer, args=(w, 0.02, delay, count))
    writer.start()  # before the threads: no fork while a thread runs
    os.close(w)
    stop = []
    lat = []

    def reader():
        while True:
            data = os.read(r, 8)  # releases the GIL while blocked
            t = _pc()  # the first Python it runs after the read
            if len(data) < 8:
                return
            lat.append(t - int.from_bytes(data, "little"))

    def spinner():
        while not stop:
            _spin(chunk)

    sys.setswitchinterval(SWITCH_INTERVAL)
    tr = threading.Thread(target=reader)
    tc = threading.Thread(target=spinner)
    tr.start()
    tc.start()
    tr.join()
    stop.append(True)
    tc.join()
    writer.join()
    os.close(r)
    return lat[1:]  # the first may meet the threads' start


# ------------------------------------------------------------------------------ the run

class Profiler:
    def __init__(self, quick):
        self.quick = quick
        # The model simulates at most 256 cores (gil_sim::MAX_CORES): a bigger machine is
        # measured, and described, as its first 256.
        self.cpus = min(os.cpu_count() or 1, 256)
        self.max_threads = max(4, self.cpus)
        methods = multiprocessing.get_all_start_methods()
        self.ctx = {m: multiprocessing.get_context(m) for m in ("fork", "forkserver", "spawn") if m in methods}
        self.cpu_ctx = self.ctx.get("fork") or self.ctx["spawn"]
        self.s = {}  # sample lists by name
        self.rate = _spin_rate()
        self.chunk = max(1, int(self.rate * 50e-6))  # ~50 us of loop
        self.work = int(self.rate * 0.08)  # CPU-bound cases: ~80 ms of work in all
        self.main_dir = None  # the temporary main modules (HEAVY_MAIN, LESSON_MAIN)
        self.fs_restart = True
        self.rounds = 0

    def add(self, name, xs):
        self.s.setdefault(name, []).extend(xs if isinstance(xs, list) else [xs])

    # -- the cases, each a small slice run once per round

    def python_kernels(self):
        # A kernel compiled afresh each time: CPython 3.11 specialises a function's code after
        # it was called 8 times, and a program's thread runs its target's loop once,
        # unspecialised (the helpers it calls in the loop do get specialised, here as there).
        for name, (n, source) in PY_KERNELS.items():
            scope = {}
            exec(compile(source, "<kernel %s>" % name, "exec"), scope)
            kernel = scope["kernel"]
            t0 = _pc()
            kernel(n)
            self.add("kernel_" + name, (_pc() - t0) / n)

    def sleeps(self):
        for _ in range(20):
            t0 = _pc()
            time.sleep(0.001)
            self.add("sleep_over", _pc() - t0 - 1_000_000)

    def thread_starts(self):
        for _ in range(30):
            t = threading.Thread(target=noop)
            t0 = _pc()
            t.start()
            t1 = _pc()
            t.join()
            t2 = _pc()
            self.add("thread_start", t1 - t0)
            self.add("thread_start_join", t2 - t0)

    def starts(self, method, k):
        if method not in self.ctx:
            return
        for _ in range(k):
            s, sj, j = _process_start(self.ctx[method])
            self.add(method + "_start", s)
            self.add(method + "_start_join", sj)
            self.add(method + "_join_done", j)

    def fork_starts(self):
        self.starts("fork", 4)

    def forkserver_starts(self):
        self.starts("forkserver", 3)

    def spawn_starts(self):
        self.starts("spawn", 1)

    def forkserver_first(self):
        # The first start of a fresh program's forkserver: it starts the resource tracker and the
        # server (which imports this module), then forks the child. Repeated by stopping both.
        if "forkserver" not in self.ctx or not self.fs_restart and self.rounds > 0:
            return
        self.fs_restart = _stop_forkserver()
        s, sj, _ = _process_start(self.ctx["forkserver"])
        self.add("forkserver_first_start", s)
        self.add("forkserver_first_start_join", sj)

    def main_module(self, name, text):
        """The path of a temporary main module `name`.py holding `text`."""
        if self.main_dir is None:
            import tempfile
            self.main_dir = tempfile.mkdtemp(prefix="gil-lab-profile-")
        path = os.path.join(self.main_dir, name + ".py")
        if not os.path.exists(path):
            with open(path, "w") as f:
                f.write(text)
        return path

    def heavy_spawn(self):
        if "spawn" not in self.ctx:
            return
        _, sj, _ = _spawn_with_main(self.ctx["spawn"], self.main_module("heavy_main", HEAVY_MAIN))
        self.add("spawn_heavy_start_join", sj)

    def lesson_spawn(self):
        if "spawn" not in self.ctx:
            return
        _, sj, _ = _spawn_with_main(self.ctx["spawn"], self.main_module("lesson_main", LESSON_MAIN))
        self.add("spawn_lesson_start_join", sj)

    def spawn_first(self):
        # The first spawn start of a fresh program also launches the resource tracker (another
        # interpreter, starting up beside the child). Stopping it (with the forkserver) makes
        # the next start a first one; one untimed forkserver start then brings the server back,
        # so the forkserver cases keep measuring later starts.
        if "spawn" not in self.ctx or not self.fs_restart:
            return
        self.fs_restart = _stop_forkserver()
        if not self.fs_restart:
            return
        _, sj, _ = _process_start(self.ctx["spawn"])
        self.add("spawn_first_start_join", sj)
        if "forkserver" in self.ctx:
            _process_start(self.ctx["forkserver"])

    def process_speedup(self):
        t = _abba(lambda n: _processes(self.cpu_ctx, n, self.work), self.cpus)
        self.add("proc_t1", t[1])
        for n in range(2, self.cpus + 1):
            self.add("speedup_%d" % n, t[1] / t[n])

    def thread_slowdown(self):
        # Up to 4 threads at least: more threads than cores move between cores at GIL hand-offs.
        t = _abba(lambda n: _threads(n, self.work), self.max_threads)
        for n in range(2, self.max_threads + 1):
            self.add("slowdown_%d" % n, t[n] / t[1])

    def gil_hold(self):
        self.add("gil_hold_5", _gil_runs(0.005, 0.15, self.chunk))
        self.add("gil_hold_1", _gil_runs(0.001, 0.05, self.chunk))

    def release_latency(self):
        self.add("release", _release_latency(self.cpu_ctx, 8, self.chunk))

    # -- the rounds

    def warm_up(self):
        _work(self.work)
        for m in ("fork", "spawn"):
            if m in self.ctx:
                _process_start(self.ctx[m])
        if "spawn" in self.ctx:
            self.heavy_spawn()
            self.lesson_spawn()
            self.s.pop("spawn_heavy_start_join", None)
            self.s.pop("spawn_lesson_start_join", None)

    def run(self, budget, min_rounds):
        sys.setswitchinterval(SWITCH_INTERVAL)
        # forkserver_first goes first in round 0: nothing has started a forkserver yet.
        cases = [self.forkserver_first, self.sleeps, self.process_speedup, self.fork_starts,
                 self.gil_hold, self.thread_starts, self.spawn_starts, self.thread_slowdown,
                 self.forkserver_starts, self.release_latency, self.heavy_spawn, self.lesson_spawn,
                 self.spawn_first, self.python_kernels]
        t0 = time.perf_counter()
        self.warm_up()
        rounds_start = time.perf_counter()
        lengths = []
        while True:
            r0 = time.perf_counter()
            k = self.rounds % len(cases)
            for case in cases[k:] + cases[:k]:  # rotated: no case always follows the same one
                case()
            self.rounds += 1
            lengths.append(time.perf_counter() - r0)
            used = time.perf_counter() - rounds_start
            if self.rounds >= min_rounds and used + _median(lengths[-5:]) > budget:
                break
        if "forkserver" in self.ctx:
            _stop_forkserver()
        if self.main_dir:
            import shutil
            shutil.rmtree(self.main_dir, ignore_errors=True)
        return time.perf_counter() - t0

    # -- the profile

    def start_cost(self, method):
        if method + "_start" not in self.s:
            return None
        parent = _median(self.s[method + "_start"])
        child = _median(self.s[method + "_start_join"]) - parent - _median(self.s[method + "_join_done"])
        return {"parent_ns": int(round(parent)), "child_ns": int(round(max(0.0, child)))}

    def profile(self, seconds):
        import datetime
        import platform
        import socket
        s = self.s
        ms = 1e-6
        start = _median(s["thread_start"])
        fs_first = None
        if "forkserver_first_start" in s and "forkserver_start" in s:
            fs_first = int(round(max(0.0, _median(s["forkserver_first_start"]) - _median(s["forkserver_start"]))))
        measured = {
            "process_speedup": dict(
                [("1", _summary([_median(s["proc_t1"]) / t for t in s["proc_t1"]]))]
                + [(str(n), _summary(s["speedup_%d" % n])) for n in range(2, self.cpus + 1)]),
            "thread_slowdown": {str(n): _summary(s["slowdown_%d" % n]) for n in range(2, self.max_threads + 1)},
            "thread_start_join_ms": _summary(s["thread_start_join"], ms),
            "process_start_join_ms": {
                "fork": _summary(s.get("fork_start_join", []), ms),
                "forkserver_first": _summary(s.get("forkserver_first_start_join", []), ms),
                "forkserver": _summary(s.get("forkserver_start_join", []), ms),
                "spawn": _summary(s.get("spawn_start_join", []), ms),
                "spawn_heavy_import": _summary(s.get("spawn_heavy_start_join", []), ms),
                "spawn_lesson_main": _summary(s.get("spawn_lesson_start_join", []), ms),
                "spawn_first": _summary(s.get("spawn_first_start_join", []), ms),
            },
            "sleep_overshoot_ms": _summary(s["sleep_over"], ms),
            "gil_hold_ms": {"5": _summary(s["gil_hold_5"], ms), "1": _summary(s["gil_hold_1"], ms)},
            "release_latency_ms": _summary(s["release"], ms),
            "python_kernels": [
                dict(name=name, source=source, n=n, ns_per_iter=_summary(s["kernel_" + name]))
                for name, (n, source) in PY_KERNELS.items()
            ],
        }
        def extra(case, base):
            """How much longer a spawn start+join of `case` took than a plain one, ns."""
            if case not in s or base not in s:
                return 0
            return int(round(max(0.0, _median(s[case]) - _median(s[base]))))

        # Each of k cores running at once does its work at speedup(k) / k of one alone; k cores
        # together are never slower than one (a smaller speedup is other work on the machine),
        # so at least ceil(1000 / k), as GIL Lab reads a profile.
        efficiency = [1000]
        for n in range(2, self.cpus + 1):
            least = -(-1000 // n)
            e = int(round(1000 * _median(s["speedup_%d" % n]) / n))
            if e < least:
                print("machine_profile: %d processes ran %.2fx as fast as one: the machine was "
                      "busy; their efficiency is taken as %d per mille" % (n, _median(s["speedup_%d" % n]), least),
                      file=sys.stderr)
            efficiency.append(min(1000, max(least, e)))
        model = {
            "parallel_efficiency_permille": efficiency,
            "timer_slack_ns": int(round(max(0.0, _median(s["sleep_over"])))),
            "thread_create_ns": int(start // 2),
            "thread_bootstrap_ns": int(round(start - start // 2)),
            "start_costs": {
                "fork": self.start_cost("fork"),
                "forkserver_first_ns": fs_first,
                "forkserver": self.start_cost("forkserver"),
                "spawn": self.start_cost("spawn"),
                "main_import_ns": extra("spawn_lesson_start_join", "spawn_start_join"),
                "resource_tracker_ns": extra("spawn_first_start_join", "spawn_start_join"),
            },
        }
        return {
            "version": 1,
            "host": socket.gethostname(),
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "python": platform.python_version(),
            "implementation": sys.implementation.name,
            "platform": sys.platform,
            "cpus": self.cpus,
            "model": model,
            "measured": measured,
            "run": {"quick": self.quick, "rounds": self.rounds, "seconds": round(seconds, 1)},
        }


def main(argv=None):
    import argparse
    import json
    ap = argparse.ArgumentParser(description="Measure this machine for GIL Lab's model.")
    ap.add_argument("--out", help="write the profile JSON here (default: stdout)")
    ap.add_argument("--quick", action="store_true", help="a shorter run (~14 s instead of ~50 s)")
    ap.add_argument("--budget", type=float, help="seconds of measuring rounds (default 12, or 47 without --quick)")
    args = ap.parse_args(argv)
    budget = args.budget if args.budget is not None else (12.0 if args.quick else 47.0)
    prof = Profiler(args.quick)
    seconds = prof.run(budget, 3 if args.quick else 5)
    text = json.dumps(prof.profile(seconds), indent=2) + "\n"
    if args.out:
        d = os.path.dirname(os.path.abspath(args.out))
        os.makedirs(d, exist_ok=True)
        with open(args.out, "w") as f:
            f.write(text)
        print("machine_profile: %d rounds in %.1f s -> %s" % (prof.rounds, seconds, args.out), file=sys.stderr)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
