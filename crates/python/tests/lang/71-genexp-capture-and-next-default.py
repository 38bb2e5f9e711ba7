# Teaches: generator expressions evaluate their first iterable at once but read other names late; next() with a default; infinite generators
scores = [70, 85, 92]
bonus = 5
boosted = (s + bonus for s in scores)
bonus = 10
scores = [0, 0, 0]
print(list(boosted))

rows = [(i, (i * c for c in range(3))) for i in range(1, 4)]
for i, row in rows:
    print(i, list(row))

def naturals(start=1):
    n = start
    while True:
        yield n
        n += 1

squares = (n * n for n in naturals())
for sq in squares:
    if sq > 50:
        print("first square over 50:", sq)
        break
print("squares continue from", next(squares))

names = ["ann", "bob", "cleo"]
print(next((n for n in names if n.startswith("c")), "nobody"))
print(next((n for n in names if n.startswith("z")), "nobody"))
print(next(iter([]), None))

def cycle(items):
    while True:
        for item in items:
            yield item

turns = cycle(["red", "green", "blue"])
print([next(turns) for _ in range(7)])

gen = (x for x in range(3))
print(list(gen), list(gen), sum(x for x in range(3)))

it = iter(["a", "b"])
print(next(it), next(it), next(it, "done"), next(it, "still done"))

multiples = (n for n in naturals(10) if n % 7 == 0)
print("multiples of 7 from 10:", [next(multiples) for _ in range(4)])
