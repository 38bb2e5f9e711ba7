"""Name: asyncio-blocking
Question: Four coroutines each await a 100 ms request; a fifth calls time.sleep(1) (a
    blocking call) by mistake. When do the four finish?
Lesson: A blocking call inside a coroutine stops the whole event loop: every task is
    delayed by it.
"""

import asyncio
import time

from gil_lab import async_io, cpu, model

model(seed=1)


async def task():
    await async_io(0.1)
    cpu(500e-6)


async def oops():
    await asyncio.sleep(0.01)
    time.sleep(1)


async def run_tasks():
    await asyncio.gather(
        asyncio.create_task(task(), name="fetch-1"),
        asyncio.create_task(task(), name="fetch-2"),
        asyncio.create_task(task(), name="fetch-3"),
        asyncio.create_task(task(), name="fetch-4"),
        asyncio.create_task(oops(), name="oops"),
    )


def main():
    asyncio.run(run_tasks())


if __name__ == "__main__":
    main()
