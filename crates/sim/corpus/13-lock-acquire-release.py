# Teaches: using Lock.acquire() and release() by hand with try/finally, and acquire(blocking=False) or acquire(timeout=...) to avoid waiting forever
# Output: exact
# Speed: none
import threading


class BankAccount:
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self._lock = threading.Lock()

    def deposit(self, amount):
        self._lock.acquire()
        try:
            self.balance += amount
        finally:
            self._lock.release()

    def withdraw(self, amount):
        self._lock.acquire()
        try:
            if amount > self.balance:
                return False
            self.balance -= amount
            return True
        finally:
            self._lock.release()


acct = BankAccount("Dana", 500)


def payday():
    for _ in range(1000):
        acct.deposit(10)


def bills():
    for _ in range(1000):
        acct.withdraw(5)


threads = [threading.Thread(target=payday), threading.Thread(target=bills)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("%s has %d" % (acct.owner, acct.balance))

# a lock that is already held cannot be taken again without waiting
acct._lock.acquire()
print("non-blocking acquire:", acct._lock.acquire(blocking=False))
print("acquire with timeout:", acct._lock.acquire(timeout=0.1))
print("locked?", acct._lock.locked())
acct._lock.release()
print("locked after release?", acct._lock.locked())
