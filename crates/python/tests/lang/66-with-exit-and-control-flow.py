# Teaches: return, break and continue leaving a with block: __exit__ runs first and sees no exception; exceptions and suppression
class Resource:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        print("open", self.name)
        return self

    def __exit__(self, exc_type, exc, tb):
        kind = exc_type.__name__ if exc_type else "no error"
        print("close", self.name, "-", kind)
        return exc_type is KeyError

def first_long_line(lines):
    with Resource("reader"):
        for line in lines:
            if len(line) > 5:
                return line
    return None

print(first_long_line(["hi", "hello world", "bye"]))
print(first_long_line(["a", "b"]))

for i in range(4):
    with Resource(f"file{i}"):
        if i == 1:
            continue
        if i == 3:
            break
        print("working on", i)
print("loop done")

def lookup(table, key):
    with Resource("table"):
        return table[key]
    return "suppressed, so we fall out of the with"

print(lookup({"a": 1}, "a"))
print(lookup({"a": 1}, "zzz"))

try:
    with Resource("outer") as outer, Resource("inner") as inner:
        print("using", outer.name, "and", inner.name)
        raise ValueError("bad data")
except ValueError as e:
    print("caught:", e)

def nested():
    with Resource("A"):
        try:
            with Resource("B"):
                return "returned from B"
        finally:
            print("finally between B and A")

print(nested())
