def gen():
    try:
        yield 1
        yield 2
    finally:
        print("closed")

class Box:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return f"Box({self.v!r})"

for i, x in enumerate(gen()):
    if i:
        break
print([Box(n) for n in range(3)], {1: Box("a")}, sorted({3, 1, 2}))
try:
    raise KeyError((1, 2))
except LookupError as e:
    print(type(e).__name__, e)
print("%-5s|%5.1f|%x" % ("ab", 2.25, 255), f"{10**20:,}", 7 // -2, -7 % 3)
