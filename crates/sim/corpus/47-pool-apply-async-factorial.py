# Teaches: apply_async returns an AsyncResult right away; get() waits for the value (or re-raises the worker's exception), and a callback runs in the parent when a result arrives.
# Output: exact
# Speed: none
import math
from multiprocessing import Pool


def digits_of_factorial(n):
    if n < 0:
        raise ValueError(f"no factorial for {n}")
    return n, len(str(math.factorial(n)))


finished = []


def on_done(result):
    finished.append(result[0])


if __name__ == "__main__":
    pool = Pool(4)
    pending = {}
    for n in [10, 100, 500, 1000, 1500]:
        pending[n] = pool.apply_async(digits_of_factorial, (n,), callback=on_done)

    bad = pool.apply_async(digits_of_factorial, (-1,))

    for n, res in pending.items():
        value = res.get(timeout=10)
        print(f"{n}! has {value[1]} digits")

    try:
        bad.get(timeout=10)
    except ValueError as e:
        print("error from worker:", e)

    pool.close()
    pool.join()
    print("callbacks seen for:", sorted(finished))
    print("successful():", all(r.successful() for r in pending.values()), bad.successful())
