"""gil_lab: the few helpers a GIL Lab program needs that Python has no one-word spelling for.

Standard library only (Python 3.9+). Put this file beside the program and run it:

    python3 program.py

cpu(s)        pure-Python CPU work for about s seconds: holds the GIL, like any Python loop.
c_release(s)  C work that releases the GIL for about s seconds (hashlib over a buffer, as
              numpy or zlib do): other threads run Python meanwhile.
io(s)         blocking I/O of s seconds (a socket read with a timeout): releases the GIL.
async_io(s)   non-blocking I/O of s seconds, awaited in a coroutine: `await async_io(s)`.
Thread        threading.Thread with `interpreter=` (the model's Python 3.12 subinterpreters;
              real CPython runs the thread in the main interpreter).
Lock(name)    a threading.Lock whose name the model knows.
model(...)    the simulated machine (cores, seed, costs): the model reads it, Python ignores it.
workload(...) the parameters a lesson's program was generated from: ignored by Python too.

Recording a run: `python3 program.py --record run.json` (or GIL_LAB_RECORD=run.json) writes, for
every process and thread, when each step started and ended (time.perf_counter_ns, one clock
for all processes on one machine) and a timestamp every ~100 us of CPU work (every 200, 400,
... us once a thread has noted 32768 of them), so `gil-sim`
can draw the measured run beside the model's prediction (`gil-sim check program.py`). It also
writes the SHA-256 of the program's text, so that a recording is never compared with another
program.

Durations are calibrated once per process (the first cpu() call measures this machine's speed),
so `cpu(0.05)` is about 50 ms of Python bytecode here, as the model's `cpu` step is.
"""

import asyncio
import atexit
import hashlib
import json
import multiprocessing.process
import os
import select
import socket
import sys
import threading
import time

__all__ = ["Lock", "Thread", "async_io", "c_release", "cpu", "io", "model", "workload"]

# A parent's measurement is passed to its spawned children (which would measure again).
_loops_per_second = float(os.environ["GIL_LAB_LOOPS"]) if os.environ.get("GIL_LAB_LOOPS") else None
_calibration_lock = threading.Lock()


def _spin(n):
    x = 0
    for i in range(n):
        x += i
    return x


# Calibration spins in calls of this many iterations, as cpu() does (chunks of ~100 us): one
# long call would add up past 2**30, where CPython's int addition is slower, and measure a
# slower loop than cpu() runs (by about 15 % on CPython 3.11).
_CALIBRATION_CHUNK = 2_000


def _spins(calls):
    """Iterations per second of `calls` calls of `_spin(_CALIBRATION_CHUNK)`, and their time."""
    t0 = time.perf_counter()
    for _ in range(calls):
        _spin(_CALIBRATION_CHUNK)
    dt = max(time.perf_counter() - t0, 1e-9)
    return calls * _CALIBRATION_CHUNK / dt, dt


def _calibrate():
    """Loop iterations per second of `_spin` on this machine (measured once, ~50 ms): after a
    warm-up (CPython 3.11 specialises a loop's bytecode as it runs, so a cold loop is slower),
    the median of five samples of ~8 ms (the machine's speed may move while it measures)."""
    global _loops_per_second
    with _calibration_lock:
        if _loops_per_second is None:
            calls = 8
            while _spins(calls)[1] <= 0.008:
                calls *= 2
            rates = sorted(_spins(calls)[0] for _ in range(5))
            _loops_per_second = rates[2]
            os.environ["GIL_LAB_LOOPS"] = repr(_loops_per_second)
    return _loops_per_second


def cpu(seconds):
    """Pure-Python CPU work for about `seconds` of this thread's CPU time (holds the GIL)."""
    rate = _loops_per_second or _calibrate()
    left = int(seconds * rate)
    chunk = max(1, int(rate * 0.0001))  # ~100 us per chunk
    if _RECORD is None:
        while left > 0:
            _spin(min(chunk, left))
            left -= chunk
        return
    rec, line, t0, c0 = _me(), sys._getframe(1).f_lineno, _now(), time.thread_time_ns()
    chunks = rec["chunks"]
    stride, n = _strides.get(id(rec), 1), 0
    while left > 0:
        _spin(min(chunk, left))
        left -= chunk
        n += 1
        if n % stride == 0:
            chunks.append(_now())
            if len(chunks) >= _MAX_CHUNKS:
                del chunks[::2]
                stride *= 2
                _strides[id(rec)] = stride
    # The CPU time this thread really got for it (the machine's speed varies, the loop count not).
    rec["steps"].append(["cpu", line, t0, _now(), None, time.thread_time_ns() - c0,
                         int(seconds * 1e9)])


# A thread keeps at most this many chunk timestamps: at the cap every second one is dropped,
# and from then on one chunk in two (four, ...) is noted, so a recording of any length stays
# well within what gil-sim reads (64 MiB), its chunks still evenly spaced in CPU time.
_MAX_CHUNKS = int(os.environ.get("GIL_LAB_MAX_CHUNKS", "32768"))
_strides = {}


