# GIL Lab's asyncio: the event loop, futures, tasks and their tools, written in the Python
# GIL Lab runs (CPython's are Python with a C accelerator). Written for GIL Lab; CPython 3.11's
# behaviour is the reference: the same order of callbacks, the same cancellation. Each task's
# coroutine runs on a fiber of the loop's thread (`_fiber`): the loop switches to it, and it
# gives control back when it awaits a future that is not done. When nothing is ready the loop
# waits for its next timer (or for a thread to hand it a result) with the GIL released, as
# CPython's loop waits in select().
import _fiber
import _thread
import threading
import time

FIRST_COMPLETED = "FIRST_COMPLETED"
FIRST_EXCEPTION = "FIRST_EXCEPTION"
ALL_COMPLETED = "ALL_COMPLETED"

TimeoutError = TimeoutError


class CancelledError(BaseException):
    pass


class InvalidStateError(Exception):
    pass


class QueueEmpty(Exception):
    pass


class QueueFull(Exception):
    pass


_running_loops = {}  # thread ident -> its running loop
_event_loops = {}  # thread ident -> the loop get_event_loop() gives it
_task_count = 0


def _running():
    return _running_loops.get(threading.get_ident())


def get_running_loop():
    loop = _running()
    if loop is None:
        raise RuntimeError("no running event loop")
    return loop


def get_event_loop():
    loop = _running()
    if loop is not None:
        return loop
    me = threading.get_ident()
    # The main thread gets a loop made for it, until one was set (asyncio.run sets None at
    # its end, as CPython 3.11's does).
    if me not in _event_loops and threading.current_thread() is threading.main_thread():
        _event_loops[me] = _Loop()
    loop = _event_loops.get(me)
    if loop is None:
        raise RuntimeError("There is no current event loop in thread '" + threading.current_thread().name + "'.")
    return loop


def new_event_loop():
    return _Loop()


def set_event_loop(loop):
    _event_loops[threading.get_ident()] = loop


def current_task(loop=None):
    return get_running_loop()._current


def all_tasks(loop=None):
    loop = get_running_loop()
    return set(t for t in loop._tasks if not t.done())


def iscoroutine(obj):
    return _fiber.iscoroutine(obj)


class Handle:
    def __init__(self, callback, args, loop):
        self._callback = callback
        self._args = args
        self._loop = loop
        self._cancelled = False

    def cancel(self):
        self._cancelled = True

    def cancelled(self):
        return self._cancelled

    def _run(self):
        self._callback(*self._args)


class TimerHandle(Handle):
    def __init__(self, when, callback, args, loop):
        super().__init__(callback, args, loop)
        self._when = when

    def when(self):
        return self._when


class Future:
    def __init__(self, *, loop=None):
        self._loop = loop if loop is not None else get_running_loop()
        self._state = "PENDING"
        self._result = None
        self._exception = None
        self._callbacks = []
        self._cancel_message = None

    def __repr__(self):
        return "<" + type(self).__name__ + " " + self._state.lower() + ">"

    def get_loop(self):
        return self._loop

    def done(self):
        return self._state != "PENDING"

    def cancelled(self):
        return self._state == "CANCELLED"

    def result(self):
        if self._state == "CANCELLED":
            if self._cancel_message is None:
                raise CancelledError()
            raise CancelledError(self._cancel_message)
        if self._state != "FINISHED":
            raise InvalidStateError("Result is not ready.")
        if self._exception is not None:
            raise self._exception
        return self._result

    def exception(self):
        if self._state == "CANCELLED":
            raise CancelledError()
        if self._state != "FINISHED":
            raise InvalidStateError("Exception is not set.")
        return self._exception

    def set_result(self, result):
        if self._state != "PENDING":
            raise InvalidStateError(self._state + ": " + repr(self))
        self._result = result
        self._state = "FINISHED"
        self._schedule_callbacks()

    def set_exception(self, exception):
        if self._state != "PENDING":
            raise InvalidStateError(self._state + ": " + repr(self))
        if isinstance(exception, type):
            exception = exception()
        self._exception = exception
        self._state = "FINISHED"
        self._schedule_callbacks()

    def cancel(self, msg=None):
        if self._state != "PENDING":
            return False
        self._state = "CANCELLED"
        self._cancel_message = msg
        self._schedule_callbacks()
        return True

    def add_done_callback(self, fn):
        if self._state != "PENDING":
            self._loop.call_soon(fn, self)
        else:
            self._callbacks.append(fn)

    def remove_done_callback(self, fn):
        kept = [f for f in self._callbacks if f != fn]
        removed = len(self._callbacks) - len(kept)
        self._callbacks = kept
        return removed

    def _schedule_callbacks(self):
        callbacks = self._callbacks
        self._callbacks = []
        for fn in callbacks:
            self._loop.call_soon(fn, self)

    def __await__(self):
        # Awaited from a task: the task's fiber waits until the future is done.
        if not self.done():
            task = self._loop._current
            if task is None:
                raise RuntimeError("await wasn't used with future")
            task._wait_on(self)
        return self.result()


