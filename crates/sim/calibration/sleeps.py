"""P5 calibration: n threads each sleeping 3 x 50 ms (plus a little Python) take about as long
as one; also the overshoot of time.sleep. ~3 s."""
import threading
import time


def task():
    for _ in range(3):
        sum(range(2000))
        time.sleep(0.05)


def run(n):
    ts = [threading.Thread(target=task) for _ in range(n)]
    t0 = time.perf_counter()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return time.perf_counter() - t0


if __name__ == "__main__":
    for n in (1, 8, 32):
        print(f"{n:3d} threads: {run(n) * 1000:.1f} ms")
    over = []
    for _ in range(50):
        t0 = time.perf_counter()
        time.sleep(0.001)
        over.append(time.perf_counter() - t0 - 0.001)
    over.sort()
    print(f"time.sleep(1 ms) overshoot: median {over[25] * 1e6:.0f} us, p95 {over[47] * 1e6:.0f} us")
