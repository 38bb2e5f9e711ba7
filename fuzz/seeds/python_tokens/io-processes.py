"""Name: io-processes
Question: The same eight I/O-bound tasks in eight processes started with spawn. Faster
    or slower than threads, and why?
Lesson: Processes overlap I/O too, but each pays a start-up; for I/O-bound work threads
    or asyncio are cheaper.
"""

import multiprocessing

from gil_lab import cpu, io, model, workload

model(seed=1)
workload(mode="processes", tasks=8, cpu=0.001, io=0.05, repeats=4, start_method="spawn")


def work():
    for _ in range(4):
        cpu(0.001)
        io(0.05)


def main():
    p_process_1 = multiprocessing.get_context("spawn").Process(target=work, name="Process-1")
    p_process_2 = multiprocessing.get_context("spawn").Process(target=work, name="Process-2")
    p_process_3 = multiprocessing.get_context("spawn").Process(target=work, name="Process-3")
    p_process_4 = multiprocessing.get_context("spawn").Process(target=work, name="Process-4")
    p_process_5 = multiprocessing.get_context("spawn").Process(target=work, name="Process-5")
    p_process_6 = multiprocessing.get_context("spawn").Process(target=work, name="Process-6")
    p_process_7 = multiprocessing.get_context("spawn").Process(target=work, name="Process-7")
    p_process_8 = multiprocessing.get_context("spawn").Process(target=work, name="Process-8")
    p_process_1.start()
    p_process_2.start()
    p_process_3.start()
    p_process_4.start()
    p_process_5.start()
    p_process_6.start()
    p_process_7.start()
    p_process_8.start()
    p_process_1.join()
    p_process_2.join()
    p_process_3.join()
    p_process_4.join()
    p_process_5.join()
    p_process_6.join()
    p_process_7.join()
    p_process_8.join()


if __name__ == "__main__":
    main()
