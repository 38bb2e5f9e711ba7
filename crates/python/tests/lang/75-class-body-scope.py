# Teaches: a class body is a scope of its own: earlier names in it, comprehensions there see only their first iterable, attributes via self
class Pizza:
    base_price = 8
    sizes = {"small": 0.8, "medium": 1.0, "large": 1.4}
    largest = max(sizes, key=sizes.get)
    labels = [name.upper() for name in sizes]
    try:
        menu = [base_price * factor for factor in sizes.values()]
    except NameError as e:
        menu = None
        problem = str(e)
    menu_ok = [b * f for b, f in zip([base_price] * len(sizes), sizes.values())]
    toppings_price = 1.5

    def __init__(self, size, toppings=()):
        self.size = size
        self.toppings = list(toppings)

    def price(self):
        factor = self.sizes[self.size]
        return self.base_price * factor + self.toppings_price * len(self.toppings)

    def describe(self):
        return f"{self.size} pizza with {len(self.toppings)} toppings"

print(Pizza.largest, Pizza.labels)
print(Pizza.menu, Pizza.problem)
print(Pizza.menu_ok)
p = Pizza("large", ["olives", "ham"])
print(p.describe(), "costs", p.price())
p.toppings_price = 0
print("free toppings for this one:", p.price(), "others:", Pizza("small", ["ham"]).price())

class Config:
    debug = False
    level = "verbose" if debug else "quiet"
    debug = True
    later = "verbose" if debug else "quiet"
    names = sorted(k for k in ("b", "a", "c"))

print(Config.level, Config.later, Config.names)

x = "module x"
class Scope:
    x = "class x"
    def method(self):
        return x
    seen_in_body = x

print(Scope().method(), "|", Scope.seen_in_body)
print(hasattr(Pizza, "problem"), hasattr(Pizza, "e"), hasattr(p, "factor"))
