"""The default engine: worker processes on this machine, one task at a time each.

Workers are started with ``spawn`` (no state inherited by accident; models load once per
worker through the task module's cache) and kept across stages. ``workers=1``, or a
single task, runs in-process, which is what tests and ``explain`` want.

Not ``ProcessPoolExecutor``: there, one dead worker breaks the whole pool (every task in
flight fails with ``BrokenProcessPool``) and a worker killed at a bad moment (holding the
call queue's lock) can hang it. Here each worker has a pipe of its own: a worker killed
mid-task (the out-of-memory killer) fails exactly its task, with a message that says so;
one that dies before taking a task fails none; a new worker takes its place for the
remaining tasks; and the driver never blocks on a dead process, as it waits on the pipes
and the processes' sentinels together, with a timeout.

Workers die with the driver: on Linux the kernel kills them when the driver dies
(``PR_SET_PDEATHSIG``, set first thing in the worker); elsewhere a watchdog thread sees the
parent gone within a second. So a killed run leaves no worker behind to write into OUT
while it is rerun.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from winnow.errors import ShardError
from winnow.running.engines.base import (
    Progress,
    TaskFailure,
    apply_worker_env,
    call_with_sink,
    died_message,
)
from winnow.running.faults import fault

_PR_SET_PDEATHSIG = 1
WAIT_S = 0.5  # the driver wakes at least this often, whatever its workers do
STARTUP_DEATHS = 8  # workers dying before their first task, in a row, before giving up


def die_with_parent(parent: int) -> None:
    """Make this process end when ``parent`` does (called first in every worker)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - an unusual libc
            pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="winnow-parent-watch").start()


def _picklable(err: BaseException) -> BaseException | None:
    try:
        pickle.loads(pickle.dumps(err))
    except Exception:  # noqa: BLE001 - an exception type that cannot travel
        return None
    return err


def _worker(conn: Connection, parent: int) -> None:
    """A worker's life: announce itself, then run the tasks the driver sends until told to
    stop (``None``) or the driver is gone."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's to handle
    apply_worker_env()
    fault("worker-start")
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        fn, args = job
        reply: tuple[Any, ...]
        try:
            reply = ("done", call_with_sink(fn, args, lambda m: conn.send(("progress", m))))
        except BaseException as err:  # noqa: BLE001 - everything goes back to the driver
            reply = ("failed", _picklable(err), "".join(traceback.format_exception(err)))
        try:
            conn.send(reply)
        except (pickle.PicklingError, TypeError, AttributeError) as err:
            conn.send(("failed", None, f"the task's result could not be sent back: {err}"))


@dataclass
class _Worker:
    process: Any
    conn: Connection
    ready: bool = False
    task: int | None = None  # the index of the task it runs


class LocalEngine:
    def __init__(self, workers: int = 1) -> None:
        self.workers = max(1, workers)
        self._pool: list[_Worker] = []
        self._context = multiprocessing.get_context("spawn")

    def map(
        self,
        fn: Callable[..., Any],
        args: Iterable[tuple[Any, ...]],
        progress: Progress | None = None,
    ) -> Iterator[Any]:
        todo = list(args)
        if self.workers == 1 or len(todo) <= 1:
            for i, a in enumerate(todo):
                sink = (lambda m, i=i: progress(i, m)) if progress is not None else None
                try:
                    yield call_with_sink(fn, a, sink)
                except Exception as err:  # noqa: BLE001
                    yield TaskFailure(a, traceback.format_exc(), err)
            return
        queue = deque(range(len(todo)))
        try:
            yield from self._run(fn, todo, queue, progress)
        finally:
            self._stop_busy()  # the caller left early: tasks still running are abandoned

    def _run(
        self,
        fn: Callable[..., Any],
        todo: list[tuple[Any, ...]],
        queue: deque[int],
        progress: Progress | None,
    ) -> Iterator[Any]:
        deaths = 0
        while queue or any(w.task is not None for w in self._pool):
            busy = sum(w.task is not None for w in self._pool)
            while len(self._pool) < min(self.workers, busy + len(queue)):
                self._spawn()
            for w in self._pool:
                if w.ready and w.task is None and queue:
                    i = queue.popleft()
                    try:
                        w.conn.send((fn, todo[i]))
                        w.task = i
                    except (OSError, ValueError):
                        queue.appendleft(i)  # the worker is gone; its sentinel will say so
            handles: list[Any] = [w.conn for w in self._pool]
            handles += [w.process.sentinel for w in self._pool]
            ready = wait(handles, timeout=WAIT_S)
            for w in list(self._pool):
                gone = w.process.sentinel in ready
                if w.conn in ready or gone:
                    try:
                        while w.conn.poll():
                            kind, *rest = w.conn.recv()
                            if kind == "ready":
                                w.ready, deaths = True, 0
                            elif kind == "progress":
                                if progress is not None and w.task is not None:
                                    progress(w.task, rest[0])
                            else:
                                task, w.task = w.task, None
                                if task is None:
                                    continue
                                if kind == "done":
                                    yield rest[0]
                                else:
                                    yield TaskFailure(todo[task], rest[1], rest[0])
                    except (EOFError, OSError):
                        gone = True  # the pipe broke: the worker is dead or dying
                if gone:
                    deaths = self._bury(w, deaths)
                    if w.task is not None:
                        why = died_message(w.process.exitcode)
                        yield TaskFailure(todo[w.task], why, None, died=True)

    def _spawn(self) -> None:
        mine, theirs = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=_worker, args=(theirs, os.getpid()), daemon=True, name="winnow-worker"
        )
        process.start()
        theirs.close()  # so that the worker's death reads as end-of-file here
        self._pool.append(_Worker(process, mine))

    def _bury(self, w: _Worker, deaths: int) -> int:
        """Take a dead (or broken) worker out of the pool; count deaths before any task."""
        self._pool.remove(w)
        if w.process.is_alive():
            w.process.kill()
        w.process.join(timeout=5)
        w.conn.close()
        if not w.ready:
            deaths += 1
            if deaths >= STARTUP_DEATHS:
                raise ShardError(
                    f"worker processes die as they start ({died_message(w.process.exitcode)}, "
                    f"{deaths} times in a row); run with --workers 1 to see why"
                )
        return deaths

    def _stop_busy(self) -> None:
        for w in [w for w in self._pool if w.task is not None or not w.ready]:
            w.process.kill()
            w.process.join(timeout=5)
            w.conn.close()
            self._pool.remove(w)

    def close(self) -> None:
        """Stop the idle workers (politely) and any still busy (by force)."""
        self._stop_busy()
        for w in self._pool:
            with contextlib.suppress(OSError, ValueError):
                w.conn.send(None)
        deadline = time.monotonic() + 5
        for w in self._pool:
            w.process.join(timeout=max(0.0, deadline - time.monotonic()))
            if w.process.is_alive():
                w.process.kill()
                w.process.join(timeout=5)
            w.conn.close()
        self._pool.clear()
