"""``quality.c4``: C4's rules (Raffel et al. 2020; datatrove's ``C4QualityFilter``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from winnow.document import Document
from winnow.edits import LineMark, remove_lines
from winnow.registry import register
from winnow.step import Step, StepKind
from winnow.steps.quality.common import (
    ELLIPSIS,
)
from winnow.text import (
    SENTENCE_END,
    ends_sentence,
    is_unsegmented,
    split_paragraphs,
    tokens,
)

# Short text in braces without a mark of code (";", "=", brackets): a placeholder
# ("{name}", "{id}") or wiki markup ("-{km²}-", "-{Intel 8085A}-": Serbian Wikipedia's
# script conversion), not a code block ("{ return 1; }", "{ color: red; }").
BRACED_WORD = re.compile(r"\{[^{}<>;=()\[\]\n]{1,40}\}")
CITATION = re.compile(r"\[\d+\]|\[edit\]|\[citation needed\]", re.IGNORECASE)
POLICY = (
    "terms of use",
    "privacy policy",
    "cookie policy",
    "uses cookies",
    "use of cookies",
    "use cookies",
)

_ENDS = re.escape("".join(SENTENCE_END))
_CLOSE = "\"'»”’)\\]」』"
# A sentence ends at a run of end marks followed by a space or the end of the line, or at a
# full-width mark (Chinese and Japanese put no space after 。！？). Found run by run, not as
# one pattern "[^marks]*(?:[marks]+[closers]*(?=\\s|$)|…)": that one retries every start
# before a mark that is not a sentence end ("3.5", "example.com"), and is quadratic on
# one long line (research/HISTORY.md, session 8); these patterns are single
# character-class runs.
_END_RUN = re.compile(f"[{_ENDS}]+")
_FULL_WIDTH_RUN = re.compile("[。！？｡]+")
_CLOSERS = re.compile(f"[{_CLOSE}]*")


def _after_closers(line: str, pos: int) -> int:
    """``pos`` moved past the closing quotes and brackets there, if any."""
    closers = _CLOSERS.match(line, pos)
    assert closers is not None  # "[…]*" matches anywhere, if only the empty string
    return closers.end()


def count_sentences(line: str) -> int:
    """Sentences in a line: runs ending in sentence marks followed by a space or the end,
    plus trailing text without a mark (a line without any mark is one sentence)."""
    line = line.strip()
    if not line:
        return 0
    ends = []
    size = len(line)
    for run in _END_RUN.finditer(line):
        after = _after_closers(line, run.end())
        if after == size or line[after].isspace():  # marks, closers, then a space or the end
            ends.append(after)
            continue
        # not followed by a space ("3.5", "。次"): each full-width part of the run still ends
        # a sentence
        for full in _FULL_WIDTH_RUN.finditer(line, run.start(), run.end()):
            ends.append(_after_closers(line, full.end()))
    rest = line[ends[-1] :].strip() if ends else line
    return len(ends) + (1 if any(ch.isalnum() for ch in rest) else 0)


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
        # the "{" rule ignores a short word in braces (BRACED_WORD): off as C4 publishes it
        ignore_braced_words: bool = False
        # the "{" rule drops a page only when the lines holding braces are more than this
        # share of its characters: a page of code, not documentation whose examples are a
        # few lines of it (0: any "{", as C4 publishes it)
        curly_bracket_min_share: float = 0.0
        filter_policy: bool = True

        def validate(self) -> None:
            if self.line_rules not in ("strict", "soft", "off"):
                raise ValueError("line_rules must be strict, soft or off")
            if not 0.0 <= self.curly_bracket_min_share < 1.0:
                raise ValueError("curly_bracket_min_share must be in [0, 1)")

    # whether the "{" rule applies to the document in hand (_braces_count), set per document
    _braces: bool = True

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
        self._braces = self._braces_count(doc)
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
                    marks += [
                        LineMark(
                            start + m.start(),
                            start + m.end(),
                            str(self.Reason.CITATION),
                            "a citation marker",
                            whole_line=False,
                        )
                        for m in CITATION.finditer(doc.text, start, end)
                    ]
        remove_lines(doc, self.name, marks)
        doc.signals["sentences"] = kept_sentences
        if kept_sentences < c.min_num_sentences:
            return self.reject(
                doc,
                self.Reason.FEW_SENTENCES,
                f"{kept_sentences} sentences < {c.min_num_sentences}",
            )
        return None

    def _document_rules_only(self, doc: Document) -> None:
        """``line_rules: off``: lines are clean.lines' business; C4's document rules stay."""
        c = self.config
        text = doc.text
        spans = split_paragraphs(text)
        # only where the whole text could match: most documents have neither
        if (c.filter_curly_bracket and "{" in text) or (
            c.filter_lorem_ipsum and "lorem ipsum" in text.casefold()
        ):
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
            return self.reject(
                doc, self.Reason.FEW_SENTENCES, f"{sentences} sentences < {c.min_num_sentences}"
            )
        return None

    def _braces_count(self, doc: Document) -> bool:
        """Whether the "{" rule applies to this page: always as published; with
        ``curly_bracket_min_share``, when its lines with braces hold more than that share
        of its characters (measured as ``brace_line_share``)."""
        c = self.config
        text = doc.text
        if not c.filter_curly_bracket or "{" not in text:
            return c.filter_curly_bracket
        if c.curly_bracket_min_share <= 0:
            return True
        braced = sum(len(x) for x in text.split("\n") if "{" in x or "}" in x)
        share = braced / max(len(text), 1)
        doc.signals["brace_line_share"] = round(share, 4)
        return share > c.curly_bracket_min_share

    def _document_rule(self, line: str, low: str) -> tuple[StrEnum, str] | None:
        """C4's document rules on one line its line filters keep, in C4's order: lorem
        ipsum drops the document; a javascript line is dropped before the "{" test."""
        c = self.config
        if c.filter_lorem_ipsum and "lorem ipsum" in low:
            return self.Reason.LOREM_IPSUM, "a line C4 keeps contains 'lorem ipsum'"
        if c.filter_javascript and "javascript" in low:
            return None
        code = "{" in line and (not c.ignore_braced_words or "{" in BRACED_WORD.sub("", line))
        if self._braces and code:
            share = ""
            if c.curly_bracket_min_share > 0:
                share = f"; lines with braces > {c.curly_bracket_min_share} of the text"
            return self.Reason.CURLY_BRACKET, f"a line C4 keeps contains '{{' (likely code){share}"
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
        if (
            c.filter_no_terminal_punct
            and applies
            and (not ends_sentence(line) or line.endswith(ELLIPSIS))
        ):
            return self.Reason.NO_TERMINAL_PUNCT, "line does not end with terminal punctuation"
        if words < c.min_words_per_line:
            return self.Reason.FEW_WORDS, f"{words} words < {c.min_words_per_line}"
        return None
