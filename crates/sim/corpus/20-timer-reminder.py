# Teaches: threading.Timer runs a function once after a delay in its own thread, and cancel() stops a timer that has not fired yet
# Output: exact
# Speed: none
import threading


def remind(message, who="you"):
    print(f"Reminder for {who}: {message}")


tea = threading.Timer(0.4, remind, args=("the tea is ready",), kwargs={"who": "Sam"})
alarm = threading.Timer(5.0, remind, args=("wake up!",))

tea.start()
alarm.start()
print("timers started")

alarm.cancel()
print("alarm cancelled")

tea.join()
alarm.join()
print("tea timer alive?", tea.is_alive())
print("alarm timer alive?", alarm.is_alive())
print("done")
