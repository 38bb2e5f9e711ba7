"""Name: cpu-threads
Question: Four threads each run 100 ms of pure-Python CPU work on a 4-core machine. How
    long does the program take, and how busy are the cores?
Lesson: CPU-bound threads take turns on one GIL: four threads on four cores are no
    faster than one.
"""

import threading

from gil_lab import cpu, model, workload

model(cores=4, seed=1)
workload(mode="threads", tasks=4, cpu=0.1)


def work():
    for _ in range(1):
        cpu(0.1)


def main():
    t_thread_1 = threading.Thread(target=work, name="Thread-1")
    t_thread_2 = threading.Thread(target=work, name="Thread-2")
    t_thread_3 = threading.Thread(target=work, name="Thread-3")
    t_thread_4 = threading.Thread(target=work, name="Thread-4")
    t_thread_1.start()
    t_thread_2.start()
    t_thread_3.start()
    t_thread_4.start()
    t_thread_1.join()
    t_thread_2.join()
    t_thread_3.join()
    t_thread_4.join()


if __name__ == "__main__":
    main()
