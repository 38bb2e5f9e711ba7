# Teaches: __eq__ makes `in` and list.index/count use value equality; defining __eq__ alone sets __hash__ to None (unhashable)
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __eq__(self, other):
        if not isinstance(other, Point):
            return NotImplemented
        return (self.x, self.y) == (other.x, other.y)

    def __repr__(self):
        return f"Point({self.x}, {self.y})"

visited = [Point(0, 0), Point(1, 2), Point(3, 1), Point(1, 2)]
print(Point(1, 2) in visited, Point(5, 5) in visited)
print(visited.index(Point(3, 1)), visited.count(Point(1, 2)))
print(Point(1, 2) == Point(1, 2), Point(1, 2) != Point(2, 1))
print(Point(0, 0) == (0, 0), Point(0, 0) != "origin")
print(Point.__hash__)
try:
    seen = {Point(0, 0)}
except TypeError as e:
    print("TypeError:", e)
visited.remove(Point(1, 2))
print(visited)

class Tag:
    def __init__(self, name):
        self.name = name.lower()
    def __eq__(self, other):
        return isinstance(other, Tag) and self.name == other.name
    def __hash__(self):
        return hash(self.name)
    def __repr__(self):
        return f"Tag({self.name!r})"

unique = {Tag("Python"), Tag("python"), Tag("PYTHON")}
print(len(unique), Tag("python") in unique)

class Plain:
    pass

p = Plain()
print(p == p, Plain() == Plain(), [p].count(p))
counts = {p: 1}
print(counts[p])

class Always:
    def __eq__(self, other):
        print("  comparing with", other)
        return True

print(Always() in [1, 2], 3 in [Always()])
