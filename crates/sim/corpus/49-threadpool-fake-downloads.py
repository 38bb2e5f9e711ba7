# Teaches: for I/O-bound work (here time.sleep standing in for the network) a ThreadPoolExecutor overlaps the waits, so ten 0.2 s "downloads" take about 0.4 s, not 2 s.
# Output: exact
# Speed: io-bound
# Clock lines: 12
import time
from concurrent.futures import ThreadPoolExecutor

PAGES = [f"https://example.com/page/{i}" for i in range(10)]


def download(url):
    time.sleep(0.2)  # pretend we are waiting for the server
    page_number = int(url.rsplit("/", 1)[1])
    return url, 1000 + 37 * page_number


def main():
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=5) as pool:
        results = list(pool.map(download, PAGES))
    elapsed = time.perf_counter() - start

    for url, size in results:
        print(f"{url}: {size} bytes")
    total = sum(size for _, size in results)
    print("total bytes:", total)
    serial_time = 0.2 * len(PAGES)
    print("faster than one at a time:", elapsed < serial_time / 2)


if __name__ == "__main__":
    main()
