# Teaches: @classmethod alternative constructors that build the subclass, @staticmethod helpers, __call__ making instances callable
class Date:
    def __init__(self, year, month, day):
        if not self.valid(month, day):
            raise ValueError(f"bad date {year}-{month}-{day}")
        self.year, self.month, self.day = year, month, day

    @classmethod
    def from_string(cls, text):
        year, month, day = (int(part) for part in text.split("-"))
        return cls(year, month, day)

    @classmethod
    def new_year(cls, year):
        return cls(year, 1, 1)

    @staticmethod
    def valid(month, day):
        return 1 <= month <= 12 and 1 <= day <= 31

    def __repr__(self):
        return f"{type(self).__name__}({self.year}, {self.month}, {self.day})"

class Holiday(Date):
    def __init__(self, year, month, day, name="unnamed"):
        super().__init__(year, month, day)
        self.name = name
d = Date.from_string("2024-03-15")
h = Holiday.from_string("2024-12-25")
print(d, h, h.name, Holiday.new_year(2025))
print(Date.valid(2, 30), d.valid(13, 1), Holiday.valid(12, 31))
try:
    Date.from_string("2024-13-01")
except ValueError as e:
    print(e)

class Multiplier:
    def __init__(self, factor):
        self.factor = factor
        self.calls = 0
    def __call__(self, value):
        self.calls += 1
        return value * self.factor

triple = Multiplier(3)
print(triple(5), triple("ab"), list(map(triple, [1, 2, 3])), triple.calls)
print(callable(triple), callable(Multiplier), callable(d), callable(Date.valid))

class Registry:
    plugins = []
    @classmethod
    def register(cls, func):
        cls.plugins.append(func.__name__)
        return func

@Registry.register
def spell_check(text):
    return text.replace("teh", "the")

print(Registry.plugins, spell_check("teh end"))
