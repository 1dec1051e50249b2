"""What a line's neighbourhood and its page say about it, for the line model.

A line's own shape often cannot tell a menu entry, a teaser or one bullet of a facilities
list from a short line of an article; its surroundings can. For six per-line values
(length, stop-word share, capitalised words, copies elsewhere in the document, marked by
a shape rule, ends like a sentence) the model also sees their mean over the two lines on
either side and over a screenful (eight on either side), and the page's own profile: mean
and spread of line length, the shares of marked, sentence-like, duplicated and short
lines (short in words, a Han or kana character counting half, so that a Japanese sentence
is not short). Language-independent, and vectorised over the document (a cumulative sum
per window, not a loop per line). Measured in research/HISTORY.md, session 18.
"""

from __future__ import annotations

import numpy as np

from winnow.steps.clean.lines.rules import LineInfo

WINDOW_HALVES = (2, 8)  # neighbours on each side: the next few lines, and a screenful
WINDOW_BASES = ("log_chars", "stop", "titlecase", "duplicated", "rule_hit", "sentence")
PAGE_STATS = (
    "mean_log_chars",
    "sd_log_chars",
    "hit_share",
    "sentence_share",
    "dup_share",
    "short_share",
)
CONTEXT_FEATURES = (
    *(f"win{half}_{base}" for half in WINDOW_HALVES for base in WINDOW_BASES),
    *(f"doc_{stat}" for stat in PAGE_STATS),
)
SHORT_LINE = 5  # words (a Han or kana character counts half): a menu entry, a label


def window_means(values: np.ndarray, half: int) -> np.ndarray:
    """The mean of each column over the lines i-half..i+half other than i itself (fewer
    at the document's ends; 0 for a one-line document), for all columns at once."""
    n = values.shape[0]
    totals = np.vstack([np.zeros((1, values.shape[1])), np.cumsum(values, axis=0)])
    positions = np.arange(n)
    low = np.maximum(positions - half, 0)
    high = np.minimum(positions + half + 1, n)
    counts = (high - low - 1).astype(np.float64)[:, None]
    return (totals[high] - totals[low] - values) / np.maximum(counts, 1.0)


def context_columns(
    infos: list[LineInfo],
    log_chars: np.ndarray,
    stop: np.ndarray,
    titlecase: np.ndarray,
    duplicates: np.ndarray,
    marked: np.ndarray,
) -> np.ndarray:
    """The ``CONTEXT_FEATURES`` of every line (n × len(CONTEXT_FEATURES)), from per-line
    values the caller has already: log characters, stop-word share, share of capitalised
    tokens, log copies elsewhere in the document, and 1 where a shape rule marked it."""
    n = len(infos)
    sentence = np.fromiter((li.sentence for li in infos), dtype=np.float64, count=n)
    duplicated = (duplicates > 0).astype(np.float64)
    short = np.fromiter((li.words < SHORT_LINE for li in infos), dtype=np.float64, count=n)
    bases = np.column_stack([log_chars, stop, titlecase, duplicated, marked, sentence])
    page = np.array(
        [
            log_chars.mean(),
            log_chars.std(),
            marked.mean(),
            sentence.mean(),
            duplicated.mean(),
            short.mean(),
        ]
    )
    return np.hstack(
        [*(window_means(bases, half) for half in WINDOW_HALVES), np.tile(page, (n, 1))]
    )
