"""Name: old-gil-multicore
Question: Python 2's old GIL: two CPU-bound threads of 100 ms each on 2 cores. Faster or
    slower than running them one after the other?
Lesson: The old GIL (up to 3.1) on several cores: the holder re-takes the GIL at once,
    waiters wake for nothing, and threads end up slower than sequential code.
"""

import threading

from gil_lab import cpu, model, workload

model(gil="old", seed=1)
workload(mode="threads", tasks=2, cpu=0.1)


def work():
    for _ in range(1):
        cpu(0.1)


def main():
    t_thread_1 = threading.Thread(target=work, name="Thread-1")
    t_thread_2 = threading.Thread(target=work, name="Thread-2")
    t_thread_1.start()
    t_thread_2.start()
    t_thread_1.join()
    t_thread_2.join()


if __name__ == "__main__":
    main()
