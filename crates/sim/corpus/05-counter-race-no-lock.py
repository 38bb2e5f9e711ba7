# Teaches: the classic unprotected counter += 1 from four threads; on CPython 3.11 it prints the full count because the GIL only switches threads at the loop's back-edge, never between the load and the store, but no lock means no guarantee
# Output: exact
# Speed: none
import threading

counter = 0


def increment(times):
    global counter
    for _ in range(times):
        counter += 1


threads = []
for i in range(4):
    t = threading.Thread(target=increment, args=(250_000,))
    threads.append(t)
    t.start()

for t in threads:
    t.join()

print("expected:", 4 * 250_000)
print("got:     ", counter)
if counter == 4 * 250_000:
    print("no updates were lost this time")
else:
    print("lost", 4 * 250_000 - counter, "updates!")
