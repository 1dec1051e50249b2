"""Language-independent features of each line in its document, for the line model.

Nothing here depends on a word list: shape (length, punctuation, case, digits, pipes,
glued words), position relative to the document's prose, and repetition inside the
document. That is what lets a model trained on German, English, Spanish and Finnish
judge French and Swedish lines too (tests/eval checks exactly that).
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

from winnow.steps.line_rules import CONTEXT, GLUED, STRONG, LineInfo, RuleHit
from winnow.stopwords import stopwords

BULLET = re.compile(r"^\s*(?:[-•*·▪►»>]|\d{1,3}[.)]|[a-zA-Z][.)])\s")
LABEL = re.compile(r"^[^\s:]{1,25}(?:\s[^\s:]{1,25}){0,2}:\s*\S")
URLISH = re.compile(r"https?://|www\.|\S@\S|\.(?:com|org|net|html?|php)\b", re.IGNORECASE)
TEASER_END = re.compile(r"(?:\.\.\.|…|»|›|>>|\|)\s*$")
PUNCT = re.compile(r"[^\w\s]")

FEATURES = (
    "log_chars", "log_words", "sentence_end", "letter_ratio", "digit_ratio", "upper_ratio",
    "punct_ratio", "log_pipes", "has_tab", "log_glued", "bullet", "ends_colon", "label_prefix",
    "log_prefix_repeats", "log_duplicates", "position", "in_head", "in_tail", "prose",
    "log_prose_distance", "prose_window", "prev_prose", "next_prose", "prev_log_chars",
    "next_log_chars", "titlecase_ratio", "urlish", "teaser_end", "mean_word_len",
    "short_word_ratio", "doc_prose_ratio", "doc_log_lines", "first_line", "last_line",
    "stop_ratio", "doc_stop_ratio", "has_stop_list", "prev_stop_ratio", "next_stop_ratio",
    *(f"rule_{r}" for r in CONTEXT), "rule_strong", "in_article_shape",
)
TRIGRAM_BUCKETS = 256  # hashed byte trigrams; measured best of 64/128/256/1024 (bench/RESULTS.md)
FEATURE_COUNT = len(FEATURES) + TRIGRAM_BUCKETS
_DIGITS = bytes.maketrans(b"123456789", b"000000000")


def trigram_features(lines: list[str]) -> np.ndarray:
    """Hashed byte-trigram counts of each line (lower-cased, digits folded), L2-normalised.

    Vectorised over the whole document: one pass of numpy over the concatenated bytes.
    """
    n = len(lines)
    encoded = [(" " + x.strip().lower()[:300] + " ").encode("utf-8").translate(_DIGITS)
               for x in lines]
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


def _line_stats(line: LineInfo, stops: frozenset[str]) -> tuple[list[float], bool, float]:
    text = line.text
    n = max(len(text), 1)
    toks = line.tokens
    words = len(toks)
    stop_ratio = sum(1 for t in toks if t.casefold() in stops) / words if words else 0.0
    letters = sum(map(str.isalpha, text))
    uppers = sum(map(str.isupper, text))
    digits = sum(map(str.isdigit, text))
    sentence = line.sentence
    titlecase = sum(1 for t in toks if t[:1].isupper()) / words if words else 0.0
    mean_len = sum(len(t) for t in toks) / words if words else 0.0
    short = sum(1 for t in toks if len(t) <= 3) / words if words else 0.0
    stats = [
        math.log1p(len(text)), math.log1p(words), float(sentence), letters / n, digits / n,
        uppers / letters if letters else 0.0, len(PUNCT.findall(text)) / n,
        math.log1p(text.count("|")), float("\t" in text), math.log1p(len(GLUED.findall(text))),
        float(bool(BULLET.match(text))), float(text.endswith(":")),
        float(bool(LABEL.match(text))),
    ]
    tail = [titlecase, float(bool(URLISH.search(text))), float(bool(TEASER_END.search(text))),
            min(mean_len, 20.0) / 10.0, short]
    return stats + tail, sentence and words >= 6, stop_ratio


def line_features(infos: list[LineInfo], lang: str | None = None,
                  hits: dict[int, RuleHit] | None = None) -> np.ndarray:
    """One row of ``FEATURES`` per line (lines already stripped of blank ones).

    ``lang`` selects the stop-word list (the stop-word features are 0 without one);
    ``hits`` are the shape rules' marks, which the model confirms or overrides.
    """
    hits = hits or {}
    lines = [li.text for li in infos]
    n = len(lines)
    if n == 0:
        return np.zeros((0, FEATURE_COUNT), dtype=np.float32)
    stops = stopwords(lang)
    per_line = [_line_stats(x, stops) for x in infos]
    stop = np.array([r for _, _, r in per_line])
    prose = np.array([p for _, p, _ in per_line], dtype=bool)
    normal = [" ".join(li.tokens).casefold() for li in infos]
    dup_counts = Counter(normal)
    prefixes = [" ".join(x.split()[:2]) for x in normal]
    prefix_counts = Counter(prefixes)
    prose_idx = np.flatnonzero(prose)
    first, last = (prose_idx[0], prose_idx[-1]) if prose_idx.size else (n, -1)
    positions = np.arange(n)
    if prose_idx.size:
        distance = np.min(np.abs(positions[:, None] - prose_idx[None, :]), axis=1)
    else:
        distance = np.full(n, n)
    window = np.convolve(prose.astype(float), np.ones(7), mode="full")[3 : 3 + n] / 7.0
    log_chars = np.array([s[0][0] for s in per_line])
    doc_prose = prose.mean()
    chars = np.array([len(x) for x in lines], dtype=float)
    body = chars[first : last + 1].sum() if prose_idx.size else 0.0
    article = float(body / max(chars.sum(), 1.0) >= 0.5 and first <= 8 and n - 1 - last <= 8)
    rows = np.zeros((n, len(FEATURES)), dtype=np.float32)
    for i, (stats, _, _) in enumerate(per_line):
        head, tail = stats[:13], stats[13:]
        rows[i] = [
            *head,
            math.log1p(prefix_counts[prefixes[i]] - 1) if prefixes[i] else 0.0,
            math.log1p(dup_counts[normal[i]] - 1),
            i / max(n - 1, 1), float(i < first), float(i > last), float(prose[i]),
            math.log1p(distance[i]), window[i],
            float(prose[i - 1]) if i > 0 else 0.0, float(prose[i + 1]) if i + 1 < n else 0.0,
            log_chars[i - 1] if i > 0 else 0.0, log_chars[i + 1] if i + 1 < n else 0.0,
            *tail, doc_prose, math.log1p(n), float(i == 0), float(i == n - 1),
            stop[i], stop.mean(), float(bool(stops)),
            stop[i - 1] if i > 0 else 0.0, stop[i + 1] if i + 1 < n else 0.0,
            *(float(i in hits and hits[i].reason == r) for r in CONTEXT),
            float(i in hits and hits[i].reason in STRONG), article,
        ]
    return np.hstack([rows, trigram_features(lines)])
