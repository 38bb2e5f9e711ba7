# Teaches: an uncaught TypeError: adding a number to a string without str(), the most common beginner mistake
def receipt_line(item, price):
    return item + ": " + str(price)

def summary(count):
    return "items bought: " + count

items = {"tea": 3, "scone": 2}
for item, price in items.items():
    print(receipt_line(item, price))

count = len(items)
print("counted", count, "items")
print(summary(str(count)))
print(summary(count))
print("not printed")