_BUFFER = bytes(1 << 20)
_hash_rate = None


def c_release(seconds):
    """C work that releases the GIL for about `seconds` (hashlib on a 1 MiB buffer)."""
    if _RECORD is not None:
        return _recorded("c_release", _c_release, seconds)
    _c_release(seconds)


def _c_release(seconds):
    global _hash_rate
    if _hash_rate is None:
        t0 = time.perf_counter()
        hashlib.sha256(_BUFFER).digest()
        _hash_rate = 1 / max(time.perf_counter() - t0, 1e-6)
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        # hashlib releases the GIL for data over 2047 bytes.
        left = end - time.perf_counter()
        n = max(2048, min(len(_BUFFER), int(left * _hash_rate * len(_BUFFER))))
        hashlib.sha256(memoryview(_BUFFER)[:n]).digest()


def io(seconds, jitter=0):
    """Blocking I/O for `seconds` (plus up to `jitter`): a read that times out; releases the GIL."""
    if _RECORD is not None:
        return _recorded("io", _io, seconds, jitter)
    _io(seconds, jitter)


_per_thread = threading.local()


def _io(seconds, jitter=0):
    if jitter:
        seconds += jitter * (int.from_bytes(os.urandom(2), "little") / 65535)
    # One socket pair per thread, made once: each io() is then exactly one blocking call that
    # releases the GIL once, as the model's I/O step (creating and closing sockets would
    # release and re-take it three more times).
    pair = getattr(_per_thread, "pair", None)
    if pair is None:
        pair = _per_thread.pair = socket.socketpair()
    select.select([pair[0]], [], [], seconds)


async def async_io(seconds, jitter=0):
    """Non-blocking I/O for `seconds` (plus up to `jitter`), awaited: the event loop runs others."""
    if jitter:
        seconds += jitter * (int.from_bytes(os.urandom(2), "little") / 65535)
    if _RECORD is None:
        await _asyncio_sleep(seconds)
        return
    line, t0 = sys._getframe(1).f_lineno, _now()
    await _asyncio_sleep(seconds)
    _me()["steps"].append(["await_io", line, t0, _now(), _task_name()])


