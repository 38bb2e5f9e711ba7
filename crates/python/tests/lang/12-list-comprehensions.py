# Teaches: list comprehensions with if and if/else, nested comprehensions, flattening and transposing
squares = [n * n for n in range(1, 11)]
print(squares)
evens = [n for n in range(20) if n % 2 == 0]
print(evens)
labels = ["even" if n % 2 == 0 else "odd" for n in range(5)]
print(labels)

words = ["Apple", "banana", "Cherry", "date", "Elderberry"]
print([w.upper() for w in words if len(w) > 4])
print([w[0] for w in words])
print([len(w) for w in words])

matrix = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
flat = [x for row in matrix for x in row]
print(flat)
transposed = [[row[i] for row in matrix] for i in range(3)]
print(transposed)
diagonal = [matrix[i][i] for i in range(len(matrix))]
print(diagonal)

table = [[r * c for c in range(1, 5)] for r in range(1, 5)]
for row in table:
    print(row)

pairs = [(x, y) for x in range(1, 4) for y in range(1, 4) if x != y]
print(pairs)
triples = [(a, b, c) for c in range(1, 20) for b in range(1, c) for a in range(1, b)
           if a * a + b * b == c * c]
print(triples)

sentence = "the quick brown fox jumps over the lazy dog"
print([w for w in sentence.split() if "o" in w])
print(sum([len(w) for w in sentence.split()]))
x = 10
print([x for x in range(3)], x)
