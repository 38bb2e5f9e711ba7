# Teaches: a list used as a queue with pop(0), a round-robin scheduler in plain loops, tuples as records
tasks = [("compile", 5), ("test", 3), ("lint", 1), ("deploy", 4)]
queue = list(tasks)
quantum = 2
clock = 0
finished = []

while queue:
    name, remaining = queue.pop(0)
    run = min(quantum, remaining)
    clock += run
    remaining -= run
    if remaining > 0:
        print(f"t={clock:2}: {name} ran {run}, {remaining} left")
        queue.append((name, remaining))
    else:
        print(f"t={clock:2}: {name} done")
        finished.append((name, clock))

print(finished)
lengths = dict(tasks)
waits = {name: end - lengths[name] for name, end in finished}
print("time spent waiting:", waits)
print("average turnaround:", sum(end for _, end in finished) / len(finished))

line = ["ana", "ben", "cai"]
arrivals = ["dev", "eve"]
served = []
turn = 0
while line:
    served.append(line.pop(0))
    if turn < len(arrivals):
        line.append(arrivals[turn])
    turn += 1
print("served in order:", served)
