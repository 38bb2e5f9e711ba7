# Teaches: Pool.map splits a list across worker processes and hands the results back in input order.
# Output: exact
# Speed: none
import math
import os
from multiprocessing import Pool, cpu_count


def square(n):
    return n * n


def root_floor(n):
    return math.isqrt(n)


if __name__ == "__main__":
    numbers = list(range(1, 13))

    # multiprocessing.cpu_count() is the same number os.cpu_count() reports
    print("cpu_count() == os.cpu_count():", cpu_count() == os.cpu_count())

    with Pool() as pool:
        squares = pool.map(square, numbers)
        roots = pool.map(root_floor, squares)

    print("numbers:", numbers)
    print("squares:", squares)
    print("roots back:", roots)
    print("round trip ok:", roots == numbers)
    print("sum of squares:", sum(squares))
    print("its square root:", round(math.sqrt(sum(squares)), 3))
