# Teaches: list.sort and sorted with key and reverse, sorting tuples, stable sorting, a small grade book
scores = [88, 92, 75, 92, 60, 100, 81]
print(sorted(scores))
print(sorted(scores, reverse=True))
print(scores)
scores.sort()
print(scores)

names = ["bob", "Alice", "dave", "Carol", "eve"]
print(sorted(names))
print(sorted(names, key=str.lower))
print(sorted(names, key=len))
print(sorted(names, key=lambda n: (len(n), n.lower())))

students = [
    ("Maya", 88),
    ("Leo", 92),
    ("Zoe", 75),
    ("Ivan", 92),
    ("Ana", 60),
]
by_grade = sorted(students, key=lambda s: s[1], reverse=True)
for rank, (name, grade) in enumerate(by_grade, 1):
    print(rank, name, grade)

students.sort()
print(students)
students.sort(key=lambda s: s[1])
print([name for name, _ in students])

def letter(grade):
    if grade >= 90:
        return "A"
    elif grade >= 80:
        return "B"
    elif grade >= 70:
        return "C"
    return "F"

print({name: letter(g) for name, g in students})
words = "the cat sat on the mat with a hat".split()
print(sorted(set(words)))
print(sorted("python"))
print(sorted([3, 1, 2], key=lambda x: -x))
