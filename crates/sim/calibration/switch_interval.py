"""P4 calibration: 2 CPU-bound threads against 1 with switch interval 5 ms and 1 us; also the
process CPU time, to see the switching overhead. ~15 s."""
import sys
import threading
import time

N = 25_000_000


def countdown(n):
    while n > 0:
        n -= 1


def run(k, interval):
    sys.setswitchinterval(interval)
    ts = [threading.Thread(target=countdown, args=(N // k,)) for _ in range(k)]
    t0, c0 = time.perf_counter(), time.process_time()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return time.perf_counter() - t0, time.process_time() - c0


if __name__ == "__main__":
    countdown(N)  # warm up
    best = {}
    for _ in range(2):  # interleaved: drift of the shared machine hits every case alike
        for interval in (0.005, 0.000001):
            for k in (1, 2):
                r = run(k, interval)
                best[(interval, k)] = min(best.get((interval, k), r), r)
    for interval in (0.005, 0.000001):
        (w1, c1), (w2, c2) = best[(interval, 1)], best[(interval, 2)]
        print(f"interval {interval * 1e6:8.0f} us: 1 thread {w1:.3f} s (cpu {c1:.3f}), "
              f"2 threads {w2:.3f} s (cpu {c2:.3f}), ratio {w2 / w1:.2f}")
