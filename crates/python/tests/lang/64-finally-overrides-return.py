# Teaches: try/finally around return: finally always runs, a return in finally replaces the try's return or exception
def read_setting(settings, name):
    try:
        print("  looking up", name)
        return settings[name]
    finally:
        print("  done looking up", name)

config = {"volume": 7, "theme": "dark"}
print(read_setting(config, "volume"))
try:
    read_setting(config, "language")
except KeyError as e:
    print("missing:", e)

def checked_divide(a, b):
    try:
        return a / b
    except ZeroDivisionError:
        return "undefined"
    finally:
        print(f"  divided {a} by {b}")

print(checked_divide(10, 4))
print(checked_divide(1, 0))

def stubborn():
    try:
        return "from try"
    finally:
        return "from finally"

print(stubborn())
def swallow():
    try:
        raise ValueError("lost")
    finally:
        return "finally won, the ValueError is gone"

print(swallow())
def count_attempts():
    attempts = 0
    try:
        attempts += 1
        return attempts
    finally:
        attempts += 100
        print("  attempts in finally:", attempts)

print(count_attempts())
def layered(x):
    try:
        try:
            return x * 2
        finally:
            print("  inner finally, x =", x)
    finally:
        print("  outer finally")

print(layered(21))
