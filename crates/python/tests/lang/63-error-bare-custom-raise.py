# Teaches: an uncaught exception raised by its class alone, without a message (the traceback's last line is just its name)
class EmptyCartError(Exception):
    """Raised when checking out a cart with nothing in it."""

def checkout(cart):
    if not cart:
        raise EmptyCartError
    total = sum(price for _, price in cart)
    print(f"checked out {len(cart)} items for {total:.2f}")
    return total

carts = [
    [("pen", 1.5), ("pad", 3.25)],
    [("ink", 7.0)],
    [],
    [("tape", 2.0)],
]
for number, cart in enumerate(carts, 1):
    print("cart", number)
    checkout(cart)
