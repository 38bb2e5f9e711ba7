# Teaches: a Condition guarding a small buffer: the producer waits while it is full, the consumer waits while it is empty, and each notifies the other
# Output: exact
# Speed: none
import threading

CAPACITY = 3
buffer = []
cond = threading.Condition()
DONE = "done"


def producer():
    for item in list(range(1, 11)) + [DONE]:
        with cond:
            while len(buffer) >= CAPACITY:
                cond.wait()
            buffer.append(item)
            cond.notify_all()


def consumer(results):
    while True:
        with cond:
            cond.wait_for(lambda: len(buffer) > 0)
            item = buffer.pop(0)
            cond.notify_all()
        if item == DONE:
            break
        print("consumed", item, "->", item * 10)
        results.append(item * 10)


if __name__ == "__main__":
    results = []
    c = threading.Thread(target=consumer, args=(results,))
    p = threading.Thread(target=producer)
    c.start()
    p.start()
    p.join()
    c.join()
    print("sum of results:", sum(results))
    print("buffer left empty:", buffer == [])
