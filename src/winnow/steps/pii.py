"""``pii.redact``: replace personal data with typed placeholders.

E-mail addresses, IPv4/IPv6 addresses, phone numbers (international ``+CC`` form and the
common national forms: North American, and trunk-prefix ``0…`` numbers as written in
Europe), IBANs (ISO 13616 mod-97 checksum) and payment card numbers (Luhn checksum).
Candidates are found with bounded, linear-time patterns, then validated, so dates, prices
and version numbers are left alone. The original value is never stored: each replacement
is recorded as an edit that names the type and the length only.
"""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from winnow.document import Document, Edit
from winnow.registry import register
from winnow.step import Step, StepKind
from winnow.text import SPACED_WORD_CHAR

# Boundaries are letters and digits of spaced scripts only (W): Japanese or Chinese text
# runs straight into an address or a number ("電話03-1234-5678まで"), and a kana before an
# e-mail address is not part of it.
W = SPACED_WORD_CHAR
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
IBAN = re.compile(
    f"[A-Z](?<!{W}[A-Z])"
    r"[A-Z]\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?"
    f"(?!{W})"
)
CARD = re.compile(r"\d(?<![\d\-]\d)(?:[ \-]?\d){12,18}(?![\d\-])")


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
    iban = candidate.replace(" ", "")
    if not 15 <= len(iban) <= 34:
        return False
    moved = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in moved)
    return int(number) % 97 == 1


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def find_pii(text: str, kinds: set[PiiType]) -> list[tuple[int, int, PiiType]]:
    """Validated spans, earlier types winning overlaps (e-mail before IP before phone)."""
    found: list[tuple[int, int, PiiType]] = []
    taken = bytearray(len(text))  # characters already inside a found span

    def add(
        pattern: re.Pattern[str],
        kind: PiiType,
        valid: Callable[[str], bool] | None = None,
        needs: bool = True,
    ) -> None:
        if kind not in kinds or not needs:  # needs: what every valid match requires
            return
        for m in pattern.finditer(text):
            if valid is not None and not valid(m.group()):
                continue
            if any(taken[m.start() : m.end()]):
                continue
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            found.append((m.start(), m.end(), kind))

    add(EMAIL, PiiType.EMAIL, needs="@" in text)
    add(IBAN, PiiType.IBAN, iban_ok)
    add(CARD, PiiType.CARD, _card_ok)
    add(IPV4, PiiType.IP, lambda s: all(int(p) <= 255 for p in s.split(".")))
    add(IPV6, PiiType.IP, _ipv6_ok, needs=text.count(":") >= 2)
    add(PHONE_INTL, PiiType.PHONE, lambda s: 8 <= len(_digits(s)) <= 15, needs="+" in text)
    add(PHONE_NANP, PiiType.PHONE)
    add(PHONE_TRUNK, PiiType.PHONE, lambda s: 9 <= len(_digits(s)) <= 12)
    return sorted(found)


def _card_ok(candidate: str) -> bool:
    """13–19 digits, an issuer prefix in use (2–6: Mastercard, Amex, Visa, Discover…), Luhn."""
    digits = _digits(candidate)
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
