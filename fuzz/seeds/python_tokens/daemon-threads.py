"""Name: daemon-threads
Question: The main thread starts a daemon thread (a 10 s background loop) and a normal
    thread (1 s of work), then returns. When does the program end, and what happens to
    each thread?
Lesson: At exit Python joins the non-daemon threads but kills the daemon threads
    wherever they are.
"""

import threading
import time

from gil_lab import cpu, io, model

model(seed=1)


def heartbeat():
    for _ in range(100):
        cpu(200e-6)
        time.sleep(0.1)


def worker():
    for _ in range(4):
        io(0.24)
        cpu(0.002)


def main():
    t_heartbeat = threading.Thread(target=heartbeat, name="heartbeat", daemon=True)
    t_worker = threading.Thread(target=worker, name="worker")
    t_heartbeat.start()
    t_worker.start()
    cpu(0.001)


if __name__ == "__main__":
    main()
