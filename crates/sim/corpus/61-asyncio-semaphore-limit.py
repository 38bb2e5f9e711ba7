# Teaches: an asyncio.Semaphore caps how many coroutines are inside a block at once, e.g. at most 3 downloads in flight out of 9.
# Output: exact
# Speed: io-bound
# Clock lines: 3
import asyncio
import time


class Tracker:
    def __init__(self):
        self.active = 0
        self.peak = 0

    def enter(self):
        self.active += 1
        self.peak = max(self.peak, self.active)

    def leave(self):
        self.active -= 1


async def fetch(url, sem, tracker):
    async with sem:
        tracker.enter()
        await asyncio.sleep(0.1)
        tracker.leave()
    return len(url)


async def main():
    sem = asyncio.Semaphore(3)
    tracker = Tracker()
    urls = [f"http://localhost/item/{2 ** n}" for n in range(9)]

    t0 = time.monotonic()
    sizes = await asyncio.gather(*(fetch(u, sem, tracker) for u in urls))
    elapsed = time.monotonic() - t0

    print("sizes:", sizes)
    print("most at once:", tracker.peak)
    print("about three rounds of 0.1 s:", 0.29 < elapsed < 0.6)


asyncio.run(main())
