# GIL Lab's logging: loggers, levels, handlers that write to a stream, and %-style formats,
# written in the Python GIL Lab runs. Written for GIL Lab; CPython 3.11's behaviour is the
# reference (the record's fields, the root logger's default level and format, basicConfig).
# Only sys.stdout is the program's output: what goes to sys.stderr (the default) is not kept.
import _thread
import sys
import threading
import time

CRITICAL = 50
FATAL = CRITICAL
ERROR = 40
WARNING = 30
WARN = WARNING
INFO = 20
DEBUG = 10
NOTSET = 0

_level_names = {CRITICAL: "CRITICAL", ERROR: "ERROR", WARNING: "WARNING", INFO: "INFO",
                DEBUG: "DEBUG", NOTSET: "NOTSET"}
_name_levels = {"CRITICAL": CRITICAL, "FATAL": FATAL, "ERROR": ERROR, "WARN": WARNING,
                "WARNING": WARNING, "INFO": INFO, "DEBUG": DEBUG, "NOTSET": NOTSET}

BASIC_FORMAT = "%(levelname)s:%(name)s:%(message)s"
_start_time = time.time()
# Fields a record does not model (they need the caller's frame or the OS).
_unmodelled = ("%(lineno)", "%(funcName)", "%(pathname)", "%(filename)", "%(module)",
               "%(process)", "%(processName)", "%(stack_info)", "%(exc_info)")


def getLevelName(level):
    if level in _level_names:
        return _level_names[level]
    if level in _name_levels:
        return _name_levels[level]
    return "Level " + str(level)


def _check_level(level):
    if isinstance(level, int):
        return level
    if str(level) == level:
        if level not in _name_levels:
            raise ValueError("Unknown level: " + repr(level))
        return _name_levels[level]
    raise TypeError("Level not an integer or a valid string: " + repr(level))


class LogRecord:
    def __init__(self, name, level, msg, args):
        self.name = name
        self.levelno = level
        self.levelname = getLevelName(level)
        self.msg = msg
        self.args = args
        self.created = time.time()
        self.msecs = (self.created - int(self.created)) * 1000
        self.relativeCreated = (self.created - _start_time) * 1000
        current = threading.current_thread()
        self.threadName = current.name
        self.thread = current.ident

    def getMessage(self):
        msg = str(self.msg)
        if self.args:
            msg = msg % self.args
        return msg


def _record_args(args):
    # One dict argument is the mapping of a %(name)s message, as CPython takes it.
    if len(args) == 1 and isinstance(args[0], dict) and args[0]:
        return args[0]
    return args


class Formatter:
    default_time_format = "%Y-%m-%d %H:%M:%S"

    def __init__(self, fmt=None, datefmt=None, style="%"):
        if style != "%":
            _thread.refuse("logging formats other than %-style are not modelled by GIL Lab")
        self._fmt = fmt if fmt is not None else "%(message)s"
        for field in _unmodelled:
            if field in self._fmt:
                _thread.refuse("the logging field " + field + ")s is not modelled by GIL Lab")
        self.datefmt = datefmt

    def formatTime(self, record, datefmt=None):
        t = time.localtime(record.created)
        if datefmt:
            return time.strftime(datefmt, t)
        return time.strftime(self.default_time_format, t) + ",%03d" % record.msecs

    def format(self, record):
        record.message = record.getMessage()
        if "%(asctime)" in self._fmt:
            record.asctime = self.formatTime(record, self.datefmt)
        fields = {"name": record.name, "levelno": record.levelno,
                  "levelname": record.levelname, "msg": record.msg, "args": record.args,
                  "message": record.message, "created": record.created,
                  "msecs": record.msecs, "relativeCreated": record.relativeCreated,
                  "threadName": record.threadName, "thread": record.thread}
        if "%(asctime)" in self._fmt:
            fields["asctime"] = record.asctime
        return self._fmt % fields


class Handler:
    def __init__(self, level=NOTSET):
        self.level = _check_level(level)
        self.formatter = None
        self.lock = threading.RLock()

    def setLevel(self, level):
        self.level = _check_level(level)

    def setFormatter(self, fmt):
        self.formatter = fmt

    def format(self, record):
        return (self.formatter or _default_formatter).format(record)

    def handle(self, record):
        if record.levelno >= self.level:
            with self.lock:
                try:
                    self.emit(record)
                except Exception:
                    # CPython writes "--- Logging error ---" to stderr and goes on.
                    self.handleError(record)

    def handleError(self, record):
        sys.stderr.write("--- Logging error ---\n")

    def emit(self, record):
        raise NotImplementedError("emit must be implemented by Handler subclasses")

    def flush(self):
        pass


