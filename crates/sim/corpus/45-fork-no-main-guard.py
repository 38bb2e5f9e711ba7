# Teaches: this script forgets `if __name__ == "__main__":` and still works only because Linux (Python 3.11) forks children; with spawn (Windows, macOS) each child would re-run the whole file and fail.
# Output: exact
# Speed: none
from multiprocessing import Process, Queue


def cube(n, q):
    q.put((n, n ** 3))


q = Queue()
procs = []
for n in range(1, 6):
    p = Process(target=cube, args=(n, q))
    p.start()
    procs.append(p)

results = []
for p in procs:
    results.append(q.get())

for p in procs:
    p.join()

results.sort()
for n, c in results:
    print(n, "cubed is", c)
print("total:", sum(c for n, c in results))
