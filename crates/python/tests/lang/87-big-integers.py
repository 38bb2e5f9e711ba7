# Teaches: arbitrary-precision integers: factorials, huge powers, floor division of big numbers, pow with a modulus, digit sums
def factorial(n):
    result = 1
    for k in range(2, n + 1):
        result *= k
    return result

f30 = factorial(30)
print(f30)
print(len(str(factorial(100))), sum(int(d) for d in str(factorial(100))))
print(str(factorial(25)).count("0"), factorial(25) % 10**6 == 0)

big = 2**200
print(big)
print(big // 3**50, big % 3**50)
print(divmod(-big, 10**50))
print(2**64 - 1, hex(2**64 - 1), (2**64).bit_length())
print(-(2**70) // 7, -(2**70) % 7)

print(pow(2, 10**6, 1000007), pow(3, 200, 10**9 + 7), pow(7, 12, 13))
print(pow(123456789, 3))

def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a

print(fib(150), fib(151) * fib(149) - fib(150) ** 2)

def binomial(n, k):
    return factorial(n) // (factorial(k) * factorial(n - k))

print(binomial(60, 30), [binomial(10, k) for k in range(11)])
googol = 10**100
print(googol > 2**332, googol < 2**333, googol == int("1" + "0" * 100))
print(int("9" * 40) + 1 == 10**40, -7 * 10**30 // 3)
print(f"{2**100:,}")
print(abs(-(3**80)), max(2**90, 3**57), min(-(2**90), -(3**57)))
print(float(2**100), int(1e20), 2**100 == float(2**100), 2**53 + 1 == float(2**53 + 1))
print(12345678901234567890 * 98765432109876543210)
print(0 ** 0, (-2) ** 63, (-2) ** 64, 10**20 // -3)
