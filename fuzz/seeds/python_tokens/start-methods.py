"""Name: start-methods
Question: The parent starts three processes, one with each start method (fork,
    forkserver, spawn), each doing 20 ms of CPU work. Which one starts working first,
    and why?
Lesson: fork copies the parent (cheap), forkserver pays once for its server, spawn
    starts and imports a fresh interpreter every time.
"""

import multiprocessing

from gil_lab import cpu, model

model(cores=4, seed=1, main_process="parent")


def work():
    cpu(0.02)


def main():
    p_forked = multiprocessing.get_context("fork").Process(target=work, name="forked")
    p_via_forkserver = multiprocessing.get_context("forkserver").Process(target=work, name="via-forkserver")
    p_spawned = multiprocessing.get_context("spawn").Process(target=work, name="spawned")
    p_forked.start()
    p_via_forkserver.start()
    p_spawned.start()
    p_forked.join()
    p_via_forkserver.join()
    p_spawned.join()


if __name__ == "__main__":
    main()
