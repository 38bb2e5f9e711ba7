# Teaches: checking numbers for primality in three threads, each taking every third number with a slice; CPU-bound work does not get faster with threads
# Output: exact
# Speed: cpu-bound
import threading

def is_prime(n):
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True

def check_all(numbers, found, lock):
    local_primes = []
    for x in numbers:
        if not is_prime(x):
            continue
        local_primes.append(x)
    with lock:
        found.extend(local_primes)

candidates = list(range(1_000_000, 1_250_000))
found = []
lock = threading.Lock()
threads = []
for k in range(3):
    share = candidates[k::3]          # every third number, starting at k
    t = threading.Thread(target=check_all, args=(share, found, lock))
    threads.append(t)
    t.start()

for t in threads:
    t.join()

found.sort()
print("numbers checked:", len(candidates))
print("primes found:", len(found))
print("smallest five:", found[:5])
print("largest five:", found[-5:])
