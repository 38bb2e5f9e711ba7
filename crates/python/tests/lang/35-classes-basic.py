# Teaches: classes with __init__, instance and class attributes, methods, __str__ and __repr__, objects in lists
class Dog:
    species = "Canis familiaris"
    count = 0

    def __init__(self, name, age):
        self.name = name
        self.age = age
        self.tricks = []
        Dog.count += 1

    def add_trick(self, trick):
        self.tricks.append(trick)
        return self

    def human_years(self):
        return self.age * 7

    def __str__(self):
        return f"{self.name}, {self.age} years old"

    def __repr__(self):
        return f"Dog({self.name!r}, {self.age})"

rex = Dog("Rex", 3)
fido = Dog("Fido", 5)
rex.add_trick("sit").add_trick("roll over")
print(rex)
print(repr(fido))
print(rex.tricks, fido.tricks)
print(rex.species, Dog.species, Dog.count)
print(rex.human_years(), Dog.human_years(fido))
print([rex, fido])
print(str(rex), f"{fido}", "%s" % rex)

fido.species = "good boy"
print(fido.species, rex.species)
rex.age += 1
print(rex.age, getattr(rex, "name"), hasattr(rex, "owner"))
setattr(rex, "owner", "Sam")
print(rex.owner, isinstance(rex, Dog), type(rex).__name__)

class Point:
    def __init__(self, x=0, y=0):
        self.x = x
        self.y = y

    def distance_to(self, other):
        return ((self.x - other.x) ** 2 + (self.y - other.y) ** 2) ** 0.5

    def move(self, dx, dy):
        self.x += dx
        self.y += dy

p = Point(3, 4)
print(p.distance_to(Point()))
p.move(-3, -4)
print(p.x, p.y, p == Point(), p == p)
