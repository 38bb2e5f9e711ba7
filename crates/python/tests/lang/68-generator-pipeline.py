# Teaches: a pipeline of generator functions (lazy: each stage pulls one item at a time), interleaved prints show the order
log_lines = [
    "INFO start",
    "ERROR disk full",
    "INFO retry",
    "WARN slow disk",
    "ERROR disk full",
    "ERROR network down",
]

def read(lines):
    for number, line in enumerate(lines, start=1):
        print(f"  read line {number}")
        yield number, line

def only(level, records):
    for number, line in records:
        if line.startswith(level):
            yield number, line[len(level) + 1:]

def numbered(records):
    for number, message in records:
        yield f"#{number}: {message}"

pipeline = numbered(only("ERROR", read(log_lines)))
print("nothing read yet")
print(next(pipeline))
print("one error taken")
for item in pipeline:
    print(item)

def running_total(values):
    total = 0
    for v in values:
        total += v
        yield total

def first_over(limit, values):
    for v in values:
        if v > limit:
            return v
    return None

sales = [120, 80, 45, 300, 10]
print(list(running_total(sales)))
print(first_over(400, running_total(sales)))
print(first_over(9999, running_total(sales)))

words = "the quick brown fox jumps over the lazy dog".split()
lengths = (len(w) for w in words)
long_words = (w.upper() for w in words if len(w) > 4)
print(max(lengths), ",".join(long_words))
print(list(lengths), list(long_words))
