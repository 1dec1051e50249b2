"""A document's language-independent *skeleton*: what a translation keeps of its original.

A translation shares almost no words with its source, but it keeps the numbers (5 200 /
5.200 / 5,200 / ٥٢٠٠), the dates (12 mars 2020 / March 12, 2020 / 2020年3月12日 / 12 марта
2020), the codes (A320, COVID-19, URLs) and, in scripts that can write them, the proper
names (McKenzie / Маккензи / Μακένζι). The skeleton is the sequence of those items, each
written one way whatever the language:

* numbers: digits of every script folded to ASCII; a separator followed by exactly three
  digits groups thousands (also Indian 1,00,000), any other one is the decimal mark; one
  or two scale words after a number multiply it, decimals included (5,2 millions / 5.2
  million / 520万 / 52 लाख → 5200000; 5 mil millones, 1.5万亿, 1兆5000億; long-scale
  Billionen / billones → 10^12), matched as whole words or distinctive stems, so that
  "3,5 χιλιόμετρα" stays 3.5 km and "5 miles" stays 5;
  d/m/y, y-m-d and d.m.y dates split into their parts (the order is the locale's);
* month names next to a day (1–31) or a year become the month's number (CLDR names of
  every language Babel knows, as in ``resources/date_words.json``; only beside such a
  number, so English "may" stays a verb and French "des 235" is not December);
* codes: tokens of ASCII capitals and digits with a digit (A320, H5N1, F-35 → F35) and
  host names of URLs and e-mail addresses;
* names: capitalised words not at a sentence start, transliterated to Latin (Cyrillic,
  Greek) and reduced to a consonant key of four classes at most (McKenzie, Маккензи →
  ``mkns``), which also absorbs most case endings (Bagdad, Багдаде → ``bgd``).

Linear in the text: one regular-expression scan and per-token work.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

# --- digits and numbers ---------------------------------------------------------------

_GROUP_SEPS = ".,'’٬ \u00a0\u202f\u2009"
_DECIMAL_SEPS = ".,٫"
_SPACE_SEPS = " \u00a0\u202f\u2009"

# scale words after a number (folded: lower case, no trailing dot). Short forms must be
# the whole word ("mil", not "miles"; no "mn", "tn", "bio": minutes, tonnes, organic) …
_SCALE_WORDS: dict[str, int] = {
    "mil": 3,
    "mille": 3,
    "mila": 3,
    "mii": 3,
    "bin": 3,
    "tys": 3,
    "tis": 3,
    "ezer": 3,
    "ribu": 3,
    "rb": 3,
    "nghìn": 3,
    "ngàn": 3,
    "אלף": 3,
    "هزار": 3,
    "ألف": 3,
    "آلاف": 3,
    "mln": 6,
    "mio": 6,
    "juta": 6,
    "jt": 6,
    "triệu": 6,
    "מיליון": 6,
    "mld": 9,
    "mrd": 9,
    "mia": 9,
    "bn": 9,
    "bln": 9,
    "md": 9,
    "mds": 9,
    "mdr": 9,
    "tỷ": 9,
    "trn": 12,
}
# ... and stems that a scale word starts with (its inflections: millions, Millionen,
# milioni, миллиона): long or distinctive enough to name nothing else ("χιλιάδ", not "χιλ",
# which also starts χιλιόμετρα). Long-scale languages (de, fr, es, pl, cs, pt-PT) write
# 10^12 as Billionen, billones, bilion, biliões; English "billion" is 10^9.
_SCALE_STEMS: dict[str, int] = {
    "thousand": 3, "tausend": 3, "duizend": 3, "tusen": 3, "tusind": 3, "tuhat": 3,
    "тыс": 3, "тис": 3, "χιλιάδ": 3, "हज़ार": 3, "हजार": 3, "ہزار": 3,
    "lakh": 5, "लाख": 5, "crore": 7, "करोड़": 7, "करोड": 7,
    "million": 6, "millon": 6, "millón": 6, "milion": 6, "miljo": 6, "millió": 6,
    "milhão": 6, "milhões": 6, "milhõ": 6, "milyon": 6, "млн": 6, "миллион": 6,
    "мільйон": 6, "милион": 6, "εκατ": 6, "مليون": 6, "ملايين": 6, "ملیون": 6, "میلیون": 6,
    "मिलियन": 6, "ล้าน": 6,
    "billion": 9, "milliard": 9, "miliard": 9, "miljard": 9, "milliárd": 9, "millardo": 9,
    "miliar": 9, "milyar": 9, "bilhão": 9, "bilhões": 9, "bilhõ": 9, "млрд": 9,
    "миллиард": 9, "мільярд": 9, "милијард": 9, "δισ": 9, "مليار": 9, "میلیارد": 9,
    "بليون": 9, "बिलियन": 9, "अरब": 9, "พันล้าน": 9, "מיליארד": 9,
    "billionen": 12, "billones": 12, "billón": 12, "bilion": 12, "bilião": 12,
    "biliões": 12, "trillion": 12, "trilyon": 12, "triliun": 12, "trilion": 12,
    "трлн": 12, "триллион": 12, "трильйон": 12, "τρισ": 12, "تريليون": 12,
    "ट्रिलियन": 12, "खरब": 11,
}  # fmt: skip
# compared in NFC, which writes Devanagari nukta letters (ज़, ड़) decomposed either way
_SCALE_WORDS = {unicodedata.normalize("NFC", k): v for k, v in _SCALE_WORDS.items()}
_SCALE_STEMS = {unicodedata.normalize("NFC", k): v for k, v in _SCALE_STEMS.items()}
_SCALE_STEM = re.compile("|".join(sorted(map(re.escape, _SCALE_STEMS), key=len, reverse=True)))
# Chinese, Japanese and Korean units, stacked (1.5万亿 = 1.5 × 10^12) and compounded
# (1兆5000億 = 1.5 × 10^12, 35万2700 = 352700); 제3조 is "article 3", not 3 × 10^12
_CJK_POWER = {"十": 1, "百": 2, "千": 3, "万": 4, "萬": 4, "億": 8, "亿": 8, "兆": 12,
              "만": 4, "억": 8, "조": 12}  # fmt: skip
_CJK_UNITS = "".join(_CJK_POWER)
_CJK_NUMBER = re.compile(rf"(?<![\d.,제])(?:\d+(?:\.\d+)?[{_CJK_UNITS}]+)+\d*(?![\d.,])")
_CJK_PART = re.compile(rf"(\d+(?:\.\d+)?)([{_CJK_UNITS}]+)")


@lru_cache(maxsize=1)
def _digit_table() -> dict[int, str]:
    """Every decimal digit of Unicode (category Nd) to its ASCII digit."""
    table = {}
    for code in range(0x660, 0x1FBFA):
        char = chr(code)
        if unicodedata.category(char) == "Nd":
            table[code] = str(unicodedata.decimal(char))
    return table


def normalise_number(raw: str) -> list[str]:
    """One number as written (ASCII digits, separators) to its canonical form(s).

    ``5,200`` ``5.200`` ``5 200`` ``1,00,000`` → integers; ``3,5`` ``3.50`` → ``3.5``;
    ``5.200,5`` → ``5200.5``; anything else with several separators (versions, IPs)
    becomes its digit groups, each a number of its own."""
    groups = re.split(r"[^0-9]", raw)
    seps = re.findall(r"[^0-9]", raw)
    if not seps:
        return [_int(raw)]
    if _grouped(groups, seps):
        return [_int("".join(groups))]
    head, last = seps[:-1], seps[-1]
    if last in _DECIMAL_SEPS and (not head or _grouped(groups[:-1], head)) and last not in head:
        return [_decimal("".join(groups[:-1]), groups[-1])]
    return [_int(g) for g in groups if g]


def _grouped(groups: list[str], seps: list[str]) -> bool:
    """Thousands groups: one separator kind, a head of 1–3 digits, then groups of three
    (Indian: of two, ending with three)."""
    if len(set(seps)) != 1 or not 1 <= len(groups[0]) <= 3:
        return False
    tail = groups[1:]
    if all(len(g) == 3 for g in tail):
        return True
    return len(tail) > 1 and all(len(g) == 2 for g in tail[:-1]) and len(tail[-1]) == 3


def _int(digits: str) -> str:
    return digits.lstrip("0") or "0"


def _decimal(whole: str, fraction: str) -> str:
    fraction = fraction.rstrip("0")
    return _int(whole) + ("." + fraction if fraction else "")


def _scaled(value: str, power: int) -> str:
    whole, _, fraction = value.partition(".")
    digits = whole + fraction.ljust(power, "0")[:power]
    rest = fraction[power:]
    return _int(digits) + ("." + rest if rest else "")


def _scale_power(word: str) -> int:
    """The power of ten a scale word stands for (0: not one)."""
    word = unicodedata.normalize("NFC", word)
    if word in _SCALE_WORDS:
        return _SCALE_WORDS[word]
    match = _SCALE_STEM.match(word)
    return _SCALE_STEMS[match.group()] if match else 0


# --- month names ----------------------------------------------------------------------


def _fold(word: str) -> str:
    """Case-folded, accents and a trailing dot removed: how month names are compared."""
    decomposed = unicodedata.normalize("NFD", word.casefold().rstrip("."))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def month_names() -> tuple[dict[str, int], dict[str, int]]:
    """(full names, abbreviations) of every CLDR language winnow knows, folded, to the
    month's number; a word that names different months in two languages is left out
    (Croatian and Polish "listopad")."""
    import json
    from importlib import resources

    from babel import Locale

    languages = json.loads(
        (resources.files("winnow") / "resources" / "date_words.json").read_text("utf-8")
    )["languages"]
    found: tuple[dict[str, set[int]], dict[str, set[int]]] = ({}, {})
    for code in languages:
        try:
            months = Locale.parse(code).months
        except (ValueError, LookupError):  # pragma: no cover - CLDR lacks the language
            continue
        for context in ("format", "stand-alone"):
            for width, table in (("wide", found[0]), ("abbreviated", found[1])):
                for number, name in months.get(context, {}).get(width, {}).items():
                    word = _fold(name)
                    if word and not any(ch.isdigit() for ch in word):
                        table.setdefault(word, set()).add(int(number))
    full = {w: next(iter(m)) for w, m in found[0].items() if len(m) == 1}
    abbreviated = {w: next(iter(m)) for w, m in found[1].items() if len(m) == 1 and w not in full}
    return full, abbreviated


# --- names ----------------------------------------------------------------------------

_LATIN = (  # Cyrillic then Greek letters, in the order of the line below
    "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch _ y _ e iu ia e i i g "
    "a b g d e z e th i k l m n x o p r s t i f ch ps o a e e i o i o i i i i s"
)
_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяєіїґαβγδεζηθικλμνξοπρστυφχψωάέήίόύώϊϋΐΰς",
        _LATIN.split(" "),
        strict=True,
    )
)
_GREEK_DIGRAPHS = (("ντ", "d"), ("μπ", "b"), ("γκ", "g"), ("γγ", "ng"))
# consonant classes: letters that transliterations swap for each other share one
_CLASS = str.maketrans("cqkgzsxvwjbpdtfr", "kkkksssvvibbddfl")
_VOWELS = set("aeiouyh_")
_SENTENCE_END = set(".!?:;\"'«»“”„\n()[]|•·–—")


def name_key(word: str) -> str:
    """A transliterated consonant key of up to four classes ("" if shorter than two)."""
    folded = unicodedata.normalize("NFD", word.casefold())
    for digraph, latin_letter in _GREEK_DIGRAPHS:
        folded = folded.replace(digraph, latin_letter)
    latin = "".join(_TRANSLIT.get(ch, ch) for ch in folded if not unicodedata.combining(ch))
    latin = latin.replace("ph", "f").replace("ck", "k").translate(_CLASS)
    key: list[str] = []
    for ch in latin:
        if ch in _VOWELS or not ("a" <= ch <= "z"):
            continue
        if not key or key[-1] != ch:
            key.append(ch)
        if len(key) == 4:
            break
    return "".join(key) if len(key) >= 2 else ""


def _names_script(word: str) -> bool:
    """Latin, Greek or Cyrillic capitalised word (scripts with capitals)."""
    first = word[0]
    return first.isupper() and (first < "\u0530") and not word.isupper()


# --- the scan -------------------------------------------------------------------------

# a letter, or a combining mark of the scripts that write vowels and viramas with them
# (Python's \w leaves out most marks, which would cut "मार्च" in two)
_LETTER = r"(?:[^\W\d_]|[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a"
_LETTER += r"\u064b-\u065f\u0670\u06d6-\u06ed\u0900-\u0dff\u0e31-\u0e4e\u3099\u309a])"
_TOKEN = re.compile(
    r"(?P<url>(?:https?://|www\.)[^\s<>\"'«»()]+)"
    r"|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<date>(?<![\d.,])\d{1,4}(?P<sep>[./-])\d{1,2}(?P=sep)\d{1,4}(?![\d]|[.,]\d))"
    # a day and month without the year, as Central and East European pages write them
    # ("08.10.", "14.03."): two digits each side, real day/month values, and (in the scan)
    # the sentence going on after it; "closed at 12.05. The" is a decimal
    r"|(?P<daymonth>(?<![\d.,])(?:0[1-9]|[12]\d|3[01])\.(?:0[1-9]|1[0-2])\.(?![\d]|[.,]\d))"
    r"|(?P<code>(?<![A-Za-z0-9])[A-Z][A-Z0-9]*-?[0-9][A-Z0-9-]*(?![A-Za-z0-9]))"
    r"|(?P<num>\d+(?:(?:[.,'’٬٫]|[ \u00a0\u202f\u2009](?=\d{3}(?!\d)))\d+)*)"
    r"|(?P<word>{L}+(?:['’.-]{L}+)*\.?)".replace("{L}", _LETTER)
)
_DIGIT = re.compile(r"\d")
NEAR = 4  # characters between a month name and a number for it to count as a date


def skeleton(
    text: str, numbers: bool = True, dates: bool = True, codes: bool = True, names: bool = True
) -> list[str]:
    """The skeleton's items in text order (numbers plain, codes ``#…``, names ``@…``)."""
    if not text:
        return []
    text = _cjk_numbers(text.translate(_digit_table()))
    out: list[str] = []
    last_number_end = -(NEAR + 1)
    pending_month: tuple[int, int] | None = None  # (month, end) waiting for a number
    for match in _TOKEN.finditer(text):
        kind, start, end = match.lastgroup, match.start(), match.end()
        value = match.group()
        if kind == "daymonth" and _sentence_goes_on(text, end):
            pending_month = None
            if numbers:
                out.extend(_int(part) for part in value.split(".")[:2])
            last_number_end = -(NEAR + 1)  # its month is given: no month name joins it
            continue
        if kind == "daymonth":  # a decimal ending a sentence: "12.05."
            kind, value, end = "num", value[:-1], end - 1
        if kind == "num" or kind == "date":
            day_or_year = kind == "num" and _day_or_year(value)
            if pending_month is not None and start - pending_month[1] <= NEAR and day_or_year:
                out.append(str(pending_month[0]))
            pending_month = None
            if numbers:
                out.extend(_number_items(value, kind, text, end))
            last_number_end = end if day_or_year else -(NEAR + 1)
        elif kind == "word":
            pending_month = None
            near_number = start - last_number_end <= NEAR or _DIGIT.search(text, end, end + NEAR)
            if dates and near_number:
                month = _month_of(value)
                if month:
                    if start - last_number_end <= NEAR:
                        out.append(str(month))
                    else:
                        pending_month = (month, end)
                    continue
            if names and len(value) >= 3 and _names_script(value):
                before = text[max(0, start - 3) : start].rstrip()
                if before and before[-1] not in _SENTENCE_END:
                    key = name_key(value)
                    if key:
                        out.append("@" + key)
        elif codes and kind == "code":
            out.append("#" + value.replace("-", ""))
        elif codes and kind in ("url", "email"):
            host = value.split("@")[-1] if kind == "email" else _host(value)
            if host:
                out.append("#" + host.casefold())
    return out


