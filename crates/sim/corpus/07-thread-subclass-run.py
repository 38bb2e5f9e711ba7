# Teaches: subclassing threading.Thread, calling super().__init__ with a name, overriding run(), and reading a result attribute after join()
# Output: exact
# Speed: none
import threading


class FibonacciThread(threading.Thread):
    """Computes the n-th Fibonacci number in its own thread."""

    def __init__(self, n):
        super().__init__(name=f"fib-{n}")
        self.n = n
        self.result = None

    def run(self):
        a, b = 0, 1
        for _ in range(self.n):
            a, b = b, a + b
        self.result = a


class SquareThread(threading.Thread):
    def __init__(self, numbers):
        threading.Thread.__init__(self)
        self.numbers = numbers
        self.squares = []

    def run(self):
        for x in self.numbers:
            self.squares.append(x ** 2)


if __name__ == "__main__":
    fibs = [FibonacciThread(n) for n in (10, 20, 30, 90)]
    for t in fibs:
        t.start()
    for t in fibs:
        t.join()
        print(t.name, "->", t.result)

    sq = SquareThread(range(1, 8))
    sq.start()
    sq.join()
    print("squares:", sq.squares)
    print("is a Thread:", isinstance(sq, threading.Thread))
