"""Name: cpu-processes
Question: The same four 100 ms CPU tasks, now in four processes started with fork on 4
    cores. How long does it take this time?
Lesson: Each process has its own interpreter and GIL, so CPU-bound work runs in
    parallel, after paying the start cost.
"""

import multiprocessing

from gil_lab import cpu, model, workload

model(cores=4, seed=1)
workload(mode="processes", tasks=4, cpu=0.1)


def work():
    for _ in range(1):
        cpu(0.1)


def main():
    p_process_1 = multiprocessing.get_context("fork").Process(target=work, name="Process-1")
    p_process_2 = multiprocessing.get_context("fork").Process(target=work, name="Process-2")
    p_process_3 = multiprocessing.get_context("fork").Process(target=work, name="Process-3")
    p_process_4 = multiprocessing.get_context("fork").Process(target=work, name="Process-4")
    p_process_1.start()
    p_process_2.start()
    p_process_3.start()
    p_process_4.start()
    p_process_1.join()
    p_process_2.join()
    p_process_3.join()
    p_process_4.join()


if __name__ == "__main__":
    main()
