# Teaches: inheritance, overriding methods, super().__init__ and super() calls, isinstance/issubclass, polymorphism
class Shape:
    def __init__(self, name):
        self.name = name

    def area(self):
        return 0

    def describe(self):
        return f"{self.name} with area {self.area():.2f}"

class Rectangle(Shape):
    def __init__(self, width, height):
        super().__init__("rectangle")
        self.width = width
        self.height = height

    def area(self):
        return self.width * self.height

class Square(Rectangle):
    def __init__(self, side):
        super().__init__(side, side)
        self.name = "square"

class Circle(Shape):
    def __init__(self, radius):
        super().__init__("circle")
        self.radius = radius

    def area(self):
        return 3.14159 * self.radius ** 2

    def describe(self):
        return super().describe() + f" (radius {self.radius})"

shapes = [Rectangle(3, 4), Square(5), Circle(1), Shape("blob")]
for s in shapes:
    print(s.describe())

print(sum(s.area() for s in shapes))
sq = shapes[1]
print(isinstance(sq, Square), isinstance(sq, Rectangle), isinstance(sq, Shape), isinstance(sq, Circle))
print(issubclass(Square, Shape), issubclass(Shape, Square), issubclass(Circle, object))
print(type(sq).__name__, type(sq) is Rectangle, [c.__name__ for c in Square.__mro__])
print("biggest:", max(shapes, key=lambda s: s.area()).name)

class Animal:
    sound = "..."
    def speak(self):
        return f"{type(self).__name__} says {self.sound}"

class Cat(Animal):
    sound = "meow"
class Lion(Cat):
    def speak(self):
        return super().speak().upper()

for a in [Animal(), Cat(), Lion()]:
    print(a.speak())
