# Teaches: a Manager runs a server process holding a dict and a list that several worker processes can update through proxies.
# Output: exact
# Speed: none
from multiprocessing import Manager, Process


def count_letters(word, counts, seen):
    counts[word] = len(word)
    seen.append(word.upper())


if __name__ == "__main__":
    words = ["thread", "process", "lock", "queue", "pipe", "manager"]

    with Manager() as manager:
        counts = manager.dict()
        seen = manager.list()

        workers = []
        for w in words:
            p = Process(target=count_letters, args=(w, counts, seen))
            workers.append(p)
            p.start()
        for p in workers:
            p.join()

        # the order the children finished in is not fixed, so sort before printing
        for word, n in sorted(counts.items()):
            print(f"{word:<8} {n}")
        print("seen:", sorted(seen))
        print("total letters:", sum(counts.values()))
        print("proxy type:", type(counts).__name__)
