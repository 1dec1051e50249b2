"""The record that flows through every step, what a step may say about it, and the page
layout that extraction hands to line cleaning."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple


@dataclass(slots=True)
class Edit:
    """One change to a document's text, a removal or a replacement: which step, why, what.

    ``start``/``end`` are character offsets into the text *as the step saw it*, so an
    inspector can strike the span through in context. For a removed line, ``end`` also
    covers the line breaks removed with it. A replacement (a redaction, a repaired
    encoding: see :func:`is_replacement`) records in ``removed`` what was written in the
    span's place, the placeholder (the personal data itself is never stored) or the
    repaired line.
    """

    step: str
    reason: str
    removed: str
    start: int = -1
    end: int = -1
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "reason": self.reason,
            "removed": self.removed,
            "start": self.start,
            "end": self.end,
            "detail": self.detail,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Edit:
        return cls(**data)


# reason codes of edits that replace a span instead of removing it
REPLACEMENT_PREFIXES = ("pii_", "encoding_")


def is_replacement(reason: str) -> bool:
    """Whether an edit with this reason wrote new text in place of its span."""
    return reason.startswith(REPLACEMENT_PREFIXES)


@dataclass(slots=True)
class Rejection:
    """Why a document was removed: the step, a reason code, and the measured value."""

    step: str
    reason: str
    detail: str


@dataclass(slots=True)
class Document:
    """A web document on its way from crawl to corpus.

    ``html`` holds raw markup until the extraction step turns it into ``text``; it is
    never written to the output. ``signals`` holds what steps measured; ``metadata``
    holds what came with the record (extra JSONL fields, WARC headers, title, date).
    ``file`` is the input file it was read from and ``date`` when it was crawled (the
    WARC-Date, or the record's own ``date``): the output's ``file_path`` and ``date``.
    """

    id: str
    text: str
    url: str | None = None
    lang: str | None = None
    lang_score: float | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    signals: dict[str, Any] = field(default_factory=dict)
    edits: list[Edit] = field(default_factory=list)
    source: str = ""
    html: str | None = None
    rejection: Rejection | None = None
    file: str | None = None
    date: str | None = None
    # Per-process memo of derived values (token lists) so consecutive steps that read the
    # same text do not recompute them; never written out.
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def memo(self, name: str, compute: Any) -> Any:
        """``compute(text)``, remembered while the text stays the same."""
        hit = self.cache.get(name)
        if hit is not None and hit[0] is self.text:
            return hit[1]
        value = compute(self.text)
        self.cache[name] = (self.text, value)
        return value

    @property
    def kept(self) -> bool:
        return self.rejection is None

    def reject(self, step: str, reason: str, detail: str) -> None:
        """Mark the document removed; it still flows on to the ``removed`` output."""
        self.rejection = Rejection(step, reason, detail)


# The contract between extraction and line cleaning: the Document.cache key of a
# ``PageLayout`` when html.extract's block model made the text, so that clean.lines can weigh
# the page's layout as well as the line's own shape
LAYOUT_KEY = "layout_p_main"


class PageLayout(NamedTuple):
    """What the block extractor knew about each line of the text it made."""

    text: str  # the text the arrays describe (clean.lines checks it is still the text)
    p_main: Any  # p(main text) of each line: its block's
    block: Any  # the index of each line's block: the lines of one <pre> share it
