# Teaches: a Barrier makes every worker finish one phase before any of them starts the next; the barrier's action runs once per phase
# Output: sorted
# Speed: none
import threading

N_WORKERS = 3
phase_no = [0]
print_lock = threading.Lock()


def phase_done():
    phase_no[0] += 1
    with print_lock:
        print("=== phase", phase_no[0], "complete ===")


barrier = threading.Barrier(N_WORKERS, action=phase_done)
grid = [[0] * N_WORKERS for _ in range(3)]


def worker(col):
    for phase in range(3):
        grid[phase][col] = (phase + 1) * (col + 1)
        with print_lock:
            print("worker", col, "wrote phase", phase)
        barrier.wait()


threads = [threading.Thread(target=worker, args=(i,)) for i in range(N_WORKERS)]
for t in threads:
    t.start()
for t in threads:
    t.join()

for row in grid:
    print(row)
print("parties:", barrier.parties, "broken:", barrier.broken)
