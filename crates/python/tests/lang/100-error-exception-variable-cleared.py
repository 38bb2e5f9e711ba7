# Teaches: the name bound by `except ... as err` is deleted when the handler ends, so using it afterwards is an uncaught NameError
def parse_temperatures(raw_values):
    good, bad = [], []
    for raw in raw_values:
        try:
            good.append(float(raw))
        except ValueError as problem:
            bad.append(str(problem))
    return good, bad

temps, errors = parse_temperatures(["21.5", "19", "hot", "-3.25", ""])
print(temps)
for message in errors:
    print("skipped:", message)

saved = None
try:
    max([])
except ValueError as err:
    saved = err
    print("inside the handler:", err)
print("saved it first:", saved, type(saved).__name__)

err = "a string that was here before"
try:
    {}["missing"]
except KeyError as err:
    print("KeyError for", err)
try:
    print(err)
except NameError:
    print("err is gone, even the string it held before")

try:
    int("twelve")
except ValueError as failure:
    print("could not convert")
print("the failure was:", failure)