class StreamHandler(Handler):
    terminator = "\n"

    def __init__(self, stream=None):
        super().__init__()
        self.stream = stream if stream is not None else sys.stderr

    def emit(self, record):
        self.stream.write(self.format(record) + self.terminator)


class NullHandler(Handler):
    def emit(self, record):
        pass


class Logger:
    def __init__(self, name, level=NOTSET):
        self.name = name
        self.level = _check_level(level)
        self.handlers = []
        self.parent = None
        self.propagate = True
        self.disabled = False

    def setLevel(self, level):
        self.level = _check_level(level)

    def getEffectiveLevel(self):
        logger = self
        while logger is not None:
            if logger.level:
                return logger.level
            logger = logger.parent
        return NOTSET

    def isEnabledFor(self, level):
        return not self.disabled and level >= self.getEffectiveLevel()

    def addHandler(self, handler):
        if handler not in self.handlers:
            self.handlers.append(handler)

    def removeHandler(self, handler):
        if handler in self.handlers:
            self.handlers.remove(handler)

    def hasHandlers(self):
        logger = self
        while logger is not None:
            if logger.handlers:
                return True
            logger = logger.parent if logger.propagate else None
        return False

    def log(self, level, msg, *args, **kwargs):
        if kwargs:
            _thread.refuse("logging's exc_info, stack_info, extra and stacklevel are not modelled by GIL Lab")
        if self.isEnabledFor(level):
            self.handle(LogRecord(self.name, level, msg, _record_args(args)))

    def debug(self, msg, *args, **kwargs):
        self.log(DEBUG, msg, *args, **kwargs)

    def info(self, msg, *args, **kwargs):
        self.log(INFO, msg, *args, **kwargs)

    def warning(self, msg, *args, **kwargs):
        self.log(WARNING, msg, *args, **kwargs)

    def warn(self, msg, *args, **kwargs):
        self.log(WARNING, msg, *args, **kwargs)

    def error(self, msg, *args, **kwargs):
        self.log(ERROR, msg, *args, **kwargs)

    def exception(self, msg, *args, **kwargs):
        _thread.refuse("logging.exception (a traceback in the log) is not modelled by GIL Lab")

    def critical(self, msg, *args, **kwargs):
        self.log(CRITICAL, msg, *args, **kwargs)

    fatal = critical

    def handle(self, record):
        logger = self
        found = False
        while logger is not None:
            for handler in logger.handlers:
                found = True
                handler.handle(record)
            logger = logger.parent if logger.propagate else None
        if not found and record.levelno >= WARNING:
            _last_resort.handle(record)


root = Logger("root", WARNING)
_loggers = {}
_default_formatter = Formatter()
_last_resort = StreamHandler(sys.stderr)


def getLogger(name=None):
    if not name or name == "root":
        return root
    if name not in _loggers:
        logger = Logger(name)
        parent_name = name.rpartition(".")[0]
        logger.parent = getLogger(parent_name) if parent_name else root
        _loggers[name] = logger
    return _loggers[name]


def basicConfig(**kwargs):
    force = kwargs.pop("force", False)
    if force:
        root.handlers = []
    if root.handlers:
        return
    if "filename" in kwargs or "handlers" in kwargs:
        _thread.refuse("logging to a file or to given handlers is not modelled by GIL Lab: log to sys.stdout")
    handler = StreamHandler(kwargs.pop("stream", None))
    fmt = kwargs.pop("format", BASIC_FORMAT)
    datefmt = kwargs.pop("datefmt", None)
    style = kwargs.pop("style", "%")
    handler.setFormatter(Formatter(fmt, datefmt, style))
    root.addHandler(handler)
    if "level" in kwargs:
        root.setLevel(kwargs.pop("level"))
    if kwargs:
        raise ValueError("Unrecognised argument(s): " + ", ".join(kwargs))


def _root_log(level, msg, args, kwargs):
    if not root.handlers:
        basicConfig()
    root.log(level, msg, *args, **kwargs)


def debug(msg, *args, **kwargs):
    _root_log(DEBUG, msg, args, kwargs)


def info(msg, *args, **kwargs):
    _root_log(INFO, msg, args, kwargs)


def warning(msg, *args, **kwargs):
    _root_log(WARNING, msg, args, kwargs)


def error(msg, *args, **kwargs):
    _root_log(ERROR, msg, args, kwargs)


def critical(msg, *args, **kwargs):
    _root_log(CRITICAL, msg, args, kwargs)


def log(level, msg, *args, **kwargs):
    _root_log(level, msg, args, kwargs)
