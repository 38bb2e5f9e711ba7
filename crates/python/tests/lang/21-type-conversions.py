# Teaches: the constructors str, int, float, bool, list, tuple, dict, set; int('42') and int(x, base); repr vs str
print(int("42") + 1, int("-17"), int(" 8 "), int(3.7), int(True))
print(int("ff", 16), int("1010", 2), int("z", 36), int("0o17", 8))
print(float("3.25"), float("-1e3"), float(2), float("  1.5 "))
print(str(42) + str(3.5) + str(None) + str(True))
print(bool(0), bool(42), bool(""), bool("False"), bool([]), bool(None))

print(list("abc"), list((1, 2)), list(range(3)), list({"k": 1, "j": 2}))
print(tuple([1, 2, 3]), tuple("hi"), tuple())
print(set([3, 1, 3, 2]), set())
print(dict([("a", 1), ("b", 2)]), dict(x=1), dict())
print(list(map(float, ["1", "2.5"])))

print(str("quote's"), repr("quote's"), repr('say "hi"'))
print(str([1, "a"]), repr(3.0), repr(None))
print(repr("tab\there"), repr("new\nline"), repr("back\\slash"))

raw = ["12", "7", "abc", "3.5", "", "100"]
total = 0
for item in raw:
    if item.isdigit():
        total += int(item)
    else:
        print("skipping", repr(item))
print("total:", total)

numbers = "4,8,15,16,23,42"
values = [int(v) for v in numbers.split(",")]
print(values, sum(values))
print(",".join(str(v * 2) for v in values))
print(int(float("7.9")), round(float("7.9")), str(int("0042")))
print(float(10 ** 20), int(1e20), int("1_000_000"))
