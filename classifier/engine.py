"""A generic ordered worker pool: per-item deadlines and memory caps, restarts, results in input order.

``run_ordered(items, fn, jobs=N, ...)`` applies ``fn`` to each item in worker processes and yields
one result per item, in input order, whatever happens to the workers:

- **Fast start.** One *zygote* process runs ``initializer`` once (chaff: load the models) and then
  forks every worker, so a worker starts in milliseconds with the models in memory, and a crashed or
  killed worker is replaced as fast. By default the zygote is started from a forkserver (a fresh
  interpreter that imports what it needs), never forked from the caller: a fork copies the caller's
  OpenMP thread pool (LightGBM, scikit-learn) in a state that can deadlock the child. A caller that
  knows it has run no OpenMP work yet (the ``chaff filter`` command, before any page) passes
  ``start="fork"``: the zygote is then a fork of the caller and skips the imports. The zygote limits
  OpenMP and BLAS to one thread before it loads anything, so it never starts such a pool, and its
  workers run one thread each (``jobs`` gives the parallelism).
- **Deadlines on the worker's own clock.** A worker arms a real-time timer (``setitimer``) the
  moment it receives an item; when it rings the kernel ends the worker (``SIGALRM``'s default
  action, which no long-running C call can hold off). The parent only learns of the death, so a
  parent busy replacing another worker never turns a fast item into a timeout.
- **A memory cap per worker** (as resiliparse's MemGuard): a worker's address space may grow by at
  most what is left of the cap after its start (``RLIMIT_AS``; a failed allocation raises
  ``MemoryError``), and the parent kills a worker whose resident set exceeds the cap. Either way
  only that item gets a ``Failure``, and the worker is replaced.
- **Bounded work in flight:** at most ``window`` items are read ahead of the one being yielded.

``fn`` and ``initializer`` travel to the zygote by reference: they must be importable by name (a
module-level function or a ``functools.partial`` of one; not a lambda, nor a function defined in
``__main__`` of a ``python -c`` program). Items and results are pickled.
"""

from __future__ import annotations

import os
import resource
import signal
import socket
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing import get_context, reduction
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, Literal, TypeVar

T = TypeVar("T")
R = TypeVar("R")

FailureKind = Literal["timeout", "memory", "crash", "error"]
StartMethod = Literal["forkserver", "fork"]
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
MB = 1 << 20


@dataclass(frozen=True, slots=True)
class Failure:
    """What became of an item that yielded no result: its kind and a one-line message."""

    kind: FailureKind
    message: str


@dataclass(frozen=True, slots=True)
class Ready(Generic[R]):
    """An item whose result is already known: passed through in order, without a worker."""

    value: R


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-item limits of a pool.

    Args:
        timeout: seconds an item may run in its worker (``None``: no limit).
        max_memory_mb: resident memory a worker may reach, models included (``None``: no cap).
    """

    timeout: float | None = None
    max_memory_mb: float | None = None


class StartupError(RuntimeError):
    """The pool's zygote could not start (its initializer failed in a way that is not a chaff error)."""


def _statm(pid: int | str) -> tuple[int, int]:
    """``(virtual, resident)`` bytes of a process (0, 0 if unknown)."""
    try:
        with open(f"/proc/{pid}/statm") as handle:
            size, resident = handle.read().split()[:2]
    except (OSError, ValueError):
        return 0, 0
    return int(size) * PAGE_SIZE, int(resident) * PAGE_SIZE


# --- inside a worker ---------------------------------------------------------------------------


