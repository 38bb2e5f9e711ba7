# Teaches: an uncaught exception of your own class (InsufficientFunds), raised inside a method, with its message
class InsufficientFunds(Exception):
    pass

class Wallet:
    def __init__(self, owner, balance):
        self.owner = owner
        self.balance = balance

    def pay(self, amount, what):
        if amount > self.balance:
            raise InsufficientFunds(f"{self.owner} cannot pay {amount} for {what} (has {self.balance})")
        self.balance -= amount
        print(f"{self.owner} paid {amount} for {what}, {self.balance} left")

w = Wallet("Sam", 50)
purchases = [("lunch", 12), ("book", 20), ("concert ticket", 45), ("coffee", 3)]
for what, amount in purchases:
    w.pay(amount, what)
print("all paid")
