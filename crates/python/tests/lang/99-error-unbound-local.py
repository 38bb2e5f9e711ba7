# Teaches: an uncaught UnboundLocalError: assigning a name anywhere in a function makes it local everywhere in that function
visits = 0
history = []

def record_page(page):
    history.append(page)
    return len(history)

print(record_page("home"), record_page("about"), history)

def read_visits():
    return visits

print("visits so far:", read_visits())

def safe_count():
    global visits
    visits += 1
    return visits

print(safe_count(), safe_count())

def shadowed():
    visits = 100
    return visits

print(shadowed(), visits)

def count_visit(page):
    print("counting", page)
    if page == "admin":
        visits = 0
    visits += 1
    return visits

count_visit("home")
print("unreachable")
