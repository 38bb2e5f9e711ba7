# Teaches: protecting a shared counter with a threading.Lock in a with block so that every increment from every thread is counted
# Output: exact
# Speed: none
import threading

counter = 0
counter_lock = threading.Lock()


def worker(n):
    global counter
    for _ in range(n):
        with counter_lock:
            counter += 1


def main():
    n_threads = 5
    per_thread = 100_000
    threads = [threading.Thread(target=worker, args=(per_thread,)) for _ in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"{n_threads} threads x {per_thread} increments = {counter}")
    print("correct!" if counter == n_threads * per_thread else "wrong!")


if __name__ == "__main__":
    main()
