# Teaches: lists of lists as matrices: row and column sums, transpose with zip(*m), multiplication, identity, pretty printing
a = [[1, 2, 3],
     [4, 5, 6]]
b = [[7, 8],
     [9, 10],
     [11, 12]]

def show(m):
    for row in m:
        print(" ".join(f"{x:4}" for x in row))

show(a)
print("row sums:", [sum(row) for row in a])
print("column sums:", [sum(col) for col in zip(*a)])
print("total:", sum(sum(row) for row in a))

def transpose(m):
    return [list(col) for col in zip(*m)]

print(transpose(a))

def multiply(x, y):
    rows, inner, cols = len(x), len(y), len(y[0])
    result = [[0] * cols for _ in range(rows)]
    for i in range(rows):
        for j in range(cols):
            for k in range(inner):
                result[i][j] += x[i][k] * y[k][j]
    return result

product = multiply(a, b)
show(product)

def identity(n):
    return [[1 if i == j else 0 for j in range(n)] for i in range(n)]

print(identity(3))
print(multiply(product, identity(2)) == product)

grid = [[0] * 4 for _ in range(3)]
for r in range(3):
    for c in range(4):
        grid[r][c] = r * 4 + c
show(grid)
print("max per row:", [max(row) for row in grid])
print("corners:", grid[0][0], grid[0][-1], grid[-1][0], grid[-1][-1])
scaled = [[x * 0.5 for x in row] for row in a]
print(scaled)
