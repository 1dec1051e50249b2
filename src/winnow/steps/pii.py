"""``pii.redact``: replace personal data with typed placeholders.

E-mail addresses, IPv4/IPv6 addresses, phone numbers, IBANs (ISO 13616: the country's
length and the mod-97 checksum) and payment card numbers (Luhn checksum). Candidates are
found with bounded, linear-time patterns, then judged with their context, because a bare
run of digits is ambiguous: "06.11.2023 13" is a date and an hour, "17.0.4.1" after
"version" is a version, "logo@2x.png" is a file. A phone number needs a prefix ("+", a
phone word such as "Tel." or "電話" before it) or a phone-like grouping (a trunk "0" and one
separator throughout, or North America's 3-3-4); an IPv4 address needs four octets ≤ 255
and no version context; an IBAN is redacted whole or not at all, and an IBAN-shaped run
that fails its checksum is left whole too (no other pattern may take its middle). The
original value is never stored: each replacement is recorded as an edit that names the
type and the length only.
"""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from winnow.document import Document, Edit
from winnow.registry import register
from winnow.step import Step, StepKind
from winnow.text import SPACED_WORD_CHAR

# Boundaries are letters and digits of spaced scripts only (W): Japanese or Chinese text
# runs straight into an address or a number ("電話03-1234-5678まで"), and a kana before an
# e-mail address is not part of it. Hangul too: Korean particles join the number before
# them ("010-1234-5678로").
W = SPACED_WORD_CHAR[:-1] + "\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]"
_W_CHAR = re.compile(W)
EMAIL = re.compile(
    f"(?<!{W}|[.+\\-])(?:{W}|[.+\\-]){{1,64}}"
    r"@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){1,8}"
)
# Each pattern opens with the character every match starts with and checks the character
# before it from there: a pattern that opens with a lookbehind is tried at every position of
# the text, one that opens with a character only where that character occurs (much less
# time on digit-free text: research/HISTORY.md, session 9; the same matches: tests
# compare them with the plain forms).
IPV4 = re.compile(r"\d(?<![\d.]\d)\d{0,2}\.(?:\d{1,3}\.){2}\d{1,3}(?!\d|\.\d)")
IPV6 = re.compile(f"[0-9A-Fa-f:](?<!(?:{W}|:)[0-9A-Fa-f:])[0-9A-Fa-f:]{{2,38}}(?!{W}|:)")
PHONE_INTL = re.compile(
    f"\\+(?<!(?:{W}|\\+)\\+)"
    r"\d{1,3}(?:[ .\-]?\(?\d{1,4}\)?){2,6}"
    f"(?!{W})"
)
# "(" or the first digit; three digits in all, with or without the bracket
PHONE_NANP = re.compile(
    f"[(\\d](?<!(?:{W}|\\()[(\\d])(?:(?<=\\()\\d{{3}}|(?<=\\d)\\d{{2}})"
    r"\)?[ .\-]\d{3}[ .\-]\d{4}"
    f"(?!{W})"
)
PHONE_TRUNK = re.compile(
    f"0(?<!(?:{W}|[.,/\\-])0)"
    r"\d{1,4}(?:[ .\-/]\d{2,8}){1,4}"
    f"(?![.,/\\-]\\d|{W})"
)
# Any grouping of digits, for numbers that follow a phone word ("Tel. 91 123 45 67",
# "電話 138 1234 5678"): digit runs between single separators, an area code in brackets.
# Atomic: the groups are maximal runs, so nothing is tried twice.
PHONE_LOCAL = re.compile(
    f"[(\\d](?<!(?:{W}|[(.,/\\-])[(\\d])"
    r"(?>(?:(?<=\()\d{1,12}|(?<=\d)\d{0,11})\)?(?:[ .\-/]\(?\d{1,12}\)?){0,6})"
    f"(?!\\d|{W})"
)
# Country code, check digits, then the BBAN's characters with at most one separator
# (space, no-break space, hyphen) between any two: the length is the country's (checked
# after), so the run may go on past the IBAN's end ("…0130 00BIC").
IBAN = re.compile(
    f"[A-Z](?<!{W}[A-Z])"
    r"[A-Z]\d{2}(?:[ \u00a0\u202f\-]?[A-Z0-9]){11,30}"
)
CARD = re.compile(r"\d(?<![\d\-]\d)(?:[ \-]?\d){12,18}(?![\d\-])")

