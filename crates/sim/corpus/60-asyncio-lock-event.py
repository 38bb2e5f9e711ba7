# Teaches: coroutines can still race when they await in the middle of a read-modify-write; asyncio.Lock fixes that, and asyncio.Event lets many tasks wait for one signal.
# Output: exact
# Speed: none
import asyncio

balance = 0


async def deposit_unsafe(amount):
    global balance
    current = balance
    await asyncio.sleep(0)      # another task runs here and reads the old balance
    balance = current + amount


async def deposit_safe(lock, amount):
    global balance
    async with lock:
        current = balance
        await asyncio.sleep(0)
        balance = current + amount


async def runner(name, start_signal):
    print(f"{name} is waiting at the line")
    await start_signal.wait()
    print(f"{name} is running")


async def main():
    global balance
    await asyncio.gather(*(deposit_unsafe(10) for _ in range(5)))
    print("without a lock:", balance)

    balance = 0
    lock = asyncio.Lock()
    await asyncio.gather(*(deposit_safe(lock, 10) for _ in range(5)))
    print("with a lock:   ", balance)

    start = asyncio.Event()
    racers = [asyncio.create_task(runner(n, start)) for n in ("red", "green", "blue")]
    await asyncio.sleep(0.1)
    print("is_set before:", start.is_set())
    print("ready... set... go!")
    start.set()
    await asyncio.gather(*racers)


asyncio.run(main())
