été = 1
zähler = 2
中文 = 3
