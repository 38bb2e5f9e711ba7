# Teaches: an uncaught TypeError from calling a function without a required positional argument (after a caught unexpected-keyword one)
def shipping_cost(weight, distance, express=False):
    base = 5 + weight * 0.5 + distance * 0.1
    return round(base * (2 if express else 1), 2)

orders = [
    {"weight": 2, "distance": 10},
    {"weight": 10, "distance": 250, "express": True},
    {"weight": 0.5, "distance": 3},
]
for order in orders:
    print(order, "->", shipping_cost(**order))

try:
    shipping_cost(1, 2, fast=True)
except TypeError as e:
    print("caught:", e)
try:
    shipping_cost(1, 2, 3, 4)
except TypeError as e:
    print("caught:", e)

parcels = [(3, 40), (7,)]
for parcel in parcels:
    print("parcel", parcel, "costs", shipping_cost(*parcel))
print("all parcels priced")
