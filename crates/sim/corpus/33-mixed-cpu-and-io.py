# Teaches: in a mix of CPU work and waiting, the sleeping threads overlap with the computing one, so the total is about the longest single job rather than the sum of all of them
# Output: lines
# Speed: mixed
import threading
import time


def crunch(n):
    total = 0
    for i in range(n):
        total += i % 7
    return total


def wait_for_disk(seconds):
    time.sleep(seconds)


def run_all(threaded):
    start = time.perf_counter()
    if threaded:
        ts = [threading.Thread(target=crunch, args=(5_000_000,))]
        ts += [threading.Thread(target=wait_for_disk, args=(0.15,)) for _ in range(3)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
    else:
        crunch(5_000_000)
        for _ in range(3):
            wait_for_disk(0.15)
    return time.perf_counter() - start


one_by_one = run_all(threaded=False)
together = run_all(threaded=True)
print("one after another: {:.2f} s".format(one_by_one))
print("in threads:        {:.2f} s".format(together))
print("saved:             {:.2f} s".format(one_by_one - together))