def _cap_address_space(max_memory_mb: float | None) -> None:
    """Let the address space grow by what is left of the cap after the worker's start."""
    if max_memory_mb is None:
        return
    virtual, resident = _statm("self")
    if not virtual:
        return
    headroom = max(int(max_memory_mb * MB) - resident, 0)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = virtual + headroom
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _serve(conn: Connection, fn: Callable[[Any], Any], limits: Limits) -> None:
    """A worker's loop: one item per message, each under its own deadline, until told to stop."""
    signal.signal(signal.SIGALRM, signal.SIG_DFL)  # the deadline ends the process, whatever it runs
    _cap_address_space(limits.max_memory_mb)
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if item is None:
            return
        if limits.timeout is not None:
            signal.setitimer(signal.ITIMER_REAL, limits.timeout)
        result: Any
        try:
            result = fn(item)
        except MemoryError:
            result = Failure("memory", f"memory limit exceeded ({limits.max_memory_mb:g} MB)")
        except Exception as exc:  # a failing item must not end the worker
            result = Failure("error", f"{type(exc).__name__}: {exc}")
        signal.setitimer(signal.ITIMER_REAL, 0)  # before sending: a result sent is never a timeout
        try:
            conn.send(result)
        except (BrokenPipeError, EOFError, ConnectionResetError):
            return
        except Exception as exc:  # e.g. an unpicklable result
            conn.send(Failure("error", f"result not transferable ({type(exc).__name__}: {exc})"))
        if isinstance(result, Failure) and result.kind == "memory":
            return  # a worker that ran out of memory may be in a bad state: let it be replaced


# --- the zygote --------------------------------------------------------------------------------


def _limit_threads() -> None:
    """One OpenMP/BLAS thread: no thread pool exists when the zygote forks."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)


def _zygote_main(
    control: Connection,
    initializer: Callable[[], None] | None,
    fn: Callable[[Any], Any],
    limits: Limits,
    parent: int,
    parents_end: Connection | None,
) -> None:
    """Run ``initializer`` once, then fork a worker per request and report how workers ended.

    ``parents_end`` (a forked zygote's copy of the parent's end of ``control``) is closed first, so
    that the zygote, and every worker, sees the parent go away (EOF) however the parent ends.
    """
    if parents_end is not None:
        parents_end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the pool
    try:
        _limit_threads()
        if initializer is not None:
            initializer()
    except BaseException as exc:  # reported to the parent, which raises it
        control.send(("failed", exc if isinstance(exc, Exception) else RuntimeError(repr(exc))))
        return
    control.send(("ready", os.getpid()))
    children: set[int] = set()
    try:
        while True:
            try:
                request = control.recv()
            except (EOFError, OSError):
                break
            if request is None:
                break
            if request[0] == "fork":
                ours, theirs = socket.socketpair()
                pid = os.fork()
                if pid == 0:  # the worker
                    status = 0
                    try:
                        control.close()
                        ours.close()
                        _serve(Connection(theirs.detach()), fn, limits)
                    except BaseException:
                        status = 70
                    finally:
                        os._exit(status)
                theirs.close()
                children.add(pid)
                reduction.send_handle(control, ours.fileno(), parent)
                ours.close()
                control.send(pid)
            elif request[0] == "reap":
                pid = request[1]
                control.send(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) if pid in children else None)
                children.discard(pid)
    finally:
        for pid in children:
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass


class _Zygote:
    """The parent's handle on the zygote: forks workers, reaps them."""

    def __init__(
        self, initializer: Callable[[], None] | None, fn: Callable[[Any], Any], limits: Limits, start: StartMethod
    ) -> None:
        context: Any = get_context(start)
        self.control, child = context.Pipe()
        self.process = context.Process(
            target=_zygote_main,
            args=(child, initializer, fn, limits, os.getpid(), self.control if start == "fork" else None),
            daemon=True,
            name="chaff-zygote",
        )
        self.process.start()
        child.close()
        try:
            status, value = self.control.recv()
        except (EOFError, OSError):
            self.process.join(1)
            raise StartupError(f"the worker pool failed to start (exit code {self.process.exitcode})") from None
        if status == "failed":
            self.process.join(1)
            if isinstance(value, Exception) and type(value).__module__.startswith("classifier."):
                raise value
            raise StartupError(f"the worker pool failed to start ({type(value).__name__}: {value})")

    def fork(self) -> tuple[int, Connection]:
        self.control.send(("fork",))
        fd = reduction.recv_handle(self.control)
        return self.control.recv(), Connection(fd)

    def reap(self, pid: int) -> int | None:
        self.control.send(("reap", pid))
        code: int | None = self.control.recv()
        return code

    def close(self) -> None:
        try:
            self.control.send(None)
        except OSError:
            pass
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.control.close()


