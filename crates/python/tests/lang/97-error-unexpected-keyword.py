# Teaches: an uncaught TypeError from a method called with a keyword argument it does not accept (a misspelled name)
class Thermostat:
    def __init__(self, room, target=20):
        self.room = room
        self.target = target
        self.history = []

    def set_target(self, degrees, *, reason="manual"):
        self.history.append((self.target, degrees, reason))
        self.target = degrees
        return self

    def __repr__(self):
        return f"Thermostat({self.room!r}, target={self.target})"

living = Thermostat("living room")
living.set_target(22).set_target(19, reason="night")
print(living, living.history)
try:
    living.set_target(21, "morning")
except TypeError as e:
    print("caught:", e)
try:
    Thermostat()
except TypeError as e:
    print("caught:", e)
bedroom = Thermostat(room="bedroom", target=17)
print(bedroom)
bedroom.set_target(18, reson="too cold")
print("unreachable", bedroom)
