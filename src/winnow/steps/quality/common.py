"""What the quality filters share: Gopher's two ways of counting words, the repeat
counter, and the marks several rules look for."""

from __future__ import annotations

import re

from winnow.document import Document
from winnow.text import tokens_with_punctuation
from winnow.text_segment import segment_runs

ELLIPSIS = ("...", "…")

# What Gopher's ratios and n-grams count as words. "datatrove": spaCy-like tokens in which
# every punctuation mark is a token of its own, as datatrove implements the rules for
# FineWeb (the `fineweb` recipe matches it decision for decision). Ordinary French or
# Swedish prose then falls short of the 80% rule of "words" with a letter
# (research/HISTORY.md, line cleaning, 2026-11-25), and
# a run of dots "……" is a repeated 5-gram. "words": the Gopher paper's wording ("80% of
# words contain at least one alphabetic character"; n-grams of words), which Dolma
# implements over whitespace-separated words; here language-aware words without the marks,
# and the symbol ratio counts runs of marks (HASH_RUN, ELLIPSIS_RUN) instead of each one.
TOKEN_MODES = ("datatrove", "words")


def check_tokens(mode: str) -> None:
    if mode not in TOKEN_MODES:
        raise ValueError(f"tokens must be one of {', '.join(TOKEN_MODES)}")


def gopher_tokens(doc: Document, mode: str, segmenter: str | None = None) -> list[str]:
    """The document's tokens as ``mode`` counts them, computed once per text for both
    Gopher steps. ``segmenter`` (``winnow.text_segment``): Thai, Lao, Khmer and Myanmar
    runs split into words, as FineWeb-2 segments them before its rules; None leaves a run
    between spaces as one token."""
    if segmenter is not None:
        return doc.memo(
            f"gopher_{mode}_{segmenter}",
            lambda _: segment_runs(gopher_tokens(doc, mode), segmenter),
        )
    everything = doc.memo("tokens_with_punctuation", tokens_with_punctuation)
    if mode == "datatrove":
        return everything
    # a word token starts with a letter or digit nearly always: that test first
    return doc.memo(
        "gopher_words",
        lambda _: [w for w in everything if w[0].isalnum() or any(map(str.isalnum, w))],
    )


# Mean word length range per language where its words are not Gopher's (English letters):
# Korean words between spaces (eojeol) are a stem and its particles in syllable blocks
# of two or three letters each: 3.1 blocks on average (lingua sentences, p1 2.89, p99
# 3.41), so Gopher's floor of 3 removed 15% of clean Korean documents. Gopher's range
# scaled by Korean's median over English's (3.1 / 4.7), rounded: 2 to 6; FineWeb-2
# publishes the same ceiling, 6, for Korean (huggingface/fineweb-2, configs/kor_Hang.yml).
WORD_LENGTH_RANGES: dict[str, tuple[float, float]] = {"ko": (2.0, 6.0)}


def count_matches(pattern: re.Pattern[str], text: str) -> int:
    return sum(1 for _ in pattern.finditer(text))


def dup_stats(items: list[str]) -> tuple[int, int]:
    """How many items repeat an earlier item, and how many characters those repeats hold."""
    seen: set[str] = set()
    dup_items = dup_chars = 0
    for item in items:
        if item in seen:
            dup_items += 1
            dup_chars += len(item)
        else:
            seen.add(item)
    return dup_items, dup_chars
