# Teaches: functions with positional, default, keyword-only, *args and **kwargs parameters called from threads, and a global call counter protected by a lock
# Output: exact
# Speed: none
import threading

calls = 0
calls_lock = threading.Lock()
results = {}


def order_pizza(size, *toppings, crust="thin", extra_cheese=False, **notes):
    global calls
    with calls_lock:
        calls += 1
    price = {"small": 8, "medium": 10, "large": 13}[size]
    price += 1.5 * len(toppings)
    if extra_cheese:
        price += 2
    desc = f"{size} {crust}-crust"
    if toppings:
        desc += " with " + ", ".join(toppings)
    for key, value in sorted(notes.items()):
        desc += f" [{key}={value}]"
    return desc, price


def place(ticket, *args, **kwargs):
    results[ticket] = order_pizza(*args, **kwargs)


jobs = [
    (1, ("small",), {}),
    (2, ("large", "ham", "mushroom"), {"crust": "deep"}),
    (3, ("medium", "olives"), {"extra_cheese": True, "table": 4}),
    (4, ("large",), {"extra_cheese": True, "note": "well done", "table": 7}),
]
threads = [threading.Thread(target=place, args=(t, *a), kwargs=kw) for t, a, kw in jobs]
for t in threads:
    t.start()
for t in threads:
    t.join()

total = 0
for ticket in sorted(results):
    desc, price = results[ticket]
    total += price
    print(f"#{ticket}: {desc} -> ${price:.2f}")
print(f"{calls} orders, total ${total:.2f}")
