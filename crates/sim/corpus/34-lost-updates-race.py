# Teaches: when the read and the write of a shared counter are separated by a function call, the GIL can switch threads in between and updates get lost; the total comes out too small and changes every run
# Output: lines
# Speed: none
import threading

counter = 0


def add_one(value):
    return value + 1


def work(times):
    global counter
    for _ in range(times):
        counter = add_one(counter)   # read counter ... call ... write counter


threads = [threading.Thread(target=work, args=(200_000,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()

expected = 4 * 200_000
print("expected", expected)
print("got     ", counter)
print("lost    ", expected - counter)
