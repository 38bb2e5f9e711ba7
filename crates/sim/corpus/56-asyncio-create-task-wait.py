# Teaches: asyncio.create_task schedules a coroutine to run right away; asyncio.wait returns (done, pending) sets, with a timeout or FIRST_COMPLETED, and leftover tasks can be cancelled.
# Output: exact
# Speed: io-bound
import asyncio


async def job(name, seconds):
    await asyncio.sleep(seconds)
    return name


async def main():
    # create_task starts them; nothing waits for them yet
    tasks = [asyncio.create_task(job(f"job-{i}", i * 0.1), name=f"job-{i}") for i in range(1, 6)]
    print("created:", [t.get_name() for t in tasks])

    done, pending = await asyncio.wait(tasks, timeout=0.25)
    print("after 0.25 s done:", sorted(t.result() for t in done))
    print("after 0.25 s pending:", sorted(t.get_name() for t in pending))

    done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
    print("next to finish:", [t.result() for t in done])

    for t in pending:
        t.cancel()
    done, _ = await asyncio.wait(pending)
    print("cancelled:", sorted(t.get_name() for t in done if t.cancelled()))


if __name__ == "__main__":
    asyncio.run(main())
