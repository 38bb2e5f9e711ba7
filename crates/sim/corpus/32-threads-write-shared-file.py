# Teaches: several threads appending lines to one file in the current folder, with a lock so lines are never mixed, then reading the file back and deleting it
# Output: exact
# Speed: none
import os
import threading

LOG_FILE = "gil_lab_tmp_log.txt"
file_lock = threading.Lock()


def write_entries(name, count):
    for i in range(count):
        with file_lock:
            with open(LOG_FILE, "a") as f:
                f.write(f"{name} entry {i}\n")


if __name__ == "__main__":
    with open(LOG_FILE, "w") as f:
        f.write("log started\n")

    writers = [threading.Thread(target=write_entries, args=(n, c))
               for n, c in [("sensor-A", 5), ("sensor-B", 3), ("sensor-C", 4)]]
    for w in writers:
        w.start()
    for w in writers:
        w.join()

    with open(LOG_FILE) as f:
        lines = f.read().splitlines()

    print("first line:", lines[0])
    print("lines written:", len(lines) - 1)
    per_sensor = {}
    for line in lines[1:]:
        sensor = line.split()[0]
        per_sensor[sensor] = per_sensor.get(sensor, 0) + 1
    for sensor, n in sorted(per_sensor.items()):
        print(sensor, n)
    print("all lines well formed:", all(len(l.split()) == 3 for l in lines[1:]))

    os.remove(LOG_FILE)
    print("file removed:", not os.path.exists(LOG_FILE))
