"""Normalised words and their n-gram hashes: what documents and references are compared by.

Normalisation, the same for both sides: Unicode NFKC (full-width forms and ligatures
folded), ``str.casefold`` (lower case; "ß" → "ss"), then the words of
``winnow.text.tokens``: runs of letters and digits, joined across one inner apostrophe or
hyphen ("don't", "well-known" stay one word); each Han or kana character a word of its own
(so a Chinese or Japanese passage matches character by character); Thai, Lao, Khmer and
Myanmar runs in chunks of four characters; punctuation, symbols and whitespace dropped.
"The Quick — brown FOX!" and "the quick brown fox" have the same words.

``tokens`` costs ~100-400 ns a character in Python's regex engine, and NFKC and case
folding ~25 ns more: more than the rest of the lookup together. Text is therefore
normalised and split on its code points with numpy. A table gives each BMP character its
NFKC + case folding where that is exact character by character (not for combining marks
with a combining class, characters that compose with the one before, or a folding into
several characters that holds a letter: "™" → "tm"; those texts take the string
functions first). Words are then found by table the way ``tokens``' regex finds them: runs
of letters and digits (``str.isalnum``, the regex's ``[^\\W_]``) less CJK characters, with
the combining marks that follow them, joined across an apostrophe or hyphen with such a
run on both sides; each CJK character a word. Only text with Thai-like characters goes
through ``tokens`` itself (it cuts their runs in chunks). A test checks, on random
strings and BMP characters in context (all 65,536 checked once), that both paths give
``tokens``' words and the same hashes.
A word's hash is a polynomial of its code points from one prefix sum over the text, an
n-gram's the same over its words' hashes (``ngram_hashes``): both depend on the words
alone, never on where they stand, so a reference's n-gram hashes the same in any document.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from winnow.steps.dedup.shingles import mix64
from winnow.text import _CJK, _MARKS, _SEA, _SPECIAL, tokens

_BMP = 0x10000
_JOINERS = "'’-"  # what ``tokens`` joins two runs of letters and digits with
_WORD, _JOINER, _CJK_BIT, _MARK, _SEA_BIT = 1, 2, 4, 8, 16  # bits of a character's class
_UNSAFE = np.uint32(0xFFFFFFFF)  # in the folding table: NFKC or a longer folding needed
_HANGUL_JAMO_VT = range(0x1161, 0x11C3)  # compose with a preceding Hangul syllable or jamo
_SPACE, _NEWLINE = np.uint32(ord(" ")), np.uint32(ord("\n"))
_Q = 0x9E3779B97F4A7C15  # odd, so invertible modulo 2**64
_Q_INV = pow(_Q, -1, 2**64)
_CACHED_POWERS = 1 << 20  # powers kept for texts up to 1M characters (16 MB)

_tables: tuple[np.ndarray, np.ndarray] | None = None
_powers: tuple[np.ndarray, np.ndarray] = (np.ones(1, np.uint64), np.ones(1, np.uint64))


def _char_tables() -> tuple[np.ndarray, np.ndarray]:
    """For each BMP code point: what NFKC and case folding make of it (a space where that
    is several characters none of which can be in a word: "…" → "...", "℅"), or
    ``_UNSAFE`` where the text needs the real functions (a combining mark, a character
    that composes with the one before it, "™" → "tm"); and its class bits (a word's
    letter or digit, joiner, CJK, combining mark, Thai-like). Built once a process
    (~0.3 s)."""
    global _tables
    if _tables is None:
        chars = [chr(c) for c in range(_BMP)]
        composing = {c for c in _HANGUL_JAMO_VT}
        for ch in chars:  # second halves of canonical pairs: they may compose backwards
            parts = unicodedata.decomposition(ch).split()
            if len(parts) == 2 and not parts[0].startswith("<"):
                composing.add(int(parts[1], 16))
        fold = np.full(_BMP, _UNSAFE, dtype=np.uint32)
        for c, ch in enumerate(chars):
            nfkc = unicodedata.normalize("NFKC", ch)
            folded = nfkc.casefold()
            if any(unicodedata.combining(x) or ord(x) in composing for x in ch + folded):
                continue
            if len(folded) == 1 and ord(folded) < _BMP:  # a few CJK ones leave the BMP
                fold[c] = ord(folded)
            elif not any(x.isalnum() or x in _JOINERS or _SPECIAL.match(x) for x in folded):
                fold[c] = ord(" ")  # "…" → "...", NBSP → " ": separators either way
        classes = np.zeros(_BMP, dtype=np.uint8)
        for bit, chars_class in ((_CJK_BIT, _CJK), (_MARK, _MARKS), (_SEA_BIT, _SEA)):
            pattern = re.compile(f"[{chars_class}]")
            classes[[c for c, ch in enumerate(chars) if pattern.match(ch)]] |= bit
        alnum = np.fromiter(map(str.isalnum, chars), dtype=bool, count=_BMP)
        # a word's letters and digits: ``tokens``' [^\\W_] less CJK and Thai-like characters
        classes[alnum & (classes & (_CJK_BIT | _SEA_BIT) == 0)] |= _WORD
        classes[[ord(c) for c in _JOINERS]] |= _JOINER
        _tables = (fold, classes)
    return _tables


def prepare() -> None:
    """Build the character tables now (a worker's ``setup``), not in the first document."""
    _char_tables()


class Words:
    """A text's normalised words: one uint64 hash each, and where each lies in the
    normalised text (on the ``tokens`` path: in the words joined by spaces)."""

    __slots__ = ("_points", "_text", "ends", "hashes", "starts")

    def __init__(
        self,
        hashes: np.ndarray,
        starts: np.ndarray,
        ends: np.ndarray,
        text: str | None,
        points: np.ndarray | None = None,
    ) -> None:
        self.hashes, self.starts, self.ends = hashes, starts, ends
        self._text, self._points = text, points

    def __len__(self) -> int:
        return int(self.hashes.size)

    @property
    def text(self) -> str:
        """The normalised text (made from the folded code points on the first call)."""
        if self._text is None:
            assert self._points is not None
            self._text = self._points.tobytes().decode("utf-32-le", "surrogatepass")
        return self._text

    def slice(self, first: int, end: int) -> list[str]:
        """The words ``first`` to ``end`` (exclusive), as strings."""
        text = self.text
        starts, ends = self.starts[first:end].tolist(), self.ends[first:end].tolist()
        return [text[a:b] for a, b in zip(starts, ends, strict=True)]

    def joined(self) -> str:
        """Every word, separated by one space (words never hold whitespace)."""
        return " ".join(self.slice(0, len(self)))


def normalize(text: str) -> str:
    """NFKC, then case folding: what every word is compared in."""
    return unicodedata.normalize("NFKC", text).casefold()


def code_points(text: str) -> np.ndarray:
    # surrogatepass: a lone surrogate (a JSON "\ud800" escape) is a code point like any other
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def _safe_astral(c: int) -> bool:
    """An emoji or other symbol beyond the BMP that NFKC and folding leave alone; letters,
    marks and digits there (mathematical letters, Brahmic vowel signs) take the slow path."""
    ch = chr(c)
    return (
        unicodedata.category(ch)[0] in "SPZC"
        and unicodedata.normalize("NFKC", ch) == ch
        and ch.casefold() == ch
    )


def _folded(cp: np.ndarray, has_astral: bool) -> np.ndarray | None:
    """``normalize`` on code points, by table: None where the table cannot do it."""
    fold = _char_tables()[0]
    if not has_astral:
        out = fold[cp]
    else:
        astral = cp >= _BMP
        if not all(map(_safe_astral, np.unique(cp[astral]).tolist())):
            return None
        out = fold[np.where(astral, 0, cp)]
        out[astral] = cp[astral]
    return None if (out == _UNSAFE).any() else out


def _plain_words(points: np.ndarray, text: str | None) -> Words | None:
    """The words of normalised code points, found by table as ``tokens``' regex finds them;
    None for text with a Thai-like character (``tokens`` cuts those runs in chunks).

    A word is a run of letters and digits (not CJK), with the combining marks that follow
    them, joined across an apostrophe or hyphen that has such a run on both sides; each
    CJK character is a word of its own (unless a mark of the word before: U+3099)."""
    has_astral = bool(points.size and points.max() >= _BMP)
    astral = points >= _BMP if has_astral else None
    classes = _char_tables()[1][points if astral is None else np.where(astral, 0, points)]
    special = np.bitwise_or.reduce(classes) if classes.size else 0
    if special & _SEA_BIT:
        return None
    word = (classes & _WORD).view(bool)  # 0 or 1 bytes: a valid bool array
    if astral is not None:  # emoji are not letters; letters of other planes are (Gothic)
        values = np.unique(points[astral])
        letters = np.fromiter((chr(v).isalnum() for v in values.tolist()), dtype=bool)
        word[astral] = letters[np.searchsorted(values, points[astral])]
    letter = word.copy() if special & _MARK else word  # without the marks they carry
    if special & _MARK:  # a run of marks belongs to the word whose letter comes before it
        mark = (classes & _MARK).astype(bool)
        before = np.maximum.accumulate(np.where(mark, -1, np.arange(points.size)))
        carried = mark & (before >= 0) & letter[np.maximum(before, 0)]
        word |= carried
    joiners = np.flatnonzero(classes & _JOINER)  # few: test each one's neighbours
    joiners = joiners[(joiners > 0) & (joiners < points.size - 1)]
    if joiners.size:
        word[joiners[word[joiners - 1] & letter[joiners + 1]]] = True
    if not special & _CJK_BIT:
        starts, ends = _runs(word)
        return _run_hashes(points, starts, ends, text, points)
    single = (classes & _CJK_BIT).astype(bool) & ~word  # CJK characters, one word each
    inside = word | single
    padded = np.zeros(points.size + 2, dtype=bool)
    padded[1:-1] = inside
    cut = np.zeros(points.size + 2, dtype=bool)
    cut[1:-1] = single
    edge = (padded[1:] != padded[:-1]) | (padded[1:] & padded[:-1] & (cut[1:] | cut[:-1]))
    starts = np.flatnonzero(edge & padded[1:])
    ends = np.flatnonzero(edge & padded[:-1])
    return _run_hashes(points, starts, ends, text, points)


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends of the runs of True in ``mask``."""
    padded = np.zeros(mask.size + 2, dtype=bool)
    padded[1:-1] = mask
    bounds = np.flatnonzero(padded[1:] != padded[:-1])  # start, end, start, end, ...
    return bounds[0::2], bounds[1::2]


def _folded_words(text: str) -> Words | None:
    """``_plain_words`` of ``text`` folded by table, with offsets that are the text's own;
    None where the table cannot fold it or ``tokens`` must find the words."""
    cp = code_points(text)
    points = _folded(cp, bool(cp.size and cp.max() >= _BMP))
    return _plain_words(points, None) if points is not None else None


def _spaced(found: list[list[str]]) -> tuple[Words, np.ndarray]:
    """Words already found as strings (``tokens``), of many texts hashed in one pass; and
    the text each word is in."""
    lines = [" ".join(words) for words in found]
    joined = "\n".join(lines)
    points = code_points(joined)
    starts, ends = _runs((points != _SPACE) & (points != _NEWLINE))
    words = _run_hashes(points, starts, ends, joined)
    return words, np.searchsorted(np.cumsum([len(x) + 1 for x in lines]), words.starts, "right")


def words_of(text: str, fast: bool = True) -> Words:
    """The normalised words of ``text`` (see the module docstring). ``fast=False`` takes
    the string path throughout (tests compare the two)."""
    if fast:
        found = _folded_words(text)
        if found is not None:
            return found
    norm = normalize(text)
    if fast:  # "™" or a combining mark needed the real NFKC; ``tokens`` may not be needed
        found = _plain_words(code_points(norm), norm)
        if found is not None:
            return found
    return _spaced([tokens(norm)])[0]


def words_of_many(texts: list[str]) -> tuple[Words, np.ndarray]:
    """The words of many texts at once, and the index of the text each word is in: the
    same words and hashes as ``words_of`` on each text, for the cost of one call (no word
    crosses the newline put between texts)."""
    found = _folded_words("\n".join(texts))
    if found is not None:
        ends = np.cumsum([len(text) + 1 for text in texts])
        return found, np.searchsorted(ends, found.starts, "right")
    return _spaced([tokens(normalize(text)) for text in texts])


def _run_hashes(
    cp: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    text: str | None,
    points: np.ndarray | None = None,
) -> Words:
    """A hash for each word ``cp[start:end]``: the polynomial ``sum((c + 1) * Q**k)`` of
    its code points, from one prefix sum over the text, mixed with its length."""
    if starts.size == 0:
        return Words(np.zeros(0, dtype=np.uint64), starts, ends, text, points)
    forward, backward = _powers_for(cp.size)
    prefix = np.zeros(cp.size + 1, dtype=np.uint64)
    np.cumsum((cp.astype(np.uint64) + np.uint64(1)) * forward[: cp.size], out=prefix[1:])
    sums = (prefix[ends] - prefix[starts]) * backward[starts]
    return Words(mix64(sums ^ (ends - starts).astype(np.uint64)), starts, ends, text, points)


def _powers_for(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Q**i and Q**-i modulo 2**64 for i < size (uint64 arithmetic wraps, as intended)."""
    global _powers
    if _powers[0].size >= size:
        return _powers
    grow = size if size > _CACHED_POWERS else min(max(size, 2 * _powers[0].size), _CACHED_POWERS)
    forward = np.full(grow, _Q, dtype=np.uint64)
    backward = np.full(grow, _Q_INV, dtype=np.uint64)
    forward[0] = backward[0] = 1
    made = (np.cumprod(forward), np.cumprod(backward))
    if grow <= _CACHED_POWERS:
        _powers = made
    return made


def ngram_hashes(words: np.ndarray, n: int) -> np.ndarray:
    """The hash of every run of ``n`` consecutive word hashes (``len - n + 1`` of them):
    ``sum(w[j + k] * Q**k)`` from a prefix sum, then mixed. Position-free, so n-grams of a
    concatenation of texts hash as in each text alone."""
    count = words.size - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    forward, backward = _powers_for(words.size)
    prefix = np.zeros(words.size + 1, dtype=np.uint64)
    np.multiply(words, forward[: words.size], out=prefix[1:])
    np.cumsum(prefix[1:], out=prefix[1:])
    grams = prefix[n:] - prefix[:count]
    del prefix  # the index build hashes ~10^6 words at once: fewer arrays alive at a time
    grams *= backward[:count]
    return mix64(grams)
