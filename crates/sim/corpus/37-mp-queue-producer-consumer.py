# Teaches: a multiprocessing.Queue carries pickled items from a producer process to a consumer process; None is the usual "no more work" sentinel.
# Output: exact
# Speed: none
from multiprocessing import Process, Queue


def producer(q, count):
    for i in range(1, count + 1):
        q.put({"order": i, "pizzas": i % 3 + 1})
    q.put(None)  # tell the consumer we are done


def consumer(q):
    total = 0
    while True:
        item = q.get()
        if item is None:
            break
        total += item["pizzas"]
        print("baking order", item["order"], "->", item["pizzas"], "pizza(s)", flush=True)
    print("consumer: baked", total, "pizzas in all", flush=True)


if __name__ == "__main__":
    q = Queue()
    p = Process(target=producer, args=(q, 6))
    c = Process(target=consumer, args=(q,))
    print("starting producer and consumer")
    p.start()
    c.start()
    p.join()
    c.join()
    print("both finished, exit codes", p.exitcode, c.exitcode)
