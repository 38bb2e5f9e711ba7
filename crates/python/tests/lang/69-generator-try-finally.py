# Teaches: yield inside try/finally, generators that return early (StopIteration value), close(), finally when a generator runs out
def lines_of(name, lines):
    print("open", name)
    try:
        for line in lines:
            yield line
    finally:
        print("close", name)

for line in lines_of("notes.txt", ["buy milk", "call mom"]):
    print(" ", line)
print("after the loop")

reader = lines_of("big.log", ["a", "b", "c", "d"])
print(next(reader), next(reader))
reader.close()
print("closed early; next gives", next(reader, "nothing"))

def until_blank(lines):
    count = 0
    for line in lines:
        if line == "":
            return count
        count += 1
        yield line.title()
    return count

gen = until_blank(["first entry", "second entry", "", "never seen"])
while True:
    try:
        print(next(gen))
    except StopIteration as stop:
        print("stopped after", stop.value, "lines")
        break

print(list(until_blank([])))

def countdown(n):
    try:
        while n > 0:
            yield n
            n -= 1
    finally:
        print("countdown cleanup at", n)

c = countdown(3)
print(list(c))
print(list(c))
print(sum(countdown(4)))
