# Teaches: formatting output three ways (f-strings with format specs and !r, % formatting, str.format) and print's sep, end and flush, for results computed by threads
# Output: exact
# Speed: none
import threading

scores = {
    "Alice": [88, 92, 79, 95],
    "Bob": [72, 65, 80, 70],
    "Chen": [95, 98, 100, 91],
    "Dmitri": [55, 61, 48, 70],
}
averages = {}
lock = threading.Lock()


def average(name, marks):
    avg = sum(marks) / len(marks)
    with lock:
        averages[name] = avg


def letter(avg):
    if avg >= 90 and avg <= 100:
        return "A"
    elif avg >= 75:
        return "B"
    elif avg >= 60:
        return "C"
    else:
        return "F"


threads = [threading.Thread(target=average, args=(n, m)) for n, m in scores.items()]
for t in threads:
    t.start()
for t in threads:
    t.join()

print("Name", "Avg", "Grade", sep=" | ")
print("-" * 24)
for name in sorted(averages):
    avg = averages[name]
    print(f"{name:<8}{avg:>7.2f}  {letter(avg)}")

best = max(averages, key=averages.get)
worst = min(averages, key=averages.get)
print("Best student: %s with %.1f" % (best, averages[best]))
print("Lowest: {} with {:.1f} (rounded: {})".format(worst, averages[worst], round(averages[worst])))
print(f"Class average: {sum(averages.values()) / len(averages):.3f}")
print(f"Names as repr: {best!r} and {worst!r}")
n = len(scores)
print(f"{n:>5} students, {n * 4:>5} marks, {int(95.9)} as int, {float(7)} as float")
print("Progress:", end=" ")
for i in range(1, 6):
    print(f"{i * 20}%", end=" ", flush=True)
print()
print("Result", "everyone passed" if all(a >= 50 for a in averages.values()) else "someone failed", sep=": ")
