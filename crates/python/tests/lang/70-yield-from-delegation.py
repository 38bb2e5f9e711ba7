# Teaches: yield from over a list, a range and another generator, and the value a delegated generator returns
def header(title):
    yield "=" * len(title)
    yield title
    yield "=" * len(title)

def section(title, items):
    yield from header(title)
    yield from [f"- {item}" for item in items]
    return len(items)

def report(sections):
    total = 0
    for title, items in sections:
        count = yield from section(title, items)
        total += count
        yield f"({count} items)"
    yield f"total: {total}"

shopping = [("Fruit", ["apples", "pears"]), ("Tools", ["hammer"]), ("Empty", [])]
for line in report(shopping):
    print(line)

def flatten(nested):
    for item in nested:
        if isinstance(item, list):
            yield from flatten(item)
        else:
            yield item

print(list(flatten([1, [2, [3, [4]], 5], [], [[6]]])))

def evens_then_odds(n):
    yield from range(0, n, 2)
    yield from range(1, n, 2)

print(list(evens_then_odds(7)))

def inner():
    yield "inner 1"
    yield "inner 2"
    return "inner result"

def outer():
    result = yield from inner()
    print("inner said:", result)
    yield "outer done"

g = outer()
print(next(g))
print(list(g))
print(list(outer()))