class Task(Future):
    def __init__(self, coro, *, loop=None, name=None):
        global _task_count
        super().__init__(loop=loop)
        if not _fiber.iscoroutine(coro):
            raise TypeError("a coroutine was expected, got " + repr(coro))
        _task_count += 1
        self._name = str(name) if name is not None else "Task-" + str(_task_count)
        self._coro = coro
        self._fiber = _fiber.new(coro)
        self._must_cancel = False
        self._waiting = None
        self._yielded = False
        self._loop._tasks.append(self)
        self._loop.call_soon(self._step)

    def __repr__(self):
        return "<Task " + self._state.lower() + " name='" + self._name + "'>"

    def get_name(self):
        return self._name

    def set_name(self, value):
        self._name = str(value)

    def get_coro(self):
        return self._coro

    def cancel(self, msg=None):
        if self.done():
            return False
        if self._waiting is not None:
            if self._waiting.cancel(msg):
                return True
        self._must_cancel = True
        self._cancel_message = msg
        return True

    def _step(self, exc=None):
        if self.done():
            return
        if self._must_cancel:
            exc = CancelledError() if self._cancel_message is None else CancelledError(self._cancel_message)
            self._must_cancel = False
        loop = self._loop
        previous = loop._current
        loop._current = self
        try:
            finished, value = _fiber.switch(self._fiber, exc)
        except CancelledError:
            loop._current = previous
            Future.cancel(self)
            return
        except BaseException as e:
            loop._current = previous
            Future.set_exception(self, e)
            return
        loop._current = previous
        if finished:
            Future.set_result(self, value)
        elif self._must_cancel and self._waiting is not None:
            # Cancelled while it ran (by itself): what it now waits for is cancelled at once.
            if self._waiting.cancel(self._cancel_message):
                self._must_cancel = False
        elif self._yielded:
            self._yielded = False
            loop.call_soon(self._step)

    def _wakeup(self, future):
        self._step()

    def _wait_on(self, future):
        # On the task's fiber: wait for `future`, which wakes the task when it is done.
        self._waiting = future
        future.add_done_callback(self._wakeup)
        try:
            _fiber.suspend()
        finally:
            self._waiting = None

    def _yield_once(self):
        # `await asyncio.sleep(0)`: back to the loop, to run again at its next turn.
        self._yielded = True
        _fiber.suspend()


class _Loop:
    def __init__(self):
        self._ready = []
        self._timers = []
        self._seq = 0
        self._current = None
        self._tasks = []
        self._wakeup = threading.Event()
        self._lock = threading.Lock()
        self._from_threads = []
        self._executor = None
        self._closed = False

    def time(self):
        return time.monotonic()

    def call_soon(self, callback, *args):
        handle = Handle(callback, args, self)
        self._ready.append(handle)
        return handle

    def call_later(self, delay, callback, *args):
        return self.call_at(self.time() + delay, callback, *args)

    def call_at(self, when, callback, *args):
        handle = TimerHandle(when, callback, args, self)
        self._seq += 1
        entry = (when, self._seq, handle)
        i = len(self._timers)
        while i > 0 and self._timers[i - 1][:2] > entry[:2]:
            i -= 1
        self._timers.insert(i, entry)
        return handle

    def call_soon_threadsafe(self, callback, *args):
        with self._lock:
            self._from_threads.append(Handle(callback, args, self))
        self._wakeup.set()

    def create_future(self):
        return Future(loop=self)

    def create_task(self, coro, *, name=None):
        return Task(coro, loop=self, name=name)

    def run_in_executor(self, executor, func, *args):
        if executor is None:
            if self._executor is None:
                import concurrent.futures
                self._executor = concurrent.futures.ThreadPoolExecutor()
            executor = self._executor
        return wrap_future(executor.submit(func, *args), loop=self)

    def is_running(self):
        return _running() is self

    def close(self):
        self._closed = True

    def is_closed(self):
        return self._closed

    def _run_once(self):
        with self._lock:
            self._ready.extend(self._from_threads)
            self._from_threads = []
        if not self._ready:
            timeout = None
            if self._timers:
                timeout = max(0.0, self._timers[0][0] - self.time())
            self._wakeup.wait(timeout)
            self._wakeup.clear()
            with self._lock:
                self._ready.extend(self._from_threads)
                self._from_threads = []
        end = self.time() + 1e-9  # the clock's resolution, as CPython's loop allows
        while self._timers and self._timers[0][0] <= end:
            handle = self._timers.pop(0)[2]
            if not handle._cancelled:
                self._ready.append(handle)
        ready = self._ready
        self._ready = []
        for handle in ready:
            if not handle._cancelled:
                handle._run()

    def run_until_complete(self, future):
        if _running() is not None:
            raise RuntimeError("This event loop is already running")
        if self._closed:
            raise RuntimeError("Event loop is closed")
        me = threading.get_ident()
        _running_loops[me] = self
        try:
            future = ensure_future(future, loop=self)
            while not future.done():
                self._run_once()
            return future.result()
        finally:
            del _running_loops[me]


