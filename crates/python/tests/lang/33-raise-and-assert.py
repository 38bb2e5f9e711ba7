# Teaches: raise with built-in exceptions, re-raising, raise ... from, assert with a message, validating input
def parse_age(text):
    if not text.strip().lstrip("-").isdigit():
        raise ValueError(f"not a number: {text!r}")
    age = int(text)
    if age < 0:
        raise ValueError("age cannot be negative")
    return age

for text in ["25", "abc", "-3", " 40 "]:
    try:
        print("age", parse_age(text))
    except ValueError as err:
        print("rejected:", err)

def average(scores):
    assert len(scores) > 0, "need at least one score"
    return sum(scores) / len(scores)

print(average([80, 90]))
try:
    average([])
except AssertionError as e:
    print("assertion failed:", e)

def load(config, key):
    try:
        return config[key]
    except KeyError as e:
        raise RuntimeError("setting missing: " + key) from e

try:
    load({"port": 80}, "host")
except RuntimeError as e:
    print(e, "| caused by", repr(e.__cause__))

def checked_sqrt(x):
    try:
        if x < 0:
            raise ArithmeticError("negative input")
        return x ** 0.5
    except ArithmeticError:
        print("logging the problem, then passing it on")
        raise

try:
    checked_sqrt(-4)
except ArithmeticError as e:
    print("outer caught:", e)
print(checked_sqrt(16))
try:
    raise TypeError
except TypeError as e:
    print(repr(e), str(e) == "")
