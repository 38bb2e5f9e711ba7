# Teaches: dicts keep insertion order (a deleted then re-added key goes last, updating keeps its place), update with kwargs, setdefault, ** displays
stock = {"apples": 5, "pears": 2, "plums": 9}
stock["pears"] = 20
print(stock)
del stock["apples"]
stock["apples"] = 1
print(stock, list(stock)[0])
stock.update({"kiwis": 4, "plums": 0}, figs=3, pears=7)
print(stock)
print(stock.pop("plums"), stock.pop("mangos", "none left"), stock)
print(stock.popitem(), stock)

defaults = {"color": "blue", "size": "M", "gift": False}
order = {"size": "L", "qty": 2}
merged = {**defaults, **order, "gift": True}
print(merged)
print({**order, **defaults}, dict(defaults, size="S"), defaults | {"qty": 1})

words = ["apple", "avocado", "banana", "blueberry", "cherry", "apricot", "beet"]
by_letter = {}
for w in words:
    by_letter.setdefault(w[0], []).append(w)
print(by_letter)
lengths = {}
for w in words:
    lengths[len(w)] = lengths.get(len(w), 0) + 1
print(lengths, sorted(lengths.items()))

print(by_letter.setdefault("a", ["ignored"]), by_letter.setdefault("z", []), list(by_letter))

grid = {(r, c): r * c for r in range(3) for c in range(3) if r != c}
print(grid)
print(grid.get((1, 1)), grid[(2, 1)], (0, 1) in grid, 2 in grid.values())

d = dict.fromkeys("abc", 0)
for key in list(d):
    if key != "b":
        del d[key]
        d[key.upper()] = 1
print(d, dict(zip("xyz", range(3))), dict([("k", 1), ("k", 2)]))

counts = {}
for ch in "mississippi":
    counts[ch] = counts.get(ch, 0) + 1
print(counts, max(counts, key=counts.get), {v: k for k, v in counts.items()})
inverse = {}
for k, v in counts.items():
    inverse.setdefault(v, []).append(k)
print(inverse, list(reversed(counts)), list(counts.items())[-1])
print({1: "a", 1.0: "b", True: "c"}, {"x": 1} == {"x": 1.0}, dict(a=1) == {"a": 1})
