# Teaches: logging is thread-safe and can stamp each line with the thread's name (%(threadName)s) to show which thread did what.
# Output: sorted
# Speed: none
import logging
import sys
import threading
import time

logging.basicConfig(
    stream=sys.stdout,
    level=logging.DEBUG,
    format="[%(threadName)s] %(levelname)s: %(message)s",
)
log = logging.getLogger("shop")


def handle_customer(customer, items):
    log.info("serving %s", customer)
    for item in items:
        time.sleep(0.01)
        log.debug("%s picked %s", customer, item)
    if not items:
        log.warning("%s left without buying", customer)
    log.info("done with %s", customer)


def main():
    log.info("shop opens")
    queue = {"Mia": ["milk", "eggs"], "Noah": [], "Olga": ["bread"]}
    tills = []
    for n, (customer, items) in enumerate(queue.items(), start=1):
        t = threading.Thread(target=handle_customer, args=(customer, items), name=f"till-{n}")
        tills.append(t)
        t.start()
    for t in tills:
        t.join()
    log.info("shop closes")


if __name__ == "__main__":
    main()
