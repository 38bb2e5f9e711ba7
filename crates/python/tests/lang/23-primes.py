# Teaches: nested loops, for/else, break and continue, the sieve of Eratosthenes, prime factors
primes = []
for n in range(2, 50):
    for d in range(2, n):
        if n % d == 0:
            break
    else:
        primes.append(n)
print(primes)

def sieve(limit):
    is_prime = [True] * (limit + 1)
    is_prime[0] = is_prime[1] = False
    for i in range(2, int(limit ** 0.5) + 1):
        if is_prime[i]:
            for j in range(i * i, limit + 1, i):
                is_prime[j] = False
    return [i for i, p in enumerate(is_prime) if p]

found = sieve(1000)
print(len(found), found[-5:])

def prime_factors(n):
    factors = []
    d = 2
    while d * d <= n:
        while n % d == 0:
            factors.append(d)
            n //= d
        d += 1
    if n > 1:
        factors.append(n)
    return factors

for n in [12, 97, 360, 1001, 2 ** 20 + 1]:
    print(n, "=", " x ".join(str(f) for f in prime_factors(n)))

odd_composites = []
for n in range(3, 40, 2):
    if n in found:
        continue
    odd_composites.append(n)
print(odd_composites)
twins = [(p, p + 2) for p in found if p + 2 in found and p < 100]
print(twins)
