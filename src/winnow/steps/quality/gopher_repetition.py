"""``quality.gopher_repetition``: Gopher's repetition rules (Rae et al. 2021, appendix A;
thresholds as in datatrove's ``GopherRepetitionFilter``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from winnow.document import Document
from winnow.registry import register
from winnow.step import PlottedSignal, Step, StepKind
from winnow.steps.dedup.shingles import mix64
from winnow.steps.quality.common import (
    check_tokens,
    dup_stats,
    gopher_tokens,
)
from winnow.steps.quality.content_lines import check_lines, counted_lines, note
from winnow.text_segment import check_segmenter


class NgramCounter:
    """Word n-grams of one document as integer keys (numpy), for the repetition rules.

    Tokens get integer ids; an n-gram's key combines its ids, so finding repeats is a sort
    instead of building millions of joined strings. Results equal the string-based rules
    (up to 64-bit key collisions).
    """

    def __init__(self, words: list[str]) -> None:
        # ids in order of first appearance (dict.fromkeys keeps it), looked up by C calls
        ids = {w: i for i, w in enumerate(dict.fromkeys(words))}
        self.ids = np.fromiter(map(ids.__getitem__, words), dtype=np.uint64, count=len(words))
        lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        self.chars = np.concatenate([[0], np.cumsum(lengths)])
        self._keys = {0: np.zeros(len(words) + 1, dtype=np.uint64)}

    def keys(self, n: int) -> np.ndarray:
        """Key of every n-gram, built from the (n-1)-gram keys: one mixing pass per n."""
        if n not in self._keys:
            shorter = self.keys(n - 1)
            count = max(len(self.ids) - n + 1, 0)
            self._keys[n] = mix64(
                shorter[:count] ^ (self.ids[n - 1 : n - 1 + count] + np.uint64(n))
            )
        return self._keys[n]

    def top_chars(self, n: int) -> int:
        """Characters of the most frequent n-gram (words joined by spaces) × its count; on a
        tie the n-gram seen first wins, as ``Counter.most_common`` decides."""
        keys = self.keys(n)
        if keys.size == 0:
            return 0
        _, first, counts = np.unique(keys, return_index=True, return_counts=True)
        top = counts.max()
        start = int(first[counts == top].min())
        return int(self.chars[start + n] - self.chars[start] + n - 1) * int(top)

    def duplicate_chars(self, n: int) -> int:
        """Characters in n-grams repeating an earlier one, scanning left to right and
        jumping past each repeat (overlapping repeats count once)."""
        keys = self.keys(n)
        if keys.size == 0:
            return 0
        _, group, counts = np.unique(keys, return_inverse=True, return_counts=True)
        if counts.size == keys.size:
            return 0  # no repeat at all: the common case, without a Python loop
        # An n-gram that occurs once never meets itself again: the scan only has to stop at
        # the occurrences of repeated n-grams (stepping over the others one by one would
        # only add keys that no later n-gram can match).
        group = group.reshape(-1)
        positions = np.flatnonzero(counts[group] > 1).tolist()
        groups = group.tolist()
        seen: set[int] = set()
        repeated = i = 0
        for p in positions:
            if p < i:
                continue  # inside a repeat already counted
            if groups[p] in seen:
                repeated += int(self.chars[p + n] - self.chars[p])
                i = p + n
            else:
                seen.add(groups[p])
                i = p + 1
        return repeated


@register
class GopherRepetition(Step):
    """Gopher repetition rules: repeated lines, paragraphs and n-grams."""

    name = "quality.gopher_repetition"
    kind = StepKind.FILTER
    plotted_signals = (
        PlottedSignal("dup_line_frac", "share of repeated lines", "dup_line_frac", "max"),
        PlottedSignal("dup_5gram_share", "characters in repeated 5-grams", "", "max"),
    )

    @dataclass
    class Config:
        dup_line_frac: float = 0.3
        dup_para_frac: float = 0.3
        dup_line_char_frac: float = 0.2
        dup_para_char_frac: float = 0.2
        top_n_grams: list[list[float]] = field(
            default_factory=lambda: [[2, 0.2], [3, 0.18], [4, 0.16]]
        )
        dup_n_grams: list[list[float]] = field(
            default_factory=lambda: [
                [5, 0.15],
                [6, 0.14],
                [7, 0.13],
                [8, 0.12],
                [9, 0.11],
                [10, 0.10],
            ]
        )
        tokens: str = "datatrove"  # datatrove | words: what the n-grams are made of
        segmenter: str = "chunks"  # Thai-like runs into words: chunks | icu (text_segment)
        # the repeated-line rules over all lines (published) or over the prose-like ones
        # only, when there are enough of them (content_lines)
        lines: str = "all"  # all | content
        content_min_words: int = 6
        content_min_lines: int = 3

        def validate(self) -> None:
            check_tokens(self.tokens)
            check_segmenter(self.segmenter)
            check_lines(self.lines, self.content_min_words, self.content_min_lines)

    class Reason(StrEnum):
        DUP_PARAS = "gopher_dup_paragraphs"
        DUP_PARA_CHARS = "gopher_dup_paragraph_chars"
        DUP_LINES = "gopher_dup_lines"
        DUP_LINE_CHARS = "gopher_dup_line_chars"
        TOP_NGRAM = "gopher_top_ngram"
        DUP_NGRAM = "gopher_dup_ngrams"

    def apply(self, doc: Document) -> None:
        c = self.config
        text = doc.text
        s = doc.signals
        if not text:
            return self.reject(doc, self.Reason.DUP_PARAS, "empty text")
        size = len(text)
        paragraphs = re.split(r"\n{2,}", text.strip())
        dup_paras, dup_para_chars = dup_stats(paragraphs)
        para_frac, para_chars = dup_paras / len(paragraphs), dup_para_chars / size
        s["dup_para_frac"], s["dup_para_char_frac"] = round(para_frac, 4), round(para_chars, 4)
        if para_frac > c.dup_para_frac:
            return self.reject(
                doc,
                self.Reason.DUP_PARAS,
                f"{para_frac:.2f} of paragraphs repeated > {c.dup_para_frac}",
            )
        if para_chars > c.dup_para_char_frac:
            return self.reject(
                doc,
                self.Reason.DUP_PARA_CHARS,
                f"{para_chars:.2f} of characters in repeated paragraphs > {c.dup_para_char_frac}",
            )
        lines, content = counted_lines(
            re.split(r"\n+", text), c.lines, c.content_min_words, c.content_min_lines
        )
        note(s, "gopher", c.lines, content, len(lines))
        dup_lines, dup_line_chars = dup_stats(lines)
        # content lines: their repeats' share of their own characters
        line_size = sum(map(len, lines)) if content else size
        line_frac, line_chars = dup_lines / len(lines), dup_line_chars / max(line_size, 1)
        s["dup_line_frac"], s["dup_line_char_frac"] = round(line_frac, 4), round(line_chars, 4)
        if line_frac > c.dup_line_frac:
            what = "content lines" if content else "lines"
            return self.reject(
                doc,
                self.Reason.DUP_LINES,
                f"{line_frac:.2f} of {what} repeated > {c.dup_line_frac}",
            )
        if line_chars > c.dup_line_char_frac:
            return self.reject(
                doc,
                self.Reason.DUP_LINE_CHARS,
                f"{line_chars:.2f} of characters in repeated lines > {c.dup_line_char_frac}",
            )
        if content:  # the n-grams of the content lines, in their share of their characters
            size = max(line_size, 1)
            words = gopher_tokens(Document(doc.id, "\n".join(lines)), c.tokens, c.segmenter)
        else:
            words = gopher_tokens(doc, c.tokens, c.segmenter)
        ngrams = NgramCounter(words)
        for n, limit in c.top_n_grams:
            share = ngrams.top_chars(int(n)) / size
            s[f"top_{int(n)}gram_share"] = round(share, 4)
            if share > limit:
                return self.reject(
                    doc,
                    self.Reason.TOP_NGRAM,
                    f"most frequent {int(n)}-gram covers {share:.3f} of characters > {limit}",
                )
        for n, limit in c.dup_n_grams:
            share = ngrams.duplicate_chars(int(n)) / size
            s[f"dup_{int(n)}gram_share"] = round(share, 4)
            if share > limit:
                return self.reject(
                    doc,
                    self.Reason.DUP_NGRAM,
                    f"repeated {int(n)}-grams cover {share:.3f} of characters > {limit}",
                )
        return None
