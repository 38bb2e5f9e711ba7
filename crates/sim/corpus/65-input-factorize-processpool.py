# Teaches: read jobs with input() in the parent, then factor the numbers in a ProcessPoolExecutor with submit(); children never read stdin, and results come back in the order we ask for them.
# Output: exact
# Speed: none
from concurrent.futures import ProcessPoolExecutor


def factorize(n):
    factors = []
    d = 2
    while d * d <= n:
        while n % d == 0:
            factors.append(d)
            n //= d
        d += 1
    if n > 1:
        factors.append(n)
    return factors


if __name__ == "__main__":
    count = int(input("How many numbers? "))
    numbers = []
    for i in range(count):
        numbers.append(int(input(f"Number {i + 1}: ")))
    print()

    with ProcessPoolExecutor(max_workers=2) as executor:
        futures = [executor.submit(factorize, n) for n in numbers]
        for n, fut in zip(numbers, futures):
            factors = fut.result()
            kind = "prime" if len(factors) == 1 else "composite"
            print(f"{n} = {' x '.join(map(str, factors))} ({kind})")
