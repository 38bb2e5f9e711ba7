# Teaches: list methods: append, extend, insert, pop, remove, index, count, reverse, copy, clear, and aliasing
shopping = ["milk", "eggs"]
shopping.append("bread")
shopping.extend(["apples", "cheese"])
shopping.insert(1, "butter")
print(shopping)
print(len(shopping), shopping[0], shopping[-1])

last = shopping.pop()
first = shopping.pop(0)
print("popped", last, "and", first)
shopping.remove("eggs")
print(shopping)
print(shopping.index("apples"))

rolls = [3, 6, 2, 6, 6, 1, 3]
print("sixes:", rolls.count(6), "fours:", rolls.count(4))
rolls.reverse()
print(rolls)

a = [1, 2, 3]
b = a
c = a.copy()
b.append(4)
print(a, b, c)
print(a is b, a is c, a == c + [4])

grid = [[0] * 3 for _ in range(2)]
grid[0][1] = 5
print(grid)
bad = [[0] * 3] * 2
bad[0][1] = 5
print(bad)

stack = []
for ch in "abc":
    stack.append(ch)
while stack:
    print("pop", stack.pop())
nums = [4, 1, 3]
nums += [2]
nums.clear()
print(nums, [1, 2] * 3, [1, 2] + [3])
print(max([3, 9, 2]), min([3, 9, 2]), sum([3, 9, 2]))
