"""Time limits, so that one hostile input cannot stall a worker.

``time_limit`` (wall time, SIGALRM) and ``cpu_limit`` (CPU time, SIGPROF) interrupt
Python code only: a signal handler runs between bytecodes, never inside a C call (a parser
that takes minutes on a page nested 100,000 deep returns only when done). ``Isolated``
holds where they fail: it runs a function in a child process whose CPU time the kernel
limits (RLIMIT_CPU) for each call, so the limit holds in any code; a child that ran past
it is gone, and the next call starts a new one.
"""

from __future__ import annotations

import math
import os
import pickle
import signal
import subprocess
import sys
import threading
import weakref
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from typing import Any


class StepTimeout(Exception):
    """The guarded call ran past its limit."""


class WorkerDied(Exception):
    """The isolated worker process ended in the middle of a call (a crash, the OOM killer)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise StepTimeout in the guarded block after ``seconds`` (main thread, POSIX only).

    Elsewhere (a worker thread) the block runs unguarded: signals only reach the main
    thread, and a wrong guard is worse than none.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _raise(signum: int, frame: object) -> None:
        raise StepTimeout(f"ran past {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def cpu_limit(seconds: float) -> Iterator[None]:
    """Raise StepTimeout in the guarded block once this process has used ``seconds`` more
    of CPU time (ITIMER_PROF): unlike wall time, unchanged by how loaded the machine is.
    Main thread, POSIX only, Python code only (see the module docstring); elsewhere the
    block runs unguarded."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _raise(signum: int, frame: object) -> None:
        raise StepTimeout(f"ran past {seconds:g} s of CPU time")

    previous = signal.signal(signal.SIGPROF, _raise)
    # again every second of CPU after the first: code that catches Exception around what
    # it calls (trafilatura does) cannot swallow the limit for good
    signal.setitimer(signal.ITIMER_PROF, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


# the child: started with ``python -c``, so this module is imported by its name (pickled
# exceptions and the factory resolve to the same classes on both sides)
_CHILD = (
    "import sys; from winnow.util.timeout import _serve; _serve(int(sys.argv[1]), int(sys.argv[2]))"
)
WALL_FACTOR = 4  # without /proc, a child is killed after this many budgets of wall time
PIPE_BYTES = 1 << 20  # the pipes' capacity: Linux's default most (/proc/sys/fs/pipe-max-size)
START_SECONDS = 120.0  # wall time allowed to start a child and build its function


class Isolated:
    """``factory(*args)`` built once in a child process, then called there, one call at a
    time, each under a budget of ``cpu_seconds`` of CPU time (whole seconds, rounded up).

    CPU time, not wall time, so the verdict does not depend on how loaded the machine is:
    a call is cut only when it has itself computed that long (a child that sits idle for a
    budget of wall time is killed as stuck). A call past the budget raises
    StepTimeout, a child that died WorkerDied, an exception in the call is raised again
    here; after the first two the next call starts a fresh child. The child is a plain
    ``python`` process (no fork, no daemon flag: it works under any pool or Ray), with
    this process's environment over ``env``; it exits when this object is collected or
    this process ends (its end of the pipe closes).
    """

    def __init__(
        self,
        factory: Callable[..., Callable[..., Any]],
        *args: Any,
        cpu_seconds: float,
        env: Mapping[str, str] | None = None,
    ):
        if cpu_seconds <= 0:
            raise ValueError(f"cpu_seconds must be > 0, got {cpu_seconds}")
        self._init = pickle.dumps((factory, args))
        self.cpu_seconds = cpu_seconds
        self.env = dict(env or {})  # defaults for the child's environment (thread counts)
        self._proc: subprocess.Popen[bytes] | None = None
        self._conn: Any = None
        self._finalizer: Any = None
        self.restarts = 0  # children replaced after a timeout or a crash

    def __call__(self, *args: Any) -> Any:
        if self._proc is None:
            self._start()
        assert self._proc is not None and self._conn is not None
        try:
            self._conn.send_bytes(pickle.dumps((self.cpu_seconds, args), pickle.HIGHEST_PROTOCOL))
            answered = self._wait()
            reply = self._conn.recv_bytes() if answered else None
        except (EOFError, OSError):  # the child is gone
            answered, reply = True, None
        except BaseException:  # interrupted here (a signal): its answer would come late
            self._proc.kill()
            self.close()
            raise
        if reply is None:
            raise self._lost(stuck=not answered)
        ok, value = pickle.loads(reply)
        if ok:
            return value
        raise value

    def _wait(self) -> bool:
        """Whether the child answered (or died); False when it sat idle, using almost no
        CPU, for a budget's worth of wall time (a child that computes is ended by its CPU
        limit, however loaded the machine; without /proc, after WALL_FACTOR budgets)."""
        assert self._proc is not None and self._conn is not None
        used: float | None = None
        for waited in range(sys.maxsize):
            if self._conn.poll(self.cpu_seconds):
                return True
            now = _cpu_seconds(self._proc.pid)
            if now is None:  # no /proc: wall time only
                if waited + 1 >= WALL_FACTOR:
                    return False
            elif used is not None and now - used < self.cpu_seconds / 10:
                return False
            used = now
        return False

    def _start(self) -> None:
        import fcntl
        from multiprocessing.connection import Connection

        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        for fd in (to_child_w, from_child_w):  # a page in one write, not 16 of 64 kB (Linux)
            with suppress(OSError):
                fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
        self._proc = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(to_child_r), str(from_child_w)],
            pass_fds=(to_child_r, from_child_w),
            stdin=subprocess.DEVNULL,
            env={**self.env, **os.environ},
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._conn = _Pipe(Connection(from_child_r), Connection(to_child_w))
        self._finalizer = weakref.finalize(self, _stop, self._proc, self._conn)
        self._conn.send_bytes(self._init)
        try:
            started = self._conn.poll(START_SECONDS)
            ok, value = pickle.loads(self._conn.recv_bytes()) if started else (False, None)
        except (EOFError, OSError):
            ok, value = False, None
        if not ok:
            self.close()
            raise value or RuntimeError("the isolated worker did not start")

    def _lost(self, stuck: bool) -> Exception:
        """What became of a child that gave no answer; killed here if ``stuck``."""
        proc = self._proc
        assert proc is not None
        if stuck:
            proc.kill()
        try:
            code = proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # closed its pipe, yet runs on
            proc.kill()
            code = proc.wait()
        self.close()
        self.restarts += 1
        if stuck:
            return StepTimeout("no answer, and no CPU used, for a budget's time")
        if code == -signal.SIGXCPU:
            return StepTimeout(f"ran past {self.cpu_seconds:g} s of CPU time")
        if code < 0:
            return WorkerDied(f"killed by {signal.Signals(-code).name}")
        return WorkerDied(f"exited with status {code}")

    def close(self) -> None:
        """Stop the child (the next call starts a new one)."""
        if self._finalizer is not None:
            self._finalizer()
        self._proc = self._conn = self._finalizer = None

    def __getstate__(self) -> dict[str, Any]:  # a copy starts its own child
        return {**self.__dict__, "_proc": None, "_conn": None, "_finalizer": None}


