# Teaches: submit() returns Futures; as_completed() yields them as each one finishes (shortest wait first), and future.result() re-raises an exception from the worker.
# Output: exact
# Speed: io-bound
import time
from concurrent.futures import ThreadPoolExecutor, as_completed


def brew(drink, minutes):
    time.sleep(minutes / 10)  # one "minute" is 0.1 s here
    if drink == "mystery tea":
        raise RuntimeError("ran out of mystery")
    return f"{drink} ready after {minutes} min"


orders = {"espresso": 1, "latte": 4, "cocoa": 6, "mystery tea": 3, "cold brew": 8}

with ThreadPoolExecutor(max_workers=len(orders)) as executor:
    future_to_drink = {executor.submit(brew, d, m): d for d, m in orders.items()}
    print("submitted", len(future_to_drink), "orders")
    for future in as_completed(future_to_drink):
        drink = future_to_drink[future]
        try:
            print(future.result())
        except RuntimeError as exc:
            print(f"{drink} failed: {exc}")

print("all orders handled")
