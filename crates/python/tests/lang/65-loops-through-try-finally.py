# Teaches: break and continue inside try/except/finally in loops, nested try in a loop, else on for/while and try
readings = ["12", "oops", "7", "", "30", "stop", "99"]
total = 0
for raw in readings:
    try:
        if raw == "stop":
            print("stop found")
            break
        if not raw:
            print("empty, skipping")
            continue
        value = int(raw)
    except ValueError:
        print(f"bad reading {raw!r}")
        continue
    else:
        total += value
        print("added", value)
    finally:
        print("  checked", repr(raw))
else:
    print("no stop marker")
print("total:", total)

def find_first_even(numbers):
    for n in numbers:
        if n % 2 == 0:
            print("found", n)
            break
    else:
        print("no even number in", numbers)
        return None
    return n

print(find_first_even([3, 5, 8, 9]))
print(find_first_even([1, 3]))

attempt = 0
while attempt < 5:
    attempt += 1
    try:
        try:
            if attempt < 3:
                raise ConnectionError(f"attempt {attempt} failed")
            print("connected on attempt", attempt)
        finally:
            print("  closing socket", attempt)
    except ConnectionError as err:
        print("retrying:", err)
        continue
    break
else:
    print("gave up")

try:
    result = 10 // 2
except ZeroDivisionError:
    print("not printed")
else:
    print("no exception, result is", result)