class Thread(threading.Thread):
    """threading.Thread that also takes the model's `interpreter=` (ignored by CPython <= 3.13)."""

    def __init__(self, *args, interpreter=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.interpreter = interpreter


def Lock(name):
    """A threading.Lock; `name` is the lock's name in the model."""
    return threading.Lock()


def model(**settings):
    """The simulated machine and runtime (cores, seed, costs): read by GIL Lab, ignored here
    (but for the main process's name, which a recording uses)."""
    global _main_process
    _main_process = settings.get("main_process", "main")
    return settings


def workload(**settings):
    """The parameters a lesson's program was generated from: read by GIL Lab, ignored here."""
    return settings


# ---- Recording ---------------------------------------------------------------------------
# One clock (perf_counter_ns: CLOCK_MONOTONIC on Linux, the same in every process). Each
# process keeps its records in memory and writes them to RUN.parts/PID.json when it ends; the
# process that started the recording merges the parts into RUN at exit. The wrappers below
# are installed only when recording, so a plain run pays nothing. Locks are left alone (their
# wait shows as the gap before the first step under the lock): wrapping threading.Lock would
# reach threading's own conditions and events.

_now = time.perf_counter_ns
_asyncio_sleep = asyncio.sleep
_real_sleep = time.sleep
_main_process = "main"
_threads = {}
_process_start = _now()


def _record_path():
    if "--record" in sys.argv:
        i = sys.argv.index("--record")
        path = sys.argv[i + 1] if i + 1 < len(sys.argv) else "run.json"
        del sys.argv[i:i + 2]
        os.environ["GIL_LAB_RECORD"] = os.path.abspath(path)
        os.environ["GIL_LAB_RECORD_MAIN"] = str(os.getpid())
    path = os.environ.get("GIL_LAB_RECORD")
    if path and "GIL_LAB_RECORD_MAIN" not in os.environ:
        # GIL_LAB_RECORD=run.json alone: the first process to import the helper is the main one.
        os.environ["GIL_LAB_RECORD"] = os.path.abspath(path)
        os.environ["GIL_LAB_RECORD_MAIN"] = str(os.getpid())
    return os.path.abspath(path) if path else None


def _program_sha256():
    """SHA-256 (hex) of the main program's text (sys.argv[0]: also under runpy.run_path), as
    GIL Lab hashes the program it shows: without a leading BOM, line ends as \\n, and no white
    space at the end; None when there is no program file (python3 -c, stdin)."""
    try:
        with open(sys.argv[0], "rb") as f:
            data = f.read()
    except (OSError, IndexError, TypeError, ValueError):
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").rstrip(b" \t\n\x0b\x0c")
    return hashlib.sha256(data).hexdigest()


def _me():
    # Keyed by the Thread object itself: an ident can be reused once its thread has ended.
    t = threading.current_thread()
    rec = _threads.get(t)
    if rec is None:
        rec = {"name": t.name, "daemon": t.daemon, "start_ns": _now(), "end_ns": None,
               "steps": [], "chunks": []}
        _threads[t] = rec
    return rec


def _task_name():
    try:
        task = asyncio.current_task()
    except RuntimeError:
        task = None
    return task.get_name() if task is not None else None


def _recorded(kind, fn, *args):
    line, t0 = sys._getframe(2).f_lineno, _now()
    try:
        return fn(*args)
    finally:
        _me()["steps"].append([kind, line, t0, _now()])


def _sleep(seconds):
    line, t0 = sys._getframe(1).f_lineno, _now()
    try:
        _real_sleep(seconds)
    finally:
        _me()["steps"].append(["sleep", line, t0, _now()])


async def _aio_sleep(delay, result=None):
    line, t0 = sys._getframe(1).f_lineno, _now()
    try:
        return await _asyncio_sleep(delay, result)
    finally:
        _me()["steps"].append(["await_sleep", line, t0, _now(), _task_name()])


def _wrap_call(kind, fn):
    def wrapper(self, *args, **kwargs):
        line, t0 = sys._getframe(1).f_lineno, _now()
        try:
            return fn(self, *args, **kwargs)
        finally:
            _me()["steps"].append([kind, line, t0, _now(), self.name])
    return wrapper


def _thread_run(run):
    def wrapper(self):
        rec = _me()
        rec["start_ns"] = _now()
        try:
            run(self)
        finally:
            rec["end_ns"] = _now()
    return wrapper


def _upto(rec, end):
    """A thread's record as it stood at `end` (its process's end): a daemon thread still runs
    while the record is written, and what it does after `end` is not part of the run."""
    ended = rec["end_ns"]
    return dict(rec, end_ns=ended if ended is not None and ended <= end else None,
                steps=[s for s in list(rec["steps"]) if s[3] <= end],
                chunks=[c for c in list(rec["chunks"]) if c <= end])


def _part():
    end = _now()
    return {
        "name": multiprocessing.process.current_process().name
        if os.environ.get("GIL_LAB_RECORD_MAIN") != str(os.getpid()) else _main_process,
        "pid": os.getpid(),
        "start_ns": _process_start,
        "end_ns": end,
        "threads": [_upto(t, end) for t in list(_threads.values()) if t["start_ns"] <= end],
    }


def _write_part():
    parts = _RECORD + ".parts"
    os.makedirs(parts, exist_ok=True)
    with open(os.path.join(parts, f"{os.getpid()}.json"), "w") as f:
        json.dump(_part(), f)


def _process_run(run):
    def wrapper(self):
        try:
            run(self)
        finally:
            # The child's main thread returned (not killed): its end, then the part.
            main = _threads.get(threading.current_thread())
            if main is not None and main["end_ns"] is None:
                main["end_ns"] = _now()
            _write_part()
    return wrapper


def _after_fork():
    global _process_start
    _threads.clear()
    _process_start = _now()
    _me()  # the forking thread is the child's main thread, known from the child's start


def _finish():
    """At the main process's exit: its own part, then every part merged into one file."""
    main = _threads.get(threading.main_thread())
    if main is not None and main["end_ns"] is None:
        main["end_ns"] = _now()
    _write_part()
    parts = _RECORD + ".parts"
    processes = []
    for name in sorted(os.listdir(parts)):
        with open(os.path.join(parts, name)) as f:
            processes.append(json.load(f))
        os.remove(os.path.join(parts, name))
    os.rmdir(parts)
    processes.sort(key=lambda p: (p["pid"] != os.getpid(), p["start_ns"]))
    run = {"version": 1, "clock": "perf_counter_ns", "python": sys.version.split()[0],
           "platform": sys.platform, "cpus": os.cpu_count(), "processes": processes}
    if _PROGRAM_SHA256 is not None:
        run["program_sha256"] = _PROGRAM_SHA256
    with open(_RECORD, "w") as f:
        json.dump(run, f)


_RECORD = _record_path()
_PROGRAM_SHA256 = None
if _RECORD is not None:
    # Measure the machine's loop speed now, before the run's clock starts (not in the run).
    _calibrate()
    _process_start = _now()
    _me()  # the importing thread (a process's main thread) is known from the start
    time.sleep = _sleep
    asyncio.sleep = _aio_sleep
    threading.Thread.run = _thread_run(threading.Thread.run)
    threading.Thread.start = _wrap_call("start_thread", threading.Thread.start)
    threading.Thread.join = _wrap_call("join_thread", threading.Thread.join)
    _bp = multiprocessing.process.BaseProcess
    _bp.run = _process_run(_bp.run)
    _bp.start = _wrap_call("start_process", _bp.start)
    _bp.join = _wrap_call("join_process", _bp.join)
    os.register_at_fork(after_in_child=_after_fork)
    if os.environ.get("GIL_LAB_RECORD_MAIN") == str(os.getpid()):
        _PROGRAM_SHA256 = _program_sha256()
        atexit.register(_finish)
