# Teaches: True/False and None, truthiness of values, bool(), and/or returning an operand, not, is/is not
values = [0, 1, -3, 0.0, "", "hi", [], [0], {}, None, True, False]
for v in values:
    print(repr(v), "->", bool(v))

print(True + True, True * 10, False - 1)
print(3 > 2, 3 == 2, not True)

print(0 or "default")
print("given" or "default")
print(None or 0 or [] or "last")
print(1 and 2 and 3)
print(1 and 0 and 3)
print("" and "never")

def find(items, target):
    for i, item in enumerate(items):
        if item == target:
            return i
    return None

result = find(["a", "b", "c"], "z")
print(result)
if result is None:
    print("not found")
result = find(["a", "b", "c"], "c")
if result is not None:
    print("found at", result)

name = ""
print("Hello,", name or "stranger")
print(None == None, None is None, type(None).__name__)
print(isinstance(True, int), True == 1)
