# Teaches: asyncio.wait_for gives up after a timeout, cancels the slow coroutine and raises TimeoutError (in 3.11 asyncio.TimeoutError is the built-in TimeoutError).
# Output: exact
# Speed: io-bound
import asyncio

log = []


async def slow_lookup(key, seconds):
    try:
        await asyncio.sleep(seconds)
        return key.upper()
    except asyncio.CancelledError:
        log.append(f"{key} was cancelled")
        raise


async def main():
    value = await asyncio.wait_for(slow_lookup("fast", 0.05), timeout=1.0)
    print("got", value)

    try:
        value = await asyncio.wait_for(slow_lookup("slow", 5), timeout=0.2)
        print("got", value)
    except TimeoutError as e:
        print("timed out:", type(e).__name__)

    print("same class:", asyncio.TimeoutError is TimeoutError)
    print("log:", log)


asyncio.run(main())