def wrap_future(cf_future, *, loop=None):
    loop = loop if loop is not None else get_running_loop()
    future = loop.create_future()

    def copy_state(source):
        if future.done():
            return
        if source.cancelled():
            future.cancel()
            return
        exc = source.exception()
        if exc is not None:
            future.set_exception(exc)
        else:
            future.set_result(source.result())

    cf_future.add_done_callback(lambda f: loop.call_soon_threadsafe(copy_state, f))
    return future


def ensure_future(obj, *, loop=None):
    if isinstance(obj, Future):
        return obj
    if _fiber.iscoroutine(obj):
        loop = loop if loop is not None else get_running_loop()
        return loop.create_task(obj)
    raise TypeError("An asyncio.Future, a coroutine or an awaitable is required")


def create_task(coro, *, name=None):
    return get_running_loop().create_task(coro, name=name)


def run(main, *, debug=None):
    if _running() is not None:
        raise RuntimeError("asyncio.run() cannot be called from a running event loop")
    if not _fiber.iscoroutine(main):
        raise ValueError("a coroutine was expected, got " + repr(main))
    loop = _Loop()
    me = threading.get_ident()
    _running_loops[me] = loop
    try:
        task = loop.create_task(main)
        while not task.done():
            loop._run_once()
        # What is still pending is cancelled and run to its end, as asyncio.run does.
        pending = [t for t in loop._tasks if not t.done()]
        for t in pending:
            t.cancel()
        while any(not t.done() for t in pending):
            loop._run_once()
        if loop._executor is not None:
            loop._executor.shutdown(wait=True)
        return task.result()
    finally:
        loop._closed = True
        del _running_loops[me]
        _event_loops[me] = None


class _Sleep0:
    def __await__(self):
        get_running_loop()._current._yield_once()


async def sleep(delay, result=None):
    if delay <= 0:
        await _Sleep0()
        return result
    loop = get_running_loop()
    future = loop.create_future()
    handle = loop.call_later(delay, _set_result_unless_cancelled, future, result)
    try:
        return await future
    finally:
        handle.cancel()


def _set_result_unless_cancelled(future, result):
    if not future.done():
        future.set_result(result)


def _release_waiter(waiter, *args):
    if not waiter.done():
        waiter.set_result(None)


class _GatheringFuture(Future):
    def __init__(self, children, *, loop):
        super().__init__(loop=loop)
        self._children = children

    def cancel(self, msg=None):
        if self.done():
            return False
        cancelled = False
        for child in self._children:
            if child.cancel(msg):
                cancelled = True
        return cancelled


def gather(*aws, return_exceptions=False):
    loop = get_running_loop()
    children = []
    seen = []
    for a in aws:
        for old, fut in seen:
            if old is a:
                break
        else:
            fut = ensure_future(a, loop=loop)
            seen.append((a, fut))
        children.append(fut)
    outer = _GatheringFuture(children, loop=loop)
    if not children:
        outer.set_result([])
        return outer
    state = {"done": 0}

    def child_done(fut):
        state["done"] += 1
        if outer.done():
            return
        if not return_exceptions:
            if fut.cancelled():
                outer.set_exception(CancelledError())
                return
            exc = fut.exception()
            if exc is not None:
                outer.set_exception(exc)
                return
        if state["done"] == len(children):
            results = []
            for f in children:
                if f.cancelled():
                    results.append(CancelledError())
                elif f.exception() is not None:
                    results.append(f.exception())
                else:
                    results.append(f.result())
            outer.set_result(results)

    for a, fut in seen:
        fut.add_done_callback(child_done)
    return outer


