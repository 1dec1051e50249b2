"""Ranked function words per language (see resources/README.md for their source)."""

from __future__ import annotations

from functools import cache

from winnow.util.packaged import packaged_json

# Gopher's published English list (Rae et al. 2021): a document needs 2 of these.
GOPHER_EN = ("the", "be", "to", "of", "and", "that", "have", "with")


@cache
def _all() -> dict[str, tuple[str, ...]]:
    data = packaged_json("resources", "stopwords.json")
    return {lang: tuple(words) for lang, words in data.items()}


def stopwords(lang: str | None, top: int = 50) -> frozenset[str]:
    """The ``top`` most frequent function words of ``lang`` (empty when unknown)."""
    if not lang:
        return frozenset()
    return frozenset(_all().get(lang, ())[:top])


def gopher_stopwords(lang: str | None) -> frozenset[str]:
    """Gopher's 8-word list for English; the 8 most frequent function words elsewhere."""
    if lang == "en":
        return frozenset(GOPHER_EN)
    return stopwords(lang, 8)


def languages() -> list[str]:
    return sorted(_all())
