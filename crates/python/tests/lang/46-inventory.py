# Teaches: a small inventory program: a class holding a dict, adding and removing stock, reports, errors as return values
class Inventory:
    def __init__(self):
        self.items = {}

    def add(self, name, qty, price=None):
        if name in self.items:
            self.items[name]["qty"] += qty
        else:
            self.items[name] = {"qty": qty, "price": price}

    def remove(self, name, qty):
        item = self.items.get(name)
        if item is None:
            return f"no {name} in stock"
        if item["qty"] < qty:
            return f"only {item['qty']} {name} left"
        item["qty"] -= qty
        if item["qty"] == 0:
            del self.items[name]
        return "ok"

    def value(self):
        return sum(i["qty"] * i["price"] for i in self.items.values())

    def report(self):
        for name in sorted(self.items):
            i = self.items[name]
            print(f"  {name:<10}{i['qty']:>4} @ {i['price']:>6.2f}")
        print(f"  value: {self.value():.2f}")

store = Inventory()
store.add("pencil", 100, 0.25)
store.add("notebook", 20, 2.5)
store.add("eraser", 35, 0.4)
store.add("pencil", 50)
store.report()

for name, qty in [("pencil", 30), ("notebook", 25), ("stapler", 1), ("eraser", 35)]:
    print("remove", qty, name, "->", store.remove(name, qty))
store.report()
print(store.items)
low = [n for n, i in store.items.items() if i["qty"] < 50]
print("low stock:", low)
