"""Name: convoy
Question: A server thread answers 10 requests (recv, 10 us of Python, send; each I/O
    takes 10 us) while one CPU-bound thread counts. Alone it would need under 1 ms. How
    long now?
Lesson: Convoy effect: after every I/O the server thread waits a whole switch interval
    to get the GIL back from the CPU-bound thread.
"""

import threading
import time

from gil_lab import cpu, io, model

model(seed=1, main_process="server")


def cruncher():
    cpu(10)


def main():
    t_cruncher = threading.Thread(target=cruncher, name="cruncher", daemon=True)
    t_cruncher.start()
    time.sleep(0.002)
    for _ in range(10):
        io(10e-6, jitter=2e-6)
        cpu(10e-6)
        io(10e-6, jitter=2e-6)


if __name__ == "__main__":
    main()
