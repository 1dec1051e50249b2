"""Features of each line in its document, for the line model.

Mostly language-independent: shape (length, punctuation, case, digits, pipes, glued
words), position relative to the document's prose, repetition inside the document, the
stop-word share where a list exists, hashed byte trigrams, and what the neighbouring lines
and the page look like (``winnow.steps.clean.lines.context``). That is what lets the model
judge lines of languages it has no labelled lines for (French is scored as one in
tests/eval). The language itself is a one-hot feature for the languages it learned from
(``TRAINED_LANGUAGES``): annotators of each language drew the keep/noise line a little
differently, and the model may learn that; any other language gets all zeros.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from itertools import chain, repeat
from operator import contains, itemgetter

import numpy as np

from winnow.steps.clean.lines.context import CONTEXT_FEATURES, context_columns
from winnow.steps.clean.lines.rules import CONTEXT, GLUED, STRONG, LineInfo, RuleHit
from winnow.stopwords import stopwords
from winnow.util.chars import DIGIT, LETTER, PUNCT, UPPER, char_flags
from winnow.util.runs import max_sum_run

BULLET = re.compile(r"^\s*(?:[-•*·▪►»>]|\d{1,3}[.)]|[a-zA-Z][.)])\s")
LABEL = re.compile(r"^[^\s:]{1,25}(?:\s[^\s:]{1,25}){0,2}:\s*\S")
# a link or an address in a line: "http(s)://", "www.", "a@b" or ".com" (.org .net .htm(l)
# .php), case-insensitive. One pattern with the four branches was slow on every line
# (research/HISTORY.md, session 15): each is tried only where a plain test says it can
# match ("www." has no case variant but "WWW.")
_SCHEME = re.compile(r"https?://", re.IGNORECASE)
_AT = re.compile(r"\S@\S")
_SITE_END = re.compile(r"\.(?:com|org|net|html?|php)\b", re.IGNORECASE)


def is_urlish(text: str) -> bool:
    """Whether the line holds something shaped like a web address or an e-mail address."""
    return (
        ("@" in text and _AT.search(text) is not None)
        or (":" in text and _SCHEME.search(text) is not None)
        or ("." in text and ("www." in text.lower() or _SITE_END.search(text) is not None))
    )


TEASER_ENDS = ("...", "…", "»", "›", ">>", "|")  # a teaser's "read more" end

FEATURES = (
    "log_chars",
    "log_words",
    "sentence_end",
    "letter_ratio",
    "digit_ratio",
    "upper_ratio",
    "punct_ratio",
    "log_pipes",
    "has_tab",
    "log_glued",
    "bullet",
    "ends_colon",
    "label_prefix",
    "log_prefix_repeats",
    "log_duplicates",
    "position",
    "in_head",
    "in_tail",
    "prose",
    "log_prose_distance",
    "prose_window",
    "prev_prose",
    "next_prose",
    "prev_log_chars",
    "next_log_chars",
    "titlecase_ratio",
    "urlish",
    "teaser_end",
    "mean_word_len",
    "short_word_ratio",
    "doc_prose_ratio",
    "doc_log_lines",
    "first_line",
    "last_line",
    "stop_ratio",
    "doc_stop_ratio",
    "has_stop_list",
    "prev_stop_ratio",
    "next_stop_ratio",
    *(f"rule_{r}" for r in CONTEXT),
    "rule_strong",
    "in_article_shape",
    "in_main",
    "before_main",
    "after_main",
    "log_main_distance",
    "main_share",
    *CONTEXT_FEATURES,
)
TRAINED_LANGUAGES = ("de", "en", "es", "fi", "sv")  # the languages with labelled lines
FEATURES += tuple(f"lang_{code}" for code in TRAINED_LANGUAGES)
# hashed byte trigrams; the best of the sizes tried (research/HISTORY.md, line cleaning,
# 2026-11-25)
TRIGRAM_BUCKETS = 256
FEATURE_COUNT = len(FEATURES) + TRIGRAM_BUCKETS
_DIGITS = bytes.maketrans(b"123456789", b"000000000")


def trigram_features(lines: list[str]) -> np.ndarray:
    """Hashed byte-trigram counts of each line (lower-cased, digits folded), L2-normalised.

    Vectorised over the whole document: one pass of numpy over the concatenated bytes.
    """
    n = len(lines)
    if n == 0:
        return np.zeros((0, TRIGRAM_BUCKETS), dtype=np.float32)
    encoded = [
        (" " + x.strip().lower()[:300] + " ").encode("utf-8", "replace").translate(_DIGITS)
        for x in lines
    ]
    buf = np.frombuffer(b"".join(encoded), dtype=np.uint8).astype(np.uint32)
    lengths = np.array([len(e) for e in encoded])
    owner = np.repeat(np.arange(n), lengths)
    if buf.size < 3:
        return np.zeros((n, TRIGRAM_BUCKETS), dtype=np.float32)
    codes = (buf[:-2] << 16) | (buf[1:-1] << 8) | buf[2:]
    same_line = owner[:-2] == owner[2:]
    shift = 32 - int(np.log2(TRIGRAM_BUCKETS))
    buckets = ((codes * np.uint32(2654435761)) & np.uint32(0xFFFFFFFF)) >> np.uint32(shift)
    flat = owner[:-2][same_line] * TRIGRAM_BUCKETS + buckets[same_line]
    counts = np.bincount(flat, minlength=n * TRIGRAM_BUCKETS).reshape(n, TRIGRAM_BUCKETS)
    norms = np.sqrt(counts.sum(axis=1, keepdims=True))
    return (counts / np.maximum(norms, 1.0)).astype(np.float32)


def char_counts(lines: list[str]) -> np.ndarray:
    """Letters, upper-case letters, digits and punctuation marks per line (n × 4), counted
    over the whole document in one numpy pass instead of four Python passes a line."""
    out = np.zeros((len(lines), 4), dtype=np.int64)
    flags = char_flags("".join(lines))
    if not flags.size:
        return out
    lengths = np.array([len(x) for x in lines])
    owner = np.repeat(np.arange(len(lines)), lengths)
    for column, bit in enumerate((LETTER, UPPER, DIGIT, PUNCT)):
        out[:, column] = np.bincount(owner, weights=(flags & bit) > 0, minlength=len(lines))
    return out


def _line_stats(infos: list[LineInfo]) -> np.ndarray:
    """The shape features of each line that need a regex or a string method (n × 11):
    column by column, each a C-level ``map`` over the lines, not a Python list a line."""
    texts = [li.text for li in infos]
    n = len(texts)

    def column(values) -> np.ndarray:
        return np.fromiter(values, dtype=np.float64, count=n)

    return np.column_stack(
        [
            np.log1p(column(map(len, texts))),
            np.log1p(column(len(li.tokens) for li in infos)),
            column(li.sentence for li in infos),
            np.log1p(column(map(str.count, texts, repeat("|")))),
            column(map(contains, texts, repeat("\t"))),
            np.log1p(column(map(len, map(GLUED.findall, texts)))),
            column(match is not None for match in map(BULLET.match, texts)),
            column(map(str.endswith, texts, repeat(":"))),
            column(match is not None for match in map(LABEL.match, texts)),
            column(map(is_urlish, texts)),
            # lines are stripped: no space after the mark
            column(map(str.endswith, texts, repeat(TEASER_ENDS))),
        ]
    )


def token_stats(infos: list[LineInfo], stops: frozenset[str]) -> np.ndarray:
    """Per line (n × 4): the share of stop words, of tokens that start with a capital, the
    mean token length (capped at 20, over 10) and the share of tokens of ≤ 3 characters —
    over the whole document's tokens at once, not a Python pass per line and statistic."""
    n = len(infos)
    per_line = np.fromiter((len(li.tokens) for li in infos), dtype=np.int64, count=n)
    every = list(chain.from_iterable(li.tokens for li in infos))
    out = np.zeros((n, 4), dtype=np.float64)
    if not every:
        return out
    owner = np.repeat(np.arange(n), per_line)
    lengths = np.fromiter(map(len, every), dtype=np.int64, count=len(every))
    capital = (char_flags("".join(map(itemgetter(0), every))) & UPPER) > 0
    words = np.maximum(per_line, 1)  # a line without tokens scores 0 on all four
    if stops:
        stop = np.fromiter(
            map(stops.__contains__, map(str.casefold, every)), dtype=bool, count=len(every)
        )
        out[:, 0] = np.bincount(owner, weights=stop, minlength=n) / words
    out[:, 1] = np.bincount(owner, weights=capital, minlength=n) / words
    out[:, 2] = np.minimum(np.bincount(owner, weights=lengths, minlength=n) / words, 20.0) / 10.0
    out[:, 3] = np.bincount(owner, weights=lengths <= 3, minlength=n) / words
    return out


