# Teaches: a Process gets a target, args and a name; start() runs it, is_alive() and join() follow it, and exitcode says how it ended (0, sys.exit code, 1 after an exception, -15 when terminated).
# Output: exact
# Speed: none
import sys
import time
from multiprocessing import Process


def job(seconds, how):
    time.sleep(seconds)
    if how == "exit":
        sys.exit(3)
    if how == "crash":
        raise ValueError("something went wrong in the child")


def report(p):
    print(f"{p.name:>8}: alive={p.is_alive()!s:<5} exitcode={p.exitcode}", flush=True)


if __name__ == "__main__":
    procs = [
        Process(target=job, args=(0.1, "ok"), name="quick"),
        Process(target=job, args=(0.2, "exit"), name="exiter"),
        Process(target=job, args=(0.2, "crash"), name="crasher"),
        Process(target=job, args=(30, "ok"), name="sleepy"),
    ]

    print("before start")
    for p in procs:
        report(p)

    for p in procs:
        p.start()

    procs[0].join()
    print("after the quick one joined, sleepy still alive:", procs[3].is_alive(), flush=True)

    procs[3].terminate()          # we do not want to wait 30 seconds
    for p in procs:
        p.join()

    print("after join")
    for p in procs:
        report(p)
