# Teaches: f-strings: expressions, width and alignment, precision, thousands separators, !r and !s, =, percent, padding with zeros
name = "Widget"
price = 1234.5678
qty = 1500000
ratio = 0.4567

print(f"{name} costs {price}")
print(f"{name} costs {price:.2f}")
print(f"[{price:>12.2f}] [{price:<12.1f}] [{price:^12.0f}]")
print(f"{qty:,} units, {price:,.2f} each, {qty:_}")
print(f"{name!r} {name!s} {name:>10} {name:*^12}")
print(f"{ratio:.1%} {ratio:.3f} {ratio:e}")
print(f"{42:05d} {7:3d}| {-7:+d} {7:+d} {255:x} {255:X} {255:#x} {5:08b} {8:o}")
print(f"{3.14159:8.3f}|{2:<4}|{'ok':>4}|")
print(f"{qty=} {price=:.1f}")
print(f"{1 + 2} {len(name) * 2} {name.upper()} {[1, 2][-1]} {'yes' if qty > 10 else 'no'}")

width = 10
precision = 3
print(f"[{price:{width}.{precision}f}]")
print(f"{{literal braces}} {{{name}}}")

items = [("Coffee", 3.5, 2), ("Bagel", 2.25, 3), ("Orange juice", 4.0, 1)]
print(f"{'Item':<14}{'Price':>8}{'Qty':>5}{'Total':>9}")
grand = 0
for item, unit, count in items:
    line_total = unit * count
    grand += line_total
    print(f"{item:<14}{unit:>8.2f}{count:>5}{line_total:>9.2f}")
print(f"{'TOTAL':<27}{grand:>9.2f}")
print(f"{None} {True!r} {[name, 1]} {(1,)} {dict(a=1)}")
print(f"{12345.678:,.1f} {0.000123:.2e} {1e6:g} {123.0:g}")
