# Teaches: an uncaught ZeroDivisionError: averaging an empty list inside a function ends the program with a traceback
def average(scores):
    total = 0
    for s in scores:
        total += s
    return total / len(scores)

classes = {
    "math": [90, 85, 77],
    "art": [100, 95],
    "music": [],
}

for name, scores in classes.items():
    print("averaging", name, "with", len(scores), "scores")
    print(name, "average:", round(average(scores), 1))

print("this line is never reached")
