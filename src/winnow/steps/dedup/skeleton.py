"""A document's language-independent *skeleton*: what a translation keeps of its original.

A translation shares almost no words with its source, but it keeps the numbers (5 200 /
5.200 / 5,200 / ٥٢٠٠), the dates (12 mars 2020 / March 12, 2020 / 2020年3月12日 / 12 марта
2020), the codes (A320, COVID-19, URLs) and, in scripts that can write them, the proper
names (McKenzie / Маккензи / Μακένζι). The skeleton is the sequence of those items, each
written one way whatever the language:

* numbers: digits of every script folded to ASCII; a separator followed by exactly three
  digits groups thousands (also Indian 1,00,000), any other one is the decimal mark; a
  scale word after a number multiplies it (5,2 millions / 5.2 million / 520万 → 5200000);
  d/m/y, y-m-d and d.m.y dates split into their parts (the order is the locale's);
* month names next to a number become the month's number (CLDR names of every language
  Babel knows, as in ``resources/date_words.json``; only with a number beside them, so
  English "may" stays a verb);
* codes: tokens of ASCII capitals and digits with a digit (A320, H5N1, F-35 → F35) and
  host names of URLs and e-mail addresses;
* names: capitalised words not at a sentence start, transliterated to Latin (Cyrillic,
  Greek) and reduced to a consonant key of four classes at most (McKenzie, Маккензи →
  ``mkns``), which also absorbs most case endings (Bagdad, Багдаде → ``bgd``).

Linear in the text: one regular-expression scan and per-token work.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

# --- digits and numbers ---------------------------------------------------------------

_GROUP_SEPS = ".,'’٬ \u00a0\u202f\u2009"
_DECIMAL_SEPS = ".,٫"
_SPACE_SEPS = " \u00a0\u202f\u2009"

# scale words after a number (lower-cased prefixes; a word must start with one): the
# languages of the CLDR lists where a translation writes "5.2 million" as a word
_SCALES: tuple[tuple[str, int], ...] = (
    ("thousand", 3), ("tausend", 3), ("mille", 3), ("mil", 3), ("тыс", 3), ("χιλ", 3),
    ("million", 6), ("millon", 6), ("millón", 6), ("milion", 6), ("milj", 6), ("mln", 6),
    ("millió", 6), ("mio", 6), ("milhão", 6), ("milhões", 6), ("milioni", 6), ("miljoen", 6),
    ("млн", 6), ("миллион", 6), ("мільйон", 6), ("εκατ", 6), ("مليون", 6), ("ملايين", 6),
    ("मिलियन", 6), ("billion", 9), ("milliard", 9), ("miliard", 9), ("mld", 9),
    ("bilhão", 9), ("bilhões", 9), ("млрд", 9), ("миллиард", 9), ("δισ", 9), ("مليار", 9),
    ("बिलियन", 9), ("अरब", 9), ("milyon", 6), ("milyar", 9), ("lakh", 5), ("लाख", 5),
    ("crore", 7), ("करोड़", 7), ("trillion", 12),
    ("трлн", 12), ("billones", 12), ("ट्रिलियन", 12),
)  # fmt: skip
_SCALE_POWER = dict(_SCALES)
_SCALE_WORD = re.compile("|".join(sorted(map(re.escape, _SCALE_POWER), key=len, reverse=True)))
_CJK_SCALES = {"万": 4, "萬": 4, "億": 8, "亿": 8, "千": 3, "兆": 12}


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


def _scale_of(word: str) -> int:
    match = _SCALE_WORD.match(word)
    return _SCALE_POWER[match.group()] if match else 0


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
    text = _cjk_compounds(text.translate(_digit_table()))
    out: list[str] = []
    last_number_end = -(NEAR + 1)
    pending_month: tuple[int, int] | None = None  # (month, end) waiting for a number
    for match in _TOKEN.finditer(text):
        kind, start, end = match.lastgroup, match.start(), match.end()
        value = match.group()
        if kind == "num" or kind == "date":
            if pending_month is not None and start - pending_month[1] <= NEAR:
                out.append(str(pending_month[0]))
            pending_month = None
            if numbers:
                out.extend(_number_items(value, kind, text, end))
            last_number_end = end
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


_OKU_MAN = re.compile(r"(\d+)[億亿](\d{1,4})[万萬]")
_MAN = re.compile(r"(\d+)([億亿万萬])(\d{1,4})(?![\d.,万萬])")


def _cjk_compounds(text: str) -> str:
    """Chinese and Japanese compound numbers as one number: 61億5000万 → 6150000000,
    51万8000 → 518000 (the scan would read two)."""
    if "万" not in text and "萬" not in text and "億" not in text and "亿" not in text:
        return text
    text = _OKU_MAN.sub(lambda m: str(int(m[1]) * 10**8 + int(m[2]) * 10**4), text)
    return _MAN.sub(lambda m: str(int(m[1]) * _CJK_POWER[m[2]] + int(m[3])), text)


_CJK_POWER = {"万": 10**4, "萬": 10**4, "億": 10**8, "亿": 10**8}


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
        follow = text[end : end + 12].lstrip(" \u00a0")
        power = _CJK_SCALES.get(follow[:1], 0) or _scale_of(follow.casefold())
        if power and follow[:1].isalpha():
            items = [_scaled(items[0], power)]
    yield from items


def weight(item: str) -> int:
    """How much an item says (0: nothing). Integers below 10 are dropped: list numbers,
    counts that translations spell out ("three", "trois", "三"); integers below 100 and
    years are common to many pages (days, months, ages): weight 1; any other number, a
    code or a name: ``STRONG``."""
    if item.isdigit():
        value = int(item)
        if value < 10:
            return 0
        if value < 100 or 1900 <= value <= 2099:
            return 1
    return STRONG


STRONG = 3
