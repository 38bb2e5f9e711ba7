# Teaches: random.seed(42) makes randint, choice, shuffle and random repeat exactly; deal the random data in the main thread, then let threads score their own hands.
# Output: exact
# Speed: none
import random
import threading

random.seed(42)

suits = "SHDC"
ranks = list(range(2, 15))
deck = [(r, s) for s in suits for r in ranks]
random.shuffle(deck)

players = ["Ann", "Ben", "Cat", "Dan"]
hands = {p: [deck.pop() for _ in range(5)] for p in players}
dice = [random.randint(1, 6) for _ in range(6)]
dealer = random.choice(players)
bonus = round(random.random(), 4)

scores = {}


def score(player, hand):
    # each thread writes its own key, so no lock is needed
    scores[player] = sum(rank for rank, _ in hand)


threads = [threading.Thread(target=score, args=(p, h)) for p, h in hands.items()]
for t in threads:
    t.start()
for t in threads:
    t.join()

print("dice:", dice)
print("dealer:", dealer)
print("bonus multiplier:", bonus)
for p in players:
    cards = " ".join(f"{r}{s}" for r, s in hands[p])
    print(f"{p}: {cards} -> {scores[p]}")
winner = max(players, key=lambda p: scores[p])
print("winner:", winner, "with", round(scores[winner] * (1 + bonus), 2), "points")
print("cards left in deck:", len(deck))
