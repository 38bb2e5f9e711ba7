s = r'\d\'' + b'\xff' + rb"\x" + u'x' + f'{x!r:>{w}}'
