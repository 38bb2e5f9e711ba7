x·y = 1
