# Teaches: *args and **kwargs, unpacking a list or dict into a call, forwarding arguments to another function
def total(*numbers):
    print("got", len(numbers), "numbers:", numbers)
    return sum(numbers)

print(total())
print(total(1, 2, 3))
values = [10, 20, 30]
print(total(*values))
print(total(5, *values, 5))

def profile(name, **details):
    print(name)
    for key, value in details.items():
        print("  " + key + ":", value)

profile("Ada", born=1815, field="mathematics")
info = {"language": "Python", "year": 1991}
profile("Guido", **info)

def show(*args, **kwargs):
    return f"args={args} kwargs={kwargs}"

print(show())
print(show(1, "two", x=3, y=[4]))

def point(x, y, z=0):
    return (x, y, z)

coords = {"x": 1, "y": 2}
print(point(**coords), point(*[7, 8, 9]), point(1, *[2], **{"z": 3}))

def logged(func, *args, **kwargs):
    print("calling", func.__name__, "with", args, kwargs)
    return func(*args, **kwargs)

print(logged(point, 4, 5, z=6))
print(logged(max, 3, 9, 4))

def build_tag(tag, *children, **attributes):
    attrs = "".join(f' {k}="{v}"' for k, v in attributes.items())
    return f"<{tag}{attrs}>" + "".join(children) + f"</{tag}>"

print(build_tag("p", "Hello ", "world", id="intro", lang="en"))
print(build_tag("br"))
