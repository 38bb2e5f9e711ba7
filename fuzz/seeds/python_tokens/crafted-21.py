xﬂag = 1
