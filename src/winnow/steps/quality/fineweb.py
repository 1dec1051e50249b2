"""``quality.fineweb``: FineWeb's added rules (Penedo et al. 2024; datatrove's
``FineWebQualityFilter``)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from winnow.document import Document
from winnow.registry import register
from winnow.step import PlottedSignal, Step, StepKind
from winnow.steps.quality.common import (
    dup_stats,
    gopher_tokens,
)
from winnow.text import (
    SENTENCE_END,
)
from winnow.text_segment import check_segmenter

FINEWEB_STOP_CHARS = tuple(SENTENCE_END - {";", "…"})


@register
class FineWebQuality(Step):
    """FineWeb's rules: share of lines ending in punctuation, short lines, duplicated line
    characters, and newlines per word (list-like pages)."""

    name = "quality.fineweb"
    kind = StepKind.FILTER
    plotted_signals = (
        PlottedSignal("line_punct_ratio", "lines ending in punctuation", "line_punct_thr", "min"),
    )

    @dataclass
    class Config:
        line_punct_thr: float = 0.12
        line_punct_exclude_zero: bool = False
        short_line_thr: float = 0.67
        short_line_length: int = 30
        char_duplicates_ratio: float = 0.01
        new_line_ratio: float = 0.3
        # Thai-like runs into words for the newline-per-word ratio: chunks | icu
        segmenter: str = "chunks"

        def validate(self) -> None:
            check_segmenter(self.segmenter)

    class Reason(StrEnum):
        LINE_PUNCT = "fineweb_line_punct_ratio"
        SHORT_LINES = "fineweb_short_line_ratio"
        CHAR_DUP = "fineweb_char_dup_ratio"
        LIST = "fineweb_list_ratio"
        EMPTY = "fineweb_empty"

    def apply(self, doc: Document) -> None:
        c = self.config
        s = doc.signals
        lines = [x for x in doc.text.split("\n") if x.strip()]
        if not lines:
            return self.reject(doc, self.Reason.EMPTY, "no text left")
        # as FineWeb counts it: the line's last character is a sentence mark (a closing
        # quote after it, a trailing space, ';' or '…' do not count)
        punct = sum(1 for x in lines if x.endswith(FINEWEB_STOP_CHARS)) / len(lines)
        s["line_punct_ratio"] = round(punct, 4)
        if punct < c.line_punct_thr and not (punct == 0 and c.line_punct_exclude_zero):
            return self.reject(
                doc,
                self.Reason.LINE_PUNCT,
                f"{punct:.3f} of lines end with punctuation < {c.line_punct_thr}",
            )
        short = sum(1 for x in lines if len(x) <= c.short_line_length) / len(lines)
        s["short_line_ratio"] = round(short, 4)
        if short > c.short_line_thr:
            return self.reject(
                doc,
                self.Reason.SHORT_LINES,
                f"{short:.3f} of lines ≤ {c.short_line_length} characters > {c.short_line_thr}",
            )
        ratio = dup_stats(lines)[1] / max(len(doc.text.replace("\n", "")), 1)
        s["char_dup_ratio"] = round(ratio, 4)
        if ratio > c.char_duplicates_ratio:
            return self.reject(
                doc,
                self.Reason.CHAR_DUP,
                f"{ratio:.3f} of characters in repeated lines > {c.char_duplicates_ratio}",
            )
        words = len(gopher_tokens(doc, "datatrove", c.segmenter))
        newlines = doc.text.count("\n") / max(words, 1)
        s["new_line_ratio"] = round(newlines, 4)
        if newlines > c.new_line_ratio:
            return self.reject(
                doc, self.Reason.LIST, f"{newlines:.3f} newlines per word > {c.new_line_ratio}"
            )
        return None
