"""Name: io-asyncio
Question: The same eight I/O-bound tasks as coroutines on one asyncio event loop, in one
    thread. How long does it take?
Lesson: One thread, one event loop: awaiting I/O lets the other coroutines run, no extra
    threads needed.
"""

import asyncio

from gil_lab import async_io, cpu, model, workload

model(seed=1)
workload(mode="asyncio", tasks=8, cpu=0.001, io=0.05, repeats=4)


async def task():
    for _ in range(4):
        cpu(0.001)
        await async_io(0.05)


async def run_tasks():
    await asyncio.gather(
        asyncio.create_task(task(), name="task-1"),
        asyncio.create_task(task(), name="task-2"),
        asyncio.create_task(task(), name="task-3"),
        asyncio.create_task(task(), name="task-4"),
        asyncio.create_task(task(), name="task-5"),
        asyncio.create_task(task(), name="task-6"),
        asyncio.create_task(task(), name="task-7"),
        asyncio.create_task(task(), name="task-8"),
    )


def main():
    asyncio.run(run_tasks())


if __name__ == "__main__":
    main()
