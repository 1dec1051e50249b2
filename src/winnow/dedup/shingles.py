"""Word n-gram shingle hashes, vectorised: the hot loop of near-duplicate detection.

Tokenising with Python's regex engine costs ~100 ns a character, more than the MinHash
itself. For text without Chinese or Japanese characters the tokens are found on the UTF-8
bytes with numpy instead: a token is a run of ASCII letters and digits or of non-ASCII
bytes (accented letters, Cyrillic, Arabic, Devanagari… stay whole); each token is hashed
from its bytes in one pass (position-weighted sums, then mixed), and each n-gram from its
tokens' hashes. Text with CJK characters falls back to ``winnow.text.tokens``, which counts
one token per character there. Both give stable 64-bit values across runs and machines.
"""

from __future__ import annotations

import re

import numpy as np
import xxhash

from winnow.text import _CJK, tokens

_CJK_CHAR = re.compile(f"[{_CJK}]")
_MAX_POS = 64
_POSITION = np.random.default_rng(20261125).integers(1, 2**63, _MAX_POS, dtype=np.uint64) | 1
_WORD_BYTE = np.zeros(256, dtype=bool)
_WORD_BYTE[ord("0") : ord("9") + 1] = True
_WORD_BYTE[ord("a") : ord("z") + 1] = True
_WORD_BYTE[0x80:] = True


_M1, _M2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xBF58476D1CE4E5B9)
_S29, _S32 = np.uint64(29), np.uint64(32)


def mix64(x: np.ndarray) -> np.ndarray:
    """Two multiply-xorshift rounds: a cheap, well-spread permutation of uint64 values.

    Array arithmetic on uint64 wraps modulo 2**64 without warnings, which is intended."""
    x = x * _M1
    x ^= x >> _S29
    x *= _M2
    x ^= x >> _S32
    return x


def token_hashes(text: str) -> np.ndarray:
    """One uint64 per token, in order."""
    folded = text.casefold()
    data = np.frombuffer(folded.encode("utf-8"), dtype=np.uint8)
    if data.size == 0:
        return np.zeros(0, dtype=np.uint64)
    # UTF-8 lead bytes E3–E9 start exactly the characters U+3000–U+9FFF (kana, CJK
    # ideographs): a vectorised test instead of a regex scan.
    if ((data >= 0xE3) & (data <= 0xE9)).any() and _CJK_CHAR.search(folded):
        words = tokens(folded)
        return np.fromiter(map(xxhash.xxh3_64_intdigest, map(str.encode, words)),
                           dtype=np.uint64, count=len(words))
    word = _WORD_BYTE[data]
    edges = np.diff(word.astype(np.int8), prepend=0, append=0)
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    if starts.size == 0:
        return np.zeros(0, dtype=np.uint64)
    positions = np.flatnonzero(word)
    owner = np.repeat(np.arange(starts.size), ends - starts)
    offset = np.minimum(positions - starts[owner], _MAX_POS - 1)
    weighted = (data[positions].astype(np.uint64) + np.uint64(1)) * _POSITION[offset]
    sums = np.add.reduceat(weighted, np.r_[0, np.cumsum(ends - starts)[:-1]])
    return mix64(sums ^ (ends - starts).astype(np.uint64))


def shingle_hashes(text: str, n: int) -> np.ndarray:
    """Distinct hashes of the text's word n-grams (one shingle if it has fewer words)."""
    words = token_hashes(text)
    if words.size == 0:
        return words
    n = min(n, words.size)
    count = words.size - n + 1
    combined = np.zeros(count, dtype=np.uint64)
    for i in range(n):  # position-dependent: "a b" and "b a" differ
        combined = mix64(combined ^ (words[i : i + count] + np.uint64(i + 1)))
    return np.unique(combined)
