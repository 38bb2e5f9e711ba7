# Teaches: format specs for numbers: e and g notation, thousands separators, zero padding, signs, hex/octal/binary with and without #
measurements = [0.000123456, 3.14159265, 2718.28, 6.02214076e23, -1.5e-10, 100.0]
for m in measurements:
    print(f"{m:>12.3e} | {m:<12g} | {m:.4g} | {m!r}")

print(f"{1234567.891:,.2f}", f"{-9876543.2:,.1f}", f"{1000:,}", f"{1234.5:_.2f}")
print(f"{3.14159:08.3f}", f"{-3.14159:08.3f}", f"{42:05d}", f"{-42:05d}")
print(f"{7:+d}", f"{-7:+d}", f"{7: d}", f"{0:+d}", f"{2.5:+.1f}")
for n in [5, 255, 1024, -10]:
    print(f"{n:x} {n:X} {n:#x} {n:o} {n:#o} {n:b} {n:#b} {n:#010b}")

print(f"{0.5:%}", f"{0.256:.1%}", f"{1/3:.2%}", f"{2:.0%}")
print(f"{1e-5:g}", f"{1e-4:g}", f"{1e16:g}", f"{123456789:g}", f"{0.0001234:G}")
print(f"{1.0:g}", f"{100:g}", f"{1e6:.2g}", f"{12.0:.0f}", f"{0.5:.0f}", f"{1.5:.0f}")
print(f"{float('inf'):>6}", f"{float('nan'):e}", f"{-0.0:.2f}", f"{1e300 * 1e10:,.2f}")
print(format(12345.6789, ".1f"), format(255, "b"), format(0.000012, ".2e"), format(3, ".3f"))
print(f"{123.456:*^15.1f}", f"{'left':<8}|", f"{42:>8}|", f"{42:^8}|", f"{-42:=8}|")

prices = {"coffee": 3.5, "sandwich": 7.25, "cake": 12, "tip": 0.999}
for item, price in prices.items():
    print(f"{item:.<12}{price:>8.2f}")
total = sum(prices.values())
print(f"{'TOTAL':.<12}{total:>8.2f}  ({total:.3e}, {total:.6g})")
width, precision = 10, 3
print(f"[{2 / 3:{width}.{precision}f}]", "[{:10.3f}]".format(2 / 3))
print(str(1e16), str(1e15), str(1.5e-5), str(0.0001), repr(123456789012345678.0))