# IBAN length per country (SWIFT IBAN Registry, ISO 13616): the BBAN ends there.
_IBAN_TABLE = """
15 NO
16 BE
18 DK FI FK FO GL NL SD
19 MK SI
20 AT BA EE KZ LT LU MN XK
21 CH HR LI LV
22 BG BH CR DE GB GE IE ME RS VA
23 AE GI IL IQ OM SO TL
24 AD CZ ES MD PK RO SA SE SK TN VG
25 LY PT ST
26 IS TR
27 BI DJ FR GR IT MC MR SM
28 AL AZ BY CY DO GT HN HU LB NI PL SV
29 BR EG PS QA UA
30 JO KW MU YE
31 MT SC
32 LC
33 RU
"""
IBAN_LENGTHS = {
    country: int(row.split()[0])
    for row in _IBAN_TABLE.strip().splitlines()
    for country in row.split()[1:]
}

# Context words, matched in the few characters before a candidate (no digit between).
# Spaced scripts need a word start; CJK, Thai and Korean words stand anywhere.
_PHONE_WORDS = (
    "tel|tél|tlf|tfn|telf|phone|ph|mobile|mobil|móvil|movil|cell|cellulare|handy|natel|fax"
    "|whatsapp|hotline|call|telefon|telephone|téléphone|teléfono|telefone|telefono|telefoon"
    "|telefonnummer|rufnummer|puh|puhelin|fone|celular|contacto|contato|ligue|llame|appelez"
    "|numer|номер|тел|телефон|тлф|τηλ|τηλέφωνο|טל|טלפון|هاتف|تلفن|موبایل|điện thoại|đt"
    "|telepon|hp|फोन|फ़ोन|मोबाइल|ফোন|মোবাইল"
)
_PHONE_WORDS_UNSPACED = "電話|电话|手机|手機|携帯|聯絡|联系|전화|연락처|휴대폰|โทร|มือถือ"
PHONE_BEFORE = re.compile(
    f"(?:(?<![^\\W\\d_])(?i:{_PHONE_WORDS})(?![^\\W\\d_])|{_PHONE_WORDS_UNSPACED})"
    r"[^\d\n]{0,20}$"
)
_VERSION_WORDS = (
    "v|ver|vers|version|versions|release|build|update|firmware|patch|driver|kernel|versión"
    "|versão|versione|versie|wersja|verze|verzió|versiunea|sürüm|versiyon|версия|версии"
    "|версію|верзија|έκδοση|גרסה|גרסת|إصدار|الإصدار|نسخه|phiên bản|versi|section|sect"
    "|chapter|clause|article|abschnitt|kapitel|artikel|chapitre|capítulo|capitolo|sección"
    "|пункт|раздел|статья|rozdział|isbn|issn|doi|ean|gtin|upc|sku|order|item|part|model"
    "|modell|serial|ref|bestellnummer|artikelnummer|seriennummer|kundennummer|best\\.-nr"
    "|art\\.-nr|réf|référence|commande|pedido|referencia"
)
_VERSION_WORDS_UNSPACED = "§|バージョン|版本|版|버전|เวอร์ชัน|รุ่น|संस्करण|章|節|节|条"
# a version, a section number or a catalogue number, not an address or a phone
NUMBER_NAMED = re.compile(
    f"(?:(?<![^\\W\\d_])(?i:{_VERSION_WORDS})(?![^\\W\\d_])|{_VERSION_WORDS_UNSPACED})"
    r"[^\d\n]{0,4}$"
)
# day, month and a four-digit year: "06.11.2023", "6/11/2023", "06-11-2023"
DATE_START = re.compile(r"(\d{1,2})([./\-])(\d{1,2})\2(?:1[89]|20)\d\d(?!\d)")
CONTEXT = 32  # characters before a candidate that its context words are looked for in
_FILE_SUFFIXES = (
    "png jpg jpeg gif svg webp avif ico bmp tif tiff js mjs css map json html htm php txt"
    " pdf mp4 webm mp3 woff woff2 ttf"
)
FILE_SUFFIXES = frozenset(_FILE_SUFFIXES.split())


class PiiType(StrEnum):
    EMAIL = "pii_email"
    IP = "pii_ip_address"
    PHONE = "pii_phone"
    IBAN = "pii_iban"
    CARD = "pii_card_number"


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban_ok(candidate: str) -> bool:
    """The ISO 13616 check: the country's length and the mod-97 checksum."""
    iban = "".join(ch for ch in candidate if ch.isalnum()).upper()
    if len(iban) != IBAN_LENGTHS.get(iban[:2], 0) or not iban[2:4].isdigit():
        return False
    moved = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in moved)
    return int(number) % 97 == 1


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _before(text: str, start: int, pattern: re.Pattern[str]) -> bool:
    return pattern.search(text, max(0, start - CONTEXT), start) is not None


