"""A second language identifier for the languages lid.176 scores weakly, and related groups.

lid.176 spreads its probability over closely related languages (a Bosnian article: hr 0.41,
sh 0.33, bs 0.10) and scores some languages it barely learnt near zero (Somali, Yoruba:
top label at 0.08-0.14, often another language). On Lingua's sentences (dev side,
research/lang_fallback.py) CLD2 (``pycld2``: Apache-2.0, a 10 MB wheel with its tables
inside, ~0.3 ms per 2 KB document) names so and yo on 100% of articles, bs on about half,
where lid.176 names none; CLD3 (cld3-py) misses yo and nn, Lingua (a 96 MB wheel) costs
~10 ms per document.
"""

from __future__ import annotations

from typing import Any

from winnow.errors import missing_dependency

# lid.176 labels that share one written standard closely enough for lid.176 to split its
# probability between them (measured on Lingua's sentences: a Croatian article is hr 0.39,
# sh 0.22, sr 0.20; Malay is labelled id). Their scores are summed for the min-score check.
RELATED: tuple[str, ...] = ("bs hr sh sr", "nn no", "id ms")
# Languages whose clean prose lid.176 scores below 0.5 on part of Lingua's dev articles
# (so, yo, bs: all; hr 55%; la 27%; sw 25%; ga, af: 3-5%) and CLD2 names reliably: the
# fallback may name only these, so a page lid.176 doubts in a language it knows well (a
# menu, a list of prices in English) is not rescued by the second opinion.
WEAK: tuple[str, ...] = ("af", "bs", "ga", "hr", "la", "ms", "so", "sr", "sw", "yo")
BACKENDS = ("cld2",)
_CODES = {"iw": "he", "nb": "no", "jw": "jv", "fil": "tl"}  # CLD2's codes -> lid.176's


def groups(specs: list[str] | tuple[str, ...]) -> dict[str, frozenset[str]]:
    """``["bs hr sr"]`` -> each label mapped to its group (``+`` or spaces separate)."""
    out: dict[str, frozenset[str]] = {}
    for spec in specs:
        members = frozenset(spec.replace("+", " ").split())
        if len(members) < 2:
            raise ValueError(f"a related group needs two labels or more, got {spec!r}")
        for label in members:
            if label in out:
                raise ValueError(f"label {label!r} is in two related groups")
            out[label] = members
    return out


def group_score(lang: str, ranked: dict[str, float], related: dict[str, frozenset[str]]) -> float:
    """The summed score of ``lang``'s related group among lid.176's top labels."""
    members = related.get(lang)
    if not members:
        return ranked.get(lang, 0.0)
    return sum(score for label, score in ranked.items() if label in members)


class Cld2:
    """CLD2 through ``pycld2``: (label, share of the text's letters) when CLD2 calls its
    answer reliable, else None. Reads at most ``max_chars`` (its cost is linear in them)."""

    def __init__(self, max_chars: int = 2_000) -> None:
        try:
            import pycld2
        except ImportError:
            raise missing_dependency("pycld2") from None
        self._cld2: Any = pycld2
        self.max_chars = max_chars

    def __call__(self, text: str) -> tuple[str, float] | None:
        head = text[: self.max_chars]
        try:
            reliable, _, details = self._cld2.detect(head)
        except (self._cld2.error, UnicodeEncodeError):  # control chars, lone surrogates: drop
            clean = "".join(c for c in head if c.isprintable() or c in "\n\t")
            try:
                reliable, _, details = self._cld2.detect(clean.encode("utf-8", "ignore"))
            except self._cld2.error:
                return None
        code, percent = details[0][1], details[0][2]
        if not reliable or code in ("un", "xxx"):
            return None
        code = code.split("-")[0]
        return _CODES.get(code, code), percent / 100


def backend(name: str) -> Cld2:
    if name == "cld2":
        return Cld2()
    raise ValueError(f"unknown language-ID fallback {name!r} (known: {', '.join(BACKENDS)})")
