# Teaches: an asyncio.Queue connects a producer coroutine to consumer tasks; queue.join() waits for every task_done(), then the idle consumers are cancelled.
# Output: exact
# Speed: none
import asyncio


async def producer(queue, n):
    for i in range(1, n + 1):
        await asyncio.sleep(0.02)          # items arrive a little apart
        await queue.put(f"ticket-{i}")
        print(f"producer: put ticket-{i}")


async def consumer(name, queue, handled):
    while True:
        item = await queue.get()
        await asyncio.sleep(0)             # pretend to work, let others run
        handled.append((name, item))
        print(f"{name}: handled {item}")
        queue.task_done()


async def main():
    queue = asyncio.Queue()
    handled = []
    consumers = [asyncio.create_task(consumer(f"clerk-{i}", queue, handled)) for i in (1, 2)]

    await producer(queue, 6)
    await queue.join()
    print("queue empty, items handled:", len(handled))

    for c in consumers:
        c.cancel()
    results = await asyncio.gather(*consumers, return_exceptions=True)
    print("consumers stopped:", [type(r).__name__ for r in results])


asyncio.run(main())
