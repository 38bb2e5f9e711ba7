# Teaches: while loops, while/else, break, continue, counters, the Collatz sequence, a guessing game with fixed guesses
def collatz(n):
    steps = [n]
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps.append(n)
    return steps

print(collatz(6))
print(len(collatz(27)), max(collatz(27)))

secret = 37
guesses = [50, 25, 37, 40]
tries = 0
while tries < len(guesses):
    guess = guesses[tries]
    tries += 1
    if guess < secret:
        print(guess, "is too low")
    elif guess > secret:
        print(guess, "is too high")
    else:
        print(guess, "is right after", tries, "tries")
        break
else:
    print("out of guesses")

balance = 1000.0
year = 0
while balance < 2000:
    balance *= 1.07
    year += 1
print("doubled after", year, "years:", round(balance, 2))

n = 0
while n < 10:
    n += 1
    if n % 3:
        continue
    print("multiple of 3:", n)
else:
    print("loop ended normally at", n)

digits = 0
number = 9876543210
while number:
    number //= 10
    digits += 1
print("digits:", digits)
