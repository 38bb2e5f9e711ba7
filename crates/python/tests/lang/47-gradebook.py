# Teaches: a grade book with a dict of lists: averages, letter grades, the best student, a class report with formatting
grades = {
    "Amara": [92, 88, 95, 79],
    "Bruno": [65, 70, 58, 81],
    "Chen": [88, 91, 85, 94],
    "Dana": [72, 68, 75, 70],
}

def average(scores):
    return sum(scores) / len(scores) if scores else 0.0

def letter(avg):
    for cutoff, mark in [(90, "A"), (80, "B"), (70, "C"), (60, "D")]:
        if avg >= cutoff:
            return mark
    return "F"

grades["Eli"] = []
grades["Dana"].append(90)

print(f"{'Student':<8} {'Avg':>6}  Grade  Scores")
for student, scores in grades.items():
    avg = average(scores)
    print(f"{student:<8} {avg:>6.2f}  {letter(avg):^5}  {scores}")

averages = {s: average(sc) for s, sc in grades.items() if sc}
best = max(averages, key=averages.get)
print("best:", best, round(averages[best], 2))
class_avg = average(list(averages.values()))
print("class average:", round(class_avg, 2))
above = sorted(s for s, a in averages.items() if a > class_avg)
print("above average:", above)

by_letter = {}
for student, avg in averages.items():
    by_letter.setdefault(letter(avg), []).append(student)
print(by_letter)
all_scores = [s for scores in grades.values() for s in scores]
print("highest single score:", max(all_scores), "lowest:", min(all_scores))
print("tests taken:", len(all_scores), "passed:", sum(1 for s in all_scores if s >= 60))
