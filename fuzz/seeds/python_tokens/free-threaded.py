"""Name: free-threaded
Question: The four 100 ms CPU threads again, on the free-threaded 3.13t build (no GIL)
    with 4 cores. Speedup, and what does each thread pay?
Lesson: The free-threaded 3.13t build has no GIL: threads run in parallel, but each runs
    about 40 % slower than on the normal build.
"""

import threading

from gil_lab import cpu, model, workload

model(gil="free_threaded", cores=4, seed=1)
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
