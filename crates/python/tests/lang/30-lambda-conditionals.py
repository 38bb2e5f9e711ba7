# Teaches: lambda, conditional expressions, chained comparisons, comparison of strings, the in operator
square = lambda x: x * x
add = lambda a, b=1: a + b
print(square(7), add(2), add(2, 5), (lambda: "no args")())

def classify(n):
    return "negative" if n < 0 else "zero" if n == 0 else "positive"

print([classify(n) for n in (-5, 0, 12)])

def grade(score):
    if 90 <= score <= 100:
        return "A"
    elif 80 <= score < 90:
        return "B"
    elif 0 <= score < 80:
        return "C or lower"
    return "invalid"

for s in [95, 85, 42, 101, -1]:
    print(s, grade(s))

x = 5
print(1 < x < 10, 1 < x > 10, 1 < 2 < 3 < 4, 3 > 2 == 2, 1 == 1.0 != 2)
print("apple" < "banana", "Zebra" < "apple", "abc" < "abd", "ab" < "abc")
print([1, 2] < [1, 2, 0], (3, "a") < (3, "b"))

operations = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b if b != 0 else None,
}
for op in "+-*/":
    print(12, op, 4, "=", operations[op](12, 4))
print(operations["/"](1, 0))

pairs = [(1, "one"), (3, "three"), (2, "two")]
pairs.sort(key=lambda p: p[1])
print(pairs)
print("yes" if "a" in "cat" else "no", "even" if 7 % 2 == 0 else "odd")
print(max(3, 8) if True else 0, [i for i in range(10) if 3 <= i < 6])
age = 17
status = "adult" if age >= 18 else "teen" if age >= 13 else "child"
print(status)
