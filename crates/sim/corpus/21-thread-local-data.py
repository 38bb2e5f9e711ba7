# Teaches: threading.local gives each thread its own copy of an attribute, so helper functions can read "the current request" without passing it around
# Output: sorted
# Speed: none
import threading

context = threading.local()
print_lock = threading.Lock()


def log(message):
    user = getattr(context, "user", "<nobody>")
    with print_lock:
        print("[{}] {}".format(user, message))


def handle_request(user, pages):
    context.user = user        # only this thread sees this value
    context.visited = []
    for page in pages:
        context.visited.append(page)
        log("viewed " + page)
    log("visited {} pages: {}".format(len(context.visited), ", ".join(context.visited)))


requests = {
    "ada": ["home", "search"],
    "grace": ["home", "cart", "checkout"],
    "linus": ["about"],
}
threads = []
for user, pages in requests.items():
    t = threading.Thread(target=handle_request, args=(user, pages))
    threads.append(t)
    t.start()
for t in threads:
    t.join()

log("main thread never set a user")
print("main has 'user'?", hasattr(context, "user"))
