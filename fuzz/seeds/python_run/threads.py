import threading
import time
import queue

lock = threading.Lock()
done = threading.Event()
q = queue.Queue(maxsize=2)
totals = {}


def producer(n):
    for i in range(n):
        q.put(i)
    q.put(None)


def consumer(name):
    while True:
        item = q.get()
        if item is None:
            break
        with lock:
            totals[name] = totals.get(name, 0) + item
        time.sleep(0.001)
    done.set()


threads = [threading.Thread(target=producer, args=(10,)), threading.Thread(target=consumer, args=("c",))]
for t in threads:
    t.start()
done.wait(timeout=1)
for t in threads:
    t.join()
print(totals, threading.active_count())
