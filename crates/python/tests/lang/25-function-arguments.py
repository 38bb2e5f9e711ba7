# Teaches: functions with default arguments, keyword arguments, keyword-only arguments, the mutable default trap, docstrings
def greet(name, greeting="Hello", punctuation="!"):
    """Return a greeting for name."""
    return greeting + ", " + name + punctuation

print(greet("Ana"))
print(greet("Ben", "Hi"))
print(greet("Cy", punctuation="?"))
print(greet(greeting="Hey", name="Di"))
print(greet.__doc__)

def make_order(item, qty=1, *, size="medium", extras=None):
    if extras is None:
        extras = []
    return f"{qty} x {size} {item}" + (" with " + ", ".join(extras) if extras else "")

print(make_order("coffee"))
print(make_order("tea", 2, size="large"))
print(make_order("latte", extras=["oat milk", "vanilla"]))

def add_item(item, basket=[]):
    basket.append(item)
    return basket

print(add_item("a"))
print(add_item("b"))

def add_item_safely(item, basket=None):
    if basket is None:
        basket = []
    basket.append(item)
    return basket

print(add_item_safely("a"), add_item_safely("b"))

def area(width, height=None):
    if height is None:
        height = width
    return width * height

print(area(3), area(3, 4), area(height=2, width=5))

def describe(name, /, age, *, city):
    return f"{name} ({age}) from {city}"

print(describe("Eve", 29, city="Rome"), describe("Fay", age=40, city="Oslo"))
def nothing():
    pass
print(nothing())
