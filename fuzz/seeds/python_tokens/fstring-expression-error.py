s = ur'\d\'' u'x'7 + f'{x!r:>{2w}}'
