if x:
    if y:
        z
# c
