# Teaches: module-level (global) variables, the global statement, reading globals without it, a call counter
calls = 0
settings = {"verbose": False}
GREETING = "Hi"

def count_call():
    global calls
    calls += 1

def say(name):
    count_call()
    if settings["verbose"]:
        print("[say called]")
    return GREETING + " " + name

print(say("Ana"))
settings["verbose"] = True
print(say("Ben"))
print("calls:", calls)

def reset():
    global calls, GREETING
    calls = 0
    GREETING = "Hello"

reset()
print(say("Cy"), calls)

level = "global"

def shadow():
    level = "local"
    return level

print(shadow(), level)

def create_later():
    global created
    created = "made inside a function"

create_later()
print(created)

total = 0
for n in range(1, 6):
    total += n
print("total:", total)

def add_to_total(n):
    global total
    total = total + n
    return total

print(add_to_total(100), total)
