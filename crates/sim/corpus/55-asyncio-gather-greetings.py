# Teaches: asyncio.run starts the event loop, and asyncio.gather runs coroutines concurrently and returns their results in the order they were passed, not the order they finished.
# Output: exact
# Speed: io-bound
# Clock lines: 10
import asyncio
import time


async def greet(name, delay):
    print(f"start greeting {name}")
    await asyncio.sleep(delay)
    print(f"done greeting {name}")
    return f"Hello, {name}!"


async def main():
    t0 = time.perf_counter()
    greetings = await asyncio.gather(
        greet("Ada", 0.3),
        greet("Grace", 0.1),
        greet("Linus", 0.2),
    )
    took = time.perf_counter() - t0
    for g in greetings:
        print(g)
    print("took less than 0.6 s (the sum of the delays):", took < 0.6)


asyncio.run(main())
