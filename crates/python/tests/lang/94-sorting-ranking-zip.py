# Teaches: sorted on tuples, by value then key, reverse and stability, min/max with key (first wins on ties), zip of unequal lengths, enumerate(start=1), reversed(range)
scores = {"dana": 88, "eli": 92, "ana": 88, "ben": 75, "cy": 92}
by_score = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
for rank, (name, score) in enumerate(by_score, start=1):
    print(f"{rank}. {name:<5}{score}")

print(sorted(scores, key=scores.get), sorted(scores, key=scores.get, reverse=True))
print(max(scores, key=scores.get), min(scores, key=scores.get), max(scores.values()))
print(max(["bb", "aa", "cc", "a"], key=len), min(["bb", "aa", "c", "d"], key=len))
print(max([], default="empty"), min((3, "z"), (3, "a")), max("apple", "Apple", "APPLE"))

people = [("Kim", 30), ("Lee", 25), ("Ann", 30), ("Bob", 25), ("Cat", 35)]
people.sort(key=lambda p: p[1])
print(people)
people.sort(key=lambda p: p[1], reverse=True)
print(people)
print(sorted([(2, "b"), (1, "z"), (2, "a"), (1, "a")]), sorted([[3, 1], [2], [2, 0]]))
print(sorted("Banana apple Cherry".split()), sorted("Banana apple Cherry".split(), key=str.lower))
print(sorted([3, -1, -4, 2], key=abs), sorted([0.5, 1, True, 0]), sorted("hello", reverse=True))

names = ["ann", "bob", "cy", "dee"]
ages = [31, 27, 45]
print(list(zip(names, ages)), list(zip(names, ages, "XY")), list(zip()))
print(dict(zip(names, ages)), [a + str(b) for a, b in zip(names, range(10))])
pairs = list(zip(names, ages))
unzipped_names, unzipped_ages = zip(*pairs)
print(unzipped_names, unzipped_ages)

print(list(reversed(range(5))), list(reversed(range(2, 11, 3))), list(range(10, 0, -3)))
print(list(enumerate("abc", start=1)), list(enumerate(reversed(names), 10))[0])
for i, (name, age) in enumerate(zip(names, ages), start=1):
    print(i, name, age, end="; ")
print()

table = [[1, 2, 3], [4, 5, 6]]
print([list(row) for row in zip(*table)], [sum(col) for col in zip(*table)])
print([x * y for x in range(1, 4) for y in range(1, 4) if x != y and (x + y) % 2])
print([[c for c in word if c not in "aeiou"] for word in ["tree", "sky", "idea"]])
print({n: [d for d in range(1, n + 1) if n % d == 0] for n in range(6, 10)})
