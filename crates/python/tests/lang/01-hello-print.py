# Teaches: print with several arguments, sep and end, empty print, printing numbers, bools and None
print("Hello, world!")
print("Hello", "GIL", "Lab")
print("2024", "06", "15", sep="-")
print("no newline here", end="")
print(" ... continued")
print()
print("a", "b", "c", sep="")
print("loading", end="...")
print("done")

name = "Ada"
age = 36
print("Name:", name, "Age:", age)
print(1, 2.5, True, None)
print("one", "two", sep=", ", end="!\n")

for i in range(3):
    print(i, end=" ")
print()
print("*" * 10)
print("-" * 3 + ">" + " arrow")
