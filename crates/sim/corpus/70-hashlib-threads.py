# Teaches: hashlib releases the GIL while hashing large buffers in C, so sha256 over big data runs in parallel threads; md5 of short strings is quick and deterministic.
# Output: exact
# Speed: cpu-bound
import hashlib
import threading

BLOCK = bytes(range(256)) * (64 * 1024)     # 16 MiB of data
ROUNDS = 6


def checksum(label, salt, results):
    h = hashlib.sha256(salt)
    for _ in range(ROUNDS):
        h.update(BLOCK)   # the big update runs without the GIL
    results[label] = h.hexdigest()


for word in ["gil", "thread", "process", ""]:
    print(f"md5({word!r}) = {hashlib.md5(word.encode()).hexdigest()}")

results = {}
threads = []
for i in range(4):
    label = f"file-{i}"
    t = threading.Thread(target=checksum, args=(label, label.encode(), results))
    threads.append(t)
    t.start()
for t in threads:
    t.join()

for label in sorted(results):
    print(f"sha256 {label}: {results[label][:16]}...")

# the same computation in one thread must give the same digests
serial = {}
for i in range(4):
    checksum(f"file-{i}", f"file-{i}".encode(), serial)
print("threads agree with serial:", serial == results)
