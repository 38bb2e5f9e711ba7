flag = 1
print(ﬂag)
