import asyncio

async def fetch(name, delay):
    await asyncio.sleep(delay)
    return name.upper()

async def worker(q, out):
    while True:
        item = await q.get()
        out.append(item * 2)
        q.task_done()

async def main():
    results = await asyncio.gather(fetch("a", 0.01), fetch("b", 0.0), return_exceptions=True)
    q = asyncio.Queue(maxsize=2)
    out = []
    w = asyncio.create_task(worker(q, out))
    for i in range(5):
        await q.put(i)
    await q.join()
    w.cancel()
    try:
        await asyncio.wait_for(fetch("slow", 1), timeout=0.01)
    except TimeoutError:
        out.append("timeout")
    lock = asyncio.Lock()
    async with lock:
        out.append(lock.locked())
    print(results, out)

asyncio.run(main())
