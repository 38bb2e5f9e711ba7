# Teaches: an uncaught IndexError: an off-by-one loop that reads one element past the end of a list
temperatures = [12, 15, 11, 18, 21]

print("days:", len(temperatures))
for day in range(len(temperatures)):
    print("day", day, "was", temperatures[day])

# Off by one: the last day has no next day to compare with.
changes = []
for day in range(len(temperatures)):
    change = temperatures[day + 1] - temperatures[day]
    changes.append(change)
    print("change after day", day, "is", change)

print(changes)
print("biggest rise:", max(changes))
