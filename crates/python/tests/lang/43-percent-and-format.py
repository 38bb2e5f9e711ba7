# Teaches: old-style % formatting (%s %d %f %5.2f %x %%), str.format with positions, names and specs
x = 3.14159
print("%5.2f" % x)
print("%.3f|%8.1f|%-8.1f|" % (x, x, x))
print("%s is %d years old" % ("Ana", 31))
print("%d%% done" % 75)
print("%05d %x %o %e" % (42, 255, 8, 12345.678))
print("%r and %s" % ("text", "text"))
print("%s" % [1, 2], "%s" % (None,))
print("%(name)s scored %(score)d" % {"name": "Ben", "score": 88})
print("%3d|%-3d|%+d" % (5, 5, 5))

print("{} and {}".format("left", "right"))
print("{1} before {0}".format("zero", "one"))
print("{name} is {age}".format(name="Cy", age=7))
print("{:>8}|{:<8}|{:^8}|".format("r", "l", "c"))
print("{:.2f} {:,} {:08.3f} {:+.1f}".format(2 / 3, 10 ** 7, x, x))
print("{0[0]} {0[1]} {1[key]}".format(["a", "b"], {"key": "v"}))
print("{!r} {:d}".format("hi", 12))

rows = [("north", 1200.5, 0.12), ("south", 980.25, -0.034), ("east", 15000.0, 0.5)]
print("%-8s %10s %8s" % ("region", "sales", "growth"))
for region, sales, growth in rows:
    print("%-8s %10.2f %7.1f%%" % (region, sales, growth * 100))

template = "Dear {title} {last},\nYour balance is ${amount:,.2f}."
print(template.format(title="Dr.", last="Okafor", amount=1234567.891))
header = "{:=^30}".format(" REPORT ")
print(header)
print("{:<10}{:>20}".format("total", "%.1f" % 42.25))
