# Teaches: bitwise operators & | ^ ~ << >>, bin/hex/oct, int() with a base, counting set bits
x = 0b1100
y = 0b1010
print(x, y)
print(x & y, x | y, x ^ y)
print(bin(x & y), bin(x | y), bin(x ^ y))
print(~x, ~0, ~-1)
print(1 << 10, 1024 >> 3, -16 >> 2)

print(hex(255), oct(8), bin(5))
print(hex(-255), bin(-5))
print(int("ff", 16), int("777", 8), int("101", 2))
print(int("0xff", 16), int("0b101", 0), int("  42  "))

def count_bits(n):
    count = 0
    while n:
        count += n & 1
        n >>= 1
    return count

for n in [0, 1, 7, 8, 255, 1023]:
    print(n, bin(n), count_bits(n))

READ = 4
WRITE = 2
EXECUTE = 1
perms = READ | WRITE
print("can read:", bool(perms & READ))
print("can execute:", bool(perms & EXECUTE))
perms |= EXECUTE
perms &= ~WRITE
print("perms now:", perms, bin(perms))
print((1 << 100) | 1)
