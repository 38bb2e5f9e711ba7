# Teaches: get_context("spawn") starts fresh interpreters; each child has its own os.getpid() and its parent's pid as os.getppid().
# Output: lines
# Speed: none
import multiprocessing as mp
import os


def who_am_i(tag, out):
    out.put((tag, os.getpid(), os.getppid()))


if __name__ == "__main__":
    ctx = mp.get_context("spawn")
    print("start method:", ctx.get_start_method())
    print("parent pid:", os.getpid())

    out = ctx.Queue()
    kids = [ctx.Process(target=who_am_i, args=(f"child-{i}", out)) for i in range(3)]
    for k in kids:
        k.start()
    answers = sorted(out.get() for _ in kids)
    for k in kids:
        k.join()

    for tag, pid, ppid in answers:
        print(f"{tag}: pid={pid} parent={ppid}")
    print("all pids differ from the parent:", all(pid != os.getpid() for _, pid, _ in answers))
    print("all parents are us:", all(ppid == os.getpid() for _, _, ppid in answers))
