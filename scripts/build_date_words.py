"""Build src/winnow/resources/date_words.json: the words a date-only line may hold.

`clean.lines` removes a line that is only a date ("8 juillet 2020 à 03h52", "Montag, 3.
März 2014", "2020年7月8日（水）") as page furniture. "Only a date" needs to know which words
belong to a date in each language: month and weekday names, their abbreviations, the
morning/afternoon marks, and the words date and time formats put between the parts (French
"à", German "um", Spanish "de", Swedish "kl.", Japanese 年 月 日). All of them come from the
Unicode CLDR as Babel ships it (BSD-3-Clause; Babel is installed with trafilatura), for every
language winnow has a stop-word list for; the file records Babel's CLDR version.

    python scripts/build_date_words.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import babel
from babel import Locale, UnknownLocaleError
from babel.core import get_global

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "winnow" / "resources" / "date_words.json"
LANGUAGES = sorted(json.loads((ROOT / "src/winnow/resources/stopwords.json").read_text()))
# CLDR pattern letters (y, M, d, E, H, m, s, a, z, ...) stand for values; quoted text and
# any other letters are literal words of the format
# Babel ships the Gregorian calendar only; Iranian and Afghan pages date by the Solar Hijri
# one. Its month names as CLDR gives them for Persian (calendar "persian", locale fa), and
# the zodiac names Afghan (Dari and Pashto) pages use for the same months.
SOLAR_HIJRI_MONTHS = (
    "فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند"
    " حمل ثور جوزا سرطان اسد سنبله میزان عقرب قوس جدی دلو حوت"
)
QUOTED = re.compile(r"'([^']*)'")
PATTERN_LETTERS = re.compile(r"[A-Za-z]+|\{\d\}")


def literals(pattern: str) -> list[str]:
    """The literal words of a CLDR date, time or date-time pattern."""
    quoted = QUOTED.findall(pattern)
    rest = PATTERN_LETTERS.sub(" ", QUOTED.sub(" ", pattern))
    return [*quoted, rest]


def names(locale: Locale) -> list[str]:
    out: list[str] = []
    for table in (locale.months, locale.days):
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated", "short"):
                out += list(table.get(context, {}).get(width, {}).values())
    for width in ("wide", "abbreviated"):
        periods = locale.day_periods.get("format", {}).get(width, {})
        out += [periods.get("am", ""), periods.get("pm", "")]
    patterns = [
        str(p.pattern) if hasattr(p, "pattern") else str(p)
        for table in (locale.date_formats, locale.time_formats)
        for p in table.values()
    ]
    patterns += [str(p) for p in locale.datetime_formats.values()]
    patterns += [str(p) for p in locale._data.get("datetime_formats_relative", {}).values()]
    for pattern in patterns:
        out += literals(pattern)
    return out


def words_of(text: str) -> set[str]:
    """Lower-cased pieces with a letter, abbreviation dots and commas stripped; a CJK run
    splits into its characters (年 月 日 時 分 are words of their own)."""
    out = set()
    for piece in re.split(r"[\s,.\u200e\u200f]+", text.casefold()):
        piece = piece.strip("()（）'\"-–:：/")
        if not piece or not any(ch.isalpha() for ch in piece):
            continue
        if any("\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" for ch in piece):
            out.update(ch for ch in piece if ch.isalpha())
        out.add(piece)
    return out


def main() -> None:
    words: set[str] = set()
    covered = []
    for code in LANGUAGES:
        try:
            locale = Locale.parse(code)
        except (UnknownLocaleError, ValueError):
            continue
        covered.append(code)
        for name in names(locale):
            words |= words_of(name)
    words |= words_of(SOLAR_HIJRI_MONTHS)
    words |= {"h"}  # the hour mark of "03h52", "10 h 30", common far beyond the locales
    data = {
        "source": f"Unicode CLDR {get_global('cldr')['version']} via Babel {babel.__version__}"
        " (Gregorian calendar), and CLDR's Persian Solar Hijri month names",
        "languages": covered,
        "words": sorted(words),
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(words)} words, {len(covered)} languages)")


if __name__ == "__main__":
    main()
