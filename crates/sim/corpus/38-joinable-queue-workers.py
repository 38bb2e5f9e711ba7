# Teaches: JoinableQueue lets the parent wait until every task was marked task_done() by daemon worker processes, which print from their own process one whole line per write.
# Output: sorted
# Speed: none
import multiprocessing as mp
import sys


def worker(tasks, results):
    while True:
        n = tasks.get()
        answer = sum(range(n + 1))
        # one write per line, so lines from different processes cannot mix
        sys.stdout.write(f"triangle({n}) = {answer}\n")
        sys.stdout.flush()
        results.put((n, answer))
        tasks.task_done()


def main():
    tasks = mp.JoinableQueue()
    results = mp.Queue()

    for _ in range(3):
        w = mp.Process(target=worker, args=(tasks, results), daemon=True)
        w.start()

    jobs = [5, 10, 15, 20, 25, 30, 35, 40]
    for n in jobs:
        tasks.put(n)

    tasks.join()  # returns once every job has had task_done() called
    print("all tasks done", flush=True)

    collected = sorted(results.get() for _ in jobs)
    print("results:", collected)
    print("biggest:", max(a for _, a in collected))


if __name__ == "__main__":
    main()
