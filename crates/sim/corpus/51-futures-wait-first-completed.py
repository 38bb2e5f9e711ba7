# Teaches: concurrent.futures.wait() with FIRST_COMPLETED returns as soon as one future is done; with ALL_COMPLETED it waits for the rest; shutdown() ends an executor made without `with`.
# Output: exact
# Speed: io-bound
import time
import concurrent.futures as cf


def racer(name, seconds):
    time.sleep(seconds)
    return name


executor = cf.ThreadPoolExecutor(max_workers=3)
futures = [
    executor.submit(racer, "tortoise", 0.9),
    executor.submit(racer, "hare", 0.1),
    executor.submit(racer, "snail", 0.5),
]

done, not_done = cf.wait(futures, return_when=cf.FIRST_COMPLETED)
print("first to finish:", [f.result() for f in done])
print("still running:", len(not_done))

done, not_done = cf.wait(futures, timeout=5, return_when=cf.ALL_COMPLETED)
print("done now:", len(done), "not done:", len(not_done))
print("finish line order in list:", [f.result() for f in futures])
print("all done():", all(f.done() for f in futures))

executor.shutdown(wait=True)
try:
    executor.submit(racer, "late", 0)
except RuntimeError as e:
    print("after shutdown:", e)
