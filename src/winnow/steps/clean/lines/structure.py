"""Furniture that the page's own structure gives away, in any language.

* **Menus**: a line of four or more short items and nothing else ("Inicio Noticias
  Deportes Cultura Opinión", "Home | News | Sport | Contact") before or after the body:
  items set apart by separators, or all capitalised words without a function word of the
  page's language (a sentence-case headline has them; a menu has none).
* **Repeated furniture**: a short line whose shape (its date and time words and its
  numbers masked) recurs through the page between stretches of prose, as the furniture of
  each post or picture does ("Posted 12 March 2021 - 10:32", "Posts: 1,234", "Copy link",
  "Link copied"). A table's repeated cells sit together, not between prose.
* **Footers that shield a list**: a short sentence-like line or two at the very end of the
  page ("© 2020 Diario del Puerto. Todos los derechos reservados.") after a list of
  headlines: the body ends before the list, not at the footer.

Each function returns the lines it finds with the measured value for the edit's detail.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Sequence, Set
from typing import Any, Protocol

from winnow.steps.clean.lines.dates import (
    DATE_PUNCT,
    NUMERIC_DATE,
    TIME,
    ascii_digits,
    date_words,
    is_date_line,
)

MIN_MENU_ITEMS = 4
MAX_MENU_ITEMS = 10
MAX_ITEM_WORDS = 3  # an item between separators: "Local News"
MAX_UNCASED_ITEM_CHARS = 6  # an item of a script without capitals: "ニュース", "스포츠"
MENU_SEPARATORS = re.compile(r"\s+[|·•/›»>]\s+|\s*[|·•]\s*")
# items set apart by runs of spaces ("Нүүр  Мэдээ  Улс төр"): crawl text keeps the gap
# between links as spaces
SPACE_RUN = re.compile(r"\s{2,}")
MIN_REPEATS = 3
MAX_REPEAT_WORDS = 8
LABEL_NUMBER = re.compile(r"^[^\W\d_]+(?:\s[^\W\d_]+)?\s*[:：]\s*#(?:\s#){0,3}$")  # "posts: #"
CODE_MARKS = frozenset("{}()<>;=")
CLOCK = re.compile(r"(?<![\d.])\d{1,2}[:h]\d{2}(?![\d.])")  # "20:10", "03h52"; not "14.03."
MAX_FOOTER_LINES = 2
MAX_FOOTER_WORDS = 20
MIN_LIST_LINES = 2


class Line(Protocol):
    """A line as ``clean.lines.rules.LineInfo`` describes it."""

    @property
    def text(self) -> str: ...

    @property
    def tokens(self) -> list[str]: ...

    @property
    def sentence(self) -> bool: ...

    @property
    def words(self) -> int: ...


def menu_items(line: Line, stops: Set[str]) -> int:
    """The number of items of a menu line; 0 for any other line."""
    text = line.text
    if line.sentence or any(ch.isdigit() for ch in text):
        return 0
    parts = [p for p in MENU_SEPARATORS.split(text) if p.strip()]
    if len(parts) >= MIN_MENU_ITEMS:
        fits = all(len(p.split()) <= MAX_ITEM_WORDS for p in parts)
        return len(parts) if fits and len(parts) <= MAX_MENU_ITEMS * 2 else 0
    if spaced := _space_run_items(text, stops):
        return spaced
    items = text.split()
    if not MIN_MENU_ITEMS <= len(items) <= MAX_MENU_ITEMS or len(line.tokens) != len(items):
        return 0
    if any(w.casefold() in stops for w in items):
        return 0
    cased = [w for w in items if w[0].lower() != w[0].upper()]
    if cased:
        return len(items) if len(cased) == len(items) and all(w[0].isupper() for w in items) else 0
    # no capitals to go by: short items only, and one more of them
    short = all(len(w) <= MAX_UNCASED_ITEM_CHARS for w in items)
    return len(items) if short and len(items) > MIN_MENU_ITEMS else 0


def _space_run_items(text: str, stops: Set[str]) -> int:
    """Items of a menu whose items runs of spaces set apart, each of a few words that
    start with a capital (or are of a script without case), one at most a function word
    alone ("An Domhan" is an item, Irish "Baile" is on the stop list; "Floods  hit  the
    city  after  days  of  rain" is no menu)."""
    parts = [p for p in SPACE_RUN.split(text) if p.strip()]
    if not MIN_MENU_ITEMS <= len(parts) <= MAX_MENU_ITEMS:
        return 0
    if sum(all(w.casefold() in stops for w in p.split()) for p in parts) > 1:
        return 0
    for part in parts:
        if len(part.split()) > MAX_ITEM_WORDS:
            return 0
        if part[0].lower() != part[0].upper() and not part[0].isupper():
            return 0
    return len(parts)


def shape(line: Line, words: frozenset[str]) -> str:
    """The line with its numbers masked, and in a line that holds a number its date and
    time words too, case-folded ("Posted # # # #"; "Die Ergebnisse" keeps its "die")."""
    parts = ascii_digits(line.text).casefold().split()
    if not any(ch.isdigit() for ch in line.text):
        return " ".join(parts)
    return " ".join(
        "#" if any(ch.isdigit() for ch in p) or _names_a_date(p, words) else p for p in parts
    )


def repeated_furniture(lines: Sequence[Line], taken: Set[int], min_prose: int) -> dict[int, str]:
    """Short lines whose shape recurs ≥ ``MIN_REPEATS`` times, with prose between most of
    the copies: per-post or per-picture furniture. A shape qualifies when the lines are the
    same, or differ in a date (a date or time word masked), or are a label and a number
    ("Posts: #"); "Step #" headings differ in their number only and stay."""
    words = date_words()
    by_shape: dict[str, list[int]] = defaultdict(list)
    for i, li in enumerate(lines):
        if i in taken or li.words > MAX_REPEAT_WORDS or (li.sentence and li.words >= min_prose):
            continue
        by_shape[shape(li, words)].append(i)
    if not by_shape:
        return {}
    prose = [0] * (len(lines) + 1)  # prose lines before each index
    for i, li in enumerate(lines):
        prose[i + 1] = prose[i] + (li.sentence and li.words >= min_prose)
    kinds: dict[str, str] = {}  # shape -> "dated", "counted" or "same"
    spread: dict[str, list[int]] = {}
    for key, where in by_shape.items():
        if len(where) < MIN_REPEATS or not any(ch.isalpha() for ch in key):
            continue
        if any(ch in CODE_MARKS for ch in key):  # lines of code repeat as code does
            continue
        gaps = [prose[b] - prose[a + 1] > 0 for a, b in itertools.pairwise(where)]
        if 2 * sum(gaps) < len(gaps):  # copies side by side: a table, a list
            continue
        # a post's header has a time ("19. Juni 2022, 20:10 Uhr"); a date alone recurs in
        # headings of weekly reports ("Handballwochenende 7./8.3.2020": Turku dev, kept)
        if "#" in key.split() and all(CLOCK.search(ascii_digits(lines[i].text)) for i in where):
            kinds[key] = "dated"
        elif LABEL_NUMBER.match(key):
            kinds[key] = "counted"
        elif len({lines[i].text.casefold() for i in where}) == 1 and not key.endswith(":"):
            kinds[key] = "same"
        else:
            continue
        spread[key] = where
    # A line repeated word for word ("Zitieren", "Copy link") may be a label of the
    # content ("Pros", "Cons", "Weight"): furniture only once per post, as many copies as
    # the page has dated or counted post headers (WCXB dev pages: labels paired with each
    # other were content more often than not)
    per_post = {len(spread[k]) for k, kind in kinds.items() if kind != "same"}
    found: dict[int, str] = {}
    for key, where in spread.items():
        if kinds[key] == "same" and not any(abs(len(where) - n) <= 1 for n in per_post):
            continue
        for i in where:
            found[i] = f"its shape {key!r} recurs {len(where)} times between the page's prose"
            if kinds[key] == "dated" and is_date_line(lines[i]):
                found[i] += ", a date line each"
    return found


def _names_a_date(part: str, words: frozenset[str]) -> bool:
    """A time, a numeric date, or a month or weekday name: not a bare number."""
    if TIME.search(part) or NUMERIC_DATE.search(part):
        return True
    word = part.strip(DATE_PUNCT).casefold()
    return len(word) >= 3 and word.isalpha() and word in words


def footer_start(lines: Sequence[Line], taken: Set[int], is_headline: Callable[[Any], bool]) -> int:
    """Where a list of headlines before a short footer at the page's end begins (the
    footer may hold what looks like the body's last prose line); -1 when there is no such
    list. The list: at least ``MIN_LIST_LINES`` lines ``is_headline`` accepts (one
    unfinished sentence, more words than a call to action), lines other rules took
    between them."""
    n = len(lines)
    k = n - 1
    footer = 0
    while (
        k > 0
        and footer < MAX_FOOTER_LINES
        and (k in taken or (lines[k].sentence and lines[k].words <= MAX_FOOTER_WORDS))
    ):
        footer += 1
        k -= 1
    if not footer:
        return -1
    start, headlines = k + 1, 0
    while k >= 0 and (k in taken or is_headline(lines[k])):
        headlines += k not in taken
        start = k
        k -= 1
    return start if headlines >= MIN_LIST_LINES else -1
