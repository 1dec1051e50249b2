"""Text normalisation for duplicate detection: case, width, whitespace and punctuation."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[\W_]+")


def normalize_for_hash(text: str) -> str:
    """Fold what copies of a page differ in without being different texts.

    NFKC (full-width forms), casefold, punctuation and runs of whitespace to one space.
    Digits are kept: two pages that differ only by a date are near-duplicates, a job for
    MinHash, not exact copies.
    """
    return _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()
