# Teaches: every thread has its own get_ident() number, and active_count() counts the threads that are alive, including the main thread
# Output: exact
# Speed: none
import threading

go = threading.Event()
idents = {}
idents_lock = threading.Lock()


def record():
    me = threading.current_thread()
    with idents_lock:
        idents[me.name] = threading.get_ident()
    go.wait()


print("threads alive at start:", threading.active_count())

workers = [threading.Thread(target=record, name=f"w{i}") for i in range(3)]
for w in workers:
    w.start()

while len(idents) < 3:      # wait until every worker has recorded itself
    pass

print("threads alive while workers wait:", threading.active_count())
print("distinct idents:", len(set(idents.values())) == 3)
print("main ident differs:", threading.get_ident() not in idents.values())
print("ident attribute matches:", all(idents[w.name] == w.ident for w in workers))

go.set()
for w in workers:
    w.join()
print("threads alive at the end:", threading.active_count())
print("enumerate():", [t.name for t in threading.enumerate()])
