"""``quality.flagged_words``: the share of a document's words that are obscene or abusive.

C4 removes every page that holds a word of LDNOOBW's English list; RedPajama-V2 records
the count as ``rps_doc_ldnoobw_words`` (word n-grams found in the list, n = the entry's
words); Data-Juicer's ``flagged_words_filter`` (after BigScience's ROOTS filters) keeps a
document while flagged words / words <= ``max_ratio``, 0.045 by default
(``data_juicer/ops/filter/flagged_words_filter.py``). This step measures Data-Juicer's
ratio over the lists of ``resources/flagged_words.json`` (LDNOOBW's, as glin-profanity
ships them; see resources/README.md), in the document's language (``lang.identify``).
``max_ratio: 0`` is C4's rule: any flagged word removes the page.

Words are the word tokens Gopher's rules count (``quality.common.gopher_tokens``: the
language-aware tokens of ``winnow.text``, marks left out), case-folded, so placed after
``quality.gopher`` the step reuses that step's tokens (the document's memo); the list
entries are cut into words the same way. A Chinese or Japanese character is a word of its
own, so an entry of several characters (他妈的) is a run of such words. An entry of
several words is found by looking up the n-grams that start at a word which begins some
entry: one set lookup per word plus a few per candidate, linear in the document. A word
counts once even where entries overlap ("shit" in "piece of shit"), so the share is of the
document's words and never exceeds 1. Thai has no spaces between words, so Thai entries are
found as substrings, at syllable edges, with a regex laid out as a trie (linear: each start
tries one path of the trie), and the words of a Thai document are counted as
``winnow.text.tokens`` counts them (chunks of about a word).

Limits: words are matched whole and as listed, so an inflected form that is not listed
(Korean or Turkish with a suffix) is not found; single Han or kana characters are not on
the lists (性 would flag 可能性), nor entries written with marks the tokens drop ("f*ck").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from itertools import compress
from typing import Any, NamedTuple

from winnow.document import Document
from winnow.registry import register
from winnow.step import PlottedSignal, Step, StepKind
from winnow.steps.quality.common import gopher_tokens
from winnow.text import word_count
from winnow.util.packaged import packaged_json

# Scripts written without spaces between words (Thai, Lao, Khmer, Myanmar): entries in
# them are matched as substrings of the text.
_SEA_RANGES = ((0x0E00, 0x0EFF), (0x1780, 0x17FF), (0x1000, 0x109F))
# A Thai entry must not start after a leading vowel (เ แ โ ใ ไ belong to the consonant after
# them) nor end before a vowel sign or tone mark (they belong to the consonant before): so
# กู is not found in กู้ ("to borrow"). A boundary between two consonants cannot be told
# without a word segmenter (สัด in สัดส่วน, "proportion"): that stays a limit.
_THAI_START = "(?<![\u0e40-\u0e44])"
_THAI_END = "(?![\u0e30-\u0e3a\u0e45-\u0e4e])"


def _is_sea(entry: str) -> bool:
    return any(lo <= ord(ch) <= hi for ch in entry for lo, hi in _SEA_RANGES)


@cache
def _lists() -> dict[str, tuple[str, ...]]:
    data = packaged_json("resources", "flagged_words.json")
    return {lang: tuple(words) for lang, words in data["words"].items()}


def covered_languages() -> list[str]:
    """The languages (ISO 639-1, as lid.176 names them) that have a flagged-words list."""
    return sorted(_lists())


class Matcher(NamedTuple):
    """One language's list, laid out for a single pass over a document's words."""

    starts: dict[str, tuple[int, ...]]  # first word → entry lengths in words, longest first
    phrases: frozenset[str]  # entries of two words or more, their words joined by " "
    substrings: Any  # compiled regex of the entries matched in the text (Thai), or None


@cache
def matcher(lang: str) -> Matcher | None:
    """The matcher of ``lang``'s list, built once per process; None without a list."""
    import re

    from winnow.util.wordlist import trie_pattern

    entries = _lists().get(lang)
    if entries is None:
        return None
    lengths: dict[str, set[int]] = {}
    phrases: set[str] = set()
    sea: list[str] = []
    for entry in entries:
        if _is_sea(entry):
            sea.append(entry)
            continue
        words = words_of(entry)
        if not words:
            continue
        lengths.setdefault(words[0], set()).add(len(words))
        if len(words) > 1:
            phrases.add(" ".join(words))
    starts = {w: tuple(sorted(ns, reverse=True)) for w, ns in lengths.items()}
    pattern = re.compile(_THAI_START + trie_pattern(sea) + _THAI_END) if sea else None
    return Matcher(starts, frozenset(phrases), pattern)


