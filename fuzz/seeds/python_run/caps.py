x = [0] * 10
while True:
    x.append(len(x))
