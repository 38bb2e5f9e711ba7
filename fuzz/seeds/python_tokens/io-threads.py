"""Name: io-threads
Question: Eight threads each make four requests (1 ms of Python, then 50 ms waiting for
    the network). About how long does the whole program take?
Lesson: Blocking I/O releases the GIL: eight I/O-bound threads overlap their waits and
    finish in about the time of one.
"""

import threading

from gil_lab import cpu, io, model, workload

model(seed=1)
workload(mode="threads", tasks=8, cpu=0.001, io=0.05, repeats=4)


def work():
    for _ in range(4):
        cpu(0.001)
        io(0.05)


def main():
    t_thread_1 = threading.Thread(target=work, name="Thread-1")
    t_thread_2 = threading.Thread(target=work, name="Thread-2")
    t_thread_3 = threading.Thread(target=work, name="Thread-3")
    t_thread_4 = threading.Thread(target=work, name="Thread-4")
    t_thread_5 = threading.Thread(target=work, name="Thread-5")
    t_thread_6 = threading.Thread(target=work, name="Thread-6")
    t_thread_7 = threading.Thread(target=work, name="Thread-7")
    t_thread_8 = threading.Thread(target=work, name="Thread-8")
    t_thread_1.start()
    t_thread_2.start()
    t_thread_3.start()
    t_thread_4.start()
    t_thread_5.start()
    t_thread_6.start()
    t_thread_7.start()
    t_thread_8.start()
    t_thread_1.join()
    t_thread_2.join()
    t_thread_3.join()
    t_thread_4.join()
    t_thread_5.join()
    t_thread_6.join()
    t_thread_7.join()
    t_thread_8.join()


if __name__ == "__main__":
    main()
