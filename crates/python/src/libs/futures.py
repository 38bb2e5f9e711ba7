# GIL Lab's concurrent.futures: futures and the thread pool, written in the Python GIL Lab
# runs over its threading and queue modules (as CPython's are Python over threading).
# Written for GIL Lab; CPython's behaviour is the reference. The process pool is refused.
import _thread
import threading
import queue

FIRST_COMPLETED = "FIRST_COMPLETED"
FIRST_EXCEPTION = "FIRST_EXCEPTION"
ALL_COMPLETED = "ALL_COMPLETED"

TimeoutError = TimeoutError


class CancelledError(Exception):
    pass


class InvalidStateError(Exception):
    pass


class BrokenExecutor(RuntimeError):
    pass


class _Waiter:
    def __init__(self):
        self.event = threading.Event()
        self.finished = []
        self.lock = threading.Lock()

    def add(self, future):
        with self.lock:
            self.finished.append(future)
        self.event.set()


class Future:
    def __init__(self):
        self._cond = threading.Condition()
        self._state = "PENDING"
        self._result = None
        self._exception = None
        self._waiters = []
        self._callbacks = []

    def __repr__(self):
        return "<Future state=" + self._state.lower() + ">"

    def cancel(self):
        with self._cond:
            if self._state in ("RUNNING", "FINISHED"):
                return False
            if self._state == "CANCELLED":
                return True
            self._state = "CANCELLED"
            self._cond.notify_all()
        self._finish()
        return True

    def cancelled(self):
        return self._state == "CANCELLED"

    def running(self):
        return self._state == "RUNNING"

    def done(self):
        return self._state in ("CANCELLED", "FINISHED")

    def _outcome(self):
        if self._state == "CANCELLED":
            raise CancelledError()
        if self._exception is not None:
            raise self._exception
        return self._result

    def result(self, timeout=None):
        with self._cond:
            if self.done():
                return self._outcome()
            self._cond.wait(timeout)
            if self.done():
                return self._outcome()
            raise TimeoutError()

    def exception(self, timeout=None):
        with self._cond:
            if not self.done():
                self._cond.wait(timeout)
            if self._state == "CANCELLED":
                raise CancelledError()
            if not self.done():
                raise TimeoutError()
            return self._exception

    def add_done_callback(self, fn):
        with self._cond:
            if not self.done():
                self._callbacks.append(fn)
                return
        fn(self)

    def set_running_or_notify_cancel(self):
        with self._cond:
            if self._state == "CANCELLED":
                return False
            self._state = "RUNNING"
            return True

    def set_result(self, result):
        with self._cond:
            if self.done():
                raise InvalidStateError("invalid state")
            self._result = result
            self._state = "FINISHED"
            self._cond.notify_all()
        self._finish()

    def set_exception(self, exception):
        with self._cond:
            if self.done():
                raise InvalidStateError("invalid state")
            self._exception = exception
            self._state = "FINISHED"
            self._cond.notify_all()
        self._finish()

    def _finish(self):
        for waiter in self._waiters:
            waiter.add(self)
        for fn in self._callbacks:
            fn(self)


def _distinct(fs):
    out = []
    for f in fs:
        if not any(f is g for g in out):
            out.append(f)
    return out


def as_completed(fs, timeout=None):
    start = threading._clock()
    pending = _distinct(fs)
    total = len(pending)
    waiter = _Waiter()
    for f in pending:
        f._waiters.append(waiter)
    try:
        ready = [f for f in pending if f.done()]
        pending = [f for f in pending if not f.done()]
        for f in ready:
            yield f
        while pending:
            wait_for = None
            if timeout is not None:
                wait_for = timeout - (threading._clock() - start)
                if wait_for < 0:
                    raise TimeoutError(str(len(pending)) + " (of " + str(total) + ") futures unfinished")
            waiter.event.wait(wait_for)
            with waiter.lock:
                finished = waiter.finished
                waiter.finished = []
                waiter.event.clear()
            for f in finished:
                if any(f is g for g in pending):
                    pending = [g for g in pending if g is not f]
                    yield f
    finally:
        for f in _distinct(fs):
            f._waiters = [w for w in f._waiters if w is not waiter]


def wait(fs, timeout=None, return_when=ALL_COMPLETED):
    fs = _distinct(fs)
    start = threading._clock()
    waiter = _Waiter()
    for f in fs:
        f._waiters.append(waiter)
    try:
        while True:
            done = [f for f in fs if f.done()]
            not_done = [f for f in fs if not f.done()]
            if not not_done:
                break
            if return_when == FIRST_COMPLETED and done:
                break
            if return_when == FIRST_EXCEPTION and any(
                not f.cancelled() and f._exception is not None for f in done
            ):
                break
            wait_for = None
            if timeout is not None:
                wait_for = timeout - (threading._clock() - start)
                if wait_for <= 0:
                    break
            waiter.event.wait(wait_for)
            waiter.event.clear()
    finally:
        for f in fs:
            f._waiters = [w for w in f._waiters if w is not waiter]
    return (set(done), set(not_done))


class Executor:
    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.shutdown(wait=True)
        return False

    def map(self, fn, *iterables, timeout=None, chunksize=1):
        # CPython's map gives a generator that waits for each result as it is taken; here
        # the results are waited for in map() itself (a thread can wait in a method, not yet
        # inside a generator taken by built-in code such as list()), in the same order.
        futures = [self.submit(fn, *args) for args in zip(*iterables)]
        return iter([f.result(timeout) for f in futures])


class ThreadPoolExecutor(Executor):
    _counter = 0

    def __init__(self, max_workers=None, thread_name_prefix="", initializer=None, initargs=()):
        if max_workers is None:
            max_workers = min(32, _cpu_count() + 4)
        if max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        ThreadPoolExecutor._counter += 1
        self._max_workers = max_workers
        self._prefix = thread_name_prefix or ("ThreadPoolExecutor-" + str(ThreadPoolExecutor._counter - 1))
        self._work = queue.SimpleQueue()
        self._threads = []
        self._idle = 0
        self._shutdown = False
        self._lock = threading.Lock()
        self._initializer = initializer
        self._initargs = initargs

    def submit(self, fn, /, *args, **kwargs):
        with self._lock:
            if self._shutdown:
                raise RuntimeError("cannot schedule new futures after shutdown")
            f = Future()
            self._work.put((f, fn, args, kwargs))
            if self._idle > 0:
                self._idle -= 1
            elif len(self._threads) < self._max_workers:
                name = self._prefix + "_" + str(len(self._threads))
                t = threading.Thread(name=name, target=self._worker)
                t.daemon = False
                self._threads.append(t)
                t.start()
            return f

    def _worker(self):
        if self._initializer is not None:
            self._initializer(*self._initargs)
        while True:
            item = self._work.get()
            if item is None:
                self._work.put(None)
                return
            f, fn, args, kwargs = item
            if f.set_running_or_notify_cancel():
                try:
                    result = fn(*args, **kwargs)
                except BaseException as e:
                    f.set_exception(e)
                else:
                    f.set_result(result)
            with self._lock:
                self._idle += 1

    def shutdown(self, wait=True, *, cancel_futures=False):
        with self._lock:
            self._shutdown = True
        self._work.put(None)
        if wait:
            for t in self._threads:
                t.join()


class ProcessPoolExecutor(Executor):
    def __init__(self, *args, **kwargs):
        _thread.refuse("ProcessPoolExecutor: processes are not modelled by GIL Lab yet")


def _cpu_count():
    return _thread.cpu_count()
