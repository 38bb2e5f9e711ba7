# Teaches: multiple inheritance in a diamond, the MRO (__mro__ names), cooperative super() calls each class once, super() with arguments
class Device:
    def __init__(self, name, **rest):
        print("Device init")
        self.name = name

    def describe(self):
        return ["device " + self.name]

class Printer(Device):
    def __init__(self, dpi=300, **rest):
        print("Printer init")
        super().__init__(**rest)
        self.dpi = dpi

    def describe(self):
        return ["prints at " + str(self.dpi)] + super().describe()

class Scanner(Device):
    def __init__(self, colors=2, **rest):
        print("Scanner init")
        super().__init__(**rest)
        self.colors = colors

    def describe(self):
        return [f"scans {self.colors} colors"] + super().describe()

class OfficeMachine(Printer, Scanner):
    def __init__(self, **options):
        print("OfficeMachine init")
        super().__init__(**options)

    def describe(self):
        return ["all-in-one"] + super().describe()

print([cls.__name__ for cls in OfficeMachine.__mro__])
m = OfficeMachine(name="HP-1", dpi=600, colors=16)
print(m.describe())
print(m.name, m.dpi, m.colors)
print(isinstance(m, Scanner), issubclass(OfficeMachine, Device), issubclass(Scanner, Printer))

class Skipper(Printer, Scanner):
    def describe(self):
        return super(Printer, self).describe()

print([c.__name__ for c in Skipper.mro()])
print(Skipper(name="S", dpi=1).describe())

class A:
    def hello(self):
        return "A"
class B(A):
    pass
class C(A):
    def hello(self):
        return "C"
class D(B, C):
    pass
print(D().hello(), [k.__name__ for k in D.__mro__])