def words_of(text: str) -> list[str]:
    """The case-folded words of ``text``, as the step matches them (list entries too)."""
    return folded(gopher_tokens(Document(id="", text=text), "words"))


def folded(words: list[str]) -> list[str]:
    # one casefold over the joined words rather than one call per word (no token holds a
    # space, and case folding never makes one)
    return " ".join(words).casefold().replace("’", "'").split(" ") if words else []


def count_flagged(words: list[str], m: Matcher) -> int:
    """How many of ``words`` lie in an entry of the list (each word counted once)."""
    starts = m.starts
    # the positions of words that begin an entry, found in C (map, compress): the Python
    # loop below only sees those
    candidates = compress(range(len(words)), map(starts.__contains__, words))
    flagged = covered = 0  # covered: the first word not yet counted
    for i in candidates:
        for n in starts[words[i]]:
            if n == 1 or " ".join(words[i : i + n]) in m.phrases:
                if i + n > covered:
                    flagged += i + n - max(i, covered)
                    covered = i + n
                break
    return flagged


def _check_ratio(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValueError(f"{name} must be a number from 0 to 1, got {value!r}")


@register
class FlaggedWords(Step):
    """Remove documents whose share of obscene or abusive words is above max_ratio."""

    name = "quality.flagged_words"
    kind = StepKind.FILTER
    plotted_signals = (
        PlottedSignal(
            "flagged_words_ratio", "share of words on the flagged-words list", "max_ratio", "max"
        ),
    )

    @dataclass
    class Config:
        # Data-Juicer's flagged_words_filter default; 0 removes any page with a flagged word
        # (C4). It is a share, not a count, so one word in a long text is kept.
        max_ratio: float = 0.045
        # per-language bars, {code: ratio}; a code must have a list (covered_languages())
        max_ratio_by_lang: dict[str, float] = field(default_factory=dict)

        def validate(self) -> None:
            _check_ratio("max_ratio", self.max_ratio)
            if not isinstance(self.max_ratio_by_lang, dict):
                raise ValueError("max_ratio_by_lang must be a mapping {language: ratio}")
            covered = covered_languages()
            for lang, ratio in self.max_ratio_by_lang.items():
                if not isinstance(lang, str):
                    raise ValueError(
                        f"max_ratio_by_lang: key {lang!r} is not a language code (in YAML "
                        "quote 'no': a bare no is read as false)"
                    )
                if lang not in covered:
                    raise ValueError(
                        f"max_ratio_by_lang: no flagged-words list for {lang!r}; "
                        f"languages with one: {', '.join(covered)}"
                    )
                _check_ratio(f"max_ratio_by_lang[{lang}]", ratio)
            self.max_ratio = float(self.max_ratio)
            self.max_ratio_by_lang = {k: float(v) for k, v in self.max_ratio_by_lang.items()}

    class Reason(StrEnum):
        FLAGGED = "flagged_words_ratio"

    @classmethod
    def covered_languages(cls) -> list[str]:
        return covered_languages()

    @classmethod
    def describe(cls) -> str:
        """The first docstring line and the languages with a list (``winnow steps``)."""
        first = super().describe().rstrip(".")
        return f"{first} (languages: {', '.join(covered_languages())})"

    def setup(self) -> None:
        for lang in covered_languages():  # build every matcher once per worker
            matcher(lang)

    def apply(self, doc: Document) -> None:
        m = matcher(doc.lang) if doc.lang else None
        if m is None:  # no list for this language: not judged
            doc.signals["flagged_words_ratio"] = None
            return
        words = folded(gopher_tokens(doc, "words"))
        flagged, total = count_flagged(words, m), len(words)
        if m.substrings is not None:  # a Thai word token is a whole run between spaces
            flagged += sum(1 for _ in m.substrings.finditer(doc.text.casefold()))
            total = word_count(doc.text)  # runs cut into chunks of about a word
        ratio = min(1.0, flagged / total) if total else 0.0
        doc.signals["flagged_words_ratio"] = round(ratio, 4)
        bar = self.config.max_ratio_by_lang.get(doc.lang, self.config.max_ratio)
        if ratio > bar:
            self.reject(
                doc,
                self.Reason.FLAGGED,
                f"{ratio:.3g} of {total} words flagged > max_ratio {bar} ({doc.lang})",
            )
