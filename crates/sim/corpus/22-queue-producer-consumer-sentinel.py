# Teaches: producer/consumer with queue.Queue, where the producer puts one None sentinel per consumer to tell them to stop
# Output: exact
# Speed: none
import queue
import threading

NUM_CONSUMERS = 3
SENTINEL = None


def producer(q, n):
    for i in range(1, n + 1):
        q.put(i)
    for _ in range(NUM_CONSUMERS):
        q.put(SENTINEL)


def consumer(q, results, lock):
    handled = 0
    while True:
        item = q.get()
        if item is SENTINEL:
            break
        value = item * item
        with lock:
            results.append(value)
        handled += 1
    with lock:
        results.append(("handled", handled))


def main():
    q = queue.Queue()
    results = []
    lock = threading.Lock()
    consumers = [threading.Thread(target=consumer, args=(q, results, lock)) for _ in range(NUM_CONSUMERS)]
    for c in consumers:
        c.start()
    prod = threading.Thread(target=producer, args=(q, 20))
    prod.start()
    prod.join()
    for c in consumers:
        c.join()

    squares = sorted(r for r in results if isinstance(r, int))
    counts = [r[1] for r in results if isinstance(r, tuple)]
    print("squares:", squares)
    print("total handled:", sum(counts))
    print("queue empty at the end:", q.empty())


if __name__ == "__main__":
    main()
