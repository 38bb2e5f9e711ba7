# Teaches: the with statement on a class with __enter__/__exit__, cleanup when an exception passes, suppressing exceptions
class Timer:
    def __init__(self, label):
        self.label = label
        self.steps = 0

    def __enter__(self):
        print("start", self.label)
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        print("stop", self.label, "after", self.steps, "steps")
        return False

with Timer("loop") as t:
    for i in range(5):
        t.steps += 1
print("outside, steps =", t.steps)

class Suppress:
    def __init__(self, *kinds):
        self.kinds = kinds

    def __enter__(self):
        return None

    def __exit__(self, exc_type, exc_value, tb):
        if exc_type is not None and issubclass(exc_type, self.kinds):
            print("suppressed", exc_type.__name__ + ":", exc_value)
            return True
        return False

with Suppress(ZeroDivisionError, KeyError):
    print("before")
    x = 1 / 0
    print("never")
print("after the with block")

try:
    with Timer("failing") as t:
        t.steps = 2
        raise ValueError("broken step")
except ValueError as e:
    print("caught outside:", e)

class Indent:
    level = 0
    def __enter__(self):
        Indent.level += 1
        return "  " * Indent.level
    def __exit__(self, *exc):
        Indent.level -= 1

with Indent() as pad:
    print(pad + "one")
    with Indent() as pad2, Timer("inner"):
        print(pad2 + "two")
    print(pad + "back to one")
print(Indent.level)
