# Teaches: LifoQueue hands items back newest first like a stack, and PriorityQueue hands back the smallest (priority, item) tuple first, even across threads
# Output: exact
# Speed: none
import queue
import threading

# a stack of plates
plates = queue.LifoQueue()
for color in ["red", "green", "blue", "white"]:
    plates.put(color)
order = []
while not plates.empty():
    order.append(plates.get())
print("LIFO order:", order)

# a hospital triage list: lower number = more urgent
triage = queue.PriorityQueue()
patients = [(3, "sprained ankle"), (1, "heart attack"), (5, "cold"), (2, "broken arm"), (1, "stroke")]

def admit(cases):
    for priority, case in cases:
        triage.put((priority, case))

admitters = [threading.Thread(target=admit, args=(patients[:2],)),
             threading.Thread(target=admit, args=(patients[2:],))]
for t in admitters:
    t.start()
for t in admitters:
    t.join()

def doctor(seen):
    while True:
        try:
            priority, case = triage.get_nowait()
        except queue.Empty:
            return
        seen.append((priority, case))

seen = []
d = threading.Thread(target=doctor, args=(seen,))
d.start()
d.join()
for n, (priority, case) in enumerate(seen, start=1):
    print(f"{n}. [{priority}] {case}")
