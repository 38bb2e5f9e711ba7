"""Name: switch-interval
Question: Two CPU-bound threads, switch interval 2 ms (sys.setswitchinterval(0.002)).
    How long does each thread hold the GIL before it must hand it over?
Lesson: The switch interval decides the turns: a waiting thread asks for the GIL after
    one interval and the holder drops it at its next eval-breaker check.
"""

import sys
import threading

from gil_lab import cpu, model, workload

sys.setswitchinterval(0.002)
model(seed=1)
workload(mode="threads", tasks=2, cpu=0.02)


def work():
    for _ in range(1):
        cpu(0.02)


def main():
    t_thread_1 = threading.Thread(target=work, name="Thread-1")
    t_thread_2 = threading.Thread(target=work, name="Thread-2")
    t_thread_1.start()
    t_thread_2.start()
    t_thread_1.join()
    t_thread_2.join()


if __name__ == "__main__":
    main()
