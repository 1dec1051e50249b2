"""``quality.gopher``: Gopher's quality rules (Rae et al. 2021, appendix A; thresholds as in
datatrove's ``GopherQualityFilter``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from winnow.document import Document
from winnow.registry import register
from winnow.step import PlottedSignal, Step, StepKind
from winnow.steps.quality.common import (
    ELLIPSIS,
    WORD_LENGTH_RANGES,
    check_tokens,
    count_matches,
    gopher_tokens,
)
from winnow.stopwords import gopher_stopwords
from winnow.text import (
    is_unsegmented,
)
from winnow.text_segment import check_segmenter

BULLETS = ("•", "-")  # Gopher's bullet marks, as the FineWeb recipe checks them
# Gopher's symbol-to-word ratio in the words mode: Dolma counts the whitespace-separated
# words that hold '#' or '…', so a dot leader between a team and its score is one symbol,
# not twenty. Counting runs of marks gives the same on spaced text and stays meaningful in
# scripts without spaces, where a "word" between spaces can be a whole sentence.
HASH_RUN = re.compile(r"#+")
ELLIPSIS_RUN = re.compile(r"(?:…|\.\.\.)[.…]*")


@register
class GopherQuality(Step):
    """Gopher quality rules: length, word length, symbols, bullets, ellipses, stop words."""

    name = "quality.gopher"
    kind = StepKind.FILTER
    plotted_signals = (
        PlottedSignal("words", "words per document", "min_doc_words", "min"),
        PlottedSignal("stop_words", "stop words found", "min_stop_words", "min"),
    )

    @dataclass
    class Config:
        min_doc_words: int = 50
        max_doc_words: int = 100_000
        min_avg_word_length: float = 3.0
        max_avg_word_length: float = 10.0
        max_symbol_word_ratio: float = 0.1
        max_bullet_lines_ratio: float = 0.9
        max_ellipsis_lines_ratio: float = 0.3
        max_non_alpha_words_ratio: float = 0.8  # at least this share of words has a letter
        min_stop_words: int = 2
        tokens: str = "datatrove"  # datatrove | words: what the ratios count (TOKEN_MODES)
        # how Thai, Lao, Khmer and Myanmar runs become words (winnow.text_segment):
        # chunks (no dependency) | icu (the `segment` extra)
        segmenter: str = "chunks"
        # per language, the mean word length range that replaces the two above
        word_length_ranges: dict[str, list[float]] = field(
            default_factory=lambda: {k: list(v) for k, v in WORD_LENGTH_RANGES.items()}
        )

        def validate(self) -> None:
            check_tokens(self.tokens)
            check_segmenter(self.segmenter)
            for lang, bounds in self.word_length_ranges.items():
                if len(bounds) != 2 or not 0 <= bounds[0] < bounds[1]:
                    raise ValueError(
                        f"word_length_ranges[{lang!r}] must be [min, max] with "
                        f"0 <= min < max, not {bounds}"
                    )

    class Reason(StrEnum):
        TOO_SHORT = "gopher_short_doc"
        TOO_LONG = "gopher_long_doc"
        SHORT_WORDS = "gopher_below_avg_word_length"
        LONG_WORDS = "gopher_above_avg_word_length"
        SYMBOLS = "gopher_symbol_word_ratio"
        BULLETS = "gopher_bullet_lines"
        ELLIPSES = "gopher_ellipsis_lines"
        NON_ALPHA = "gopher_non_alpha_words"
        STOP_WORDS = "gopher_few_stop_words"

    def apply(self, doc: Document) -> None:
        c = self.config
        text = doc.text
        s = doc.signals
        # Length rules count words (tokens with a letter or digit); the ratios count what
        # ``tokens`` says: with "datatrove", punctuation marks as tokens of their own.
        words = gopher_tokens(doc, "words", c.segmenter)
        counted = gopher_tokens(doc, c.tokens, c.segmenter)  # what the ratios divide by
        n = len(words)
        s["words"] = n
        if n < c.min_doc_words:
            return self.reject(doc, self.Reason.TOO_SHORT, f"{n} words < {c.min_doc_words}")
        if n > c.max_doc_words:
            return self.reject(doc, self.Reason.TOO_LONG, f"{n} words > {c.max_doc_words}")
        if not is_unsegmented(text):
            avg = sum(map(len, words)) / n
            s["avg_word_length"] = round(avg, 3)
            low, high = c.word_length_ranges.get(
                doc.lang or "", (c.min_avg_word_length, c.max_avg_word_length)
            )
            of_lang = f" ({doc.lang})" if doc.lang in c.word_length_ranges else ""
            if avg < low:
                return self.reject(
                    doc, self.Reason.SHORT_WORDS, f"mean word length {avg:.2f} < {low}{of_lang}"
                )
            if avg > high:
                return self.reject(
                    doc, self.Reason.LONG_WORDS, f"mean word length {avg:.2f} > {high}{of_lang}"
                )
        total = len(counted)
        if c.tokens == "datatrove":  # every occurrence, as datatrove counts them
            hashes = text.count("#") / total
            ellipses = (text.count("...") + text.count("…")) / total
        else:  # a run of marks is one symbol: a dot leader "……….…" is one ellipsis
            hashes = count_matches(HASH_RUN, text) / total
            ellipses = count_matches(ELLIPSIS_RUN, text) / total
        s["symbol_word_ratio"] = round(max(hashes, ellipses), 4)
        if max(hashes, ellipses) > c.max_symbol_word_ratio:
            symbol = "'#'" if hashes > ellipses else "ellipsis"
            return self.reject(
                doc,
                self.Reason.SYMBOLS,
                f"{symbol}/word ratio {max(hashes, ellipses):.3f} > {c.max_symbol_word_ratio}",
            )
        lines = text.splitlines() or [""]
        bullets = sum(1 for x in lines if x.lstrip().startswith(BULLETS)) / len(lines)
        ellipsis_lines = sum(1 for x in lines if x.rstrip().endswith(ELLIPSIS)) / len(lines)
        s["bullet_lines_ratio"] = round(bullets, 4)
        s["ellipsis_lines_ratio"] = round(ellipsis_lines, 4)
        if bullets > c.max_bullet_lines_ratio:
            return self.reject(
                doc,
                self.Reason.BULLETS,
                f"{bullets:.2f} of lines are bullets > {c.max_bullet_lines_ratio}",
            )
        if ellipsis_lines > c.max_ellipsis_lines_ratio:
            return self.reject(
                doc,
                self.Reason.ELLIPSES,
                f"{ellipsis_lines:.2f} of lines end with an ellipsis > "
                f"{c.max_ellipsis_lines_ratio}",
            )
        # most tokens start with a letter: that test first, then any letter in the token
        alpha = sum(1 for w in counted if w[0].isalpha() or any(map(str.isalpha, w))) / total
        s["alpha_words_ratio"] = round(alpha, 4)
        if alpha < c.max_non_alpha_words_ratio:
            return self.reject(
                doc,
                self.Reason.NON_ALPHA,
                f"{alpha:.2f} of {'tokens' if c.tokens == 'datatrove' else 'words'}"
                " contain a letter < "
                f"{c.max_non_alpha_words_ratio}",
            )
        stops = gopher_stopwords(doc.lang)
        if not stops:
            s["stop_words"] = None  # no list for this language: the rule is skipped
            return None
        found = len(stops.intersection(map(str.casefold, words)))
        s["stop_words"] = found
        if found < c.min_stop_words:
            return self.reject(
                doc,
                self.Reason.STOP_WORDS,
                f"{found} distinct {doc.lang} stop words of {sorted(stops)} < {c.min_stop_words}",
            )
        return None
