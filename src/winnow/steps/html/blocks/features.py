"""A page's blocks → the feature matrix of the block model: size, link share, own tag,
landmark tags above, class/id words, neighbours, and where a block lies against the
page's main run of prose."""

from __future__ import annotations

import numpy as np

from winnow.steps.html.blocks.parse import Block
from winnow.steps.html.blocks.tags import (
    ANCESTOR_TAGS,
    ATTR_WORDS,
    DIGIT_SPAN,
    IS_TERMINAL,
    OWN_INDEX,
    OWN_TAGS,
)
from winnow.text import word_count
from winnow.util.chars import DECIMAL, WORD, code_points, flags_of_code_points
from winnow.util.runs import max_sum_run

N_FEATURES = 22 + len(OWN_TAGS) + 2 * len(ANCESTOR_TAGS) + 2 * len(ATTR_WORDS)


def block_features(blocks: list[Block]) -> np.ndarray:
    """One row of features per block: size, links, punctuation, position, tags, attribute
    words, and the same size/link signals of the neighbouring blocks."""
    n = len(blocks)
    x = np.zeros((n, N_FEATURES), dtype=np.float32)
    if not n:
        return x
    chars = np.array([len(b.text) for b in blocks], dtype=np.float32)
    words, terminals, digits = _text_counts([b.text for b in blocks])
    links = np.array([b.link_chars for b in blocks], dtype=np.float32) / np.maximum(chars, 1)
    ends = np.array([b.text[-1] in '.!?。！？…"”»)' for b in blocks], dtype=np.float32)
    digits /= np.minimum(chars, DIGIT_SPAN)
    upper = np.array([b.text[:1].isupper() for b in blocks], dtype=np.float32)
    depth = np.array([b.depth for b in blocks], dtype=np.float32)
    cum = np.cumsum(chars)
    total = cum[-1]
    log_chars = np.log1p(chars)
    x[:, 0] = log_chars
    x[:, 1] = np.log1p(words)
    x[:, 2] = links
    x[:, 3] = terminals / np.maximum(words, 1)
    x[:, 4] = ends
    x[:, 5] = digits
    x[:, 6] = upper
    x[:, 7] = depth / 30.0
    x[:, 8] = (cum - chars) / total  # where the block starts, as a share of the page's text
    x[:, 9] = chars / total
    x[:, 10] = np.log1p(total)
    # neighbours: a paragraph between long paragraphs is content, a link among links is not
    x[1:, 11] = log_chars[:-1]
    x[:-1, 12] = log_chars[1:]
    x[1:, 13] = links[:-1]
    x[:-1, 14] = links[1:]
    x[:, 15] = _window_mean(log_chars, 7)
    x[:, 16] = _window_mean(links, 7)
    # where the block sits against the page's main run of prose: the stretch of blocks with
    # the most unlinked prose characters net of the other blocks' characters
    # (words counted by ``text.word_count``: a Japanese paragraph is one \w+ run)
    prose = np.array(
        [
            e > 0 and k < 0.5 and _has_words(b.text, 6)
            for b, e, k in zip(blocks, ends, links, strict=True)
        ],
        dtype=bool,
    )
    start, end = max_sum_run(np.where(prose, chars * (1 - links), -chars).tolist())
    index = np.arange(n)
    x[:, 17] = (index >= start) & (index <= end)
    x[:, 18] = index < start
    x[:, 19] = index > end
    x[:, 20] = np.log1p(np.maximum(start - index, 0) + np.maximum(index - end, 0))
    x[:, 21] = chars[start : end + 1].sum() / total
    col = 22
    other = OWN_INDEX["other"]
    x[np.arange(n), col + np.array([OWN_INDEX.get(b.tag, other) for b in blocks])] = 1.0
    col += len(OWN_TAGS)
    tag_bits = _unpack([b.ancestor_tags for b in blocks], len(ANCESTOR_TAGS))
    x[:, col : col + len(ANCESTOR_TAGS)] = tag_bits
    col += len(ANCESTOR_TAGS)
    # the share of the page's text under each landmark: a page that is all <article> differs
    # from one where <article> holds a teaser
    x[:, col : col + len(ANCESTOR_TAGS)] = (tag_bits * chars[:, None]).sum(0) / total
    col += len(ANCESTOR_TAGS)
    x[:, col : col + len(ATTR_WORDS)] = _unpack([b.attr_words for b in blocks], len(ATTR_WORDS))
    col += len(ATTR_WORDS)
    x[:, col : col + len(ATTR_WORDS)] = _unpack([b.own_attr_words for b in blocks], len(ATTR_WORDS))
    return x


def _text_counts(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per text: ``\\w+`` runs, terminal marks, and ``\\d`` characters among its first
    ``DIGIT_SPAN`` characters; one numpy pass over the page instead of three regex scans a
    block (the texts are joined by a character that is none of the three)."""
    n = len(texts)
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    cps = code_points("\n".join(texts))
    flags = flags_of_code_points(cps)
    owner = np.repeat(np.arange(n), lengths + 1)[: len(flags)]
    word = (flags & WORD).astype(bool)
    word_start = word.copy()
    word_start[1:] &= ~word[:-1]
    offset = np.arange(len(flags)) - (np.cumsum(lengths + 1) - (lengths + 1))[owner]
    early_digit = (flags & DECIMAL).astype(bool) & (offset < DIGIT_SPAN)
    terminal = IS_TERMINAL[np.minimum(cps, 0xFFFF)]

    def per_text(w: np.ndarray) -> np.ndarray:
        return np.bincount(owner, weights=w, minlength=n).astype(np.float32)

    return per_text(word_start), per_text(terminal), per_text(early_digit)


def _has_words(text: str, minimum: int) -> bool:
    """``text.word_count(text) >= minimum``, on a prefix first: a prefix never holds more
    tokens than the whole (only its last token can be cut short)."""
    return word_count(text[:160]) >= minimum or (len(text) > 160 and word_count(text) >= minimum)


def _unpack(masks: list[int], width: int) -> np.ndarray:
    """Bitmasks (Python ints, any width) → a 0/1 float matrix of ``width`` columns."""
    nbytes = (width + 7) // 8
    raw = b"".join(m.to_bytes(nbytes, "little") for m in masks)
    bits = np.unpackbits(
        np.frombuffer(raw, dtype=np.uint8).reshape(len(masks), nbytes), axis=1, bitorder="little"
    )
    return bits[:, :width].astype(np.float32)


def _window_mean(values: np.ndarray, width: int) -> np.ndarray:
    """Mean over a centred window (zeros beyond the page's ends)."""
    full = np.convolve(values, np.full(width, 1.0 / width, dtype=np.float32), mode="full")
    return full[width // 2 : width // 2 + len(values)]
