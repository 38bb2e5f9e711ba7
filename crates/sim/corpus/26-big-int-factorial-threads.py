# Teaches: Python ints grow without limit: threads multiply parts of 1000! and the results are exact big numbers, together with 2**200, pow and divmod
# Output: exact
# Speed: none
import threading
import math

def product(lo, hi):
    """Multiply all the integers from lo to hi inclusive."""
    result = 1
    for k in range(lo, hi + 1):
        result *= k
    return result

N = 1000
parts = [None] * 4
bounds = [(1, 250), (251, 500), (501, 750), (751, 1000)]

def work(i, lo, hi):
    parts[i] = product(lo, hi)

threads = [threading.Thread(target=work, args=(i, lo, hi)) for i, (lo, hi) in enumerate(bounds)]
for t in threads:
    t.start()
for t in threads:
    t.join()

fact = 1
for p in parts:
    fact *= p

digits = str(fact)
print("1000! has", len(digits), "digits")
print("first 20 digits:", digits[:20])
print("trailing zeros:", len(digits) - len(digits.rstrip("0")))
print("digit sum:", sum(int(c) for c in digits))
print("matches math.factorial:", fact == math.factorial(N))

big = 2 ** 200
print("2**200 =", big)
print("pow(3, 1000, 1_000_007) =", pow(3, 1000, 1_000_007))
q, r = divmod(big, 10 ** 30)
print("divmod(2**200, 10**30) =", (q, r))
print("abs(-big) == big:", abs(-big) == big)
print("bit length:", big.bit_length(), "| as float:", float(big))