def _sentence_goes_on(text: str, end: int) -> bool:
    """After a day-month date's final stop the sentence goes on: a lower-case word, a
    number, or a letter of a script without case ("am 08.10. in", "08.10. у Києві")."""
    rest = text[end : end + 3].lstrip()
    ch = rest[:1]
    return bool(ch) and (ch.islower() or ch.isdigit() or (ch.isalpha() and not ch.isupper()))


def _cjk_numbers(text: str) -> str:
    """Chinese, Japanese and Korean numbers with units as plain numbers (the scan would
    read 1兆5000億 as two): 5.12万 → 51200, 1.5万亿 → 1500000000000, 35万2700 → 352700."""
    if not any(unit in text for unit in _CJK_POWER):
        return text
    return _CJK_NUMBER.sub(_cjk_value, text)


def _cjk_value(match: re.Match[str]) -> str:
    from decimal import Decimal

    parts = _CJK_PART.findall(match.group())
    tail = match.group()[sum(len(n) + len(u) for n, u in parts) :]
    powers = [sum(_CJK_POWER[u] for u in units) for _, units in parts]
    values = [Decimal(n).scaleb(p) for (n, _), p in zip(parts, powers, strict=True)]
    if any(a <= b for a, b in itertools.pairwise(powers)):  # 10万20万: not one number
        return " ".join(_plain(v) for v in values) + (" " + tail if tail else "")
    return _plain(sum(values, Decimal(int(tail) if tail else 0)))


