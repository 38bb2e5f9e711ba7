# Teaches: two threads transferring money in opposite directions can deadlock; taking the two locks always in the same order (by account number) avoids it
# Output: exact
# Speed: none
import threading


class Account:
    def __init__(self, number, balance):
        self.number = number
        self.balance = balance
        self.lock = threading.Lock()


def transfer(src, dst, amount):
    # always lock the lower account number first, whatever the direction
    first, second = (src, dst) if src.number < dst.number else (dst, src)
    with first.lock:
        with second.lock:
            src.balance -= amount
            dst.balance += amount


def many_transfers(src, dst, amount, times):
    for _ in range(times):
        transfer(src, dst, amount)


a = Account(1, 100_000)
b = Account(2, 100_000)

t1 = threading.Thread(target=many_transfers, args=(a, b, 3, 20000))
t2 = threading.Thread(target=many_transfers, args=(b, a, 2, 20000))
t1.start()
t2.start()
t1.join()
t2.join()

print("account 1:", a.balance)
print("account 2:", b.balance)
assert a.balance + b.balance == 200_000, "money was created or destroyed!"
print("total is still", a.balance + b.balance)
