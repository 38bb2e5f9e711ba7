# Teaches: threads doing file I/O with open() can work side by side; each writes its own small file in the current folder, reads it back, and the files are removed at the end.
# Output: exact
# Speed: none
import os
import threading

results = {}
results_lock = threading.Lock()


def write_and_read(name, lines):
    filename = f"54-tmp-{os.getpid()}-{name}.txt"
    with open(filename, "w") as f:
        for i in range(lines):
            f.write(f"{name} line {i}\n")

    with open(filename) as f:
        content = f.read()

    with results_lock:
        results[name] = (filename, content.count("\n"), len(content))


names = {"apple": 3, "banana": 50, "cherry": 7, "date": 120}
threads = []
for name, n in names.items():
    t = threading.Thread(target=write_and_read, args=(name, n))
    threads.append(t)
    t.start()

for t in threads:
    t.join()

for name in sorted(results):
    filename, line_count, size = results[name]
    print(f"{name}: {line_count} lines, {size} characters")

for filename, _, _ in results.values():
    os.remove(filename)

leftovers = [f for f in os.listdir(".") if f.startswith(f"54-tmp-{os.getpid()}-")]
print("files left behind:", len(leftovers))
