# Teaches: SimpleQueue for plain FIFO hand-off, get(timeout=...) raising queue.Empty, and a bounded Queue whose put_nowait raises queue.Full
# Output: exact
# Speed: none
import queue
import threading
import time

# SimpleQueue: no maxsize, no task_done, just put and get
mailbox = queue.SimpleQueue()

def sender():
    for msg in ("hello", "how are you?", "bye"):
        time.sleep(0.01)
        mailbox.put(msg)

threading.Thread(target=sender).start()
while True:
    try:
        msg = mailbox.get(timeout=0.5)
    except queue.Empty:
        print("no mail for 0.5 s, stopping")
        break
    print("got:", msg)

# a bounded queue: only two slots
small = queue.Queue(maxsize=2)
for item in ["a", "b", "c"]:
    try:
        small.put_nowait(item)
        print("put", item)
    except queue.Full:
        print("queue full, could not put", item)

print("qsize:", small.qsize(), "full:", small.full())
print("get_nowait:", small.get_nowait(), small.get_nowait())
try:
    small.get(timeout=0.1)
except queue.Empty:
    print("queue.Empty after waiting 0.1 s")
