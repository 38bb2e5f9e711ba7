"""Name: per-interpreter
Question: Python 3.12 subinterpreters: one process, two interpreters, two CPU-bound
    threads in each, on 4 cores. How many threads run at once?
Lesson: With a per-interpreter GIL (PEP 684) there is one GIL per interpreter, so
    threads in different interpreters of one process run in parallel.
"""

import threading

from gil_lab import Thread, cpu, model

model(gil="per_interpreter", cores=4, seed=1, interpreters={"main": 2})


def work():
    cpu(0.05)


def main():
    t_a1 = threading.Thread(target=work, name="a1")
    t_a2 = threading.Thread(target=work, name="a2")
    t_b1 = Thread(target=work, name="b1", interpreter=1)
    t_b2 = Thread(target=work, name="b2", interpreter=1)
    t_a1.start()
    t_a2.start()
    t_b1.start()
    t_b2.start()
    t_a1.join()
    t_a2.join()
    t_b1.join()
    t_b2.join()


if __name__ == "__main__":
    main()
