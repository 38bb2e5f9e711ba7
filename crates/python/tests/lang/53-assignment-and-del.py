# Teaches: assignment forms: chained, augmented on numbers, strings and lists, del of names and items, is vs ==, pass
a = b = c = 0
a += 5
print(a, b, c)
x = y = []
x.append(1)
print(x, y, x is y)
x = x + [2]
print(x, y, x is y)

count = 10
count -= 3
count *= 2
count //= 3
count **= 2
count %= 7
print(count)
word = "ab"
word += "cd"
word *= 2
print(word)
nums = [1, 2]
alias = nums
nums += [3]
print(nums, alias, nums is alias)
t = (1, 2)
t += (3,)
print(t)

values = [10, 20, 30, 40, 50]
del values[1]
print(values)
del values[-2:]
print(values)
info = {"a": 1, "b": 2}
del info["a"]
print(info)
temp = "scratch"
del temp
try:
    print(temp)
except NameError as e:
    print("NameError:", e)

first = [1, 2, 3]
second = [1, 2, 3]
print(first == second, first is second, first is not second)
print(None is None, type(None) is type(None))

for i in range(3):
    pass
class Empty:
    pass
def todo():
    pass
print(i, Empty.__name__, todo())
(p, q), [r, s] = "pq", (3, 4)
print(p, q, r, s)
