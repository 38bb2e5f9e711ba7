# GIL Lab's threading module, written in the Python GIL Lab runs, over its _thread natives
# (start, join, locks). Like CPython's own threading.py, it is Python code: its work is
# the program's work. Written for GIL Lab; CPython's behaviour is the reference.
import _thread

_counter = 0


def _new_name(target):
    global _counter
    _counter += 1
    name = "Thread-" + str(_counter)
    if target is not None:
        try:
            name += " (" + target.__name__ + ")"
        except AttributeError:
            pass
    return name


class Thread:
    def __init__(self, group=None, target=None, name=None, args=(), kwargs=None, *, daemon=None):
        if group is not None:
            raise AssertionError("group argument must be None for now")
        self._target = target
        self._name = str(name) if name is not None else _new_name(target)
        self._args = tuple(args)
        self._kwargs = {} if kwargs is None else dict(kwargs)
        if daemon is None:
            daemon = current_thread().daemon
        self._daemonic = bool(daemon)
        self._started = False
        self._ident = None

    def start(self):
        if self._started:
            raise RuntimeError("threads can only be started once")
        self._started = True
        _thread.start(self)

    def run(self):
        try:
            if self._target is not None:
                self._target(*self._args, **self._kwargs)
        finally:
            del self._target, self._args, self._kwargs

    def join(self, timeout=None):
        if not self._started:
            raise RuntimeError("cannot join thread before it is started")
        if self is current_thread():
            raise RuntimeError("cannot join current thread")
        _thread.join(self, timeout)

    def is_alive(self):
        return self._started and _thread.alive(self)

    @property
    def name(self):
        return self._name

    @name.setter
    def name(self, value):
        self._name = str(value)

    @property
    def daemon(self):
        return self._daemonic

    @daemon.setter
    def daemon(self, value):
        if self._started:
            raise RuntimeError("cannot set daemon status of active thread")
        self._daemonic = bool(value)

    @property
    def ident(self):
        return self._ident

    @property
    def native_id(self):
        return self._ident

    def getName(self):
        return self._name

    def setName(self, value):
        self._name = str(value)

    def isDaemon(self):
        return self._daemonic

    def setDaemon(self, value):
        self.daemon = value

    def __repr__(self):
        if not self._started:
            status = "initial"
        elif self.is_alive():
            status = "started " + str(self._ident)
        else:
            status = "stopped " + str(self._ident)
        if self._daemonic:
            status += " daemon"
        return "<" + type(self).__name__ + "(" + self._name + ", " + status + ")>"


class _MainThread(Thread):
    def __init__(self):
        Thread.__init__(self, name="MainThread", daemon=False)
        self._started = True
        self._ident = _thread.get_ident()


def current_thread():
    return _thread.current()


def main_thread():
    return _main


def active_count():
    return _thread.active_count()


def enumerate():
    return _thread.alive_threads()


def _clock():
    return _thread.clock()


def get_ident():
    return _thread.get_ident()


def get_native_id():
    return _thread.get_ident()


local = _thread._local
Lock = _thread.allocate_lock
RLock = _thread.allocate_rlock


class Condition:
    def __init__(self, lock=None):
        self._lock = RLock() if lock is None else lock
        self._waiters = []

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *exc):
        return self._lock.__exit__(*exc)

    def acquire(self, blocking=True, timeout=-1):
        return self._lock.acquire(blocking, timeout)

    def release(self):
        self._lock.release()

    def wait(self, timeout=None):
        waiter = _thread.allocate_lock()
        waiter.acquire()
        self._waiters.append(waiter)
        saved = _thread.release_all(self._lock)
        try:
            if timeout is None:
                waiter.acquire()
                return True
            got = waiter.acquire(True, timeout) if timeout > 0 else waiter.acquire(False)
            if not got:
                try:
                    self._waiters.remove(waiter)
                except ValueError:
                    pass
            return got
        finally:
            _thread.restore(self._lock, saved)

    def wait_for(self, predicate, timeout=None):
        result = predicate()
        while not result:
            if timeout is not None:
                if timeout <= 0:
                    break
                start = _thread.clock()
                self.wait(timeout)
                timeout -= _thread.clock() - start
            else:
                self.wait()
            result = predicate()
        return result

    def notify(self, n=1):
        woken = self._waiters[:n]
        del self._waiters[:n]
        for waiter in woken:
            waiter.release()

    def notify_all(self):
        self.notify(len(self._waiters))


class Semaphore:
    def __init__(self, value=1):
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        self._cond = Condition(Lock())
        self._value = value

    def acquire(self, blocking=True, timeout=None):
        if not blocking and timeout is not None:
            raise ValueError("can't specify timeout for non-blocking acquire")
        with self._cond:
            while self._value == 0:
                if not blocking:
                    return False
                if not self._cond.wait(timeout):
                    return False
            self._value -= 1
            return True

    __enter__ = acquire

    def release(self, n=1):
        if n < 1:
            raise ValueError("n must be one or more")
        with self._cond:
            self._value += n
            self._cond.notify(n)

    def __exit__(self, *exc):
        self.release()


class BoundedSemaphore(Semaphore):
    def __init__(self, value=1):
        Semaphore.__init__(self, value)
        self._initial = value

    def release(self, n=1):
        if n < 1:
            raise ValueError("n must be one or more")
        with self._cond:
            if self._value + n > self._initial:
                raise ValueError("Semaphore released too many times")
            self._value += n
            self._cond.notify(n)


class Event:
    def __init__(self):
        self._cond = Condition(Lock())
        self._flag = False

    def is_set(self):
        return self._flag

    isSet = is_set

    def set(self):
        with self._cond:
            self._flag = True
            self._cond.notify_all()

    def clear(self):
        with self._cond:
            self._flag = False

    def wait(self, timeout=None):
        with self._cond:
            if not self._flag:
                self._cond.wait(timeout)
            return self._flag


class BrokenBarrierError(RuntimeError):
    pass


class Barrier:
    def __init__(self, parties, action=None, timeout=None):
        self._cond = Condition(Lock())
        self._parties = parties
        self._action = action
        self._timeout = timeout
        self._count = 0
        self._generation = 0
        self._broken = False

    def wait(self, timeout=None):
        if timeout is None:
            timeout = self._timeout
        with self._cond:
            if self._broken:
                raise BrokenBarrierError
            index = self._count
            self._count += 1
            generation = self._generation
            if self._count == self._parties:
                if self._action is not None:
                    self._action()
                self._count = 0
                self._generation += 1
                self._cond.notify_all()
                return index
            while generation == self._generation and not self._broken:
                if not self._cond.wait(timeout):
                    self._broken = True
                    self._cond.notify_all()
                    raise BrokenBarrierError
            if self._broken:
                raise BrokenBarrierError
            return index

    @property
    def parties(self):
        return self._parties

    @property
    def n_waiting(self):
        return self._count

    @property
    def broken(self):
        return self._broken

    def abort(self):
        with self._cond:
            self._broken = True
            self._cond.notify_all()


class Timer(Thread):
    def __init__(self, interval, function, args=None, kwargs=None):
        Thread.__init__(self)
        self.interval = interval
        self.function = function
        self.args = args if args is not None else []
        self.kwargs = kwargs if kwargs is not None else {}
        self.finished = Event()

    def cancel(self):
        self.finished.set()

    def run(self):
        self.finished.wait(self.interval)
        if not self.finished.is_set():
            self.function(*self.args, **self.kwargs)
        self.finished.set()


_main = _MainThread()
_thread.set_main(_main)
