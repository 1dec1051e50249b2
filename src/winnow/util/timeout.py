"""A per-call time limit, so one hostile page cannot stall a worker for ever."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class StepTimeout(Exception):
    """The guarded call ran past its limit."""


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
