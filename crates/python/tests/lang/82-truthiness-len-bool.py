# Teaches: truth testing: __bool__ first, then __len__, else always true; empty containers, 0, None, "" are false; and/or return operands
class Playlist:
    def __init__(self, *songs):
        self.songs = list(songs)

    def __len__(self):
        return len(self.songs)

class Account:
    def __init__(self, balance):
        self.balance = balance

    def __bool__(self):
        print("  checking balance", self.balance)
        return self.balance > 0

    def __len__(self):
        return 99

class Anything:
    pass

for p in [Playlist(), Playlist("Yesterday", "Help!")]:
    if p:
        print("playing", len(p), "songs")
    else:
        print("playlist is empty")

print(bool(Account(10)), bool(Account(0)), bool(Anything()))
print(len(Account(0)))

values = [0, 0.0, -1, "", " ", [], [0], {}, set(), (), None, "False"]
print([bool(v) for v in values])
print([v for v in values if v])

print(0 or "default", "" or [] or None, 3 and 4, 0 and 1 / 0)
print(Playlist() or "nothing queued")
name = ""
print(name or "anonymous", (name and name.upper()) or "?")

rich = Account(50)
broke = Account(-5)
print("result:", (rich and "can pay"), (broke and "can pay") is broke)
print(not Playlist(), not Playlist(1))

while_list = [3, 2, 1]
while while_list:
    print("popped", while_list.pop())

def first_truthy(*items):
    for item in items:
        if item:
            return item
    return None

print(first_truthy(0, "", Playlist(), Playlist("x")).songs, first_truthy())
print(any([0, "", None]), all([]), any(Playlist(n) for n in range(2)))
