"""Character classes of a whole text at once: one table lookup per character in numpy,
instead of a regex or a ``str`` method per line or block (line and block features).

The table covers the Basic Multilingual Plane and is built once from ``str`` methods;
characters beyond it (emoji, rare Han) take an exact slow path, one at a time.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

LETTER = 1  # str.isalpha
UPPER = 2  # str.isupper
DIGIT = 4  # str.isdigit
PUNCT = 8  # neither a word character nor space, as [^\w\s] has it
WORD = 16  # what regex \w matches: str.isalnum or "_"
DECIMAL = 32  # what regex \d matches: str.isdecimal


def _flags_of(ch: str) -> int:
    word = ch.isalnum() or ch == "_"
    return (
        ch.isalpha() * LETTER
        | ch.isupper() * UPPER
        | ch.isdigit() * DIGIT
        | (not (word or ch.isspace())) * PUNCT
        | word * WORD
        | ch.isdecimal() * DECIMAL
    )


@lru_cache(maxsize=1)
def _table() -> np.ndarray:
    return np.array([_flags_of(chr(cp)) for cp in range(0x10000)], dtype=np.uint8)


def code_points(text: str) -> np.ndarray:
    """The code points of ``text`` (lone surrogates included) as uint32."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def flags_of_code_points(cps: np.ndarray) -> np.ndarray:
    """The class bits (``LETTER`` ... ``DECIMAL``) of each code point."""
    flags = _table()[np.minimum(cps, 0xFFFF)]
    for i in np.flatnonzero(cps > 0xFFFF):
        flags[i] = _flags_of(chr(cps[i]))
    return flags


def char_flags(text: str) -> np.ndarray:
    """The class bits of each character of ``text``."""
    return flags_of_code_points(code_points(text))
