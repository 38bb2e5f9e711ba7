# Teaches: splitting a CPU-bound sum of squares over four threads gives the right total, but the GIL means it is no faster than one loop
# Output: exact
# Speed: cpu-bound
import threading


def sum_of_squares(lo, hi, results, slot):
    total = 0
    for i in range(lo, hi):
        total += i * i
    results[slot] = total


def main():
    n = 10_000_000
    workers = 4
    chunk = n // workers
    results = [0] * workers
    threads = []

    for w in range(workers):
        lo = w * chunk
        hi = n if w == workers - 1 else lo + chunk
        t = threading.Thread(target=sum_of_squares, args=(lo, hi, results, w))
        threads.append(t)
        t.start()

    for t in threads:
        t.join()

    for w, part in enumerate(results):
        print("part", w, "=", part)

    total = sum(results)
    formula = (n - 1) * n * (2 * n - 1) // 6
    print("total   =", total)
    print("formula =", formula)
    print("equal:", total == formula)


if __name__ == "__main__":
    main()
