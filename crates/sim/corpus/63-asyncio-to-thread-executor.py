# Teaches: blocking functions belong in threads: asyncio.to_thread and loop.run_in_executor run them off the event loop, which keeps ticking meanwhile.
# Output: exact
# Speed: io-bound
# Clock lines: 2, 5
import asyncio
import math
import time
from concurrent.futures import ThreadPoolExecutor


def blocking_read(name):
    time.sleep(0.3)  # a blocking call, e.g. an old database driver
    return f"{name}: {len(name) * 100} rows"


def area(radius):
    return round(math.pi * radius ** 2, 3)


async def ticker(stop):
    ticks = 0
    while not stop.is_set():
        await asyncio.sleep(0.05)
        ticks += 1
    return ticks


async def main():
    stop = asyncio.Event()
    tick_task = asyncio.create_task(ticker(stop))

    start = time.perf_counter()
    rows = await asyncio.gather(
        asyncio.to_thread(blocking_read, "users"),
        asyncio.to_thread(blocking_read, "orders"),
        asyncio.to_thread(blocking_read, "products"),
    )
    print(rows)
    print("three 0.3 s reads overlapped:", time.perf_counter() - start < 0.6)

    loop = asyncio.get_running_loop()
    default_result = await loop.run_in_executor(None, blocking_read, "logs")
    print(default_result)
    with ThreadPoolExecutor(max_workers=2) as pool:
        areas = await asyncio.gather(*(loop.run_in_executor(pool, area, r) for r in (1, 2, 3)))
    print("areas:", areas)

    stop.set()
    ticks = await tick_task
    print("loop kept ticking while threads blocked:", ticks >= 5)


asyncio.run(main())