def main_segment(prose: np.ndarray, chars: np.ndarray) -> tuple[int, int]:
    """The document's main run of prose: the lines [start, end] with the largest sum of
    prose characters minus non-prose characters (``max_sum_run``). Lists of other
    headlines after an article, and menus before it, fall outside; (0, -1) without prose."""
    return max_sum_run(np.where(prose, chars, -chars).tolist())


CHUNK_LINES = 16_384  # longer documents get their trigram columns chunk by chunk


def line_features(
    infos: list[LineInfo], lang: str | None = None, hits: dict[int, RuleHit] | None = None
) -> np.ndarray:
    """One row of ``FEATURES`` and the hashed trigrams per line (lines already stripped of
    blank ones).

    ``lang`` selects the stop-word list (the stop-word features are 0 without one);
    ``hits`` are the shape rules' marks, which the model confirms or overrides.
    """
    lines = [li.text for li in infos]
    return np.hstack([shape_features(infos, lang, hits), trigram_features(lines)])


def line_feature_chunks(
    infos: list[LineInfo],
    lang: str | None = None,
    hits: dict[int, RuleHit] | None = None,
    size: int = CHUNK_LINES,
    rows: list[int] | None = None,
) -> Iterator[np.ndarray]:
    """``line_features`` of consecutive chunks of at most ``size`` lines (one chunk for most
    documents). The trigram columns are most of a row: built per chunk, a document of a
    million short lines (a 32 MB record) needs megabytes for them, not gigabytes.

    ``rows``: only these lines' rows (ascending indices), with the same values as in the
    whole matrix (the document-wide context is still taken over every line)."""
    shape = shape_features(infos, lang, hits, rows)
    wanted = infos if rows is None else [infos[i] for i in rows]
    for start in range(0, max(len(wanted), 1), size):
        part = wanted[start : start + size]
        yield np.hstack([shape[start : start + size], trigram_features([li.text for li in part])])


