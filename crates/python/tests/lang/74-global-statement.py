# Teaches: global in a function that also reads other globals, module counters, a local that shadows a global, a global created in a function
MAX_USERS = 3
users = []
next_id = 1
log = []

def register(name):
    global next_id
    if len(users) >= MAX_USERS:
        log.append(f"rejected {name}")
        return None
    users.append((next_id, name))
    log.append(f"added {name} as {next_id}")
    next_id += 1
    return next_id - 1

for name in ["ann", "bob", "cy", "dee"]:
    print(name, "->", register(name))
print(users, next_id)
print(log)

def reset():
    global users, next_id
    users = []
    next_id = 100

reset()
print(register("eve"), users)

def local_only():
    MAX_USERS = 1
    return MAX_USERS

print(local_only(), MAX_USERS)
def raise_limit(by):
    global MAX_USERS
    MAX_USERS += by
    return MAX_USERS

print(raise_limit(2), MAX_USERS)

def create_setting():
    global theme
    theme = "dark"

try:
    print(theme)
except NameError as e:
    print("NameError:", e)
create_setting()
print("now defined:", theme)

count = 0
def bump_twice():
    global count
    for _ in range(2):
        count = count + 1
    return count

print(bump_twice(), bump_twice(), count)
