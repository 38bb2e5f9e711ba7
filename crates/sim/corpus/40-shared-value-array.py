# Teaches: Value and Array live in shared memory; `value += 1` is not atomic across processes, so take get_lock() around it.
# Output: exact
# Speed: none
from multiprocessing import Array, Process, Value

ROUNDS = 5000
WORKERS = 4


def add_unsafe(counter):
    for _ in range(ROUNDS):
        counter.value += 1          # read and write are two separate steps


def add_safe(counter, slots, index):
    for _ in range(ROUNDS):
        with counter.get_lock():
            counter.value += 1
    with slots.get_lock():
        slots[index] = index * 1.5


def run(target, args_for):
    procs = [Process(target=target, args=args_for(i)) for i in range(WORKERS)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()


if __name__ == "__main__":
    unsafe = Value("i", 0)
    run(add_unsafe, lambda i: (unsafe,))
    print("unsafe counter is at most", WORKERS * ROUNDS, ":", unsafe.value <= WORKERS * ROUNDS)

    safe = Value("i", 0)
    slots = Array("d", WORKERS)
    run(add_safe, lambda i: (safe, slots, i))
    print("safe counter:", safe.value)
    print("expected:    ", WORKERS * ROUNDS)
    print("array slots: ", list(slots))
    print("array length:", len(slots))
