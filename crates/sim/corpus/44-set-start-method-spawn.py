# Teaches: set_start_method("spawn") is called once inside the main guard; spawned children re-import the module, so they do not see globals the parent changed.
# Output: exact
# Speed: none
import multiprocessing

settings = {"mode": "default", "retries": 1}


def show_settings(results):
    # runs in the child: the module was imported again from scratch
    results.put(dict(settings))


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")

    settings["mode"] = "changed by parent"
    settings["retries"] = 5
    print("parent sees:", settings)

    results = multiprocessing.Queue()
    child = multiprocessing.Process(target=show_settings, args=(results,))
    child.start()
    print("child sees: ", results.get())
    child.join()
    print("start method was", multiprocessing.get_start_method())
    print("to give a spawned child data, pass it in args")
