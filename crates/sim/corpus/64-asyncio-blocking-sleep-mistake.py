# Teaches: the classic mistake: time.sleep inside a coroutine blocks the whole event loop, so "concurrent" tasks run one after another; await asyncio.sleep lets them overlap.
# Output: exact
# Speed: io-bound
import asyncio
import time


async def bad_task(name):
    print(f"  {name} starts")
    time.sleep(0.3)           # blocks the event loop!
    print(f"  {name} ends")


async def good_task(name):
    print(f"  {name} starts")
    await asyncio.sleep(0.3)  # gives control back to the loop
    print(f"  {name} ends")


async def run_three(task_func):
    t0 = time.perf_counter()
    await asyncio.gather(task_func("A"), task_func("B"), task_func("C"))
    return time.perf_counter() - t0


print("with time.sleep:")
bad = asyncio.run(run_three(bad_task))
print("with asyncio.sleep:")
good = asyncio.run(run_three(good_task))

print("blocking version took at least 0.9 s:", bad >= 0.9)
print("non-blocking version took under 0.6 s:", good < 0.6)
