# Teaches: __str__ vs __repr__: print and f-strings use str, containers and !r use repr, fallback of str to repr, format()
class Money:
    def __init__(self, cents, currency="EUR"):
        self.cents = cents
        self.currency = currency

    def __repr__(self):
        return f"Money({self.cents}, {self.currency!r})"

    def __str__(self):
        return f"{self.cents // 100}.{self.cents % 100:02d} {self.currency}"

class Card:
    def __init__(self, rank, suit):
        self.rank, self.suit = rank, suit

    def __repr__(self):
        return f"{self.rank}{self.suit}"

price = Money(1999)
print(price)
print(repr(price))
print(f"price: {price}, debug: {price!r}, as str: {price!s}")
print([price, Money(5, "USD")])
print({"total": price})
print((price,))
print(str([price]), "|", str(price))
print("%s / %r" % (price, price))
print("{} / {!r} / {:>14}".format(price, price, str(price)))

hand = [Card(10, "h"), Card("K", "s"), Card("A", "d")]
print(hand)
print(f"first card {hand[0]} and {hand[0]!r}")
print(str(Card(2, "c")), len(repr(hand)))

class Temperature:
    def __init__(self, degrees):
        self.degrees = degrees
    def __str__(self):
        return f"{self.degrees:.1f}°C"

t = Temperature(21.456)
print(t, [str(t)])
print(repr(t).startswith("<__main__.Temperature object at 0x"))

words = ["it's", 'say "hi"', "tab\there", "new\nline"]
print(words)
for w in words:
    print(f"{w!r:>14} {len(w)}")
print(f"{'quoted'!r} {3.0!r} {None!r} {[1, 'a']!s}")
