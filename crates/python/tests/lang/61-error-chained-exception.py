# Teaches: an uncaught exception raised with "raise ... from" while handling a KeyError: the last traceback wins
class ConfigError(Exception):
    pass

config = {"host": "localhost", "debug": "yes"}

def setting(name):
    try:
        return config[name]
    except KeyError as err:
        raise ConfigError(f"missing setting {name!r}") from err

def flag(name):
    return setting(name) in ("yes", "true", "1")

print("host is", setting("host"))
print("debug is", flag("debug"))
try:
    setting("user")
except ConfigError as e:
    print("handled:", e)
print("port is", setting("port"))
print("unreachable")
