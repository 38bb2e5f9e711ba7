# Teaches: enumerate, zip, reversed, range with steps, map and filter with lambda, list()
fruits = ["apple", "banana", "cherry"]
for i, fruit in enumerate(fruits):
    print(i, fruit)
for i, fruit in enumerate(fruits, start=1):
    print(f"{i}. {fruit}")
print(list(enumerate("ab")))

prices = [1.2, 0.5, 3.0]
stock = [10, 0, 4]
for fruit, price, qty in zip(fruits, prices, stock):
    print(fruit, price * qty)
print(list(zip([1, 2, 3], "abcd")))
print(dict(zip(fruits, stock)))
names, counts = zip(*[("a", 1), ("b", 2)])
print(names, counts)

print(list(reversed(fruits)), "".join(reversed("stressed")))
for n in reversed(range(1, 4)):
    print("countdown", n)
print(list(range(10, 0, -3)), list(range(5, 5)), list(range(-2, 3)))
print(range(0, 10, 2)[3], len(range(0, 100, 7)), 14 in range(0, 100, 7))

celsius = [0, 20, 37.5, 100]
fahrenheit = list(map(lambda c: c * 9 / 5 + 32, celsius))
print(fahrenheit)
print(list(map(str.upper, fruits)))
print(list(map(int, "1 22 333".split())))
print(list(map(lambda a, b: a + b, [1, 2], [10, 20])))
print(list(filter(lambda n: n % 3 == 0, range(20))))
print(list(filter(None, [0, 1, "", "x", None, [], [0]])))
total = sum(map(len, fruits))
print("letters:", total)