# A finder yields (start, end, valid) spans: a valid span is redacted, an invalid one is
# only claimed (nothing else may be found inside it: an IBAN-shaped run with a wrong
# checksum is not a phone number in its middle).
Finder = Callable[[str], Iterator[tuple[int, int, bool]]]


def find_pii(text: str, kinds: set[PiiType]) -> list[tuple[int, int, PiiType]]:
    """Validated spans, earlier types winning overlaps (e-mail before IBAN, card, IP, phone)."""
    found: list[tuple[int, int, PiiType]] = []
    taken = bytearray(len(text))  # characters already inside a found span

    def add(finder: Finder, kind: PiiType, needs: bool = True, claim: bool = False) -> None:
        # needs: what every valid match requires; claim: run even when the kind is off, so
        # that its invalid or unwanted spans still shield their insides
        if not needs or (kind not in kinds and not claim):
            return
        for start, end, valid in finder(text):
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            if valid and kind in kinds:
                found.append((start, end, kind))

    add(_emails, PiiType.EMAIL, needs="@" in text)
    add(_ibans, PiiType.IBAN, claim=True)
    add(_matches(CARD, _card_ok), PiiType.CARD)
    add(_ipv4s, PiiType.IP, claim=True)
    add(_matches(IPV6, lambda t, m: _ipv6_ok(m.group())), PiiType.IP, needs=text.count(":") >= 2)
    add(_matches(PHONE_INTL, _intl_ok), PiiType.PHONE, needs="+" in text)
    add(_matches(PHONE_LOCAL, _local_ok), PiiType.PHONE)
    add(_matches(PHONE_NANP, _nanp_ok), PiiType.PHONE)
    add(_matches(PHONE_TRUNK, _trunk_ok), PiiType.PHONE)
    return sorted(found)


def _matches(pattern: re.Pattern[str], valid: Callable[[str, re.Match[str]], bool]) -> Finder:
    """The pattern's valid matches (invalid ones are not claimed: others may match there)."""

    def finder(text: str) -> Iterator[tuple[int, int, bool]]:
        for m in pattern.finditer(text):
            if valid(text, m):
                yield m.start(), m.end(), True

    return finder


def _emails(text: str) -> Iterator[tuple[int, int, bool]]:
    for m in EMAIL.finditer(text):
        suffix = m.group().rsplit(".", 1)[1].lower()
        # a top-level domain is letters ("logo@2x.png" is an image, "pkg@1.2.3" a version)
        if (suffix.isalpha() or suffix.startswith("xn--")) and suffix not in FILE_SUFFIXES:
            yield m.start(), m.end(), True


def _ibans(text: str) -> Iterator[tuple[int, int, bool]]:
    """IBANs cut at their country's length. Searched from the end of the last one, so that
    a run that went on past an IBAN's end ("… 00 oder BE43 …") does not hide the next."""
    pos = 0
    while (m := IBAN.search(text, pos)) is not None:
        length = IBAN_LENGTHS.get(m.group()[:2])
        end, seen = m.start(), 0
        if length is not None:
            for i, ch in enumerate(m.group()):
                seen += ch.isalnum()
                if seen == length:
                    end = m.start() + i + 1
                    break
        if seen != length or (end < len(text) and text[end].isdigit()):
            pos = m.start() + 1  # not this country's length, or a longer number
            continue
        yield m.start(), end, iban_ok(text[m.start() : end])
        pos = end


def _ipv4s(text: str) -> Iterator[tuple[int, int, bool]]:
    """Four octets ≤ 255, not a version ("version 17.0.4.1", "v1.2.3.4", "1.2.3.4-beta",
    "Chrome/120.0.0.0") or a section number: those are claimed, so that no phone pattern
    takes a part of them."""
    for m in IPV4.finditer(text):
        if not all(int(p) <= 255 for p in m.group().split(".")):
            continue
        start, end = m.span()
        before = text[max(0, start - 2) : start]
        # "v1.2.3.4", "pkg==1.2.3.4", "Chrome/120.0.0.0" (not "http://10.0.0.1")
        glued_before = bool(before) and (
            _W_CHAR.match(before[-1]) is not None
            or before[-1] == "="
            or (before[-1] == "/" and _W_CHAR.match(before[0]) is not None)
        )
        after = text[end : end + 2]
        glued_after = bool(after) and (
            _W_CHAR.match(after[0]) is not None
            or (after[0] in "-_+" and len(after) > 1 and after[1].isalpha())
        )
        named = _before(text, start, NUMBER_NAMED)
        yield start, end, not (glued_before or glued_after or named)


