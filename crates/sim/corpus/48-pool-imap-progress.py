# Teaches: Pool.imap yields results lazily in input order as they are ready, which is handy for a progress report; chunksize groups tasks per worker trip.
# Output: exact
# Speed: none
from multiprocessing import Pool


def collatz_steps(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


if __name__ == "__main__":
    starts = [27, 97, 871, 6171, 77031, 837799, 8400511, 63728127]
    total = len(starts)
    best = (0, 0)
    with Pool(2) as pool:
        for i, steps in enumerate(pool.imap(collatz_steps, starts, chunksize=2), 1):
            print(f"[{i}/{total}] {starts[i - 1]} takes {steps} steps")
            best = max(best, (steps, starts[i - 1]))
    print("longest:", best[1], "with", best[0], "steps")
