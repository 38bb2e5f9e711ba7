import logging
import os
import sys
import time

logging.basicConfig(stream=sys.stdout, level=logging.DEBUG, format="%(levelname)s %(threadName)s %(message)s")
with open("notes.txt", "w") as f:
    f.write("one\ntwo\n")
with open("notes.txt", "a") as f:
    f.writelines(["three\n"])
with open("notes.txt") as f:
    for n, line in enumerate(f):
        logging.info("%d: %s", n, line.strip())
print(os.listdir("."), os.path.getsize("notes.txt"))
os.remove("notes.txt")
print(time.strftime("%Y-%m-%d %H:%M", time.gmtime(1234567890)), time.gmtime(0).tm_wday)
try:
    name = input("name? ")
except EOFError:
    name = "nobody"
print(name)
