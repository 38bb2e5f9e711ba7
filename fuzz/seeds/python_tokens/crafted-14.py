# coding: unicode_escape
x = 1 # \x0a y = 2
