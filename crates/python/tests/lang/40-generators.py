# Teaches: generator functions with yield, next(), yield from, infinite generators stopped with break, pipelines
def countdown(n):
    print("starting countdown")
    while n > 0:
        yield n
        n -= 1
    print("liftoff!")

for x in countdown(3):
    print(x)

gen = countdown(2)
print(next(gen), next(gen))
print(next(gen, "exhausted"))

def fibonacci():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b

fibs = []
for f in fibonacci():
    if f > 100:
        break
    fibs.append(f)
print(fibs)

def take(n, iterable):
    for i, item in enumerate(iterable):
        if i == n:
            return
        yield item

print(list(take(5, fibonacci())))

def chain(*iterables):
    for it in iterables:
        yield from it

print(list(chain([1, 2], "ab", range(3))))

def tree_walk(node):
    value, children = node
    yield value
    for child in children:
        yield from tree_walk(child)

tree = ("root", [("a", [("a1", []), ("a2", [])]), ("b", [])])
print(list(tree_walk(tree)))

def read_numbers(lines):
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            yield int(line)

data = ["10", "# comment", "", "20", " 30 "]
squares = (n * n for n in read_numbers(data))
print(sum(squares), list(read_numbers(data)))
