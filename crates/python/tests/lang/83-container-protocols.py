# Teaches: a container class with __len__, __getitem__ (indices and slices), __contains__, and __iter__ written as a generator
class Deck:
    ranks = "A23456789TJQK"

    def __init__(self, suits="SH"):
        self.cards = [r + s for s in suits for r in self.ranks]

    def __len__(self):
        return len(self.cards)

    def __getitem__(self, position):
        print("  getitem", position)
        return self.cards[position]

    def __contains__(self, card):
        print("  contains", card)
        return card.upper() in self.cards

    def __iter__(self):
        for i in range(0, len(self.cards), 6):
            yield self.cards[i]

deck = Deck()
print(len(deck))
print(deck[0], deck[-1])
print(deck[2:5])
print("qs" in deck, "QC" in deck)
print(list(deck))
print([c for c in deck if c[1] == "H"])

class Squares:
    def __getitem__(self, i):
        if i >= 5:
            raise IndexError(i)
        return i * i

sq = Squares()
print(sq[3], [sq[i] for i in range(5)], sq[-2])
try:
    sq[5]
except IndexError as e:
    print("IndexError:", e)

class Countdown:
    def __init__(self, start):
        self.start = start
    def __iter__(self):
        n = self.start
        while n > 0:
            yield n
            n -= 1

c = Countdown(3)
print(list(c), list(c), sum(c), max(c), 2 in c)
it = iter(c)
print(next(it), next(it), type(it).__name__)
a, b, _ = c
print(a, b, sorted(c), [x * 10 for x in c])
