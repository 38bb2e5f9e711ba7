"""Start-cost calibration: Thread.start() (which returns after the bootstrap handshake) and
start()+join() of an empty thread; Process start()+join() of an empty target for fork,
forkserver and spawn (the first forkserver start includes starting the server). ~15 s."""
import multiprocessing as mp
import statistics
import threading
import time


def noop():
    pass


def thread_costs(n=300):
    starts, total = [], []
    for _ in range(n):
        t = threading.Thread(target=noop)
        t0 = time.perf_counter()
        t.start()
        t1 = time.perf_counter()
        t.join()
        t2 = time.perf_counter()
        starts.append(t1 - t0)
        total.append(t2 - t0)
    return statistics.median(starts), statistics.median(total)


def process_costs(method, n):
    ctx = mp.get_context(method)
    times = []
    for _ in range(n):
        p = ctx.Process(target=noop)
        t0 = time.perf_counter()
        p.start()
        p.join()
        times.append(time.perf_counter() - t0)
    return times


if __name__ == "__main__":
    s, t = thread_costs()
    print(f"thread: start() {s * 1e6:.0f} us, start()+join() {t * 1e6:.0f} us (medians)")
    for method, n in (("fork", 30), ("forkserver", 10), ("spawn", 10)):
        ts = process_costs(method, n)
        print(f"{method:10s}: first {ts[0] * 1e3:.1f} ms, median {statistics.median(ts) * 1e3:.1f} ms, "
              f"min {min(ts) * 1e3:.1f} ms")
