# Teaches: comprehension variables stay inside, a loop variable leaks, shadowing builtins like list and sum, then del to get them back
x = "outer x"
squares = [x * x for x in range(5)]
print(squares, x)

evens = {n: n % 2 == 0 for n in range(4)}
print(evens)
try:
    print(n)
except NameError as e:
    print("NameError:", e)

for i in range(3):
    pass
print("loop variable after the loop:", i)

pairs = [(a, b) for a in range(3) for b in range(a)]
print(pairs)

total = sum(v for v in [1, 2, 3])
print(total)

list = [1]
print("list is now", list)
try:
    list("abc")
except TypeError as e:
    print("TypeError:", e)
del list
print(list("abc"))

def report(values):
    sum = 0
    for v in values:
        sum += v
    max = "max is shadowed here"
    return sum, max

print(report([4, 5, 6]), sum([4, 5, 6]), max([4, 5, 6]))

str = "not the type"
print(str.upper())
del str
print(str(42) + "!")

y = 10
result = [y for y in range(3)]
print(result, y)

matrix = [[r * 3 + c for c in range(3)] for r in range(3)]
print(matrix)

names = ["ann", "bob"]
upper = [name.upper() for name in names]
name = "still mine"
print(upper, name)
