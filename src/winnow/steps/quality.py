"""Document quality filters with the semantics and default thresholds of published recipes.

* ``quality.gopher``: Gopher's quality rules (Rae et al. 2021, "Scaling Language Models",
  appendix A; thresholds as in datatrove's ``GopherQualityFilter``).
* ``quality.gopher_repetition``: Gopher's repetition rules (same sources).
* ``quality.c4``: C4's rules (Raffel et al. 2020; datatrove's ``C4QualityFilter``).
* ``quality.fineweb``: FineWeb's added rules (Penedo et al. 2024; datatrove's
  ``FineWebQualityFilter``).

Word counting is language-aware (``winnow.text.tokens``): a Chinese article counts one token
per character instead of a dozen "words", so it is not rejected for "too few words"; rules
defined on word *length* are skipped for scripts without spaces. Stop-word checks use the
document's language (``winnow.stopwords``); for a language without a list the check is
skipped and the signal says so. Each filter writes its measurements to ``signals`` and
rejects with a reason code whose detail carries the value and the threshold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from winnow.dedup.shingles import mix64
from winnow.document import Document
from winnow.edits import LineMark, remove_lines
from winnow.registry import register
from winnow.step import Step, StepKind
from winnow.stopwords import gopher_stopwords
from winnow.text import (
    SENTENCE_END,
    ends_sentence,
    is_unsegmented,
    split_paragraphs,
    tokens,
    tokens_with_punctuation,
)

FINEWEB_STOP_CHARS = tuple(SENTENCE_END - {";", "…"})
BULLETS = ("•", "-")  # Gopher's bullet marks, as the FineWeb recipe checks them

ELLIPSIS = ("...", "…")
# Gopher's symbol-to-word ratio in the words mode: Dolma counts the whitespace-separated
# words that hold '#' or '…', so a dot leader between a team and its score is one symbol,
# not twenty. Counting runs of marks gives the same on spaced text and stays meaningful in
# scripts without spaces, where a "word" between spaces can be a whole sentence.
HASH_RUN = re.compile(r"#+")
ELLIPSIS_RUN = re.compile(r"(?:…|\.\.\.)[.…]*")
SENTENCE_SPLIT = re.compile(f"[{re.escape(''.join(SENTENCE_END))}]+")
CITATION = re.compile(r"\[\d+\]|\[edit\]|\[citation needed\]", re.IGNORECASE)
POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies",
          "use cookies")



_ENDS = re.escape("".join(SENTENCE_END))
_CLOSE = "\"'»”’)\\]」』"
# A sentence ends at a run of end marks followed by a space or the end of the line, or at a
# full-width mark (Chinese and Japanese put no space after 。！？). Found run by run, not as
# one pattern "[^marks]*(?:[marks]+[closers]*(?=\\s|$)|…)": that one retries every start
# before a mark that is not a sentence end ("3.5", "example.com"), and took 5.7 s on one
# 16,000-character line (quadratic); these patterns are single character-class runs.
_END_RUN = re.compile(f"[{_ENDS}]+")
_FULL_WIDTH_RUN = re.compile("[。！？｡]+")
_CLOSERS = re.compile(f"[{_CLOSE}]*")


# What Gopher's ratios and n-grams count as words. "datatrove": spaCy-like tokens in which
# every punctuation mark is a token of its own, as datatrove implements the rules for
# FineWeb (the `fineweb` recipe matches it decision for decision). Ordinary French or
# Swedish prose then has only 75-80% of "words" with a letter and fails the 80% rule, and
# a run of dots "……" is a repeated 5-gram. "words": the Gopher paper's wording ("80% of
# words contain at least one alphabetic character"; n-grams of words), which Dolma
# implements over whitespace-separated words; here language-aware words without the marks,
# and the symbol ratio counts runs of marks (HASH_RUN, ELLIPSIS_RUN) instead of each one.
TOKEN_MODES = ("datatrove", "words")


def _check_tokens(mode: str) -> None:
    if mode not in TOKEN_MODES:
        raise ValueError(f"tokens must be one of {', '.join(TOKEN_MODES)}")


def _gopher_tokens(doc: Document, mode: str) -> list[str]:
    """The document's tokens as ``mode`` counts them, computed once per text for both
    Gopher steps."""
    everything = doc.memo("tokens_with_punctuation", tokens_with_punctuation)
    if mode == "datatrove":
        return everything
    # a word token starts with a letter or digit nearly always: that test first
    return doc.memo("gopher_words", lambda _: [
        w for w in everything if w[0].isalnum() or any(map(str.isalnum, w))])


def _count(pattern: re.Pattern[str], text: str) -> int:
    return sum(1 for _ in pattern.finditer(text))


def count_sentences(line: str) -> int:
    """Sentences in a line: runs ending in sentence marks followed by a space or the end,
    plus trailing text without a mark (a line without any mark is one sentence)."""
    line = line.strip()
    if not line:
        return 0
    ends = []
    size = len(line)
    for run in _END_RUN.finditer(line):
        after = _CLOSERS.match(line, run.end()).end()
        if after == size or line[after].isspace():  # marks, closers, then a space or the end
            ends.append(after)
            continue
        # not followed by a space ("3.5", "。次"): each full-width part of the run still ends
        # a sentence
        for full in _FULL_WIDTH_RUN.finditer(line, run.start(), run.end()):
            ends.append(_CLOSERS.match(line, full.end()).end())
    rest = line[ends[-1]:].strip() if ends else line
    return len(ends) + (1 if any(ch.isalnum() for ch in rest) else 0)

@register
class GopherQuality(Step):
    """Gopher quality rules: length, word length, symbols, bullets, ellipses, stop words."""

    name = "quality.gopher"
    kind = StepKind.FILTER

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

        def validate(self) -> None:
            _check_tokens(self.tokens)

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
        words = _gopher_tokens(doc, "words")
        counted = _gopher_tokens(doc, c.tokens)  # what the ratios divide by
        n = len(words)
        s["words"] = n
        if n < c.min_doc_words:
            return self.reject(doc, self.Reason.TOO_SHORT, f"{n} words < {c.min_doc_words}")
        if n > c.max_doc_words:
            return self.reject(doc, self.Reason.TOO_LONG, f"{n} words > {c.max_doc_words}")
        if not is_unsegmented(text):
            avg = sum(map(len, words)) / n
            s["avg_word_length"] = round(avg, 3)
            if avg < c.min_avg_word_length:
                return self.reject(doc, self.Reason.SHORT_WORDS,
                                   f"mean word length {avg:.2f} < {c.min_avg_word_length}")
            if avg > c.max_avg_word_length:
                return self.reject(doc, self.Reason.LONG_WORDS,
                                   f"mean word length {avg:.2f} > {c.max_avg_word_length}")
        total = len(counted)
        if c.tokens == "datatrove":  # every occurrence, as datatrove counts them
            hashes = text.count("#") / total
            ellipses = (text.count("...") + text.count("…")) / total
        else:  # a run of marks is one symbol: a dot leader "……….…" is one ellipsis
            hashes = _count(HASH_RUN, text) / total
            ellipses = _count(ELLIPSIS_RUN, text) / total
        s["symbol_word_ratio"] = round(max(hashes, ellipses), 4)
        if max(hashes, ellipses) > c.max_symbol_word_ratio:
            symbol = "'#'" if hashes > ellipses else "ellipsis"
            return self.reject(doc, self.Reason.SYMBOLS,
                               f"{symbol}/word ratio {max(hashes, ellipses):.3f} > "
                               f"{c.max_symbol_word_ratio}")
        lines = text.splitlines() or [""]
        bullets = sum(1 for x in lines if x.lstrip().startswith(BULLETS)) / len(lines)
        ellipsis_lines = sum(1 for x in lines if x.rstrip().endswith(ELLIPSIS)) / len(lines)
        s["bullet_lines_ratio"] = round(bullets, 4)
        s["ellipsis_lines_ratio"] = round(ellipsis_lines, 4)
        if bullets > c.max_bullet_lines_ratio:
            return self.reject(doc, self.Reason.BULLETS,
                               f"{bullets:.2f} of lines are bullets > {c.max_bullet_lines_ratio}")
        if ellipsis_lines > c.max_ellipsis_lines_ratio:
            return self.reject(doc, self.Reason.ELLIPSES,
                               f"{ellipsis_lines:.2f} of lines end with an ellipsis > "
                               f"{c.max_ellipsis_lines_ratio}")
        # most tokens start with a letter: that test first, then any letter in the token
        alpha = sum(1 for w in counted if w[0].isalpha() or any(map(str.isalpha, w))) / total
        s["alpha_words_ratio"] = round(alpha, 4)
        if alpha < c.max_non_alpha_words_ratio:
            return self.reject(doc, self.Reason.NON_ALPHA,
                               f"{alpha:.2f} of {'tokens' if c.tokens == 'datatrove' else 'words'}"
                               " contain a letter < "
                               f"{c.max_non_alpha_words_ratio}")
        stops = gopher_stopwords(doc.lang)
        if not stops:
            s["stop_words"] = None  # no list for this language: the rule is skipped
            return None
        found = len(stops.intersection(map(str.casefold, words)))
        s["stop_words"] = found
        if found < c.min_stop_words:
            return self.reject(doc, self.Reason.STOP_WORDS,
                               f"{found} distinct {doc.lang} stop words of {sorted(stops)} < "
                               f"{c.min_stop_words}")
        return None


def _dup_stats(items: list[str]) -> tuple[int, int]:
    """How many items repeat an earlier item, and how many characters those repeats hold."""
    seen: set[str] = set()
    dup_items = dup_chars = 0
    for item in items:
        if item in seen:
            dup_items += 1
            dup_chars += len(item)
        else:
            seen.add(item)
    return dup_items, dup_chars


class NgramCounter:
    """Word n-grams of one document as integer keys (numpy), for the repetition rules.

    Tokens get integer ids; an n-gram's key combines its ids, so finding repeats is a sort
    instead of building millions of joined strings. Results equal the string-based rules
    (up to 64-bit key collisions).
    """

    def __init__(self, words: list[str]) -> None:
        # ids in order of first appearance (dict.fromkeys keeps it), looked up by C calls
        ids = {w: i for i, w in enumerate(dict.fromkeys(words))}
        self.ids = np.fromiter(map(ids.__getitem__, words), dtype=np.uint64, count=len(words))
        lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        self.chars = np.concatenate([[0], np.cumsum(lengths)])
        self._keys = {0: np.zeros(len(words) + 1, dtype=np.uint64)}

    def keys(self, n: int) -> np.ndarray:
        """Key of every n-gram, built from the (n-1)-gram keys: one mixing pass per n."""
        if n not in self._keys:
            shorter = self.keys(n - 1)
            count = max(len(self.ids) - n + 1, 0)
            self._keys[n] = mix64(shorter[:count] ^ (self.ids[n - 1 : n - 1 + count]
                                                     + np.uint64(n)))
        return self._keys[n]

    def top_chars(self, n: int) -> int:
        """Characters of the most frequent n-gram (words joined by spaces) × its count; on a
        tie the n-gram seen first wins, as ``Counter.most_common`` decides."""
        keys = self.keys(n)
        if keys.size == 0:
            return 0
        _, first, counts = np.unique(keys, return_index=True, return_counts=True)
        top = counts.max()
        start = int(first[counts == top].min())
        return int(self.chars[start + n] - self.chars[start] + n - 1) * int(top)

    def duplicate_chars(self, n: int) -> int:
        """Characters in n-grams repeating an earlier one, scanning left to right and
        jumping past each repeat (overlapping repeats count once)."""
        keys = self.keys(n)
        if keys.size == 0:
            return 0
        _, group, counts = np.unique(keys, return_inverse=True, return_counts=True)
        if counts.size == keys.size:
            return 0  # no repeat at all: the common case, without a Python loop
        # An n-gram that occurs once never meets itself again: the scan only has to stop at
        # the occurrences of repeated n-grams (stepping over the others one by one would
        # only add keys that no later n-gram can match).
        group = group.reshape(-1)
        positions = np.flatnonzero(counts[group] > 1).tolist()
        groups = group.tolist()
        seen: set[int] = set()
        repeated = i = 0
        for p in positions:
            if p < i:
                continue  # inside a repeat already counted
            if groups[p] in seen:
                repeated += int(self.chars[p + n] - self.chars[p])
                i = p + n
            else:
                seen.add(groups[p])
                i = p + 1
        return repeated


@register
class GopherRepetition(Step):
    """Gopher repetition rules: repeated lines, paragraphs and n-grams."""

    name = "quality.gopher_repetition"
    kind = StepKind.FILTER

    @dataclass
    class Config:
        dup_line_frac: float = 0.3
        dup_para_frac: float = 0.3
        dup_line_char_frac: float = 0.2
        dup_para_char_frac: float = 0.2
        top_n_grams: list[list[float]] = field(
            default_factory=lambda: [[2, 0.2], [3, 0.18], [4, 0.16]])
        dup_n_grams: list[list[float]] = field(
            default_factory=lambda: [[5, 0.15], [6, 0.14], [7, 0.13], [8, 0.12], [9, 0.11],
                                     [10, 0.10]])
        tokens: str = "datatrove"  # datatrove | words: what the n-grams are made of

        def validate(self) -> None:
            _check_tokens(self.tokens)

    class Reason(StrEnum):
        DUP_PARAS = "gopher_dup_paragraphs"
        DUP_PARA_CHARS = "gopher_dup_paragraph_chars"
        DUP_LINES = "gopher_dup_lines"
        DUP_LINE_CHARS = "gopher_dup_line_chars"
        TOP_NGRAM = "gopher_top_ngram"
        DUP_NGRAM = "gopher_dup_ngrams"

    def apply(self, doc: Document) -> None:
        c = self.config
        text = doc.text
        s = doc.signals
        if not text:
            return self.reject(doc, self.Reason.DUP_PARAS, "empty text")
        size = len(text)
        paragraphs = re.split(r"\n{2,}", text.strip())
        dup_paras, dup_para_chars = _dup_stats(paragraphs)
        para_frac, para_chars = dup_paras / len(paragraphs), dup_para_chars / size
        s["dup_para_frac"], s["dup_para_char_frac"] = round(para_frac, 4), round(para_chars, 4)
        if para_frac > c.dup_para_frac:
            return self.reject(doc, self.Reason.DUP_PARAS,
                               f"{para_frac:.2f} of paragraphs repeated > {c.dup_para_frac}")
        if para_chars > c.dup_para_char_frac:
            return self.reject(doc, self.Reason.DUP_PARA_CHARS,
                               f"{para_chars:.2f} of characters in repeated paragraphs > "
                               f"{c.dup_para_char_frac}")
        lines = re.split(r"\n+", text)
        dup_lines, dup_line_chars = _dup_stats(lines)
        line_frac, line_chars = dup_lines / len(lines), dup_line_chars / size
        s["dup_line_frac"], s["dup_line_char_frac"] = round(line_frac, 4), round(line_chars, 4)
        if line_frac > c.dup_line_frac:
            return self.reject(doc, self.Reason.DUP_LINES,
                               f"{line_frac:.2f} of lines repeated > {c.dup_line_frac}")
        if line_chars > c.dup_line_char_frac:
            return self.reject(doc, self.Reason.DUP_LINE_CHARS,
                               f"{line_chars:.2f} of characters in repeated lines > "
                               f"{c.dup_line_char_frac}")
        ngrams = NgramCounter(_gopher_tokens(doc, c.tokens))
        for n, limit in c.top_n_grams:
            share = ngrams.top_chars(int(n)) / size
            s[f"top_{int(n)}gram_share"] = round(share, 4)
            if share > limit:
                return self.reject(doc, self.Reason.TOP_NGRAM,
                                   f"most frequent {int(n)}-gram covers {share:.3f} of "
                                   f"characters > {limit}")
        for n, limit in c.dup_n_grams:
            share = ngrams.duplicate_chars(int(n)) / size
            s[f"dup_{int(n)}gram_share"] = round(share, 4)
            if share > limit:
                return self.reject(doc, self.Reason.DUP_NGRAM,
                                   f"repeated {int(n)}-grams cover {share:.3f} of characters "
                                   f"> {limit}")
        return None


@register
class C4Quality(Step):
    """C4's rules: line filters (terminal punctuation, short lines, javascript, policy
    notices, giant words) and document filters (lorem ipsum, curly braces, few sentences).

    ``line_rules: strict`` applies C4's line filters as published, with sentence ends of
    every script (。！？ …) and language-aware word counts. ``soft`` keeps lines that end
    without punctuation when they are long enough to be headings or list items of the body
    (at least ``min_words_per_line`` words), which C4 deletes; ``off`` leaves lines to
    ``clean.lines``. Document rules apply in every mode, and as in C4 (and datatrove) they
    look only at lines that C4's line filters keep: a "{" in a line that C4 would drop for
    its missing sentence end or too few words ("{{Infobox ...}}" of a wiki page) does not
    drop the document, nor does one in a line dropped for naming javascript.
    """

    name = "quality.c4"
    kind = StepKind.EDIT

    @dataclass
    class Config:
        line_rules: str = "strict"  # strict | soft | off
        filter_no_terminal_punct: bool = True  # FineWeb runs C4 with this off
        min_words_per_line: int = 3
        max_word_length: int = 1000
        min_num_sentences: int = 5
        remove_citations: bool = True
        filter_lorem_ipsum: bool = True
        filter_javascript: bool = True
        filter_curly_bracket: bool = True
        filter_policy: bool = True

        def validate(self) -> None:
            if self.line_rules not in ("strict", "soft", "off"):
                raise ValueError("line_rules must be strict, soft or off")

    class Reason(StrEnum):
        NO_TERMINAL_PUNCT = "c4_no_terminal_punct"
        FEW_WORDS = "c4_few_words_in_line"
        LONG_WORD = "c4_long_word"
        JAVASCRIPT = "c4_javascript"
        POLICY = "c4_policy"
        CITATION = "c4_citation"
        LOREM_IPSUM = "c4_lorem_ipsum"
        CURLY_BRACKET = "c4_curly_bracket"
        FEW_SENTENCES = "c4_few_sentences"

    def apply(self, doc: Document) -> None:
        c = self.config
        if c.line_rules == "off":
            return self._document_rules_only(doc)
        # As C4 is implemented in the FineWeb recipe: each line in turn is dropped for a
        # giant word, missing terminal punctuation or too few words; lorem ipsum and curly
        # brackets on a line that survives those drop the document; javascript and policy
        # lines are dropped; the survivors' sentences are counted.
        marks, kept_sentences = [], 0
        for start, end in split_paragraphs(doc.text):
            line = doc.text[start:end].strip()
            if c.remove_citations:
                line = CITATION.sub("", line)
            reason = self._line_reason(line)
            if reason is None:
                low = line.casefold()
                rejection = self._document_rule(line, low)
                if rejection is not None:
                    return self.reject(doc, *rejection)
                if c.filter_javascript and "javascript" in low:
                    reason = (self.Reason.JAVASCRIPT, "mentions javascript")
                elif c.filter_policy and any(p in low for p in POLICY):
                    reason = (self.Reason.POLICY, "a policy or cookie notice")
            if reason is not None:
                marks.append(LineMark(start, end, str(reason[0]), reason[1]))
            else:
                kept_sentences += count_sentences(line)
                if c.remove_citations:  # the markers go from a kept line, each an edit
                    marks += [LineMark(start + m.start(), start + m.end(),
                                       str(self.Reason.CITATION), "a citation marker",
                                       whole_line=False)
                              for m in CITATION.finditer(doc.text, start, end)]
        remove_lines(doc, self.name, marks)
        doc.signals["sentences"] = kept_sentences
        if kept_sentences < c.min_num_sentences:
            return self.reject(doc, self.Reason.FEW_SENTENCES,
                               f"{kept_sentences} sentences < {c.min_num_sentences}")
        return None

    def _document_rules_only(self, doc: Document) -> None:
        """``line_rules: off``: lines are clean.lines' business; C4's document rules stay."""
        c = self.config
        text = doc.text
        spans = split_paragraphs(text)
        # only where the whole text could match: most documents have neither
        if (c.filter_curly_bracket and "{" in text) or (
                c.filter_lorem_ipsum and "lorem ipsum" in text.casefold()):
            for start, end in spans:
                line = text[start:end].strip()
                low = line.casefold()
                if "{" not in line and "lorem ipsum" not in low:
                    continue
                if c.remove_citations:
                    line = CITATION.sub("", line)
                    low = line.casefold()
                if self._line_reason(line, strict=True) is not None:
                    continue  # C4 drops the line before its document rules see it
                rejection = self._document_rule(line, low)
                if rejection is not None:
                    return self.reject(doc, *rejection)
        sentences = sum(count_sentences(text[a:b]) for a, b in spans)
        doc.signals["sentences"] = sentences
        if sentences < c.min_num_sentences:
            return self.reject(doc, self.Reason.FEW_SENTENCES,
                               f"{sentences} sentences < {c.min_num_sentences}")
        return None

    def _document_rule(self, line: str, low: str) -> tuple[StrEnum, str] | None:
        """C4's document rules on one line its line filters keep, in C4's order: lorem
        ipsum drops the document; a javascript line is dropped before the "{" test."""
        c = self.config
        if c.filter_lorem_ipsum and "lorem ipsum" in low:
            return self.Reason.LOREM_IPSUM, "a line C4 keeps contains 'lorem ipsum'"
        if c.filter_javascript and "javascript" in low:
            return None
        if c.filter_curly_bracket and "{" in line:
            return self.Reason.CURLY_BRACKET, "a line C4 keeps contains '{' (likely code)"
        return None

    def _line_reason(self, line: str, strict: bool = False) -> tuple[StrEnum, str] | None:
        """Why C4's line filters drop ``line`` (None: kept); ``strict`` as published,
        whatever ``line_rules`` says."""
        c = self.config
        parts = line.split()
        if any(len(w) > c.max_word_length for w in parts):
            return self.Reason.LONG_WORD, f"a word longer than {c.max_word_length} characters"
        words = len(parts) if not is_unsegmented(line) else len(tokens(line))
        applies = strict or c.line_rules == "strict" or words < c.min_words_per_line
        if c.filter_no_terminal_punct and applies and (
                not ends_sentence(line) or line.endswith(ELLIPSIS)):
            return self.Reason.NO_TERMINAL_PUNCT, "line does not end with terminal punctuation"
        if words < c.min_words_per_line:
            return self.Reason.FEW_WORDS, f"{words} words < {c.min_words_per_line}"
        return None


@register
class FineWebQuality(Step):
    """FineWeb's rules: share of lines ending in punctuation, short lines, duplicated line
    characters, and newlines per word (list-like pages)."""

    name = "quality.fineweb"
    kind = StepKind.FILTER

    @dataclass
    class Config:
        line_punct_thr: float = 0.12
        line_punct_exclude_zero: bool = False
        short_line_thr: float = 0.67
        short_line_length: int = 30
        char_duplicates_ratio: float = 0.01
        new_line_ratio: float = 0.3

    class Reason(StrEnum):
        LINE_PUNCT = "fineweb_line_punct_ratio"
        SHORT_LINES = "fineweb_short_line_ratio"
        CHAR_DUP = "fineweb_char_dup_ratio"
        LIST = "fineweb_list_ratio"
        EMPTY = "fineweb_empty"

    def apply(self, doc: Document) -> None:
        c = self.config
        s = doc.signals
        lines = [x for x in doc.text.split("\n") if x.strip()]
        if not lines:
            return self.reject(doc, self.Reason.EMPTY, "no text left")
        # as FineWeb counts it: the line's last character is a sentence mark (a closing
        # quote after it, a trailing space, ';' or '…' do not count)
        punct = sum(1 for x in lines if x.endswith(FINEWEB_STOP_CHARS)) / len(lines)
        s["line_punct_ratio"] = round(punct, 4)
        if punct < c.line_punct_thr and not (punct == 0 and c.line_punct_exclude_zero):
            return self.reject(doc, self.Reason.LINE_PUNCT,
                               f"{punct:.3f} of lines end with punctuation < {c.line_punct_thr}")
        short = sum(1 for x in lines if len(x) <= c.short_line_length) / len(lines)
        s["short_line_ratio"] = round(short, 4)
        if short > c.short_line_thr:
            return self.reject(doc, self.Reason.SHORT_LINES,
                               f"{short:.3f} of lines ≤ {c.short_line_length} characters > "
                               f"{c.short_line_thr}")
        ratio = _dup_stats(lines)[1] / max(len(doc.text.replace("\n", "")), 1)
        s["char_dup_ratio"] = round(ratio, 4)
        if ratio > c.char_duplicates_ratio:
            return self.reject(doc, self.Reason.CHAR_DUP,
                               f"{ratio:.3f} of characters in repeated lines > "
                               f"{c.char_duplicates_ratio}")
        words = len(doc.memo("tokens_with_punctuation", tokens_with_punctuation))
        newlines = doc.text.count("\n") / max(words, 1)
        s["new_line_ratio"] = round(newlines, 4)
        if newlines > c.new_line_ratio:
            return self.reject(doc, self.Reason.LIST,
                               f"{newlines:.3f} newlines per word > {c.new_line_ratio}")
        return None
