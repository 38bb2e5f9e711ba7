# Teaches: zfill, center, ljust, rjust, partition/rpartition, splitlines, and printing a text table
print("7".zfill(3), "42".zfill(5), "-5".zfill(4))
print("[" + "title".center(11) + "]")
print("[" + "title".center(11, "*") + "]")
print("[" + "left".ljust(8) + "]", "[" + "right".rjust(8) + "]")
print("[" + "dots".ljust(10, ".") + "]")

items = [("apple", 3, 0.5), ("banana", 12, 0.25), ("cherry", 100, 0.1)]
print("Item".ljust(10) + "Qty".rjust(5) + "Price".rjust(8))
print("-" * 23)
for name, qty, price in items:
    print(name.ljust(10) + str(qty).rjust(5) + str(price).rjust(8))

email = "student@university.edu"
user, at, domain = email.partition("@")
print(user, at, domain)
print("no-at-sign".partition("@"))
path = "home/user/docs/file.txt"
print(path.rpartition("/"))
print("key=value=more".partition("="))

poem = "Roses are red\nViolets are blue\n\nPython is fun"
lines = poem.splitlines()
print(lines)
for number, line in enumerate(lines, start=1):
    print(str(number).rjust(2), "|", line)
print("one\r\ntwo\rthree\n".splitlines())
print("a\nb\n".split("\n"))