def _plain(value: object) -> str:
    """A Decimal written without exponent or trailing zeros (12.50 → 12.5, 5E+4 → 50000)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _day_or_year(raw: str) -> bool:
    """A number that a month name beside it makes a date: a day (1–31) or a year (4 digits);
    "des 235" (Norwegian "des." is December) and "410 Wh pro" (Czech "pro.") are none."""
    return raw.isdigit() and (1 <= int(raw) <= 31 or (len(raw) == 4 and raw[0] in "12"))


@lru_cache(maxsize=65_536)
def _month_of(word: str) -> int:
    """The month a word names (0: none), remembered: the same words recur."""
    full, abbreviated = month_names()
    folded = _fold(word)
    return full.get(folded) or abbreviated.get(folded, 0)


def _host(url: str) -> str:
    rest = url.split("://", 1)[-1]
    host = re.split(r"[/?#:]", rest, maxsplit=1)[0].rstrip(".,;")
    return host.removeprefix("www.")


def _number_items(value: str, kind: str, text: str, end: int) -> Iterator[str]:
    """A number's canonical items, multiplied by a scale word right after it."""
    if kind == "date":
        yield from (_int(part) for part in re.split(r"[./-]", value))
        return
    items = normalise_number(value)
    if len(items) == 1:
        power = _scale_after(text, end)
        if power:
            items = [_scaled(items[0], power)]
    yield from items


