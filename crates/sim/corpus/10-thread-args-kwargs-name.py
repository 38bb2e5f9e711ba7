# Teaches: passing positional args, keyword kwargs and a name to threading.Thread, and reading current_thread().name inside the thread
# Output: sorted
# Speed: none
import threading

print_lock = threading.Lock()


def greet(greeting, times=1, punctuation="!"):
    me = threading.current_thread().name
    for i in range(times):
        with print_lock:
            print(f"{me}: {greeting}{punctuation} ({i + 1}/{times})")


threads = [
    threading.Thread(target=greet, args=("hello",), name="alice"),
    threading.Thread(target=greet, args=("bonjour",), kwargs={"times": 2}, name="bob"),
    threading.Thread(target=greet, args=("hola",), kwargs={"times": 3, "punctuation": "?"}, name="carol"),
    threading.Thread(target=greet, kwargs={"greeting": "hi", "punctuation": "..."}),
]

for t in threads:
    t.start()
for t in threads:
    t.join()

print("main thread is called", threading.current_thread().name)
