# Teaches: __add__/__radd__/__mul__/__rmul__ returning NotImplemented for other types, sum() starting at 0, the TypeError when both decline
class Vector:
    def __init__(self, *parts):
        self.parts = parts

    def __repr__(self):
        return "Vector" + repr(self.parts)

    def __add__(self, other):
        if isinstance(other, Vector):
            return Vector(*(a + b for a, b in zip(self.parts, other.parts)))
        if other == 0:
            return self
        return NotImplemented

    def __radd__(self, other):
        print("  __radd__ with", other)
        return self.__add__(other)

    def __mul__(self, k):
        if isinstance(k, (int, float)):
            return Vector(*(a * k for a in self.parts))
        return NotImplemented

    __rmul__ = __mul__

    def __eq__(self, other):
        return isinstance(other, Vector) and self.parts == other.parts

v, w = Vector(1, 2), Vector(10, 20)
print(v + w, v * 3, 2 * v, v * 0.5)
print(sum([v, w, Vector(100, 200)]))
print(0 + v, v == Vector(1, 2), v != w)
attempts = [("v + 'text'", lambda: v + "text"), ("'text' * v", lambda: "text" * v),
            ("v * w", lambda: v * w), ("[1] + v", lambda: [1] + v)]
for label, attempt in attempts:
    try:
        attempt()
    except TypeError as e:
        print(label, "->", e)

class Meters:
    def __init__(self, n):
        self.n = n
    def __add__(self, other):
        print("  Meters.__add__")
        return NotImplemented
    def __repr__(self):
        return f"{self.n}m"
class Feet:
    def __init__(self, n):
        self.n = n
    def __radd__(self, other):
        print("  Feet.__radd__")
        return Meters(round(other.n + self.n * 0.3048, 2))

print(Meters(1) + Feet(10))
total = v
total += w
print(total, v, total is v)
