"""The default engine: a pool of worker processes on this machine.

Workers are started with ``spawn`` (no state inherited by accident; models load once per
worker through the task module's cache). ``workers=1`` runs in-process, which is what tests
and ``explain`` want.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from winnow.run.engines.base import TaskFailure, apply_worker_env


class LocalEngine:
    def __init__(self, workers: int = 1) -> None:
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None

    def map(self, fn: Callable[..., Any], args: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
        todo = list(args)
        if self.workers == 1 or len(todo) <= 1:
            for a in todo:
                try:
                    yield fn(*a)
                except Exception:  # noqa: BLE001
                    yield TaskFailure(a, traceback.format_exc())
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=apply_worker_env,
            )
        pending: dict[Future[Any], tuple[Any, ...]] = {}
        queue = iter(todo)
        # Keep a bounded number of tasks in flight, so results stream back in order of work.
        for a in queue:
            pending[self._pool.submit(fn, *a)] = a
            if len(pending) >= self.workers * 2:
                break
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                a = pending.pop(future)
                try:
                    yield future.result()
                except Exception as err:  # noqa: BLE001
                    yield TaskFailure(a, "".join(traceback.format_exception(err)))
                nxt = next(queue, None)
                if nxt is not None:
                    pending[self._pool.submit(fn, *nxt)] = nxt

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
