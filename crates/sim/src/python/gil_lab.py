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

Durations are calibrated once per process (the first cpu() call measures this machine's speed),
so `cpu(0.05)` is about 50 ms of Python bytecode here, as the model's `cpu` step is.
"""

import asyncio
import hashlib
import os
import select
import socket
import threading
import time

__all__ = ["Lock", "Thread", "async_io", "c_release", "cpu", "io", "model", "workload"]

_loops_per_second = None
_calibration_lock = threading.Lock()


def _spin(n):
    x = 0
    for i in range(n):
        x += i
    return x


def _calibrate():
    """Loop iterations per second of `_spin` on this machine (measured once, ~20 ms)."""
    global _loops_per_second
    with _calibration_lock:
        if _loops_per_second is None:
            n = 20_000
            while True:
                t0 = time.perf_counter()
                _spin(n)
                dt = time.perf_counter() - t0
                if dt > 0.02:
                    break
                n *= 2
            _loops_per_second = n / dt
    return _loops_per_second


def cpu(seconds):
    """Pure-Python CPU work for about `seconds` of this thread's CPU time (holds the GIL)."""
    rate = _loops_per_second or _calibrate()
    left = int(seconds * rate)
    chunk = max(1, int(rate * 0.0001))  # ~100 us per chunk
    while left > 0:
        _spin(min(chunk, left))
        left -= chunk


_BUFFER = bytes(1 << 20)
_hash_rate = None


def c_release(seconds):
    """C work that releases the GIL for about `seconds` (hashlib on a 1 MiB buffer)."""
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
    if jitter:
        seconds += jitter * (int.from_bytes(os.urandom(2), "little") / 65535)
    a, b = socket.socketpair()
    try:
        select.select([a], [], [], seconds)
    finally:
        a.close()
        b.close()


async def async_io(seconds, jitter=0):
    """Non-blocking I/O for `seconds` (plus up to `jitter`), awaited: the event loop runs others."""
    if jitter:
        seconds += jitter * (int.from_bytes(os.urandom(2), "little") / 65535)
    await asyncio.sleep(seconds)


class Thread(threading.Thread):
    """threading.Thread that also takes the model's `interpreter=` (ignored by CPython <= 3.13)."""

    def __init__(self, *args, interpreter=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.interpreter = interpreter


def Lock(name):
    """A threading.Lock; `name` is the lock's name in the model."""
    return threading.Lock()


def model(**settings):
    """The simulated machine and runtime (cores, seed, costs): read by GIL Lab, ignored here."""
    return settings


def workload(**settings):
    """The parameters a lesson's program was generated from: read by GIL Lab, ignored here."""
    return settings
