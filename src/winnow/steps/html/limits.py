"""Input limits, checked in Python before a C parser sees a page.

The parsers behind extraction are linear on real pages and superlinear on some hostile
ones, inside C code that no Python signal interrupts: lexbor (resiliparse) in the depth of
nesting (``depth.py``), libxml2 (lxml, trafilatura) and lexbor in the attributes of one
tag (each is compared with the tag's earlier ones: a tag of N attributes costs O(N²)),
and trafilatura's and the block walk's Python in the number of elements (linear, but
~100 µs an element for trafilatura). ``Limits`` measures those quantities in linear time
and turns a page past one away before the call, with its measured value, the same way on
every machine. What is left (markup built to slip past the measures) meets ``timeout_s``:
lexbor runs in a worker process killed at that CPU budget (``html.extract``).

Cost on real pages (WCXB, 243 kB a page on average): ``check_markup`` ~0.3 ms (numpy over
the bytes, on every page), ``check_depth`` ~0.1 ms averaged (its Python scan, ~2 µs a tag,
runs only where the vectorised gate passes the limit: 4 pages of 3,800).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


class OverLimit(Exception):
    """A page past an input limit: the removal's reason code, its detail and the measured
    value (a signal), raised before the C call the limit protects."""

    def __init__(self, reason: str, detail: str, signals: dict[str, int]) -> None:
        super().__init__(reason, detail, signals)
        self.reason, self.detail, self.signals = reason, detail, signals

    def __reduce__(self):  # crosses the pipe from the extraction worker intact
        return OverLimit, (self.reason, self.detail, self.signals)


@dataclass(frozen=True)
class Limits:
    """What a page may hold before a parser is called on it (``html.extract``'s Config)."""

    max_tags: int = 0  # start tags in the page; 0: no limit
    max_depth: int = 0  # nesting depth, before a lexbor (resiliparse) parse; 0: no limit
    max_attributes: int = 0  # attributes of one tag; 0: no limit

    def check_markup(self, data: bytes) -> None:
        """Before any parse: the start-tag count and the attributes of the longest tags."""
        starts, following = _start_tags(data)
        if self.max_tags and starts.size > self.max_tags:
            raise OverLimit(
                "html_too_large",
                f"{starts.size:,} start tags > max_tags {self.max_tags:,}",
                {"html_tags": int(starts.size)},
            )
        if self.max_attributes:
            most = most_attributes(data, starts, following, self.max_attributes)
            if most > self.max_attributes:
                raise OverLimit(
                    "html_too_many_attributes",
                    f"a tag of {most:,} attributes > max_attributes {self.max_attributes:,}",
                    {"html_attributes": most},
                )

    def check_depth(self, data: bytes) -> None:
        """Before a lexbor parse, whose cost grows with the square of the depth."""
        from winnow.steps.html.depth import depth_bound, nesting_depth

        if not self.max_depth or depth_bound(data) <= self.max_depth:
            return
        depth = nesting_depth(data)
        if depth > self.max_depth:
            raise OverLimit(
                "html_too_deep",
                f"elements nested {depth:,} deep > max_depth {self.max_depth:,}",
                {"html_depth": depth},
            )


def _start_tags(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the page's start tags ("<" then a letter) and, for each, of the next
    "<" (or the page's end): one vectorised pass over the bytes."""
    import numpy as np

    a = np.frombuffer(data, dtype=np.uint8)
    lt = np.flatnonzero(a == 60)
    if lt.size == 0:
        return lt, lt
    follow = a[np.minimum(lt + 1, a.size - 1)]
    start = ((follow | 0x20) - 97 < 26) & (lt + 1 < a.size)
    following = np.append(lt[1:], a.size)
    return lt[start], following[start]


_NAME_END = re.compile(rb"[^\s/>]*")
_ATTRIBUTE = re.compile(rb"""[\s/]*[^\s/>][^\s/>=]*(?:\s*=\s*(?:"[^"]*"?|'[^']*'?|[^\s>]*))?""")


def _attributes_at(data: bytes, start: int, stop: int) -> int:
    """The attributes of the tag at ``start``, counted up to ``stop`` + 1 of them."""
    pos = _NAME_END.match(data, start + 1).end()  # type: ignore[union-attr]
    count = 0
    match = _ATTRIBUTE.match
    while count <= stop:
        m = match(data, pos)
        if m is None or m.end() == pos:
            break
        count += 1
        pos = m.end()
    return count


def most_attributes(data: bytes, starts: np.ndarray, following: np.ndarray, limit: int) -> int:
    """The most attributes of one tag of the page if some tag holds more than ``limit``;
    otherwise at most ``limit``. Only a tag that reaches 2 x ``limit`` bytes before the
    next "<" can hold that many (a name and a space each), so most pages count none. A
    tag found over the limit is confirmed by reading the page's tags as HTML5 does
    (``read_tags``): a "<" in a quoted value, a script or a comment opens no tag."""
    import numpy as np

    from winnow.steps.html.depth import read_tags

    most = 0
    for k in np.flatnonzero(following - starts > 2 * limit).tolist():
        count = _attributes_at(data, int(starts[k]), limit)
        if count > limit:
            return max(
                (
                    _attributes_at(data, start, end - start)
                    for closing, _, start, end in read_tags(data)
                    if not closing and end - start > 2 * limit
                ),
                default=0,
            )
        most = max(most, count)
    return most
