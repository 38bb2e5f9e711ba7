# Teaches: worker threads that loop forever on a Queue, calling task_done() for each item, while the main thread waits for all the work with q.join()
# Output: exact
# Speed: io-bound
import queue
import threading
import time

jobs = queue.Queue()
word_lengths = {}
results_lock = threading.Lock()


def worker():
    while True:
        word = jobs.get()
        try:
            time.sleep(0.02)            # pretend each job takes a little time
            with results_lock:
                word_lengths[word] = len(word)
        finally:
            jobs.task_done()


# daemon workers: they never return, so they must not keep the program alive
for i in range(4):
    threading.Thread(target=worker, name=f"worker-{i}", daemon=True).start()

text = "the quick brown fox jumps over the lazy dog while the cat sleeps in the sun"
for w in text.split():
    jobs.put(w)

jobs.join()         # blocks until task_done() was called for every put()
print("unfinished tasks:", jobs.unfinished_tasks)
for word, length in sorted(word_lengths.items(), key=lambda kv: (-kv[1], kv[0])):
    print(f"{word:>6} {length}")
