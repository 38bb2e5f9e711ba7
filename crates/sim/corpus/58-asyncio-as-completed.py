# Teaches: asyncio.as_completed hands back awaitables in the order the tasks finish, so the fastest result can be used first.
# Output: exact
# Speed: io-bound
import asyncio
import random


async def ask_server(name, delay):
    await asyncio.sleep(delay)
    return name, delay


async def main():
    random.seed(42)
    servers = ["alpha", "bravo", "charlie", "delta", "echo"]
    delays = [0.1, 0.2, 0.3, 0.4, 0.5]
    random.shuffle(delays)
    print("delays:", dict(zip(servers, delays)))

    place = 1
    for next_done in asyncio.as_completed([ask_server(s, d) for s, d in zip(servers, delays)]):
        name, delay = await next_done
        print(f"#{place}: {name} answered after {delay} s")
        place += 1


asyncio.run(main())
