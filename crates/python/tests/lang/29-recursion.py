# Teaches: recursion: factorial, Fibonacci with memo, towers of Hanoi, sum of digits, permutations, flattening
def factorial(n):
    if n <= 1:
        return 1
    return n * factorial(n - 1)

print([factorial(n) for n in range(8)], factorial(30))

def fib(n, memo={}):
    if n < 2:
        return n
    if n not in memo:
        memo[n] = fib(n - 1) + fib(n - 2)
    return memo[n]

print([fib(n) for n in range(15)], fib(90))

moves = []
def hanoi(n, source, target, spare):
    if n == 0:
        return
    hanoi(n - 1, source, spare, target)
    moves.append((source, target))
    hanoi(n - 1, spare, target, source)

hanoi(3, "A", "C", "B")
print(len(moves), moves)
moves.clear()
hanoi(10, "A", "C", "B")
print(len(moves), moves[:3])

def digit_sum(n):
    return n if n < 10 else n % 10 + digit_sum(n // 10)

print(digit_sum(98765), digit_sum(2 ** 100))

def permutations(items):
    if len(items) <= 1:
        return [items]
    result = []
    for i in range(len(items)):
        for rest in permutations(items[:i] + items[i + 1:]):
            result.append(items[i:i + 1] + rest)
    return result

print(permutations("abc"))

def flatten(nested):
    out = []
    for x in nested:
        if isinstance(x, list):
            out.extend(flatten(x))
        else:
            out.append(x)
    return out

print(flatten([1, [2, [3, [4, []]], 5], [[6]]]))
print(sum(range(101)), (lambda f, n: f(f, n))(lambda f, n: 1 if n == 0 else n * f(f, n - 1), 5))
