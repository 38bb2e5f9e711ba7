# Teaches: a multiprocessing.Lock shared by processes keeps each worker's lines together, and current_process().name tells a child who it is.
# Output: sorted
# Speed: none
import multiprocessing
import time


def chores(lock, jobs):
    me = multiprocessing.current_process().name
    for job in jobs:
        time.sleep(0.01)
        with lock:
            print(f"{me} is doing {job}", flush=True)
    with lock:
        print(f"{me} finished {len(jobs)} chores", flush=True)


if __name__ == "__main__":
    print("parent is", multiprocessing.current_process().name, flush=True)
    lock = multiprocessing.Lock()
    todo = {
        "Alice": ["dishes", "laundry"],
        "Bob": ["vacuum", "trash", "windows"],
        "Carol": ["groceries"],
    }
    team = [
        multiprocessing.Process(target=chores, args=(lock, jobs), name=who)
        for who, jobs in todo.items()
    ]
    # a process without a name gets a default one like Process-4
    helper = multiprocessing.Process(target=chores, args=(lock, ["plants"]))
    team.append(helper)

    for p in team:
        p.start()
    for p in team:
        p.join()
    print("everyone is done", flush=True)
