# Teaches: float repr (0.1 + 0.2), round() with and without digits, int/float conversions, float division
print(0.1 + 0.2)
print(0.1 + 0.2 == 0.3)
print(abs((0.1 + 0.2) - 0.3) < 1e-9)
print(1 / 3, 2 / 3)
print(10 / 2, 7 / 2, -7 / 2)
print(7.5 // 2, 7.5 % 2, -7.5 // 2)

print(round(2.5), round(3.5), round(-0.5))
print(round(3.14159, 2), round(2.675, 2), round(1234.5678, -2))
print(round(7), type(round(7.6)))

print(int(3.99), int(-3.99), float(7), float("2.5"))
print(int("12") + float("0.5"))
print(1e10, 1e16, 1e-5, 123456789.0 * 1000)
print(2.0 ** 0.5, 10 ** -2)
print(float("inf"), -float("inf"), float("inf") > 10 ** 100)
print(3.0, -0.0, 100.0 / 3)

prices = [19.99, 5.49, 3.50, 12.00]
total = sum(prices)
print("total:", total)
print("rounded:", round(total, 2))
print("average:", round(total / len(prices), 3))

celsius = [-40, 0, 37, 100]
for c in celsius:
    f = c * 9 / 5 + 32
    print(c, "C =", f, "F")
print(int(7 / 2), 7 // 2, float(7 // 2))
print((0.5).is_integer(), (2.0).is_integer())
