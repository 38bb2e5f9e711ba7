# Teaches: tuple unpacking in for loops and assignments, starred targets, and an uncaught ValueError: too many values to unpack (expected 2)
contacts = [("Ann", "555-0101"), ("Bob", "555-0199"), ("Cy", "555-0142")]
for name, phone in contacts:
    print(f"{name:<4} {phone}")

name, phone = contacts[0]
first, *others = contacts
print(name, phone, len(others))

try:
    a, b, c = "xy"
except ValueError as e:
    print("caught:", e)
try:
    (x, y), z = [1, 2, 3], 4
except ValueError as e:
    print("caught:", e)

lines = ["Dee=555-0111", "Eve=555-0122", "Fay=555-0133=old"]
book = {}
for line in lines:
    key, value = line.split("=")
    book[key] = value
    print("added", key)
print(book)
