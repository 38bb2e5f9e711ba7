# Teaches: a Semaphore(3) lets at most three threads into a section at once, like a pool of three connections shared by nine workers
# Output: exact
# Speed: io-bound
# Clock lines: 3
import threading
import time

pool = threading.Semaphore(3)
stats_lock = threading.Lock()
in_use = 0
most_in_use = 0


def query(n):
    global in_use, most_in_use
    with pool:
        with stats_lock:
            in_use += 1
            most_in_use = max(most_in_use, in_use)
        time.sleep(0.1)          # the "database" is slow
        with stats_lock:
            in_use -= 1
    return n * n


if __name__ == "__main__":
    workers = [threading.Thread(target=query, args=(i,)) for i in range(9)]
    start = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - start
    print("queries run:", len(workers))
    print("most connections in use at once:", most_in_use)
    print("took at least three rounds of 0.1 s:", elapsed >= 0.29)
