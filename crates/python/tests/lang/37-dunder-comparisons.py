# Teaches: __eq__, __lt__ for sorting, __len__, __add__, __contains__, __getitem__, __bool__ on your own classes
class Card:
    RANKS = "23456789TJQKA"

    def __init__(self, rank, suit):
        self.rank = rank
        self.suit = suit

    def __eq__(self, other):
        return self.rank == other.rank and self.suit == other.suit

    def __lt__(self, other):
        return Card.RANKS.index(self.rank) < Card.RANKS.index(other.rank)

    def __repr__(self):
        return self.rank + self.suit

hand = [Card("K", "h"), Card("3", "s"), Card("A", "d"), Card("9", "c"), Card("3", "d")]
print(sorted(hand))
print(max(hand), min(hand))
print(Card("Q", "h") == Card("Q", "h"), Card("Q", "h") != Card("Q", "s"))
print(Card("2", "h") < Card("T", "c"), Card("K", "h") > Card("J", "h"))
print(Card("A", "d") in hand, hand.index(Card("9", "c")))

class Playlist:
    def __init__(self, name, songs=None):
        self.name = name
        self.songs = list(songs or [])

    def __len__(self):
        return len(self.songs)

    def __getitem__(self, i):
        return self.songs[i]

    def __contains__(self, song):
        return song in self.songs

    def __add__(self, other):
        return Playlist(self.name + "+" + other.name, self.songs + other.songs)

    def __bool__(self):
        return len(self.songs) > 0

rock = Playlist("rock", ["Song A", "Song B"])
jazz = Playlist("jazz", ["Song C"])
mix = rock + jazz
print(mix.name, len(mix), mix[0], mix[-1], mix[1:])
print("Song C" in mix, "Song Z" in mix)
for song in mix:
    print(" -", song)
empty = Playlist("empty")
print(bool(empty), bool(mix), "empty!" if not empty else "full")
