# Teaches: names are references: aliasing vs shallow copies (a[:], list(a), .copy()), nested lists shared, += on lists, * and ** unpacking
original = [1, 2, 3]
alias = original
sliced = original[:]
built = list(original)
copied = original.copy()
alias.append(4)
print(original, sliced, built, copied, alias is original, sliced == original[:3])

grid = [[0] * 3] * 3
grid[0][0] = 9
print(grid)
grid = [[0] * 3 for _ in range(3)]
grid[0][0] = 9
print(grid)

team = [["ann", 30], ["bob", 25]]
backup = team[:]
backup[0][1] = 99
backup.append(["new", 1])
print(team, len(backup))

def add_tax(prices):
    prices += [0]
    prices[0] = -1

def rebind(prices):
    prices = [100]
    return prices

cart = [10, 20]
add_tax(cart)
print(cart, rebind(cart), cart)
t = (1, [2])
t[1].append(3)
print(t)
s1 = "abc"
s2 = s1
s1 += "d"
print(s1, s2)

def describe(name, *tags, sep=", ", **details):
    extra = " ".join(f"{k}={v}" for k, v in details.items())
    return f"{name}: {sep.join(tags)} [{extra}]"

tags = ["red", "round"]
info = {"weight": 150, "origin": "Spain"}
print(describe("apple", *tags, "sweet", **info, grade="A"))
print(describe(*["pear"], *tags, sep="/"))
first, *middle, last = [1, 2, 3, 4, 5]
print(first, middle, last, [*range(3), *"ab", *middle], (*tags,), {*[1, 2], *[2, 3]})
head, *tail = "x"
print(head, tail, [*{"k": 1, "j": 2}], print(*[1, 2, 3], sep="-"))
(a, b), c = [10, 20], 30
a, b = b, a
print(a, b, c, max(*[3, 8, 1]), divmod(*(17, 5)), "{}-{}".format(*"xy"))
