# Teaches: defining exception classes, raising them with a message, catching a base class, a bank account
class BankError(Exception):
    pass

class InsufficientFunds(BankError):
    def __init__(self, balance, amount):
        super().__init__(f"cannot withdraw {amount}, balance is {balance}")
        self.shortfall = amount - balance

class AccountLocked(BankError):
    pass

class Account:
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self.locked = False

    def withdraw(self, amount):
        if self.locked:
            raise AccountLocked(self.owner + "'s account is locked")
        if amount <= 0:
            raise ValueError("amount must be positive")
        if amount > self.balance:
            raise InsufficientFunds(self.balance, amount)
        self.balance -= amount
        return self.balance

acct = Account("Mia", 100)
for amount in [30, 200, -5, 50]:
    try:
        print("left:", acct.withdraw(amount))
    except InsufficientFunds as e:
        print("Error:", e, "| short by", e.shortfall)
    except ValueError as e:
        print("Bad amount:", e)

acct.locked = True
try:
    acct.withdraw(10)
except BankError as e:
    print(type(e).__name__, "->", e)
    print(isinstance(e, Exception), isinstance(e, InsufficientFunds))

err = InsufficientFunds(5, 8)
print(err.args, str(err), err.shortfall)
print(issubclass(AccountLocked, BankError), issubclass(BankError, AccountLocked))
print(repr(AccountLocked("x")), repr(BankError()))
