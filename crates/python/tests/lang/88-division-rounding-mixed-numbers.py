# Teaches: floor division and % with negatives and floats, divmod, round() to even at halves, int/float/bool mixing, chained comparisons
pairs = [(7, 2), (-7, 2), (7, -2), (-7, -2)]
for a, b in pairs:
    print(f"{a:>3} // {b:>2} = {a // b:>3}   {a:>3} % {b:>2} = {a % b:>3}   divmod: {divmod(a, b)}")

print(7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 7.5 % -2)
print(divmod(-7.5, 2), divmod(10, 3.0), -1 % 360, -370 % 360)
print(int(-7 / 2), -7 // 2, int(7.9), int(-7.9), round(-7.9))

minutes = -135
hours, mins = divmod(minutes, 60)
print(f"{minutes} minutes is {hours} h and {mins} min")

print([round(x) for x in [0.5, 1.5, 2.5, 3.5, -0.5, -1.5]])
print(round(2.675, 2), round(1.25, 1), round(1.35, 1), round(0.125, 2), round(0.375, 2))
print(round(3.14159, 3), round(-2.5), type(round(2.5)), type(round(2.5, 0)))

print(1 == 1.0, 1 == True, True + True, True * 10, False - 1, sum([True, True, False]))
print(0.1 + 0.2 == 0.3, abs(0.1 + 0.2 - 0.3) < 1e-9, 0.1 + 0.2)
print(1 < 2.5 < 3, 3 > 2 == 2.0, 1 < 2 > 1.5, 2 < 3 < 1, 1 == True == 1.0)
print(int("  42  "), int("-17"), int("0x1f", 16), int("101", 2), int("z", 36))
print(float("1e-3"), float("  2.50 "), float("-inf"), float("1_000.5"), int("1_000"))
print(10 / 4, 10 // 4, 10 / 5, type(10 / 5).__name__, 2 ** -1, (-8) ** 2)
print(max(1, 1.0), max(1.0, 1), min(True, 1), [1, 1.0, True].count(1))
print(3 * 0.1, 1e16 + 1, 1e308 * 10, -1e308 * 10, float("nan") == float("nan"))

def percent(part, whole):
    return round(100 * part / whole, 1)

print(percent(1, 3), percent(2, 3), percent(7, 7))
print(abs(-3), abs(-3.5), abs(True), -0.0, 0.0 == -0.0, 5 % 0.75)
