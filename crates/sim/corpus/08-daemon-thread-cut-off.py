# Teaches: a daemon thread is stopped abruptly when the main thread ends, so the lines it would print later never appear
# Output: exact
# Speed: none
import threading
import time

started = threading.Event()


def heartbeat():
    print("heartbeat: started")
    started.set()
    beat = 0
    while True:
        time.sleep(1.0)
        beat += 1
        print("heartbeat", beat)    # main is gone before the first beat
    print("heartbeat: finished")     # never reached


def main():
    t = threading.Thread(target=heartbeat, name="heartbeat", daemon=True)
    t.start()
    started.wait()
    print("is daemon:", t.daemon)
    time.sleep(0.3)
    print("still alive when main exits:", t.is_alive())
    print("main: bye")


main()
