"""P1/P8 calibration: the same CPU-bound countdown run sequentially, in 1/2/4 threads and in
2 processes (fork). Each figure is the best of REPEAT runs, with the CPU time used (the
machine is a shared 2-vCPU VM, so wall times are noisy). Python 3.11, ~25 s."""
import multiprocessing as mp
import os
import threading
import time

N = 40_000_000
REPEAT = 3


def countdown(n):
    while n > 0:
        n -= 1


def timed(fn):
    t0, c0 = time.perf_counter(), os.times()
    fn()
    t1, c1 = time.perf_counter(), os.times()
    cpu = (c1.user - c0.user) + (c1.system - c0.system) + (c1.children_user - c0.children_user) + (
        c1.children_system - c0.children_system)
    return t1 - t0, cpu


def threads(k):
    def go():
        ts = [threading.Thread(target=countdown, args=(N // k,)) for _ in range(k)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
    return go


def procs(k, method):
    def go():
        ctx = mp.get_context(method)
        ps = [ctx.Process(target=countdown, args=(N // k,)) for _ in range(k)]
        for p in ps:
            p.start()
        for p in ps:
            p.join()
    return go


if __name__ == "__main__":
    countdown(N)  # warm up (CPU frequency, caches)
    runs = {"seq": lambda: countdown(N), 1: threads(1), 2: threads(2), 4: threads(4), "p2": procs(2, "fork")}
    best = {}
    for _ in range(REPEAT):  # interleaved, so drift of the shared machine hits every mode alike
        for name, fn in runs.items():
            r = timed(fn)
            best[name] = min(best.get(name, r), r)
    seq, seq_cpu = best["seq"]
    print(f"sequential        {seq:.3f} s (cpu {seq_cpu:.3f} s)")
    for k in (1, 2, 4):
        t, c = best[k]
        print(f"threads x{k}        {t:.3f} s (cpu {c:.3f} s)  wall ratio {t / seq:.3f}")
    t, c = best["p2"]
    print(f"processes x2 fork {t:.3f} s (cpu {c:.3f} s)  speedup {seq / t:.3f}")
