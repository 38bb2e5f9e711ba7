# Teaches: Python 3.11 adds asyncio.TaskGroup (wait for all tasks; if one fails the others are cancelled and the errors come as an ExceptionGroup) and asyncio.timeout() as a with-block deadline.
# Output: exact
# Speed: io-bound
import asyncio


async def cook(dish, minutes, burn=False):
    await asyncio.sleep(minutes / 100)
    if burn:
        raise ValueError(f"{dish} burned")
    return dish


async def main():
    async with asyncio.TaskGroup() as tg:
        soup = tg.create_task(cook("soup", 10))
        salad = tg.create_task(cook("salad", 5))
        bread = tg.create_task(cook("bread", 15))
    # leaving the block means every task has finished
    print("served:", soup.result(), salad.result(), bread.result())

    tasks = []
    try:
        async with asyncio.TaskGroup() as tg:
            tasks.append(tg.create_task(cook("steak", 20)))
            tasks.append(tg.create_task(cook("toast", 5, burn=True)))
            tasks.append(tg.create_task(cook("pie", 30)))
    except* ValueError as group:
        for err in group.exceptions:
            print("kitchen error:", err)
    print("cancelled:", [t.cancelled() for t in tasks])

    try:
        async with asyncio.timeout(0.1):
            await cook("roast", 100)
    except TimeoutError:
        print("roast took too long, gave up after 0.1 s")

    async with asyncio.timeout(1):
        print("in time:", await cook("omelette", 3))


asyncio.run(main())
