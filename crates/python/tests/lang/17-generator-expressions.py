# Teaches: generator expressions with sum, min, max, any, all, and sorted; short-circuiting any/all
numbers = [12, 7, 3, 18, 25, 9, 4]
print(sum(n for n in numbers))
print(sum(n * n for n in numbers if n % 2 == 1))
print(max(n % 10 for n in numbers), min(abs(n - 10) for n in numbers))
print(any(n > 20 for n in numbers), all(n > 2 for n in numbers))
print(any(n < 0 for n in numbers), all(n % 2 == 0 for n in numbers))
print(any([]), all([]))

words = ["stream", "list", "generator", "map", "yield"]
print(max(len(w) for w in words))
print(sum(1 for w in words if "e" in w))
print(",".join(w.upper() for w in words if len(w) <= 5))
print(sorted((w[::-1] for w in words), key=len))

def is_prime(n):
    return n >= 2 and all(n % d for d in range(2, int(n ** 0.5) + 1))

print([n for n in range(30) if is_prime(n)])
print(sum(n for n in range(1000) if n % 3 == 0 or n % 5 == 0))

gen = (x * 10 for x in range(4))
print(next(gen), next(gen))
print(list(gen))
print(list(gen))

checked = []
def big(n):
    checked.append(n)
    return n > 10

print(any(big(n) for n in numbers), checked)
grid = [[1, 2], [3, 4], [5, 6]]
print(sum(sum(row) for row in grid), max(max(row) for row in grid))
print(min((len(w), w) for w in words))
