# Teaches: reading a worker count and some numbers with input(), then sharing the numbers out between that many threads with a lock-protected results list
# Output: exact
# Speed: none
import threading

n_workers = int(input("How many workers? "))
numbers = [float(x) for x in input("Numbers separated by spaces: ").split()]
label = input("Label for the report: ").strip()
print()

results = []
lock = threading.Lock()


def square_some(worker_id, values):
    for v in values:
        with lock:
            results.append((worker_id, v, v * v))


threads = []
for w in range(n_workers):
    share = numbers[w::n_workers]
    threads.append(threading.Thread(target=square_some, args=(w, share)))
for t in threads:
    t.start()
for t in threads:
    t.join()

print("== %s ==" % label)
for worker_id, v, sq in sorted(results, key=lambda r: r[1]):
    print("worker %d: %6.2f squared is %8.3f" % (worker_id, v, sq))
print("sum of squares: %.3f" % sum(r[2] for r in results))
