"""Word n-gram shingle hashes, vectorised: the hot loop of near-duplicate detection.

Tokenising with Python's regex engine costs more than the MinHash itself
(research/HISTORY.md, figures moved out of code comments). For text without Chinese or
Japanese characters the tokens are found on the UTF-8 bytes with numpy instead: a token
is a run of ASCII letters and digits or of non-ASCII bytes (accented letters, Cyrillic,
Arabic, Devanagari… stay whole); each token is hashed from its bytes in one pass
(position-weighted sums, then mixed), and each n-gram from its tokens' hashes. Text with
CJK characters falls back to ``winnow.text.tokens``, which counts one token per character
there. Both give stable 64-bit values across runs and machines.
"""

from __future__ import annotations

import re

import numpy as np
import xxhash

from winnow.text import _CJK_CHAR, tokens

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
        return np.fromiter(
            map(xxhash.xxh3_64_intdigest, map(str.encode, words)), dtype=np.uint64, count=len(words)
        )
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


def batch_shingles(
    texts: list[str], n: int, distinct: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct n-gram shingle hashes of many texts at once: (text index, hash) arrays.

    Texts without CJK characters are tokenised together on one concatenated byte buffer (a
    newline between texts: no token crosses one), so numpy's per-call cost is shared by
    the batch; texts with CJK characters, or with fewer than ``n`` tokens, go through
    ``shingle_hashes`` one by one. Either way the shingles equal ``shingle_hashes``'.
    ``distinct=False`` skips sorting out repeats (MinHash does not need it): then the
    pairs come unsorted and a document's shingle may appear more than once.
    """
    owners: list[np.ndarray] = []
    values: list[np.ndarray] = []
    folded = [t.casefold().encode("utf-8") for t in texts]
    batch = [i for i, b in enumerate(folded) if not _has_cjk_bytes(b)]
    single = sorted(set(range(len(texts))) - set(batch))
    if batch:
        data = np.frombuffer(b"\n".join(folded[i] for i in batch), dtype=np.uint8)
        starts_of_text = np.cumsum([0] + [len(folded[i]) + 1 for i in batch[:-1]])
        words, word_start = _batch_token_hashes(data)
        owner = np.searchsorted(starts_of_text, word_start, side="right") - 1
        counts = np.bincount(owner, minlength=len(batch))
        short = {batch[k] for k in np.flatnonzero((counts < n) & (counts > 0))}
        single = sorted(set(single) | short)
        count = words.size - n + 1
        if count > 0:
            key = np.zeros(count, dtype=np.uint64)
            for i in range(n):
                key = mix64(key ^ (words[i : i + count] + np.uint64(i + 1)))
            same = owner[:count] == owner[n - 1 : n - 1 + count]
            text_index = np.asarray(batch, dtype=np.int64)[owner[:count][same]]
            keep = ~np.isin(text_index, list(short)) if short else slice(None)
            owners.append(text_index[keep])
            values.append(key[same][keep])
    for i in single:
        hashes = shingle_hashes(texts[i], n)
        owners.append(np.full(hashes.size, i, dtype=np.int64))
        values.append(hashes)
    if not owners:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    owner_all, value_all = np.concatenate(owners), np.concatenate(values)
    if not distinct:
        return owner_all, value_all
    order = np.lexsort((value_all, owner_all))
    owner_all, value_all = owner_all[order], value_all[order]
    first = np.ones(owner_all.size, dtype=bool)
    first[1:] = (owner_all[1:] != owner_all[:-1]) | (value_all[1:] != value_all[:-1])
    return owner_all[first], value_all[first]


_CJK_BYTES = re.compile(rb"[\xe3-\xe9]")  # UTF-8 lead bytes of U+3000–U+9FFF


def _has_cjk_bytes(data: bytes) -> bool:
    return _CJK_BYTES.search(data) is not None


def _batch_token_hashes(data: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Token hashes (as ``token_hashes``) and token start offsets over a byte buffer."""
    word = _WORD_BYTE[data]
    edges = np.diff(word.astype(np.int8), prepend=0, append=0)
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    if starts.size == 0:
        return np.zeros(0, dtype=np.uint64), starts
    positions = np.flatnonzero(word)
    owner = np.repeat(np.arange(starts.size), ends - starts)
    offset = np.minimum(positions - starts[owner], _MAX_POS - 1)
    weighted = (data[positions].astype(np.uint64) + np.uint64(1)) * _POSITION[offset]
    sums = np.add.reduceat(weighted, np.r_[0, np.cumsum(ends - starts)[:-1]])
    return mix64(sums ^ (ends - starts).astype(np.uint64)), starts
