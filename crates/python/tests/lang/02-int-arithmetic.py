# Teaches: integer arithmetic: big ints, floor division and modulo of negatives, divmod, pow with a modulus
a = 17
b = 5
print(a + b, a - b, a * b, a / b)
print(a // b, a % b)
print(-17 // 5, -17 % 5)
print(17 // -5, 17 % -5)
print(-17 // -5, -17 % -5)
print(divmod(17, 5), divmod(-17, 5))

# Python ints never overflow
print(2 ** 100)
print(2 ** 64 - 1)
big = 1
for i in range(1, 26):
    big *= i
print("25! =", big)
print(len(str(2 ** 1000)), "digits in 2**1000")
print(-(2 ** 70) // 3)
print((10 ** 30) % 7)

print(pow(2, 10))
print(pow(3, 200, 1000))
print(pow(7, 2, 13))
print(2 ** -1)

total_seconds = 100000
hours, rest = divmod(total_seconds, 3600)
minutes, seconds = divmod(rest, 60)
print(hours, "h", minutes, "min", seconds, "s")
print(abs(-42), -abs(7))
print(10 == 10.0, 7 / 7)
