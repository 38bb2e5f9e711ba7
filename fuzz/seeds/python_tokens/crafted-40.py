n = 1if x else 2