async def wait(fs, *, timeout=None, return_when=ALL_COMPLETED):
    loop = get_running_loop()
    fs = set(ensure_future(f, loop=loop) for f in fs)
    if not fs:
        raise ValueError("Set of Tasks/Futures is empty.")
    if return_when not in (FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED):
        raise ValueError("Invalid return_when value: " + str(return_when))
    waiter = loop.create_future()
    handle = None
    if timeout is not None:
        handle = loop.call_later(timeout, _release_waiter, waiter)
    state = {"left": len(fs)}

    def on_completion(f):
        state["left"] -= 1
        failed = not f.cancelled() and f.exception() is not None
        if (state["left"] <= 0 or return_when == FIRST_COMPLETED
                or (return_when == FIRST_EXCEPTION and failed)):
            if handle is not None:
                handle.cancel()
            if not waiter.done():
                waiter.set_result(None)

    for f in fs:
        f.add_done_callback(on_completion)
    try:
        await waiter
    finally:
        if handle is not None:
            handle.cancel()
        for f in fs:
            f.remove_done_callback(on_completion)
    done = set()
    pending = set()
    for f in fs:
        if f.done():
            done.add(f)
        else:
            pending.add(f)
    return done, pending


async def _cancel_and_wait(fut):
    loop = get_running_loop()
    waiter = loop.create_future()
    fut.add_done_callback(lambda f: _release_waiter(waiter))
    fut.cancel()
    await waiter


async def wait_for(fut, timeout):
    loop = get_running_loop()
    if timeout is None:
        return await fut
    fut = ensure_future(fut, loop=loop)
    if timeout <= 0:
        if fut.done():
            return fut.result()
        await _cancel_and_wait(fut)
        raise TimeoutError()
    waiter = loop.create_future()
    handle = loop.call_later(timeout, _release_waiter, waiter)

    def release(f):
        _release_waiter(waiter)

    fut.add_done_callback(release)
    try:
        try:
            await waiter
        except CancelledError:
            if fut.done():
                return fut.result()
            fut.remove_done_callback(release)
            await _cancel_and_wait(fut)
            raise
        if fut.done():
            return fut.result()
        fut.remove_done_callback(release)
        await _cancel_and_wait(fut)
        try:
            return fut.result()
        except CancelledError:
            raise TimeoutError()
    finally:
        handle.cancel()


def as_completed(fs, *, timeout=None):
    loop = get_running_loop()
    todo = []
    for f in fs:
        todo.append(ensure_future(f, loop=loop))
    done = Queue()
    handle = None

    def on_timeout():
        for f in todo:
            f.remove_done_callback(on_completion)
            done.put_nowait(None)
        todo.clear()

    def on_completion(f):
        if not todo:
            return
        todo.remove(f)
        done.put_nowait(f)
        if not todo and handle is not None:
            handle.cancel()

    async def wait_for_one():
        f = await done.get()
        if f is None:
            raise TimeoutError()
        return f.result()

    for f in todo:
        f.add_done_callback(on_completion)
    if todo and timeout is not None:
        handle = loop.call_later(timeout, on_timeout)
    return [wait_for_one() for _ in range(len(todo))]


async def to_thread(func, *args, **kwargs):
    loop = get_running_loop()
    return await loop.run_in_executor(None, lambda: func(*args, **kwargs))


class Event:
    def __init__(self):
        self._waiters = []
        self._value = False

    def is_set(self):
        return self._value

    def set(self):
        if not self._value:
            self._value = True
            for fut in self._waiters:
                if not fut.done():
                    fut.set_result(True)

    def clear(self):
        self._value = False

    async def wait(self):
        if self._value:
            return True
        fut = get_running_loop().create_future()
        self._waiters.append(fut)
        try:
            await fut
            return True
        finally:
            self._waiters.remove(fut)


class Lock:
    def __init__(self):
        self._waiters = []
        self._locked = False

    def locked(self):
        return self._locked

    async def acquire(self):
        if not self._locked and all(w.cancelled() for w in self._waiters):
            self._locked = True
            return True
        fut = get_running_loop().create_future()
        self._waiters.append(fut)
        try:
            try:
                await fut
            finally:
                self._waiters.remove(fut)
        except CancelledError:
            if not self._locked:
                self._wake_first()
            raise
        self._locked = True
        return True

    def release(self):
        if not self._locked:
            raise RuntimeError("Lock is not acquired.")
        self._locked = False
        self._wake_first()

    def _wake_first(self):
        for fut in self._waiters:
            if not fut.done():
                fut.set_result(True)
                return

    async def __aenter__(self):
        await self.acquire()
        return None

    async def __aexit__(self, exc_type, exc, tb):
        self.release()


