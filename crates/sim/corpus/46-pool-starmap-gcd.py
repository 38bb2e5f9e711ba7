# Teaches: Pool.starmap unpacks each tuple into the function's arguments, so a function of two or three parameters can be mapped over a list of pairs.
# Output: exact
# Speed: none
import math
from multiprocessing import Pool


def describe(a, b):
    g = math.gcd(a, b)
    return f"gcd({a}, {b}) = {g}, lcm = {a * b // g}"


def power_mod(base, exp, mod):
    return pow(base, exp, mod)


if __name__ == "__main__":
    pairs = [(12, 18), (100, 75), (17, 5), (270, 192), (1071, 462)]
    triples = [(2, 10, 1000), (3, 200, 13), (7, 7, 100)]

    with Pool(processes=2) as pool:
        for line in pool.starmap(describe, pairs):
            print(line)
        print("powers:", pool.starmap(power_mod, triples))

        # map would pass each tuple as ONE argument instead
        try:
            pool.map(describe, pairs)
        except TypeError as err:
            print("map with pairs fails:", err)
