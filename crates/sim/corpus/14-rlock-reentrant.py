# Teaches: an RLock can be acquired again by the thread that already holds it, so a locked method can call another locked method; a plain Lock would block
# Output: exact
# Speed: none
import threading


class Inventory:
    def __init__(self):
        self.items = {}
        self.lock = threading.RLock()

    def add(self, name, qty=1):
        with self.lock:
            self.items[name] = self.items.get(name, 0) + qty

    def add_many(self, names):
        with self.lock:              # holds the lock...
            for name in names:
                self.add(name)       # ...and add() takes it again


class AuditedInventory(Inventory):
    def __init__(self):
        super().__init__()
        self.log = []

    def add(self, name, qty=1):
        with self.lock:
            super().add(name, qty)
            self.log.append(name)


store = AuditedInventory()
shipments = [["apple", "pear"], ["apple", "plum", "apple"], ["pear"] * 4]
threads = [threading.Thread(target=store.add_many, args=(s,)) for s in shipments * 50]
for t in threads:
    t.start()
for t in threads:
    t.join()

for name in sorted(store.items):
    print(name, store.items[name])
print("log entries:", len(store.log))

plain = threading.Lock()
plain.acquire()
print("plain Lock taken twice by one thread?", plain.acquire(timeout=0.2))
plain.release()
