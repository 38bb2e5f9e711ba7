# Teaches: bare raise to re-raise, raising inside except (implicit __context__), an exception raised in finally replaces the first
def parse_age(text):
    try:
        return int(text)
    except ValueError:
        print("  logging bad age:", repr(text))
        raise

for t in ["31", "thirty"]:
    try:
        print("age", parse_age(t))
    except ValueError as e:
        print("re-raised:", e)
def load(record):
    try:
        return record["price"] * record["qty"]
    except KeyError as e:
        raise RuntimeError(f"record incomplete, missing {e}")

try:
    load({"price": 3})
except RuntimeError as e:
    print(type(e).__name__, "-", e)
    print("context:", type(e.__context__).__name__, e.__context__)
    print("cause:", e.__cause__)
def cleanup_fails():
    try:
        raise ValueError("original problem")
    finally:
        raise OSError("cleanup failed too")

try:
    cleanup_fails()
except Exception as e:
    print("got", type(e).__name__, e)
    print("hidden inside:", repr(e.__context__))
def retry_then_raise(tries):
    last = None
    for n in range(tries):
        try:
            raise TimeoutError(f"try {n}")
        except TimeoutError as e:
            last = e
    raise last

try:
    retry_then_raise(3)
except TimeoutError as e:
    print("last error:", e)

try:
    try:
        1 / 0
    except ZeroDivisionError:
        print("inner handler")
        raise
    finally:
        print("inner finally")
except ArithmeticError as e:
    print("outer caught an ArithmeticError:", e)
