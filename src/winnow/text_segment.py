"""Words inside runs of Thai, Lao, Khmer and Myanmar, for the word-based quality rules.

These scripts put spaces between phrases, not words, so a tokenizer that splits at spaces
returns a phrase as one token, while a number beside it counts one token too: Gopher's
"80% of words have a letter" then fails on ordinary Thai prose (issue 33: 60% of Thai
documents). FineWeb-2 segments such text with a word segmenter before the rules
(datatrove's ``ThaiTokenizer``, ``LaoTokenizer``, ``KhmerTokenizer``). Here:

- ``icu``: ICU's dictionary-based word break iterator (the ``icu4py`` wheel, MIT, with ICU
  under the Unicode licence; ICU 78 ships dictionaries for all four scripts), ~17 MB/s of
  Thai text on one core — as fast as winnow's own tokenizer, 75× pythainlp's newmm.
- ``chunks``: no dependency: a run counts one word per ``SEA_CHARS_PER_WORD`` characters,
  as ``winnow.text.tokens`` counts it (Thai words average about four characters). The
  counts, and so the ratios, come out close to ICU's; the words themselves are not words.

Chinese and Japanese are left as they are: one token per Han or kana character already
keeps the ratios meaningful (research/quality_languages.py).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from winnow.text import SEA_CHARS_PER_WORD

SEGMENTERS = ("chunks", "icu")
# Thai, Lao, Khmer, Myanmar (as winnow.text's unspaced South-East Asian scripts)
SEA_RUN = re.compile("[\u0e00-\u0e7f\u0e80-\u0eff\u1780-\u17ff\u1000-\u109f]+")


def check_segmenter(name: str) -> None:
    """A clear error before any work: an unknown name, or ``icu`` without its package."""
    if name not in SEGMENTERS:
        raise ValueError(f"segmenter must be one of {', '.join(SEGMENTERS)}, not {name!r}")
    if name == "icu":
        try:
            _word_breaker()
        except ImportError as err:
            raise ValueError(
                "segmenter 'icu' needs the icu4py package: pip install 'winnow[segment]'"
            ) from err


@cache
def _word_breaker() -> Any:
    from icu4py.breakers import WordBreaker  # 44 MB of ICU data: loaded on first use

    return WordBreaker


def segment_runs(tokens: list[str], segmenter: str) -> list[str]:
    """``tokens`` with each Thai-like run replaced by its words; other tokens unchanged."""
    runs = [tok for tok in tokens if len(tok) > SEA_CHARS_PER_WORD and SEA_RUN.fullmatch(tok)]
    if not runs:
        return tokens
    if segmenter == "icu":
        words = iter(_icu_words(runs))
        split = {}  # run → its words (a run that recurs is segmented alike)
        for run in runs:
            split[run] = _take(words, len(run))
    out: list[str] = []
    for tok in tokens:
        if len(tok) <= SEA_CHARS_PER_WORD or not SEA_RUN.fullmatch(tok):
            out.append(tok)
        elif segmenter == "icu":
            out += split[tok]
        else:
            out += [tok[i : i + SEA_CHARS_PER_WORD] for i in range(0, len(tok), SEA_CHARS_PER_WORD)]
    return out


def _icu_words(runs: list[str]) -> list[str]:
    """All runs segmented in one call (one break iterator, not one per run: 4× faster),
    joined by line breaks, where a word always ends (Unicode word-break rules WB3a/b)."""
    joined = "\n".join(runs)
    return [w for w in _word_breaker()(joined, "th") if w != "\n"]


def _take(words: Any, length: int) -> list[str]:
    """The next words from ``words`` that make up ``length`` characters."""
    taken, size = [], 0
    while size < length:
        word = next(words)
        taken.append(word)
        size += len(word)
    return taken
