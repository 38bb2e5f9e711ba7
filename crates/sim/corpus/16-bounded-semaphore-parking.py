# Teaches: a BoundedSemaphore works like a Semaphore but raises ValueError when released more times than it was acquired, catching a common bug
# Output: sorted
# Speed: none
import threading
import time

spaces = threading.BoundedSemaphore(2)
print_lock = threading.Lock()


def say(text):
    with print_lock:
        print(text)


def car(plate):
    spaces.acquire()
    say(f"{plate} parked")
    time.sleep(0.05)
    say(f"{plate} left")
    spaces.release()


cars = [threading.Thread(target=car, args=(p,)) for p in ["AB-1", "CD-2", "EF-3", "GH-4", "IJ-5"]]
for c in cars:
    c.start()
for c in cars:
    c.join()
print("all cars have left")

try:
    spaces.release()     # one release too many
except ValueError as err:
    print("caught ValueError:", err)
