# Teaches: sets: add, discard, remove, union |, intersection &, difference -, symmetric ^, subsets, comprehensions
evens = {0, 2, 4, 6, 8}
odds = set()
for n in range(10):
    if n % 2:
        odds.add(n)
print(evens, odds)
print(evens | odds)
print(evens & {4, 5, 6})
print(evens - {0, 8})
print({1, 2, 3} ^ {3, 4})
print(evens.union({10}), evens.intersection(range(5)))

nums = {3, 1, 2}
nums.add(2)
nums.discard(99)
nums.remove(1)
print(nums, len(nums), 2 in nums, 1 in nums)

print({1, 2} <= {1, 2, 3}, {1, 2} < {1, 2}, {1, 2, 3} >= {3})
print({1, 2}.isdisjoint({3, 4}), {1, 2}.issubset([1, 2, 5]))

rolls = [4, 2, 4, 6, 2, 1, 6, 6]
unique = set(rolls)
print(unique, len(rolls), len(unique))
print(sorted(unique, reverse=True))
squares = {n * n % 7 for n in range(20)}
print(squares)

class_a = ["ana", "ben", "cleo", "dan"]
class_b = ["cleo", "eli", "ana"]
both = set(class_a) & set(class_b)
print("in both:", sorted(both))
print("only a:", sorted(set(class_a) - set(class_b)))
print("all:", sorted(set(class_a) | set(class_b)))
print(set(), {5}, frozenset({1}) == {1})
text = "mississippi"
print(len(set(text)), sorted(set(text)))
