"""P7 calibration: request rate of an I/O thread (a socketpair echo round trip: send, recv;
the peer echoes from another process, at once or after a 100 us think time) alone, next to 1
and 2 CPU-bound threads, with switch intervals 5 ms and 1 ms, and with the CPU work in another
process. ~20 s."""
import multiprocessing as mp
import socket
import sys
import threading
import time

DURATION = 1.0


def spin(stop):
    while not stop.is_set():
        for _ in range(10_000):
            pass


def spin_forever():
    while True:
        pass


def echo(sock, other, delay):
    other.close()  # the forked child also inherited our end
    while True:
        data = sock.recv(64)
        if not data:
            return
        if delay:
            time.sleep(delay)
        sock.sendall(data)


def rate(cpu_threads, interval, cpu_in_process=False, delay=0.0):
    sys.setswitchinterval(interval)
    a, b = socket.socketpair()
    peer = mp.get_context("fork").Process(target=echo, args=(b, a, delay))
    peer.start()
    b.close()
    stop = threading.Event()
    spinners = [threading.Thread(target=spin, args=(stop,)) for _ in range(cpu_threads)]
    for t in spinners:
        t.start()
    cruncher = None
    if cpu_in_process:
        cruncher = mp.get_context("fork").Process(target=spin_forever)
        cruncher.start()
    time.sleep(0.05)
    n = 0
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < DURATION:
        a.sendall(b"x")
        a.recv(64)
        n += 1
    el = time.perf_counter() - t0
    stop.set()
    for t in spinners:
        t.join()
    if cruncher:
        cruncher.terminate()
        cruncher.join()
    a.close()
    peer.join()
    return n / el


if __name__ == "__main__":
    for delay in (0.0, 0.0001):
        print(f"peer think time {delay * 1e6:.0f} us")
        print(f"  alone              {rate(0, 0.005, delay=delay):9.0f} req/s")
        print(f"  1 CPU thread  5 ms {rate(1, 0.005, delay=delay):9.0f} req/s")
        print(f"  1 CPU thread  1 ms {rate(1, 0.001, delay=delay):9.0f} req/s")
        print(f"  2 CPU threads 5 ms {rate(2, 0.005, delay=delay):9.0f} req/s")
        print(f"  CPU in a process   {rate(0, 0.005, True, delay=delay):9.0f} req/s")
