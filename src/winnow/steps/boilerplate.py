"""``clean.lines``: remove page furniture from extracted text, line by line, in any language.

The rules read the *shape* of a page rather than phrases of one language. An article is a
run of prose (lines that end like sentences); what sits before the first prose line and
after the last one is the page's furniture, judged by shape:

* before the body: stray navigation tokens (``in``, ``Home``), date-only lines, reading-time
  lines, share-button strips; the headline and standfirst stay (and become metadata);
* after the body: the byline, short calls to action (``Laisser un commentaire``), and runs
  of headline-like lines (a related-links widget);
* anywhere: lines without letters (separators, ``||``), share-button strips (social network
  names are the same in every language), cookie notices, lines of code, ``javascript``
  warnings (a C4 rule), and lines a small learned model scores as noise.

Every removal is an ``Edit`` with a reason code and the measured value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from winnow.document import Document
from winnow.edits import LineMark, remove_lines
from winnow.registry import register
from winnow.step import Step, StepKind
from winnow.text import ends_sentence, letter_ratio, split_paragraphs, word_count

SOCIAL = re.compile(
    r"facebook|twitter|whatsapp|linkedin|pinterest|telegram|reddit|tumblr|instagram"
    r"|messenger|flipboard|xing|viber|weibo|wechat|微信|微博|vkontakte|\bvk\b|\bx\.com\b"
    r"|e-?mail|courriel",
    re.IGNORECASE,
)
GLUED = re.compile(r"[a-zà-ÿ][A-ZÀ-Þ][a-zà-ÿ]")  # "FacebookPartager": buttons glued together
READING_TIME = re.compile(
    r"\d{1,3}\s*(?:min\w*\.?|mn|мин\w*|dakika|perc|minut\w*|分)", re.IGNORECASE)
YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
NUMERIC_DATE = re.compile(r"(?<!\d)\d{1,4}[./\-年]\d{1,2}[./\-月]\d{1,4}")
CLOCK = re.compile(r"(?<!\d)\d{1,2}\s*[:hH]\s*\d{2}(?!\d)")
NUMBERISH = re.compile(r"^[\d.,:/\-hH]+$")
COOKIE = re.compile(r"cookie|クッキー|쿠키", re.IGNORECASE)
CODE = re.compile(r"[{}].*[;=]|[;=].*[{}]|\bfunction\s*\(|\bvar\s+\w+\s*=")
JAVASCRIPT = re.compile(r"javascript", re.IGNORECASE)
CAPITALIZED = re.compile(r"^[A-ZÀ-ÞĀ-ſ][\w'’.\-]*$")


class LineReason(StrEnum):
    NO_LETTERS = "no_letters"
    NAVIGATION = "navigation"
    DATE_LINE = "date_line"
    READING_TIME = "reading_time"
    SHARE_BUTTONS = "share_buttons"
    COOKIE_NOTICE = "cookie_notice"
    CODE = "code"
    JAVASCRIPT = "javascript"
    BYLINE = "byline"
    CALL_TO_ACTION = "call_to_action"
    RELATED_HEADLINES = "related_headlines"
    LOW_QUALITY_LINE = "low_quality_line"


@dataclass(frozen=True, slots=True)
class LineInfo:
    start: int
    end: int
    text: str
    words: int
    sentence: bool

    @property
    def prose(self) -> bool:
        return self.sentence and self.words >= 6


def is_date_line(line: LineInfo) -> bool:
    """A short line that is only a date and maybe a time: '8 juillet 2020 à 03h52'."""
    if line.sentence or line.words > 8:
        return False
    text = line.text
    if not (YEAR.search(text) or NUMERIC_DATE.search(text)):
        return False
    wordy = [t for t in text.split() if not NUMBERISH.match(t.strip(",.|"))]
    return len(wordy) <= 4 and all(len(t) <= 12 for t in wordy)


def is_byline(line: LineInfo) -> bool:
    """A short unpunctuated line ending in a capitalised name: 'Ecrit par Shirley Taieb'."""
    if line.sentence or not 2 <= line.words <= 7:
        return False
    parts = line.text.split()
    return len(parts) >= 2 and all(CAPITALIZED.match(p) for p in parts[-2:])


@register
class LineCleaner(Step):
    """Remove boilerplate lines (navigation, dates, share buttons, bylines, widgets)."""

    name = "clean.lines"
    kind = StepKind.EDIT
    Reason = LineReason

    @dataclass
    class Config:
        max_head_nav_words: int = 3  # stray tokens before the body: 'in', 'Home › News'
        max_share_words: int = 14
        max_cookie_words: int = 40
        max_call_to_action_words: int = 5
        min_prose_words: int = 6  # a body line: ends like a sentence and is this long
        remove_javascript_lines: bool = True  # C4 rule
        remove_code_lines: bool = True  # C4's curly-brace rule, at line level
        keep_metadata: bool = True  # headline → title, date line → date, byline → author

    def apply(self, doc: Document) -> None:
        lines = [LineInfo(s, e, doc.text[s:e].strip(), word_count(doc.text[s:e]),
                          ends_sentence(doc.text[s:e])) for s, e in split_paragraphs(doc.text)]
        if not lines:
            return
        cfg = self.config
        prose = [i for i, li in enumerate(lines) if li.sentence and li.words >= cfg.min_prose_words]
        first, last = (prose[0], prose[-1]) if prose else (len(lines), -1)
        marks: dict[int, LineMark] = {}

        def mark(i: int, reason: LineReason, detail: str) -> None:
            if i not in marks:
                marks[i] = LineMark(lines[i].start, lines[i].end, str(reason), detail)

        for i, li in enumerate(lines):
            self._anywhere(i, li, mark)
        for i in range(first):
            li = lines[i]
            if i in marks:
                continue
            if is_date_line(li):
                mark(i, LineReason.DATE_LINE, "date-only line before the body")
                if cfg.keep_metadata:
                    doc.metadata.setdefault("date", li.text)
            elif not li.sentence and li.words <= cfg.max_head_nav_words:
                mark(i, LineReason.NAVIGATION,
                     f"{li.words} word(s) before the body, no sentence end "
                     f"(≤ {cfg.max_head_nav_words})")
            elif cfg.keep_metadata and li.words >= 4 and "title" not in doc.metadata:
                doc.metadata["title"] = li.text
        self._tail(lines, last, marks, mark, doc)
        remove_lines(doc, self.name, list(marks.values()))

    def _anywhere(self, i: int, li: LineInfo, mark: object) -> None:
        cfg = self.config
        text = li.text
        if letter_ratio(text) == 0.0:
            mark(i, LineReason.NO_LETTERS, "no letters in the line")
        elif not li.sentence and li.words <= cfg.max_share_words and (
            len(SOCIAL.findall(text)) >= 2
            or (SOCIAL.search(text) and (GLUED.search(text) or li.words <= 4))
        ):
            mark(i, LineReason.SHARE_BUTTONS,
                 f"social network names in a {li.words}-word line: "
                 + ", ".join(sorted({m.lower() for m in SOCIAL.findall(text)})))
        elif not li.sentence and li.words <= 6 and READING_TIME.search(text) and len(text) <= 40:
            mark(i, LineReason.READING_TIME, f"short line with a duration: {text!r}")
        elif COOKIE.search(text) and li.words <= cfg.max_cookie_words:
            mark(i, LineReason.COOKIE_NOTICE, f"mentions cookies in {li.words} words")
        elif cfg.remove_javascript_lines and JAVASCRIPT.search(text):
            mark(i, LineReason.JAVASCRIPT, "mentions javascript (C4 line rule)")
        elif cfg.remove_code_lines and CODE.search(text):
            mark(i, LineReason.CODE, "curly braces with code punctuation")

    def _tail(self, lines: list[LineInfo], last: int, marks: dict[int, LineMark], mark: object,
              doc: Document) -> None:
        if last < 0:
            return
        cfg = self.config
        tail = [i for i in range(last + 1, len(lines)) if i not in marks]
        headline_run = [i for i in tail if not lines[i].sentence
                        and lines[i].words > cfg.max_call_to_action_words]
        for i in tail:
            li = lines[i]
            if li.sentence:
                continue
            if is_date_line(li):
                mark(i, LineReason.DATE_LINE, "date-only line after the body")
            elif is_byline(li):
                mark(i, LineReason.BYLINE,
                     "short line ending in a capitalised name, after the body")
                if self.config.keep_metadata:
                    doc.metadata.setdefault("byline", li.text)
            elif li.words <= cfg.max_call_to_action_words:
                mark(i, LineReason.CALL_TO_ACTION,
                     f"{li.words}-word line without sentence end after the body")
            elif len(headline_run) >= 2:
                mark(i, LineReason.RELATED_HEADLINES,
                     f"one of {len(headline_run)} headline-like lines after the body")