def _time_follows(text: str, end: int) -> bool:
    """'13' in "06.11.2023 13:45" or "13h45" is an hour."""
    nxt = text[end : end + 2]
    return len(nxt) == 2 and nxt[0] in ":hH" and nxt[1].isdigit()


def _not_a_date_or_code(text: str, m: re.Match[str]) -> bool:
    return (
        DATE_START.match(m.group().lstrip("(")) is None
        and not _time_follows(text, m.end())
        and not _before(text, m.start(), NUMBER_NAMED)
    )


def _intl_ok(text: str, m: re.Match[str]) -> bool:
    return 8 <= len(_digits(m.group())) <= 15 and not _time_follows(text, m.end())


def _local_ok(text: str, m: re.Match[str]) -> bool:
    """Any grouping, after a phone word."""
    return (
        7 <= len(_digits(m.group())) <= 15
        and _before(text, m.start(), PHONE_BEFORE)
        and _not_a_date_or_code(text, m)
    )


def _nanp_ok(text: str, m: re.Match[str]) -> bool:
    """3-3-4, the area code and exchange starting 2–9 (NANP numbering plan)."""
    digits = _digits(m.group())
    return digits[0] not in "01" and digits[3] not in "01" and _not_a_date_or_code(text, m)


def _trunk_ok(text: str, m: re.Match[str]) -> bool:
    """A trunk '0' and one separator throughout (the area code's may differ: "030/1234 5678")."""
    s = m.group()
    separators = [ch for ch in s if not ch.isdigit()]
    return (
        9 <= len(_digits(s)) <= 12
        and len(set(separators[1:])) <= 1
        and _not_a_date_or_code(text, m)
    )


def _card_ok(text: str, m: re.Match[str]) -> bool:
    """13–19 digits, an issuer prefix in use (2–6: Mastercard, Amex, Visa, Discover…), Luhn."""
    digits = _digits(m.group())
    return (
        13 <= len(digits) <= 19
        and digits[0] in "23456"
        and len(set(digits)) > 1
        and luhn_ok(digits)
    )


def _ipv6_ok(candidate: str) -> bool:
    if candidate.count(":") < 2:
        return False
    try:
        return isinstance(ipaddress.ip_address(candidate), ipaddress.IPv6Address)
    except ValueError:
        return False


@register
class PiiRedactor(Step):
    """Replace e-mails, IPs, phone numbers, IBANs and card numbers with typed placeholders."""

    name = "pii.redact"
    kind = StepKind.EDIT
    Reason = PiiType

    @dataclass
    class Config:
        kinds: list[str] = field(default_factory=lambda: [str(k) for k in PiiType])
        placeholders: dict[str, str] = field(
            default_factory=lambda: {
                "pii_email": "<EMAIL>",
                "pii_ip_address": "<IP_ADDRESS>",
                "pii_phone": "<PHONE>",
                "pii_iban": "<IBAN>",
                "pii_card_number": "<CARD_NUMBER>",
            }
        )

        def validate(self) -> None:
            valid = {str(k) for k in PiiType}
            unknown = set(self.kinds) - valid
            if unknown:
                raise ValueError(f"unknown PII kinds {sorted(unknown)}; valid: {sorted(valid)}")

    def setup(self) -> None:
        self._kinds = {PiiType(k) for k in self.config.kinds}

    def apply(self, doc: Document) -> None:
        if not hasattr(self, "_kinds"):
            self.setup()
        spans = find_pii(doc.text, self._kinds)
        if not spans:
            return
        text = doc.text
        pieces, cursor = [], 0
        counts: Counter[str] = Counter()
        for start, end, kind in spans:
            placeholder = self.config.placeholders.get(str(kind), f"<{kind.upper()}>")
            pieces += [text[cursor:start], placeholder]
            cursor = end
            counts[str(kind)] += 1
            doc.edits.append(
                Edit(
                    step=self.name,
                    reason=str(kind),
                    removed=placeholder,
                    start=start,
                    end=end,
                    detail=f"{end - start} characters replaced by {placeholder}",
                )
            )
        pieces.append(text[cursor:])
        doc.text = "".join(pieces)
        doc.signals["pii"] = dict(sorted(counts.items()))
