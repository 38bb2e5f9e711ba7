n = 1.real
