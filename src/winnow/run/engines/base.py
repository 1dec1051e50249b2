"""The engine interface: what `local` and `ray` both provide."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol


class Engine(Protocol):
    def map(self, fn: Callable[..., Any], args: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
        """Run ``fn(*a)`` for each ``a``; yield results as they finish (any order).

        A task that raises yields a :class:`TaskFailure` instead of stopping the others.
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
    """A task that raised: its arguments and the traceback, reported; the run goes on."""

    args: tuple[Any, ...]
    error: str
