# Teaches: str.format with positional indices, names, attributes and items, escaped braces, and %-formatting with tuples and a dict
class Student:
    def __init__(self, name, grades):
        self.name = name
        self.grades = grades

s = Student("Maria", [88, 92, 79])
print("{0} scored {1} and {2}; {0} is happy".format("Ana", 90, 85))
print("{} + {} = {}".format(2, 3, 2 + 3), "{1}{0}{1}".format("-", "="))
print("{name} is {age} years old".format(name="Tom", age=31))
print("{s.name} has grades {s.grades} (first {s.grades[0]})".format(s=s))
print("{0.name}: {0.grades[2]}".format(s), "{d[key]} {d[other]}".format(d={"key": 1, "other": 2}))
print("{{literal braces}} and {} inside".format("a value"), "{{{}}}".format(7))
print("{:>8}|{:<8}|{:^8}|".format("right", "left", "mid"))
print("{0:.2f} {0:.0%} {0:e}".format(0.4567), "{:,}".format(12345678))
print("{!r} vs {!s}".format("text", "text"), "{0!r:>10}".format("hi"))
fields = {"city": "Oslo", "temp": -3.456}
print("{city}: {temp:.1f}C".format(**fields), "{}-{}-{}".format(*"abc"))

print("%-10s|%5d|%.2f" % ("apples", 42, 3.14159))
print("%-10s|%5d|%.2f" % ("kiwi", 7, 0.5))
print("%s has %d items costing %.1f%%" % ("cart", 3, 12.345))
print("%(name)s is %(age)d, score %(score)06.2f" % {"name": "Lee", "age": 20, "score": 9.5})
print("%5s|%-5s|%05d|%+d|%x|%X|%o|%e" % ("ab", "cd", 42, 5, 255, 255, 8, 1234.5))
print("%r %s %c %c" % ("q", [1, 'a'], 65, "z"), "%d%%" % 50, "%s" % (1, ))
print("%.3s|%10.4f|%-8.1e|" % ("truncate", 3.14159265, 12345.678))
print("%*d|%-*d|" % (6, 42, 6, 42), "%i %u" % (3, 4), "%g %g" % (0.00001, 123456789))

rows = [("Widget", 3, 2.5), ("Gadget", 12, 10.0), ("Doohickey", 100, 0.25)]
print("%-10s %4s %8s" % ("item", "qty", "total"))
for name, qty, price in rows:
    print("%-10s %4d %8.2f" % (name, qty, qty * price))
print("{:-^24}".format(" end "))
template = "Dear {title} {last},\nyour balance is {bal:,.2f}."
print(template.format(title="Dr.", last="Who", bal=-1234.5))
print("value: %s" % ((1, 2),), "tuple as str: %s %s" % (1, 2))