# --- the parent --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Slot:
    """An item's place in the output order, and its result once known."""

    item: Any
    result: Any = None
    done: bool = False


class _Worker:
    """One forked worker, as the parent sees it."""

    def __init__(self, zygote: _Zygote) -> None:
        self.pid, self.conn = zygote.fork()
        self.slot: _Slot | None = None
        self.sent = 0.0

    def start(self, slot: _Slot) -> None:
        self.slot, self.sent = slot, time.monotonic()
        try:
            self.conn.send(slot.item)
        except OSError:
            pass  # a worker that died idle is noticed when its connection reads as closed

    def answer(self) -> tuple[bool, Any]:
        """``(True, result)`` if the worker answered, ``(False, None)`` if it is gone."""
        try:
            return True, self.conn.recv()
        except (EOFError, OSError):
            return False, None

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


class OrderedPool(Generic[T, R]):
    """Worker processes applying ``fn`` to items under ``limits``; results in input order.

    Args:
        fn: item → result, importable by name.
        jobs: worker processes.
        limits: per-item timeout and per-worker memory cap.
        initializer: run once in the zygote before any worker forks (load models there).
        window: items read ahead of the one being yielded (default ``4 * jobs``).
        start: how the zygote starts: ``"forkserver"`` (safe anywhere) or ``"fork"`` (faster; only
            from a process that has run no OpenMP work yet).
    """

    def __init__(
        self,
        fn: Callable[[T], R],
        *,
        jobs: int,
        limits: Limits = Limits(),
        initializer: Callable[[], None] | None = None,
        window: int | None = None,
        start: StartMethod = "forkserver",
    ) -> None:
        self.jobs = max(jobs, 1)
        self.limits = limits
        self.window = window if window is not None else 4 * self.jobs
        self.zygote = _Zygote(initializer, fn, limits, start)
        self.workers: list[_Worker] = []
        self.slots: deque[_Slot] = deque()  # read, not yet yielded, in input order
        self.todo: deque[_Slot] = deque()  # waiting for a worker
        self.hard_limit = None if limits.timeout is None else 2 * limits.timeout + 10  # a backstop only

    def run(self, items: Iterable[T | Ready[R]]) -> Iterator[R | Failure]:
        """Yield one result (or ``Failure``) per item, in input order."""
        source = iter(items)
        while True:
            self._fill(source)
            if not self.slots:
                return
            if not self.slots[0].done:
                self._dispatch()
                self._wait()
            while self.slots and self.slots[0].done:
                yield self.slots.popleft().result

    def _fill(self, source: Iterator[T | Ready[R]]) -> None:
        while len(self.slots) < self.window:
            try:
                item = next(source)
            except StopIteration:
                return
            slot = _Slot(item.value, item.value, True) if isinstance(item, Ready) else _Slot(item)
            self.slots.append(slot)
            if not slot.done:
                self.todo.append(slot)

    def _dispatch(self) -> None:
        while len(self.workers) < self.jobs and len(self.workers) < len(self.todo) + self._busy():
            self.workers.append(_Worker(self.zygote))  # started lazily, only as work needs them
        for worker in self.workers:
            if worker.slot is None and self.todo:
                worker.start(self.todo.popleft())

    def _busy(self) -> int:
        return sum(worker.slot is not None for worker in self.workers)

    def _wait(self) -> None:
        """Block until a worker answers or dies (or, with a memory cap, until the next check)."""
        busy = [w for w in self.workers if w.slot is not None]
        timeout: float | None = None
        if self.limits.max_memory_mb is not None:
            timeout = 0.05
        if self.hard_limit is not None:
            earliest = min(w.sent for w in busy) + self.hard_limit - time.monotonic()
            timeout = max(earliest, 0.0) if timeout is None else min(timeout, max(earliest, 0.0))
        ready = set(wait([w.conn for w in busy], timeout=timeout))
        for worker in busy:
            if worker.conn in ready:
                answered, result = worker.answer()
                self._settle(worker, result if answered else self._death(worker))
            elif self._over_memory(worker):
                worker.kill()
                self._death(worker)
                self._settle(worker, Failure("memory", f"memory limit exceeded ({self.limits.max_memory_mb:g} MB)"))
            elif self.hard_limit is not None and time.monotonic() - worker.sent > self.hard_limit:
                worker.kill()
                self._death(worker)
                self._settle(worker, Failure("timeout", f"timeout after {self.limits.timeout:g} s"))

    def _over_memory(self, worker: _Worker) -> bool:
        cap = self.limits.max_memory_mb
        return cap is not None and _statm(worker.pid)[1] > cap * MB

    def _death(self, worker: _Worker) -> Failure:
        """Reap a worker that is gone and say why; it will be replaced."""
        worker.conn.close()
        code = self.zygote.reap(worker.pid)
        worker.pid = -1
        if code == -signal.SIGALRM and self.limits.timeout is not None:
            return Failure("timeout", f"timeout after {self.limits.timeout:g} s")
        return Failure("crash", f"worker crashed (exit code {code})")

    def _settle(self, worker: _Worker, result: Any) -> None:
        slot = worker.slot
        assert slot is not None
        slot.result, slot.done = result, True
        worker.slot = None
        if worker.pid < 0 or isinstance(result, Failure) and result.kind == "memory":
            if worker.pid >= 0:  # the worker ends itself after a MemoryError
                worker.conn.close()
                self.zygote.reap(worker.pid)
            self.workers.remove(worker)

    def close(self) -> None:
        """Stop every worker and the zygote."""
        for worker in self.workers:
            if worker.slot is not None:
                worker.kill()
            try:
                worker.conn.close()
            except OSError:
                pass
        self.workers.clear()
        self.zygote.close()


