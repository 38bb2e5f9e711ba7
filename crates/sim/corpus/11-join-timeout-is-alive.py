# Teaches: join(timeout) returns even when the thread has not finished, so you check is_alive() afterwards; a plain join() waits until the end
# Output: exact
# Speed: none
import threading
import time


def slow_task(seconds):
    print("slow task: working for", seconds, "seconds")
    time.sleep(seconds)
    print("slow task: done")


worker = threading.Thread(target=slow_task, args=(0.5,))
print("alive before start?", worker.is_alive())
worker.start()

waited = 0
while True:
    worker.join(timeout=0.4)
    if not worker.is_alive():
        break
    waited += 1
    if waited == 1:
        print("still running after the first timeout")
    if waited > 10:
        print("giving up")   # does not happen here
        break

print("alive after join?", worker.is_alive())
print("timeouts before it finished:", waited)
