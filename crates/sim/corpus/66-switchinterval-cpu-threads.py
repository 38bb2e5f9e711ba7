# Teaches: sys.setswitchinterval sets how long a thread may hold the GIL before it is asked to hand it over; lowering it makes two CPU-bound threads swap far more often (and costs a little time), raising it makes them swap rarely.
# Output: lines
# Speed: cpu-bound
import sys
import threading
import time

N = 2_000_000
trail = []


def spin(name):
    for i in range(N):
        if i % 5000 == 0:
            trail.append(name)   # leave a mark so we can see who was running


def race(interval):
    sys.setswitchinterval(interval)
    trail.clear()
    threads = [threading.Thread(target=spin, args=(n,)) for n in ("A", "B")]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    handovers = sum(1 for x, y in zip(trail, trail[1:]) if x != y)
    print(f"interval {sys.getswitchinterval():.4f} s: {elapsed:.2f} s, "
          f"marks {len(trail)}, handovers seen {handovers}")


default = sys.getswitchinterval()
print("default switch interval:", default)
for interval in (default, 0.0001, 0.1):
    race(interval)
sys.setswitchinterval(default)
