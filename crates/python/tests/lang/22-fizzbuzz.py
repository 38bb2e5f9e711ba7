# Teaches: for over range, if/elif/else, the modulo operator, building a line with end=, a while variant
for n in range(1, 21):
    if n % 15 == 0:
        print("FizzBuzz")
    elif n % 3 == 0:
        print("Fizz")
    elif n % 5 == 0:
        print("Buzz")
    else:
        print(n)

def fizzbuzz(n):
    word = ""
    if n % 3 == 0:
        word += "Fizz"
    if n % 5 == 0:
        word += "Buzz"
    return word or str(n)

for n in range(1, 16):
    print(fizzbuzz(n), end=" ")
print()
print([fizzbuzz(n) for n in range(28, 34)])

i = 1
counts = {"Fizz": 0, "Buzz": 0, "FizzBuzz": 0}
while i <= 100:
    word = fizzbuzz(i)
    if word in counts:
        counts[word] += 1
    i += 1
print(counts)
