# Teaches: @property getters, setters that validate (also in __init__), read-only and computed properties, isinstance with a tuple of types
class Product:
    def __init__(self, name, price, stock=0):
        self.name = name
        self.price = price
        self.stock = stock

    @property
    def price(self):
        return self._price

    @price.setter
    def price(self, value):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise TypeError(f"price must be a number, not {type(value).__name__}")
        if value < 0:
            raise ValueError("price cannot be negative")
        self._price = round(value, 2)

    @property
    def stock(self):
        return self._stock

    @stock.setter
    def stock(self, value):
        self._stock = max(0, int(value))

    @property
    def value(self):
        return self.price * self.stock

pen = Product("pen", 1.499, 10)
print(pen.name, pen.price, pen.stock, pen.value)
pen.stock -= 25
print("stock after oversell:", pen.stock)
for bad in [-3, "cheap", True, None]:
    try:
        pen.price = bad
    except (TypeError, ValueError) as e:
        print(f"{bad!r}: {type(e).__name__}: {e}")
print(pen.price)
try:
    pen.value = 100
except AttributeError as e:
    print("AttributeError:", e)
try:
    Product("ghost", -1)
except ValueError as e:
    print("constructor refused:", e)

print(pen._price, pen._stock, type(Product.price).__name__)
items = [3, 2.5, "4", True, None, [1]]
print([isinstance(x, (int, float)) for x in items])
print([type(x).__name__ for x in items if isinstance(x, (str, list, type(None)))])
print(isinstance(pen, (str, Product)), isinstance(True, int), issubclass(bool, (str, int)))
