# Teaches: tuples, one-element tuples, unpacking, starred unpacking, swapping, returning several values
point = (3, 4)
x, y = point
print(point, x, y)
print(type(point).__name__, len(point), point[0])

single = (5,)
not_a_tuple = (5)
print(single, not_a_tuple, len(single))
empty = ()
print(empty, len(empty))

a, b = 1, 2
a, b = b, a
print("swapped:", a, b)

first, *rest = [10, 20, 30, 40]
print(first, rest)
*init, last = "hello"
print(init, last)
head, *middle, tail = range(6)
print(head, middle, tail)
one, *others = [1]
print(one, others)

def min_max_avg(numbers):
    return min(numbers), max(numbers), sum(numbers) / len(numbers)

low, high, avg = min_max_avg([4, 8, 15, 16, 23, 42])
print(low, high, avg)
print(min_max_avg([2, 4]))

records = [("Paris", 2.1), ("Lima", 9.7), ("Oslo", 0.7)]
for city, million in records:
    print(f"{city}: {million}M")
(p, q), r = (1, 2), 3
print(p, q, r)

t = (1, 2, 2, 3, 2)
print(t.count(2), t.index(3))
print(t + (4,), t * 2 == t + t, (1, 2) < (1, 3), (2,) > (1, 9))
nested = ((1, "one"), (2, "two"))
print(nested, dict(nested))
print(tuple([1, 2]), tuple("ab"))
