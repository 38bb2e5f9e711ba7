# Teaches: a CPU-bound pure-Python job gets no faster in a ThreadPoolExecutor (the GIL lets one thread run at a time) but does in a ProcessPoolExecutor (one interpreter per core).
# Output: lines
# Speed: cpu-bound
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def busy_sum(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


JOBS = [1_500_000] * 4


def timed(label, run):
    start = time.perf_counter()
    results = run()
    elapsed = time.perf_counter() - start
    print(f"{label:<10} {elapsed:.2f} s  results={sum(results)}")
    return elapsed


if __name__ == "__main__":
    serial = timed("serial", lambda: [busy_sum(n) for n in JOBS])

    def with_threads():
        with ThreadPoolExecutor(max_workers=4) as ex:
            return list(ex.map(busy_sum, JOBS))

    def with_processes():
        with ProcessPoolExecutor(max_workers=2) as ex:
            return list(ex.map(busy_sum, JOBS))

    threads = timed("threads", with_threads)
    processes = timed("processes", with_processes)
    print(f"threads speed-up:   {serial / threads:.1f}x")
    print(f"processes speed-up: {serial / processes:.1f}x")