class _Pipe:
    """The two one-way connections to a child as one."""

    def __init__(self, inbox: Any, outbox: Any) -> None:
        self.inbox, self.outbox = inbox, outbox

    def send_bytes(self, data: bytes) -> None:
        self.outbox.send_bytes(data)

    def poll(self, timeout: float) -> bool:
        return bool(self.inbox.poll(timeout))

    def recv_bytes(self) -> bytes:
        return bytes(self.inbox.recv_bytes())

    def close(self) -> None:
        self.outbox.close()
        self.inbox.close()


def _cpu_seconds(pid: int) -> float | None:
    """CPU time used so far by process ``pid`` (Linux /proc; None elsewhere or if gone)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _stop(proc: subprocess.Popen[bytes], conn: _Pipe) -> None:
    conn.close()  # the child reads end-of-file and exits
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:  # busy in a call: it need not finish
        proc.kill()
        proc.wait()


def _serve(inbox_fd: int, outbox_fd: int) -> None:
    """The child's loop: build the function, then answer calls until the pipe closes."""
    import resource
    from multiprocessing.connection import Connection

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # an interrupted run stops it by its pipe
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a CPU-limit kill writes no core file
    inbox, outbox = Connection(inbox_fd), Connection(outbox_fd)

    def answer(ok: bool, value: Any) -> None:
        try:
            data = pickle.dumps((ok, value), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as err:  # noqa: BLE001 - an unpicklable error still gets home
            data = pickle.dumps((False, RuntimeError(f"{type(value).__name__}: {err}")))
        outbox.send_bytes(data)

    try:
        factory, args = pickle.loads(inbox.recv_bytes())
        fn = factory(*args)
    except Exception as err:  # noqa: BLE001
        answer(False, err)
        return
    answer(True, None)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    while True:
        try:
            budget, call_args = pickle.loads(inbox.recv_bytes())
        except EOFError:
            return
        # this call may use ``budget`` more seconds of CPU: past them the kernel ends the
        # process (SIGXCPU), in whatever code it is
        usage = resource.getrusage(resource.RUSAGE_SELF)
        soft = math.ceil(usage.ru_utime + usage.ru_stime + budget)
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
        try:
            answer(True, fn(*call_args))
        except Exception as err:  # noqa: BLE001 - raised again in the parent
            answer(False, err)
