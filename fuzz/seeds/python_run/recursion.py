def down(n):
    return down(n + 1)

class R:
    def __repr__(self):
        return repr([self])

print(repr(R()))
down(0)
