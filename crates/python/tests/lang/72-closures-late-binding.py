# Teaches: closures see a variable's latest value (late binding), fixing it with a default argument or a factory function
buttons = []
for label in ["save", "open", "quit"]:
    buttons.append(lambda: f"clicked {label}")
print([press() for press in buttons])

fixed = []
for label in ["save", "open", "quit"]:
    fixed.append(lambda label=label: f"clicked {label}")
print([press() for press in fixed])

def make_handler(label):
    def handler():
        return f"clicked {label}"
    return handler

made = [make_handler(label) for label in ["save", "open", "quit"]]
print([press() for press in made])

powers = {}
for exp in range(1, 4):
    powers[exp] = lambda x: x ** exp
print({e: f(2) for e, f in powers.items()})
exp = 10
print("after rebinding exp:", powers[1](2))

def counters():
    fns = []
    i = 0
    while i < 3:
        def show():
            return i
        fns.append(show)
        i += 1
    return fns

print([f() for f in counters()])

def greeter():
    greeting = "hello"
    def greet(name):
        return f"{greeting}, {name}"
    greeting = "goodbye"
    return greet

print(greeter()("Ada"))

tax_rate = 0.2
def with_tax(price):
    return round(price * (1 + tax_rate), 2)
print(with_tax(100))
tax_rate = 0.25
print(with_tax(100))
