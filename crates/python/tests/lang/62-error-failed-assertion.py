# Teaches: an uncaught AssertionError from an assert with a message that checks an invariant in a loop
def apply(balance, change):
    new_balance = balance + change
    assert new_balance >= 0, f"balance went negative: {new_balance}"
    return new_balance

def report(balance, change):
    print(f"{balance:>4} {change:+4}")

balance = 100
changes = [-20, 35, -60, -80, 10]
for change in changes:
    report(balance, change)
    balance = apply(balance, change)
print("final balance:", balance)
