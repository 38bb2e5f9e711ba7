# Teaches: default argument values are evaluated once, at def time: the shared mutable default, the None idiom, defaults read early
def add_item(item, basket=[]):
    basket.append(item)
    return basket

print(add_item("apple"))
print(add_item("bread"))
mine = add_item("milk", [])
print(mine, add_item("eggs"))
print(add_item("tea") is add_item("jam"))

def add_item_safely(item, basket=None):
    if basket is None:
        basket = []
    basket.append(item)
    return basket

print(add_item_safely("apple"), add_item_safely("bread"))

start = 10
def count_from(n=start):
    return list(range(n, n + 3))

start = 500
print(count_from(), count_from(1))

def remember(key, value, cache={}):
    cache[key] = value
    return len(cache)

print(remember("a", 1), remember("b", 2), remember("a", 3))

def visit(node, seen=set()):
    if node in seen:
        return False
    seen.add(node)
    return True

print([visit(n) for n in [3, 1, 3, 2, 1]])
print(visit(4), visit(3), visit(3, set()))

counter = [0]
def make_default():
    counter[0] += 1
    return counter[0]

def stamped(label, stamp=make_default()):
    return f"{label}#{stamp}"

print(stamped("x"), stamped("y"), stamped("z", 99), counter)

def greet(name, greeting="Hello", *, punctuation="!"):
    return f"{greeting}, {name}{punctuation}"

print(greet("Ann"), greet("Bo", "Hi"), greet("Cy", punctuation="?"))
print(greet("Di", punctuation=""), greet(greeting="Yo", name="Ed"))