class Semaphore:
    def __init__(self, value=1):
        if value < 0:
            raise ValueError("Semaphore initial value must be >= 0")
        self._value = value
        self._waiters = []

    def locked(self):
        return self._value == 0

    async def acquire(self):
        while self._value <= 0:
            fut = get_running_loop().create_future()
            self._waiters.append(fut)
            try:
                await fut
            finally:
                self._waiters.remove(fut)
        self._value -= 1
        return True

    def release(self):
        self._value += 1
        for fut in self._waiters:
            if not fut.done():
                fut.set_result(True)
                return

    async def __aenter__(self):
        await self.acquire()
        return None

    async def __aexit__(self, exc_type, exc, tb):
        self.release()


class BoundedSemaphore(Semaphore):
    def __init__(self, value=1):
        self._bound_value = value
        super().__init__(value)

    def release(self):
        if self._value >= self._bound_value:
            raise ValueError("BoundedSemaphore released too many times")
        super().release()


class Queue:
    def __init__(self, maxsize=0):
        self._maxsize = maxsize
        self._items = []
        self._getters = []
        self._putters = []
        self._unfinished_tasks = 0
        self._finished = Event()
        self._finished.set()

    def qsize(self):
        return len(self._items)

    @property
    def maxsize(self):
        return self._maxsize

    def empty(self):
        return not self._items

    def full(self):
        return self._maxsize > 0 and len(self._items) >= self._maxsize

    def _wake_next(self, waiters):
        while waiters:
            fut = waiters.pop(0)
            if not fut.done():
                fut.set_result(None)
                return

    async def put(self, item):
        while self.full():
            putter = get_running_loop().create_future()
            self._putters.append(putter)
            try:
                await putter
            except CancelledError:
                if putter in self._putters:
                    self._putters.remove(putter)
                if not self.full() and not putter.cancelled():
                    self._wake_next(self._putters)
                raise
        return self.put_nowait(item)

    def put_nowait(self, item):
        if self.full():
            raise QueueFull
        self._items.append(item)
        self._unfinished_tasks += 1
        self._finished.clear()
        self._wake_next(self._getters)

    async def get(self):
        while self.empty():
            getter = get_running_loop().create_future()
            self._getters.append(getter)
            try:
                await getter
            except CancelledError:
                if getter in self._getters:
                    self._getters.remove(getter)
                if not self.empty() and not getter.cancelled():
                    self._wake_next(self._getters)
                raise
        return self.get_nowait()

    def get_nowait(self):
        if self.empty():
            raise QueueEmpty
        item = self._items.pop(0)
        self._wake_next(self._putters)
        return item

    def task_done(self):
        if self._unfinished_tasks <= 0:
            raise ValueError("task_done() called too many times")
        self._unfinished_tasks -= 1
        if self._unfinished_tasks == 0:
            self._finished.set()

    async def join(self):
        if self._unfinished_tasks > 0:
            await self._finished.wait()


class TaskGroup:
    def __init__(self):
        self._tasks = []
        self._entered = False

    async def __aenter__(self):
        self._entered = True
        return self

    def create_task(self, coro, *, name=None):
        if not self._entered:
            raise RuntimeError("TaskGroup has not been entered")
        task = get_running_loop().create_task(coro, name=name)
        self._tasks.append(task)
        return task

    async def __aexit__(self, exc_type, exc, tb):
        if exc_type is not None:
            _thread.refuse("a TaskGroup left by an exception (an ExceptionGroup) is not modelled by GIL Lab yet")
        for task in self._tasks:
            try:
                await task
            except BaseException:
                _thread.refuse("a TaskGroup whose task fails (an ExceptionGroup) is not modelled by GIL Lab yet")


class Timeout:
    def __init__(self, delay):
        self._delay = delay
        self._handle = None
        self._expired = False
        self._task = None

    def expired(self):
        return self._expired

    def _on_timeout(self):
        self._expired = True
        self._task.cancel()

    async def __aenter__(self):
        loop = get_running_loop()
        self._task = loop._current
        if self._delay is not None:
            self._handle = loop.call_later(self._delay, self._on_timeout)
        return self

    async def __aexit__(self, exc_type, exc, tb):
        if self._handle is not None:
            self._handle.cancel()
        if self._expired and exc_type is CancelledError:
            raise TimeoutError()
        return None


def timeout(delay):
    return Timeout(delay)
