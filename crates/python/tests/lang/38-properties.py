# Teaches: @property with a setter, validation in a setter, read-only properties, @staticmethod, @classmethod
class Temperature:
    def __init__(self, celsius=0.0):
        self.celsius = celsius

    @property
    def celsius(self):
        return self._celsius

    @celsius.setter
    def celsius(self, value):
        if value < -273.15:
            raise ValueError("below absolute zero")
        self._celsius = value

    @property
    def fahrenheit(self):
        return self._celsius * 9 / 5 + 32

    @staticmethod
    def c_to_k(c):
        return c + 273.15

    @classmethod
    def from_fahrenheit(cls, f):
        return cls((f - 32) * 5 / 9)

t = Temperature(25)
print(t.celsius, t.fahrenheit)
t.celsius = 100
print(t.celsius, t.fahrenheit)
try:
    t.celsius = -300
except ValueError as e:
    print("error:", e, "| still", t.celsius)
print(Temperature.c_to_k(0), t.c_to_k(-273.15))
body = Temperature.from_fahrenheit(98.6)
print(round(body.celsius, 1), type(body).__name__)

class Circle:
    def __init__(self, radius):
        self.radius = radius

    @property
    def area(self):
        return round(3.14159 * self.radius ** 2, 2)

c = Circle(2)
print(c.area)
c.radius = 3
print(c.area)
try:
    c.area = 10
except AttributeError as e:
    print("AttributeError:", e)
