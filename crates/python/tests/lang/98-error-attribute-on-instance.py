# Teaches: an uncaught AttributeError reading an attribute an instance never got (set only in one branch), after hasattr/getattr checks
class Order:
    def __init__(self, number, items, coupon=None):
        self.number = number
        self.items = items
        if coupon:
            self.discount = 0.1

    def total(self):
        subtotal = sum(price for _, price in self.items)
        if hasattr(self, "discount"):
            subtotal *= 1 - self.discount
        return round(subtotal, 2)

orders = [
    Order(1, [("book", 12.5), ("pen", 1.5)], coupon="SAVE10"),
    Order(2, [("lamp", 30.0)]),
]
for o in orders:
    print(o.number, o.total(), getattr(o, "discount", "no discount"))
print(hasattr(orders[0], "discount"), hasattr(orders[1], "discount"))
try:
    orders[0].shipping
except AttributeError as e:
    print("caught:", e)

def invoice_line(order):
    return f"order {order.number}: {order.total()} (saved {order.discount:.0%})"

for o in orders:
    print(invoice_line(o))
