# Teaches: an uncaught KeyError: looking up a price that the dict does not have, after a few good lookups
prices = {"apple": 0.5, "banana": 0.25, "cherry": 3.0}
basket = [("apple", 4), ("banana", 6), ("cherry", 1), ("pears", 2), ("apple", 1)]

# The list has a fruit the price list does not know about.
total = 0.0
for fruit, qty in basket:
    if fruit in prices:
        print(f"{qty} x {fruit} = {qty * prices[fruit]:.2f}")
    else:
        print("about to look up", fruit)
    cost = prices[fruit] * qty
    total += cost

print("total:", total)
print("thank you for shopping")