def shape_features(
    infos: list[LineInfo],
    lang: str | None = None,
    hits: dict[int, RuleHit] | None = None,
    rows: list[int] | None = None,
) -> np.ndarray:
    """The ``FEATURES`` columns (everything but the trigrams) of each line, or of the lines
    ``rows`` only: the per-line work (a regex pass, character counts) is done for those,
    the context (neighbours, repeats, the main run of prose) over the whole document."""
    hits = hits or {}
    lines = [li.text for li in infos]
    n = len(lines)
    if n == 0 or (rows is not None and not rows):
        return np.zeros((0, len(FEATURES)), dtype=np.float32)
    pick = np.arange(n) if rows is None else np.asarray(rows, dtype=np.int64)
    stops = stopwords(lang)
    letters, uppers, digits, puncts = char_counts([lines[i] for i in pick]).T
    shape = _line_stats([infos[i] for i in pick])
    by_token = token_stats(infos, stops)
    stop = by_token[:, 0]
    prose = np.array([li.sentence and len(li.tokens) >= 6 for li in infos], dtype=bool)
    normal = [" ".join(li.tokens).casefold() for li in infos]
    dup_counts = Counter(normal)
    prefixes = [" ".join(x.split()[:2]) for x in normal]
    prefix_counts = Counter(prefixes)
    prose_idx = np.flatnonzero(prose)
    first, last = (prose_idx[0], prose_idx[-1]) if prose_idx.size else (n, -1)
    positions = np.arange(n)
    if prose_idx.size:
        # to the nearest prose line on either side (sorted positions: linear memory)
        after = np.minimum(np.searchsorted(prose_idx, positions), prose_idx.size - 1)
        before = np.maximum(after - 1, 0)
        distance = np.minimum(
            np.abs(prose_idx[after] - positions), np.abs(positions - prose_idx[before])
        )
    else:
        distance = np.full(n, n)
    window = np.convolve(prose.astype(float), np.ones(7), mode="full")[3 : 3 + n] / 7.0
    chars = np.fromiter(map(len, lines), dtype=np.float64, count=n)
    log_chars = np.log1p(chars)
    doc_prose = prose.mean()
    body = chars[first : last + 1].sum() if prose_idx.size else 0.0
    article = float(body / max(chars.sum(), 1.0) >= 0.5 and first <= 8 and n - 1 - last <= 8)
    size = np.maximum(chars[pick], 1.0)
    head = np.column_stack(
        [
            shape[:, :3],
            letters / size,
            digits / size,
            np.where(letters > 0, uppers / np.maximum(letters, 1), 0.0),
            puncts / size,
            shape[:, 3:9],
        ]
    )
    tail = np.column_stack([by_token[pick, 1], shape[:, 9:11], by_token[pick, 2:4]])
    prefix_repeats = np.array([math.log1p(prefix_counts[p] - 1) if p else 0.0 for p in prefixes])
    duplicates = np.log1p(np.array([dup_counts[x] - 1 for x in normal], dtype=np.float64))

    def shifted(values: np.ndarray, step: int) -> np.ndarray:
        """values[i - step] (0 beyond the document's ends)."""
        out = np.zeros(n, dtype=np.float64)
        if step > 0:
            out[step:] = values[:-step]
        else:
            out[:step] = values[-step:]
        return out

    prose_f = prose.astype(np.float64)
    context = np.zeros((n, len(CONTEXT) + 1), dtype=np.float64)
    marked = np.zeros(n, dtype=np.float64)
    for i, hit in hits.items():
        if 0 <= i < n:
            if hit.reason in CONTEXT:
                context[i, CONTEXT.index(hit.reason)] = 1.0
            context[i, -1] = float(hit.reason in STRONG)
            marked[i] = 1.0
    const = np.ones(n, dtype=np.float64)
    main_start, main_end = main_segment(prose, chars)
    main_distance = np.maximum(main_start - positions, 0) + np.maximum(positions - main_end, 0)
    main_share = chars[main_start : main_end + 1].sum() / max(chars.sum(), 1.0)
    # columns with every line's row, cut down to ``pick``; ``head`` and ``tail`` have only
    # the picked rows already
    context_before = [
        prefix_repeats[:, None],
        duplicates[:, None],
        (positions / max(n - 1, 1))[:, None],
        (positions < first)[:, None],
        (positions > last)[:, None],
        prose_f[:, None],
        np.log1p(distance)[:, None],
        window[:, None],
        shifted(prose_f, 1)[:, None],
        shifted(prose_f, -1)[:, None],
        shifted(log_chars, 1)[:, None],
        shifted(log_chars, -1)[:, None],
    ]
    context_after = [
        (const * doc_prose)[:, None],
        (const * math.log1p(n))[:, None],
        (positions == 0)[:, None],
        (positions == n - 1)[:, None],
        stop[:, None],
        (const * stop.mean())[:, None],
        (const * float(bool(stops)))[:, None],
        shifted(stop, 1)[:, None],
        shifted(stop, -1)[:, None],
        context,
        (const * article)[:, None],
        ((positions >= main_start) & (positions <= main_end))[:, None],
        (positions < main_start)[:, None],
        (positions > main_end)[:, None],
        np.log1p(main_distance)[:, None],
        (const * main_share)[:, None],
        context_columns(infos, log_chars, stop, by_token[:, 1], duplicates, marked),
        np.tile([float(lang == code) for code in TRAINED_LANGUAGES], (n, 1)),
    ]
    columns = [head, *(c[pick] for c in context_before), tail, *(c[pick] for c in context_after)]
    return np.hstack([c.astype(np.float64) for c in columns]).astype(np.float32)
