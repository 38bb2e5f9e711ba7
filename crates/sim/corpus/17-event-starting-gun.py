# Teaches: threading.Event as a starting signal: runners block in wait() until the main thread calls set(); wait(timeout) returns False if nobody sets it
# Output: sorted
# Speed: none
import threading

start_gun = threading.Event()
finish_order = []
lock = threading.Lock()

def say(*parts):
    with lock:                  # one thread prints at a time
        print(*parts)

def runner(name, laps):
    say(name, "is ready")
    start_gun.wait()
    total = 0
    for lap in range(laps):
        total += lap
    with lock:
        finish_order.append(name)
    say(name, "finished", laps, "laps")

runners = []
for name, laps in [("ann", 3), ("ben", 5), ("cat", 4)]:
    t = threading.Thread(target=runner, args=(name, laps))
    runners.append(t)
    t.start()

say("gun fired before we set it?", start_gun.wait(timeout=0.1))
say("is_set:", start_gun.is_set())
start_gun.set()
say("is_set now:", start_gun.is_set())

for t in runners:
    t.join()
print("everyone finished:", sorted(finish_order))
