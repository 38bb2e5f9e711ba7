# Teaches: dict literals, keys/values/items, in, get, setdefault, pop, update, del, comprehension, iteration order
ages = {"alice": 31, "bob": 27}
ages["carol"] = 45
ages["bob"] = 28
print(ages)
print(len(ages), "alice" in ages, "dave" in ages, 31 in ages)
print(list(ages.keys()), list(ages.values()))
print(list(ages.items()))

for name in ages:
    print(name, ages[name])
for name, age in ages.items():
    if age > 30:
        print(name, "is over 30")

print(ages.get("dave"), ages.get("dave", -1))
print(ages.setdefault("dave", 19), ages.setdefault("alice", 0))
removed = ages.pop("bob")
print("removed bob, age", removed, "->", ages)
print(ages.pop("zed", "no such key"))
del ages["carol"]
print(ages)

ages.update({"erin": 22, "alice": 32})
ages.update(frank=50)
print(ages)

squares = {n: n * n for n in range(1, 6)}
print(squares)
swapped = {v: k for k, v in squares.items() if v > 4}
print(swapped)
print(dict(zip(["a", "b", "c"], [1, 2, 3])))
print(dict([("x", 1), ("y", 2)]), dict(one=1, two=2))
merged = {**squares, 6: 36}
print(merged)
print(sorted(ages, key=ages.get, reverse=True))
print({} == dict(), {"a": 1, "b": 2} == {"b": 2, "a": 1})
ages.clear()
print(ages, bool(ages))
