# Teaches: the iterator protocol: __iter__ and __next__, StopIteration, iter() and next() on built-in containers
class Countdown:
    def __init__(self, start):
        self.current = start

    def __iter__(self):
        return self

    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        value = self.current
        self.current -= 1
        return value

print(list(Countdown(5)))
for n in Countdown(3):
    print("tick", n)

class Range2D:
    def __init__(self, rows, cols):
        self.rows = rows
        self.cols = cols

    def __iter__(self):
        for r in range(self.rows):
            for c in range(self.cols):
                yield (r, c)

cells = Range2D(2, 3)
print(list(cells), (1, 2) in cells)

it = iter([10, 20])
print(next(it), next(it))
try:
    next(it)
except StopIteration:
    print("no more items")

letters = iter("xyz")
print(next(letters), list(letters), list(letters))

class Cycle:
    def __init__(self, items, times):
        self.items = items
        self.left = len(items) * times
        self.i = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self.left == 0:
            raise StopIteration
        self.left -= 1
        self.i += 1
        return self.items[(self.i - 1) % len(self.items)]

print(list(Cycle(["red", "green"], 2)), sum(Cycle([1, 2, 3], 3)))
print(dict(zip(Countdown(3), "abc")), max(Countdown(4)))
