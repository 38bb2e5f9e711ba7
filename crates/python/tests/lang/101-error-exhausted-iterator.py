# Teaches: an uncaught StopIteration from next() on an iterator that is used up (a second pass over the same iterator finds nothing)
tickets = iter(["A1", "A2", "B7"])
print("first ticket:", next(tickets))
remaining = list(tickets)
print("remaining:", remaining)
print("list again:", list(tickets), "with default:", next(tickets, "none left"))

def queue_numbers(start, count):
    for n in range(start, start + count):
        yield f"Q{n:03d}"

q = queue_numbers(7, 3)
served = [next(q) for _ in range(2)]
print("served:", served)
for ticket in q:
    print("serving", ticket)

lines = iter("header\nrow 1\nrow 2".splitlines())
header = next(lines)
rows = [line.upper() for line in lines]
print(header, rows)
try:
    next(lines)
except StopIteration:
    print("caught the end of lines")

pairs = zip([1, 2], "ab")
print(dict(pairs), dict(pairs))
print("one more ticket:", next(q))
