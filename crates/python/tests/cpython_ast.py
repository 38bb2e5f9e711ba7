"""What CPython's parser makes of program texts: the oracle of tests/parse.rs.

Reads, per line on stdin, a JSON list of texts; writes, per line, a JSON list with, for each
text, either {"outline": [[kind, line], ...]} (the statements in pre-order as `ast` names and
places them: body, handlers, orelse, finalbody, match cases) or {"error": [message, line,
column]} from `ast.parse` (CPython's parser; no compile-time checks). The text is parsed as a
file's UTF-8 bytes.
"""

import ast
import json
import sys
import warnings


def outline(body, out):
    for s in body:
        out.append([type(s).__name__, s.lineno])
        for field in ("body", "handlers", "orelse", "finalbody", "cases"):
            sub = getattr(s, field, None)
            if not sub:
                continue
            if field in ("handlers", "cases"):
                for part in sub:
                    outline(part.body, out)
            else:
                outline(sub, out)
    return out


def read(text):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text.encode("utf-8", "surrogatepass"))
    except SyntaxError as e:
        return {"error": [str(e.msg), e.lineno, e.offset]}
    except (ValueError, RecursionError, MemoryError) as e:
        return {"error": [str(e), None, None]}
    return {"outline": outline(tree.body, [])}


for line in sys.stdin:
    sys.stdout.write(json.dumps([read(t) for t in json.loads(line)]) + "\n")
    sys.stdout.flush()