_NEXT_WORD = re.compile(r"[ \u00a0\u202f\u2009]?({L}+)\.?".replace("{L}", _LETTER))


def _scale_after(text: str, end: int) -> int:
    """The power of ten of the scale words right after a number: one (5,2 millions, 1,2
    млн, 3.4 crore) or two that multiply (5 mil millones, 2 लाख करोड़)."""
    power = 0
    for _ in range(2):
        word = _NEXT_WORD.match(text, end)
        if word is None:
            break
        step = _scale_power(word.group(1).casefold())
        if not step:
            break
        power, end = power + step, word.end()
    return power


# How much an item says, in units of 2 bits: -log2 of the chance that another page holds the
# same item, measured per kind of item over 1,137 WCXB main texts (those after the first 200,
# which tests/eval mixes in), rounded. Numbers below 10: 1.1 bits (list numbers, counts that
# translations spell out); 10–99: 2.8; years 1900–2099: 4.1; other numbers by significant
# digits (5,000 and 3 million have one, 2.6 million two, 51,200 and 14.7 three): 3.6, 6.0,
# 7.9, 11.2, then 13.5 bits for five or more; codes 10.0; name keys 3.3.
_BY_DIGITS = (0, 2, 3, 4, 6, 7)  # index: significant digits (5 or more: the last)
SMALL, YEAR, CODE, NAME = 1, 2, 5, 2


def weight(item: str) -> int:
    """How much an item says (0: nothing), in units of 2 bits of chance agreement: a bare
    year or a number below 100 little, a round number (5,000) less than a precise one
    (51,200; 1,284,000), a code much (``_BY_DIGITS`` above gives the measured figures)."""
    whole, dot, fraction = item.partition(".")
    if not (whole + fraction).isdigit() or not item.isascii():
        return NAME if item.startswith("@") else CODE
    if not dot:
        value = int(whole)
        if value < 10:
            return 0
        if value < 100:
            return SMALL
        if 1900 <= value <= 2099:
            return YEAR
    digits = len((whole + fraction).strip("0"))
    return _BY_DIGITS[min(digits, len(_BY_DIGITS) - 1)]
