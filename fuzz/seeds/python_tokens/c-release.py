"""Name: c-release
Question: Two threads each hash 500 MB with hashlib.sha256, which releases the GIL
    inside C code, on 2 cores. Speedup over one thread doing all of it?
Lesson: C code that releases the GIL (hashlib on big buffers, NumPy, compression) runs
    in parallel on threads.
"""

import threading

from gil_lab import c_release, cpu, model, workload

model(seed=1)
workload(mode="threads", tasks=2, cpu=200e-6, c_release=0.165)


def work():
    for _ in range(1):
        cpu(200e-6)
        c_release(0.165)


def main():
    t_thread_1 = threading.Thread(target=work, name="Thread-1")
    t_thread_2 = threading.Thread(target=work, name="Thread-2")
    t_thread_1.start()
    t_thread_2.start()
    t_thread_1.join()
    t_thread_2.join()


if __name__ == "__main__":
    main()
