# Teaches: @classmethod as an alternative constructor and a counter of instances, @staticmethod helpers, class attributes
class Student:
    school = "Central High"
    _next_id = 1

    def __init__(self, name):
        self.name = name
        self.id = Student._next_id
        Student._next_id += 1

    @classmethod
    def from_csv(cls, line):
        name, _ = line.split(",")
        return cls(name.strip())

    @staticmethod
    def is_valid_name(name):
        return name.replace(" ", "").isalpha()

    @property
    def badge(self):
        return f"#{self.id:03d} {self.name} ({self.school})"

    @classmethod
    def enrolled(cls):
        return cls._next_id - 1

for s in [Student("Lena"), Student.from_csv("Omar Ali, 17")]:
    print(s.badge)
print(Student.is_valid_name("Omar Ali"), Student.is_valid_name("R2D2"))
print("enrolled:", Student.enrolled())

class MathUtils:
    @staticmethod
    def clamp(value, low, high):
        return max(low, min(value, high))

    @staticmethod
    def mean(*values):
        return sum(values) / len(values) if values else 0

print(MathUtils.clamp(15, 0, 10), MathUtils.clamp(-3, 0, 10), MathUtils.mean(1, 2, 3, 4))
print(MathUtils.mean(), MathUtils().clamp(5, 0, 10))
