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
from winnow.steps.quality.content_lines import check_lines, counted_lines, note
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
        # the punctuation and repeated-character rules over all lines (published) or over
        # the prose-like ones only, when there are enough of them (content_lines)
        lines: str = "all"  # all | content
        content_min_words: int = 6
        content_min_lines: int = 3

        def validate(self) -> None:
            check_segmenter(self.segmenter)
            check_lines(self.lines, self.content_min_words, self.content_min_lines)

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
        counted, content = counted_lines(lines, c.lines, c.content_min_words, c.content_min_lines)
        note(s, "fineweb", c.lines, content, len(counted))
        what = "content lines" if content else "lines"
        # as FineWeb counts it: the line's last character is a sentence mark (a closing
        # quote after it, a trailing space, ';' or '…' do not count)
        punct = sum(1 for x in counted if x.endswith(FINEWEB_STOP_CHARS)) / len(counted)
        s["line_punct_ratio"] = round(punct, 4)
        if punct < c.line_punct_thr and not (punct == 0 and c.line_punct_exclude_zero):
            return self.reject(
                doc,
                self.Reason.LINE_PUNCT,
                f"{punct:.3f} of {what} end with punctuation < {c.line_punct_thr}",
            )
        short = sum(1 for x in lines if len(x) <= c.short_line_length) / len(lines)
        s["short_line_ratio"] = round(short, 4)
        if short > c.short_line_thr:
            return self.reject(
                doc,
                self.Reason.SHORT_LINES,
                f"{short:.3f} of lines ≤ {c.short_line_length} characters > {c.short_line_thr}",
            )
        chars = sum(map(len, counted)) if content else len(doc.text.replace("\n", ""))
        ratio = dup_stats(counted)[1] / max(chars, 1)
        s["char_dup_ratio"] = round(ratio, 4)
        if ratio > c.char_duplicates_ratio:
            return self.reject(
                doc,
                self.Reason.CHAR_DUP,
                f"{ratio:.3f} of characters in repeated {what} > {c.char_duplicates_ratio}",
            )
        words = len(gopher_tokens(doc, "datatrove", c.segmenter))
        newlines = doc.text.count("\n") / max(words, 1)
        s["new_line_ratio"] = round(newlines, 4)
        if newlines > c.new_line_ratio:
            return self.reject(
                doc, self.Reason.LIST, f"{newlines:.3f} newlines per word > {c.new_line_ratio}"
            )
        return None