def run_ordered(
    items: Iterable[T | Ready[R]],
    fn: Callable[[T], R],
    *,
    jobs: int,
    limits: Limits = Limits(),
    initializer: Callable[[], None] | None = None,
    window: int | None = None,
    start: StartMethod = "forkserver",
) -> Iterator[R | Failure]:
    """Apply ``fn`` to every item in ``jobs`` worker processes; one result per item, in order.

    Args:
        items: the inputs; a ``Ready(value)`` is passed through as ``value`` without a worker.
        fn: item → result; a module-level function (or a partial of one), run in the workers.
        jobs: worker processes.
        limits: per-item timeout and per-worker memory cap; an item over either yields a
            ``Failure`` (``"timeout"`` or ``"memory"``) and its worker is replaced.
        initializer: run once before the workers start; they fork with its state (models).
        window: items read ahead of the one being yielded (default ``4 * jobs``).
        start: how the pool starts (see ``OrderedPool``).

    Yields:
        ``fn(item)``, or a ``Failure`` when ``fn`` raised (``"error"``), the item overran a limit,
        or its worker died (``"crash"``).

    Raises:
        ChaffError: raised by ``initializer`` (such as a model that cannot be loaded).
        StartupError: the pool could not start for another reason.
    """
    pool: OrderedPool[T, R] = OrderedPool(fn, jobs=jobs, limits=limits, initializer=initializer, window=window, start=start)
    try:
        yield from pool.run(items)
    finally:
        pool.close()
