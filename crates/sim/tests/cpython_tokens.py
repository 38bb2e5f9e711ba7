"""The reader of GIL Lab programs against CPython's own tokenizer: the oracle of
tests/python_tokens.rs and of the python_tokens fuzz target.

Reads, per line on stdin, one JSON list of cases {"text": the program, "ours": the reader's
tokens (`gil_sim::python::tokens`: [kind, text, [line, col], [end_line, end_col], value]) or
null where the reader refuses the text, "reader": whether the whole reader accepts it as a
program}; writes, per line, one JSON list with null for each case where the reader agrees
with CPython, else one line saying where they differ. Agreeing means: a text the reader refuses
is always fine; a text it tokenizes gets the same tokens from CPython's C tokenizer
(`_tokenize.TokenizerIter`; columns in characters), the same names after NFKC, the same
string values (`ast.literal_eval`), and no tokenizer error; a text the whole reader accepts
compiles in CPython. The text is given to `compile` as a file's bytes would be (UTF-8), so it
sees the byte order mark and the encoding declaration as when running a file.
"""

import ast
import io
import json
import sys
import token
import tokenize
import unicodedata
import warnings

import _tokenize

# 3.11's C tokenizer still marks `async` and `await` as ASYNC and AWAIT: names, for Python.
KINDS = {token.NAME: "NAME", token.NUMBER: "NUMBER", token.STRING: "STRING",
         token.NEWLINE: "NEWLINE", token.INDENT: "INDENT", token.DEDENT: "DEDENT",
         token.ASYNC: "NAME", token.AWAIT: "NAME"}


def char_col(lines, line, col):
    if col < 0 or line < 1 or line > len(lines):
        return col
    return len(lines[line - 1].encode("utf-8")[:col].decode("utf-8", "replace"))


def value(kind, text):
    if kind == "NAME":
        return unicodedata.normalize("NFKC", text)
    if kind == "NUMBER":
        return text
    if kind != "STRING":
        return None
    prefix = text[:len(text) - len(text.lstrip("rbufRBUF"))].lower()
    if "f" in prefix:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            v = ast.literal_eval(text)
    except Exception as e:  # noqa: BLE001 - any refusal is the answer
        return "!error: " + str(e)
    if isinstance(v, bytes):
        return v.decode("latin-1")
    try:
        v.encode("utf-8")
    except UnicodeEncodeError:
        return "!error: a lone surrogate"
    return v


def decoded(src):
    """The text CPython runs from a file holding `src` in UTF-8: the byte order mark and the
    encoding declaration honoured (`tokenize.detect_encoding`, as the C tokenizer reads them)."""
    raw = src.encode("utf-8", "surrogatepass")
    encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
    return raw.decode(encoding)


def tokens(src):
    try:
        src = decoded(src)
    except (SyntaxError, LookupError, UnicodeError, ValueError) as e:
        return [], f"the file cannot be decoded: {e}"
    lines = src.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for (text, typ, l0, l1, c0, c1, _line) in _tokenize.TokenizerIter(src):
                kind = KINDS.get(typ, "OP" if typ in token.EXACT_TOKEN_TYPES.values() else
                                 token.tok_name.get(typ, str(typ)))
                out.append([kind, text, [l0, char_col(lines, l0, c0)],
                            [l1, char_col(lines, l1, c1)], value(kind, text)])
    except (SyntaxError, ValueError) as e:
        return out, str(getattr(e, "msg", e))
    return out, None


def compiles(src):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(src.encode("utf-8", "surrogatepass"), "program.py", "exec",
                    flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as e:
        return [str(e.msg), e.lineno, e.offset]
    except (ValueError, UnicodeError) as e:
        return [str(e), None, None]
    except RecursionError:
        return ["too deep", None, None]
    except MemoryError:
        return ["too big", None, None]
    return None


# Messages of CPython's tokenizer (and of its string decoding), which `compile` may report
# where TokenizerIter stops without a word.
TOKENIZER_ERRORS = ("unindent does not match", "inconsistent use of tabs", "too many levels",
                    "unexpected EOF", "after line continuation", "EOF while scanning",
                    "unterminated", "was never closed", "unmatched", "does not match opening",
                    "invalid character", "non-printable", "invalid decimal literal",
                    "invalid hexadecimal literal", "invalid octal literal",
                    "invalid binary literal", "invalid imaginary literal", "invalid digit",
                    "leading zeros", "(unicode error)", "bytes can only contain",
                    "encoding problem", "unknown encoding", "null bytes", "too many nested")


def differ(case):
    ours = case["ours"]
    if ours is None:
        return None
    src = case["text"]
    theirs, stopped = tokens(src)
    comp = compiles(src)
    if case.get("reader") and comp is not None:
        return f"the reader accepts a program CPython refuses: {comp}"
    if stopped is not None:
        return f"CPython's tokenizer refuses it ({stopped}); the reader reads it"
    if "parse_error" in case:
        mine_err = case["parse_error"]
        if mine_err is None and comp is not None:
            return f"GIL Lab's parser reads a text CPython's parser refuses: {comp}"
        if mine_err is not None and comp is None and "MAX_CHAIN" not in mine_err:
            return f"CPython's parser reads it; GIL Lab's parser refuses it: {mine_err}"
    mine = [t for t in ours if t[0] != "ENDMARKER"]
    for i, a in enumerate(mine):
        if i >= len(theirs):
            return f"CPython's tokenizer stops after {len(theirs)} tokens; the reader goes on with {a}"
        b = theirs[i]
        layout = a[0] in ("NEWLINE", "INDENT", "DEDENT")
        # The DEDENTs at the end: CPython puts them on the last line, or one after it when a
        # compiled string ends with "\r\n" (translate_newlines adds a line); no code's place.
        last = all(t[0] == "DEDENT" for t in mine[i:])
        same = a[0] == b[0] and (last or (a[2][0] == b[2][0] if layout else a[1:4] == b[1:4]))
        if same and a[0] in ("NAME", "STRING") and a[4] != b[4]:
            same = False
        if not same:
            return f"token {i}: the reader has {a}, CPython {b}"
    if len(theirs) > len(mine):
        return f"CPython has more tokens: {theirs[len(mine)]} ..."
    # (An f-string's expressions are tokenized again by 3.11's parser, whose errors there
    # look like the tokenizer's: not a tokenizer error of the text.)
    fstring = any(t[0] == "STRING" and "f" in t[1][:3].lower().split("'")[0].split('"')[0]
                  for t in theirs)
    if (comp is not None and not fstring
            and any(m in comp[0] for m in TOKENIZER_ERRORS)):
        return f"CPython's tokenizer refuses it at the end ({comp}); the reader reads it"
    return None


def main():
    for line in sys.stdin:
        cases = json.loads(line)
        sys.stdout.write(json.dumps([differ(c) for c in cases]) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
