# Teaches: Pipe() gives two connected ends; parent and child send() and recv() Python objects back and forth until one says stop.
# Output: exact
# Speed: none
from multiprocessing import Pipe, Process


def doubler(conn):
    while True:
        msg = conn.recv()
        if msg == "stop":
            conn.send("bye")
            break
        conn.send(msg * 2)
    conn.close()


if __name__ == "__main__":
    parent_end, child_end = Pipe()
    child = Process(target=doubler, args=(child_end,))
    child.start()

    for thing in [21, "ab", [1, 2], 0.25]:
        parent_end.send(thing)
        reply = parent_end.recv()
        print(repr(thing), "came back as", repr(reply))

    parent_end.send("stop")
    print("last word:", parent_end.recv())
    child.join()
    print("child exitcode:", child.exitcode)
