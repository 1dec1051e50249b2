"""The maximum-sum run of a sequence: where a page's or a document's main text lies."""

from __future__ import annotations

from collections.abc import Iterable


def max_sum_run(values: Iterable[float]) -> tuple[int, int]:
    """The stretch [start, end] of consecutive values with the largest positive sum
    (Kadane's scan, one pass; the first such stretch on ties); (0, -1) when no value is
    positive.

    Scored as +size for text that reads like prose and −size for everything else, the run
    is the main body: a list of other headlines or a menu after it costs more than it holds,
    a short caption inside it does not break it.
    """
    best, span, run, first = 0.0, (0, -1), 0.0, 0
    for i, value in enumerate(values):
        if run <= 0:
            run, first = value, i
        else:
            run += value
        if run > best:
            best, span = run, (first, i)
    return span
