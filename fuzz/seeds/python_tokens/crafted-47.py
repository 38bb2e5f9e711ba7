if 1:
    \
  y = 1
