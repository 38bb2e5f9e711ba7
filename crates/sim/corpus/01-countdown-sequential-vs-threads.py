# Teaches: a CPU-bound countdown run in two threads takes about as long as running it twice in a row, because only one thread can hold the GIL at a time
# Output: lines
# Speed: cpu-bound
import time
from threading import Thread

COUNT = 10_000_000


def countdown(n):
    while n > 0:
        n -= 1


if __name__ == "__main__":
    # first: one after the other
    start = time.perf_counter()
    countdown(COUNT)
    countdown(COUNT)
    sequential = time.perf_counter() - start
    print(f"sequential:  {sequential:.3f} seconds")

    # second: the same work in two threads
    t1 = Thread(target=countdown, args=(COUNT,))
    t2 = Thread(target=countdown, args=(COUNT,))
    start = time.perf_counter()
    t1.start()
    t2.start()
    t1.join()
    t2.join()
    threaded = time.perf_counter() - start
    print(f"two threads: {threaded:.3f} seconds")

    print(f"speed-up: {sequential / threaded:.2f}x")
