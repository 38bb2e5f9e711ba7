# Teaches: threads do help for I/O-bound work: eight simulated downloads (time.sleep releases the GIL) finish in about the time of one
# Output: lines
# Speed: io-bound
import threading
import time

URLS = ["https://example.com/page/%d" % i for i in range(1, 9)]


def fake_download(url):
    time.sleep(0.15)      # pretend we are waiting for the network
    # one write per line, so lines from different threads do not run together
    print(f"fetched {url}\n", end="")


def run_sequential():
    start = time.perf_counter()
    for url in URLS:
        fake_download(url)
    return time.perf_counter() - start


def run_threaded():
    start = time.perf_counter()
    threads = [threading.Thread(target=fake_download, args=(u,)) for u in URLS]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start


if __name__ == "__main__":
    seq = run_sequential()
    print("sequential took %.2f s" % seq)
    thr = run_threaded()
    print("threaded took %.2f s" % thr)
    print("threads were %.1f times faster" % (seq / thr))
