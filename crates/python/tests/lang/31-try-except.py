# Teaches: try/except/else/finally, catching several kinds with except (A, B) as e, str of exceptions, order of clauses
def safe_divide(a, b):
    try:
        result = a / b
    except ZeroDivisionError:
        print("cannot divide", a, "by zero")
        return None
    else:
        print("divided fine")
        return result
    finally:
        print("finally runs for", a, b)

print(safe_divide(10, 4))
print(safe_divide(1, 0))

inputs = ["42", "x7", "", "3.5", None, "8"]
total = 0
for raw in inputs:
    try:
        total += int(raw)
    except (ValueError, TypeError) as e:
        print(type(e).__name__ + ":", e)
print("total:", total)

data = {"a": [1, 2, 3]}
tests = [("a", 1), ("b", 0), ("a", 10)]
for key, index in tests:
    try:
        print("value:", data[key][index])
    except KeyError as e:
        print("missing key", e)
    except IndexError as e:
        print("bad index:", e)

try:
    number = int("12")
except ValueError:
    print("never printed")
else:
    print("parsed", number)
finally:
    print("done parsing")

def first_char(s):
    try:
        return s[0]
    except IndexError:
        return "?"
    finally:
        print("checked", repr(s))

print(first_char("hey"), first_char(""))
try:
    [].pop()
except Exception as e:
    print("caught:", repr(e))
