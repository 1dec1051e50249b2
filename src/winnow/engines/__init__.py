"""Engines run the tasks of one stage: ``local`` (a process pool) today, ``ray`` next."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol


class Engine(Protocol):
    def map(self, fn: Callable[..., Any], args: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
        """Run ``fn(*a)`` for each ``a``; yield results as they finish (any order).

        A task that raises yields a :class:`TaskFailure` instead of stopping the others.
        """
        ...

    def close(self) -> None: ...
