# Teaches: the time module has several clocks: time() is wall-clock, perf_counter()/monotonic() measure intervals, process_time() and thread_time() count only CPU time, so sleeping does not move them; strftime formats a struct_time.
# Output: exact
# Speed: none
# Clock lines: 4, 5, 6, 7, 8
import threading
import time

print(time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(0)))
print(time.strftime("%A %d %B %Y", time.gmtime(1_000_000_000)))
print("time() is after 2020:", time.time() > time.mktime((2020, 1, 1, 0, 0, 0, 0, 0, -1)))

wall0, mono0, cpu0 = time.perf_counter(), time.monotonic(), time.process_time()
time.sleep(0.3)
wall1, mono1, cpu1 = time.perf_counter(), time.monotonic(), time.process_time()
print("perf_counter saw the sleep:", wall1 - wall0 >= 0.29)
print("monotonic saw the sleep:   ", mono1 - mono0 >= 0.29)
print("process_time barely moved: ", cpu1 - cpu0 < 0.1)

cpu_used = {}


def burn():
    t0 = time.thread_time()
    x = 0
    for i in range(400_000):
        x += i % 3
    cpu_used["burner"] = time.thread_time() - t0


def nap():
    t0 = time.thread_time()
    time.sleep(0.2)
    cpu_used["napper"] = time.thread_time() - t0


workers = [threading.Thread(target=burn), threading.Thread(target=nap)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print("burner used more CPU than the napper:", cpu_used["burner"] > cpu_used["napper"])
print("napper used almost none:", cpu_used["napper"] < 0.05)
