# Teaches: an uncaught ValueError from int(): converting text fields that are not all numbers
lines = [
    "alice,12",
    "bob,7",
    "carol,twelve",
    "dave,3",
]

total = 0
for line in lines:
    name, raw = line.split(",")
    print("reading", name)
    quantity = int(raw)
    total += quantity
    print("  running total:", total)

print("grand total:", total)
