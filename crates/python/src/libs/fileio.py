# GIL Lab's text files: what open() returns, over the run's files in memory (_fs). Written for
# GIL Lab; CPython's io.TextIOWrapper is the reference for what each method returns and raises.
import _fs
import _thread


class TextIOWrapper:
    def __init__(self, name, mode):
        self.name = name
        self.mode = mode
        self.closed = False
        self._pos = 0
        if mode in ("r", "rt"):
            self._text = _fs.read(name)
        elif mode in ("w", "wt"):
            _fs.write(name, "")
        elif mode in ("a", "at"):
            if not _fs.exists(name):
                _fs.write(name, "")
        elif mode in ("x", "xt"):
            if _fs.exists(name):
                raise FileExistsError("[Errno 17] File exists: '" + name + "'")
            _fs.write(name, "")
        else:
            raise ValueError("mode " + repr(mode) + " is not modelled by GIL Lab: use 'r', 'w', 'a' or 'x'")

    def __repr__(self):
        return "<_io.TextIOWrapper name='" + self.name + "' mode='" + self.mode + "' encoding='UTF-8'>"

    def _check(self, reading):
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        if reading and self.mode[0] != "r":
            raise UnsupportedOperation("not readable")
        if not reading and self.mode[0] == "r":
            raise UnsupportedOperation("not writable")

    def write(self, text):
        self._check(False)
        if str(text) != text:
            raise TypeError("write() argument must be str, not " + type(text).__name__)
        _fs.append(self.name, text)
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def read(self, size=-1):
        self._check(True)
        rest = self._text[self._pos:]
        if size is not None and size >= 0:
            rest = rest[:size]
        self._pos += len(rest)
        return rest

    def readline(self):
        self._check(True)
        end = self._text.find("\n", self._pos)
        end = len(self._text) if end < 0 else end + 1
        line = self._text[self._pos:end]
        self._pos = end
        return line

    def readlines(self):
        lines = []
        line = self.readline()
        while line:
            lines.append(line)
            line = self.readline()
        return lines

    def __iter__(self):
        self._check(True)
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def flush(self):
        pass

    def close(self):
        self.closed = True

    def __enter__(self):
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        return self

    def __exit__(self, exc_type, exc, tb):
        self.close()


class UnsupportedOperation(OSError):
    pass


def _open(file, mode="r", buffering=-1, encoding=None, errors=None, newline=None):
    if "b" in mode:
        _thread.refuse("binary files (bytes) are not modelled by GIL Lab yet: open the file as text")
    if "+" in mode:
        _thread.refuse("files opened for reading and writing ('+') are not modelled by GIL Lab")
    return TextIOWrapper(file, mode)
