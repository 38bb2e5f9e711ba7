# Teaches: an exception raised inside a thread does not reach the main thread, so each worker catches it with try/except/else/finally and records the outcome; also a custom exception subclass, raise and assert
# Output: exact
# Speed: none
import threading


class ValidationError(ValueError):
    """Raised when an order line is not valid."""

    def __init__(self, line, reason):
        super().__init__(f"line {line}: {reason}")
        self.line = line


def parse_order(line_no, text):
    parts = text.split(",")
    if len(parts) != 2:
        raise ValidationError(line_no, "expected 'item,quantity'")
    item, qty = parts[0].strip(), int(parts[1])   # int() may raise ValueError itself
    if qty <= 0 or qty > 100:
        raise ValidationError(line_no, f"bad quantity {qty}")
    return item, qty


outcomes = [None] * 6
orders = ["apples, 3", "pears", "plums, -2", "figs, two", "kiwis, 12", "limes, 1"]


def worker(i, text):
    try:
        item, qty = parse_order(i + 1, text)
    except ValidationError as e:
        outcomes[i] = ("invalid", str(e))
    except ValueError as e:
        outcomes[i] = ("error", type(e).__name__)
    else:
        outcomes[i] = ("ok", f"{qty} x {item}")
    finally:
        assert outcomes[i] is not None


threads = [threading.Thread(target=worker, args=(i, t)) for i, t in enumerate(orders)]
for t in threads:
    t.start()
for t in threads:
    t.join()

for status, detail in outcomes:
    print(f"{status:8} {detail}")

ok = sum(1 for s, _ in outcomes if s == "ok")
big = [d for s, d in outcomes if s == "ok" and not d.startswith("1 ")]
print("accepted orders of more than one:", big)
print(ok, "of", len(orders), "orders accepted")
err = ValidationError(9, "test")
print(isinstance(err, ValueError), isinstance(err, Exception), err.line)
try:
    assert ok == len(orders), "some orders were rejected"
except AssertionError as e:
    print("AssertionError:", e)
