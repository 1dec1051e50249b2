"""Date lines in any language: "8 juillet 2020 à 03h52", "Montag, 3. März 2014 um 10:25",
"2020年7月8日（水）", "۱۷ ژوئیه ۲۰۲۰", "Thứ tư, 8/7/2020, 03:52 (GMT+7)".

A date line is short and every word of it belongs to a date: a number of a date or time,
or a date word of some language (CLDR month and weekday names, am/pm marks and the words
date formats put between the parts, ``resources/date_words.json``). Around that core, what
pages print in every language without a list of their own:

* digits of any script, read as the numbers they are (``unicodedata.digit``: Persian,
  Bengali, Devanagari, Arabic-Indic);
* a label of one or two words before a full date ("Actualizado:", "입력", "Publié le",
  "Updated"): a full date has a numeric date, a time or a month or weekday name;
* one word after a time, a clock or zone mark ("20:10 Uhr", "03:52 WIB", "(GMT+7)");
* elided articles and one-letter prefixes glued to a date word ("d'octubre", Hebrew
  "ביולי" for "in July").

'Calendrier des sélections 2020', 'BERAUD Jean (1849 - 1935)' or '1990 – Stuttgart
Outdoor' hold a year but are headings and list items, not dates.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Protocol

from winnow.text import has_cjk
from winnow.util.packaged import packaged_json

# a year of the Common Era or of the Buddhist Era (Thai dates: 2563 is 2020) ...
YEAR = re.compile(r"(?<!\d)(?:1[89]|20|25[4-9])\d\d(?!\d)")
# ... or of the Solar Hijri calendar (Iranian dates: 1403 is 2024), counted only where
# the line writes its digits in Persian or Arabic-Indic ("1350 m" is an altitude)
SOLAR_HIJRI_YEAR = re.compile(r"(?<!\d)(?:13\d\d|14[0-4]\d)(?!\d)")
NUMERIC_DATE = re.compile(r"(?<!\d)\d{1,4}[./\-年]\d{1,2}[./\-月]\d{1,4}")
TIME = re.compile(r"(?<!\d)\d{1,2}[:h.]\d{2}(?!\d)")
# the numbers of a date or a time, with the ordinal marks of day numbers ("1er", "1st",
# "3.") and a glued am/pm ("10:25pm"); the hour mark of "03h52" is a separator
DATE_NUMBER = re.compile(r"\d{1,4}(?:[.,:/\-h]\d{1,4})*(?:st|nd|rd|th|er|re|e|º|ª|am|pm|h|\.)?")
DATE_NUMBERS = re.compile(r"\d+")
DATE_DIGITS = re.compile(r"[\d.,:/\-()（）\[\]+]+")
DATE_PUNCT = "\"'()[]{}<>|,;:?·•–—‒-~*（）「」【】《》"  # "?": a character lost in decoding
MAX_DATE_WORDS = 10
MAX_LABEL_WORDS = 2  # "Actualizado:", "Publié le", "입력"
MAX_CASE_ENDING = 2  # letters a language may glue to a date word
MAX_MARK_CHARS = 5  # "Uhr", "WIB", "GMT+7", "น."
HANGUL = re.compile(r"[\uac00-\ud7af]")  # syllables: Korean dates write 년 월 일
HEBREW_PREFIXES = frozenset("בהוכלמש")  # in, the, and, as, to, from, that
ELISION = re.compile(r"^\w{1,3}['’]")  # "d'", "dell'", "l’"
NON_ASCII_DIGIT = re.compile(r"[^\x00-\x7f]")


class Line(Protocol):
    """A line as ``clean.lines.rules.LineInfo`` describes it."""

    @property
    def text(self) -> str: ...

    @property
    def words(self) -> int: ...


@cache
def date_words() -> frozenset[str]:
    """Month and weekday names, their abbreviations, am/pm marks and the words that date
    formats put between the parts, in 75 languages (Unicode CLDR, lower-cased: see
    ``scripts/build_date_words.py``)."""
    return frozenset(packaged_json("resources", "date_words.json")["words"])


def ascii_digits(text: str) -> str:
    """Digits of any script as ASCII digits ("۱۳۹۹" → "1399"); other characters as they
    are. Most lines are ASCII and come back unchanged without a pass over them."""
    if text.isascii():
        return text
    return "".join(
        str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() and _decimal(ch) else ch
        for ch in text
    )


def _decimal(ch: str) -> bool:
    return unicodedata.decimal(ch, -1) >= 0


def _unspaced(part: str) -> bool:
    """Han, kana or Hangul: scripts whose date words may be glued to each other."""
    return has_cjk(part) or HANGUL.search(part) is not None


def _is_date_word(part: str, words: frozenset[str], endings: bool = False) -> bool:
    if part in words:
        return True
    # with ``endings``, a case ending on a date word: Mongolian "сарын" (of the month
    # "сар"), Hungarian "májusban"; not in ASCII words, where "mayor" would be "mayo" and
    # "sunny" "sun"
    if (
        endings
        and len(part) > MAX_CASE_ENDING + 2
        and part.isalpha()
        and not part.isascii()
        and any(part[:-k] in words for k in range(1, MAX_CASE_ENDING + 1))
    ):
        return True
    if _unspaced(part):  # "2020年7月8日" without its digits: 年 月 日 one character each
        return all(ch in words for ch in part)
    elided = ELISION.match(part)
    if elided and part[elided.end() :] in words:  # "d'octubre"
        return True
    # a Hebrew one-letter prefix, glued or alone ("ב-8", "ביולי")
    return part[:1] in HEBREW_PREFIXES and (len(part) == 1 or part[1:] in words)


def is_date_token(token: str, words: frozenset[str], endings: bool = False) -> bool:
    """A number of a date or time ("03h52", "17/05/2008", "1er", "3."), a date word of
    some language ("juillet", "Mo.", "kl."), or digits joined with date words ("2020年7月8日",
    "8일")."""
    token = token.strip(DATE_PUNCT).casefold()
    if not token or DATE_NUMBER.fullmatch(token) or _is_date_word(token, words, endings):
        return True
    # "kl." or "a.m." without their dots, "2020年7月8日" without its digits
    return all(_is_date_word(p.strip("."), words) for p in DATE_DIGITS.split(token) if p)


def _full_date(text: str, parts: list[str], words: frozenset[str]) -> bool:
    """A date a label may stand before: a numeric date, a time, or a month or weekday
    name (a date word of letters, not a filler such as "de" or "à")."""
    if NUMERIC_DATE.search(text) or TIME.search(text):
        return True
    return any(len(w) >= 3 and w.isalpha() and w in words for w in map(str.casefold, parts))


def _has_year(text: str, native_digits: bool) -> bool:
    """A year of the Common or Buddhist Era, or (written in a script's own digits) of the
    Solar Hijri calendar."""
    return bool(YEAR.search(text) or (native_digits and SOLAR_HIJRI_YEAR.search(text)))


def is_date_line(line: Line) -> bool:
    """A short line that is a date and maybe a time, with at most a short label before it
    and a clock mark after it (module docstring)."""
    if line.words > MAX_DATE_WORDS:
        return False
    text = ascii_digits(line.text)
    native_digits = text != line.text
    if not (_has_year(text, native_digits) or NUMERIC_DATE.search(text)):
        return False
    words = date_words()
    parts = text.split()
    dated = [is_date_token(t, words) for t in parts]
    if not all(dated) and len(DATE_NUMBERS.findall(text)) >= 2:
        # a day and a year: words with a case ending may be date words ("Новые 2021",
        # "Мартин 2019" have one number and are headings)
        dated = [
            d or is_date_token(t, words, endings=True) for d, t in zip(dated, parts, strict=True)
        ]
    if all(dated):
        return True
    # a clock or zone mark after a time: "20:10 Uhr", "03:52 WIB", "(GMT+7)"
    end = len(parts)
    if (
        end >= 2
        and not dated[-1]
        and TIME.search(parts[-2])
        and len(parts[-1].strip(DATE_PUNCT)) <= MAX_MARK_CHARS
        and not any(ch.isdigit() for ch in parts[-1].split("+")[0])
    ):
        end -= 1
    # a label before it: "Actualizado:", "Publié le", "입력"
    start = 0
    while start < min(MAX_LABEL_WORDS, end) and not dated[start]:
        start += 1
    body = parts[start:end]
    if not all(dated[start:end]) or not body:
        return False
    if start == 0:
        return True
    label = " ".join(parts[:start])
    return (
        not any(ch.isdigit() for ch in label)
        and (len(body) >= 2 or NUMERIC_DATE.search(body[0]) is not None)
        and (_has_year(" ".join(body), native_digits) or NUMERIC_DATE.search(text) is not None)
        and _full_date(" ".join(body), body, words)
    )
