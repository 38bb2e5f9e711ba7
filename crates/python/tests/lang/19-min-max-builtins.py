# Teaches: min/max with key and default, abs, round, divmod, pow, len, sum with a start, isinstance, type
temps = {"mon": 18, "tue": 24, "wed": 15, "thu": 24, "fri": 20}
print(max(temps.values()), min(temps.values()))
print(max(temps, key=temps.get), min(temps, key=temps.get))
print(max(3, 7, 5), min("pear", "apple", "fig"))
print(max(["pear", "apple", "fig"], key=len), min([], default="nothing"))
print(max([], default=0), max([-3, 2, -8], key=abs))

people = [("Ann", 34), ("Bo", 19), ("Cy", 51)]
oldest = max(people, key=lambda p: p[1])
print("oldest:", oldest[0])

print(abs(-7), abs(3.5), abs(-0.25))
print(round(7.456, 1), round(-2.5), round(0.125, 2))
print(divmod(100, 7), divmod(-100, 7), divmod(7.5, 2))
print(pow(2, 8), pow(2.0, 3), pow(5, 3, 7), pow(10, -1))
print(len("hello"), len([1, [2, 3]]), len({"a": 1}), len(range(3, 10)))
print(sum([1, 2, 3], 10), sum([[1], [2, 3]], []), sum([0.5, 0.25]))

things = [1, 2.0, "three", [4], (5,), {"six": 6}, None, True]
for t in things:
    kinds = []
    if isinstance(t, bool):
        kinds.append("bool")
    if isinstance(t, int):
        kinds.append("int")
    if isinstance(t, (list, tuple)):
        kinds.append("sequence")
    print(repr(t), type(t).__name__, kinds)
print(type(3) == int, type("x") is str, isinstance(3, (float, str)))
print(callable(len), callable(5))
