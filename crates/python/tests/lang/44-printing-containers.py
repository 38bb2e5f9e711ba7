# Teaches: how print shows nested containers: repr of strings inside lists, dicts, one-element tuples, None, quotes, empties
names = ["ann", "bob"]
print(names)
print(str(names), repr("ann"))
print(["it's", 'say "hi"', "both ' and \""])
print([None, True, 1.0, -0.5, "None"])
print((1,), (), ((),), ([],), tuple([None]))
print({"a": [1, 2], "b": {"c": None}, 3: (4,)})
print({(1, 2): "pair", None: "nothing", 2.5: "float"})
print([[], {}, set(), ""], [[[]]])
print([1, [2, [3, [4]]]], {"k": {"k": {"k": {}}}})
print(["tab\t", "newline\n", "backslash\\", ""])
print([1, 2, 3] == [1, 2, 3], [names, names])

matrix = [[1, 2], [3, 4]]
print(matrix, len(matrix))
inventory = {"apples": {"count": 3, "price": 0.5}, "pears": {"count": 0, "price": 0.75}}
print(inventory)
print(list(inventory.items()))
print(list(inventory.keys()), list(inventory.values())[0])
print(range(5), range(2, 10, 3), list(range(0)))
print({1, 2, 3}, {"only"}, [{10}])
print(dict.fromkeys(["x", "y"]), dict.fromkeys("ab", 0))
print(str((1, "a")), repr([1, "a"]), str("plain"))
data = {"name": "Quinn", "tags": ("new",), "scores": [9.5, 8.0], "notes": None}
for key, value in data.items():
    print(key, "=", value, "|", repr(value))
print(*names, sep=" & ")
print(*[1, 2, 3])
print(*"abc", sep=",")
