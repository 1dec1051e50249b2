"""The engine interface: what `local` and `ray` both provide."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

# ``progress(i, message)``: an update sent from inside the running task ``args[i]``
Progress = Callable[[int, dict[str, Any]], None]


class Engine(Protocol):
    def map(
        self,
        fn: Callable[..., Any],
        args: Iterable[tuple[Any, ...]],
        progress: Progress | None = None,
    ) -> Iterator[Any]:
        """Run ``fn(*a)`` for each ``a``; yield results as they finish (any order); pass the
        tasks' progress messages (see ``winnow.running.progress``) to ``progress``, with the
        index of the task's arguments.

        A task that raises, or whose process dies, yields a :class:`TaskFailure` instead of
        stopping the others. Leaving the iteration early stops the tasks still running.
        """
        ...

    def close(self) -> None: ...


# Defaults for every worker process, set in the workers (never in the host process that
# imports winnow): the local engine's pool initialiser, Ray's runtime_env, and the `winnow`
# command for its own process. Only defaults: a variable already set is left alone.
# - One BLAS thread: winnow parallelises by worker processes, and the line model's small
#   matrix products are many times slower with OpenBLAS's threads
#   (research/HISTORY.md, figures moved out of code comments).
# - Arrow's system allocator returns freed pages, where its default pool (mimalloc) keeps
#   them: less peak RSS a worker when writing shards.
WORKER_ENV = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "ARROW_DEFAULT_MEMORY_POOL": "system",
}


def apply_worker_env() -> None:
    """Set ``WORKER_ENV``'s defaults in this process (a worker, before numpy loads)."""
    import os

    for name, value in WORKER_ENV.items():
        os.environ.setdefault(name, value)


@dataclass
class TaskFailure:
    """A task that raised or whose process died: its arguments, the traceback (or what
    happened to the process) and the exception where it could be brought back; reported,
    and the run goes on."""

    args: tuple[Any, ...]
    error: str
    exc: BaseException | None = None
    died: bool = False  # the worker process died (killed by a signal: out of memory?)


def call_with_sink(
    fn: Callable[..., Any], args: tuple[Any, ...], sink: Callable[[dict[str, Any]], None] | None
) -> Any:
    """``fn(*args)`` with ``sink`` receiving the task's progress messages."""
    from winnow.running import progress

    progress.set_sink(sink)
    try:
        return fn(*args)
    finally:
        progress.set_sink(None)


def died_message(exitcode: int | None) -> str:
    """What a worker's exit code says, for the person who reads the failure."""
    import signal

    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        cause = " (the out-of-memory killer sends it)" if -exitcode == signal.SIGKILL else ""
        return f"the worker process was killed by {name}{cause}"
    return f"the worker process exited unexpectedly (exit code {exitcode})"
