import asyncio
import logging
import sys

class Ctx:
    async def __aenter__(self):
        return self
    async def __aexit__(self, et, e, tb):
        print("aexit saw", et.__name__)
        return True

class Plain:
    def __enter__(self):
        return self
    async def __exit__(self, et, e, tb):
        return False

async def ticker():
    await asyncio.sleep(1)
    print("tick")

async def selfcancel():
    asyncio.current_task().cancel()
    try:
        await asyncio.sleep(2)
    except asyncio.CancelledError:
        print("cancelled")
        raise

async def main():
    async with Ctx():
        raise ValueError("swallowed")
    print("after async with")
    t = asyncio.create_task(ticker())
    s = asyncio.create_task(selfcancel())
    await asyncio.gather(t, s, return_exceptions=True)

asyncio.run(main())
loop = asyncio.new_event_loop()
print(loop.run_until_complete(asyncio.sleep(0.01, "idiom ok")))
logging.basicConfig(stream=sys.stdout)
logging.warning("x=%d", "a")
logging.warning("%(a)s and %(b)s", {"a": 1, "b": 2})
print("after")
try:
    with Plain():
        print("body")
        raise KeyError("k")
except KeyError:
    print("not swallowed?")
