# Teaches: nonlocal reaching through three levels of nested functions, nonlocal vs a new local, closures sharing one cell
def bank():
    balance = 0
    history = []

    def account(owner):
        fees = 0

        def transact(amount):
            nonlocal balance, fees
            if amount < 0:
                fees += 1
            balance += amount
            history.append((owner, amount))
            return balance

        def summary():
            return f"{owner}: fees={fees}"

        return transact, summary

    def total():
        return balance

    return account, total, history

account, total, history = bank()
ann_pay, ann_summary = account("ann")
bob_pay, bob_summary = account("bob")
print(ann_pay(100), bob_pay(50), ann_pay(-30), bob_pay(-5), bob_pay(-5))
print(total(), ann_summary(), bob_summary())
print(history)

def level1():
    x = "level1"
    def level2():
        def level3():
            nonlocal x
            x = x + " changed by level3"
        level3()
        return x
    result = level2()
    return result, x

print(level1())

def shadow():
    x = "outer"
    def inner():
        x = "inner only"
        def innermost():
            nonlocal x
            x += "!"
        innermost()
        return x
    return inner(), x

print(shadow())
