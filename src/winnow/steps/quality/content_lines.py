"""Which lines of a cleaned page the line-counting quality rules count (issue 33).

Gopher's repeated-line and repeated-n-gram shares and FineWeb's punctuation and
repeated-character shares were made for pages of prose. On a page that cleaning kept
whole they count its structure as well: "Pros" / "Cons" / "Amazon" under every item of a
review, the cells of a ranking table ("11 (tie)"), prices and times. Those lines repeat
and end without a full stop because they are structure, not because the page is junk; in
the ``web`` recipe they removed 69 of the 811 good WCXB dev pages (``bench/web_eval.py``).

``lines: content`` measures those shares over the page's prose-like lines only: lines of
at least ``content_min_words`` words. A page with fewer than ``content_min_lines`` such
lines gives too little prose to trust a share of it, and is judged on all its lines, as
published. ``lines: all`` (the default) is the published rule, which the ``fineweb``
recipe keeps so that it agrees with datatrove decision for decision.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from winnow.text import is_unsegmented, tokens

LINE_MODES = ("all", "content")


def check_lines(mode: str, min_words: int, min_lines: int) -> None:
    """The three options shared by the steps, checked before any work."""
    if mode not in LINE_MODES:
        raise ValueError(f"lines must be one of {', '.join(LINE_MODES)}")
    if min_words < 1:
        raise ValueError("content_min_words must be at least 1")
    if min_lines < 1:
        raise ValueError("content_min_lines must be at least 1")


def line_words(line: str) -> int:
    """Words of one line: between spaces, or the language-aware tokens of a line in a
    script written without spaces (Chinese, Japanese, Thai), as C4's line rules count."""
    return len(tokens(line)) if is_unsegmented(line) else len(line.split())


def is_content_line(line: str, min_words: int) -> bool:
    """Prose-like: at least ``min_words`` words."""
    return line_words(line) >= min_words


def counted_lines(
    lines: Iterable[str], mode: str, min_words: int, min_lines: int
) -> tuple[list[str], bool]:
    """The lines a rule counts, and whether they are the content lines only (False: all
    lines, for ``lines: all`` or when fewer than ``min_lines`` lines are content)."""
    every = list(lines)
    if mode == "all":
        return every, False
    content = [x for x in every if is_content_line(x, min_words)]
    if len(content) < min_lines:
        return every, False
    return content, True


def note(signals: dict[str, Any], which: str, mode: str, content: bool, counted: int) -> None:
    """Record which lines a step counted, so that ``winnow explain`` shows it (``lines:
    content`` only: the published rules' output stays as it was)."""
    if mode == "all":
        return
    signals[f"{which}_lines_counted"] = counted
    signals[f"{which}_content_only"] = content
