"""pii.redact with context: a labelled set of true personal data and hard negatives (dates
with hours, versions, section and catalogue numbers, prices, file names, IBANs with a
wrong checksum) in several languages, scored for precision and recall; and the checks
that make each decision."""

from __future__ import annotations

import pytest

from winnow.document import Document
from winnow.recipe import ConfigError, StepSpec, build_config
from winnow.steps.pii import PiiRedactor, PiiType, find_pii, iban_ok

E, IP, PH, IB, CC = "pii_email", "pii_ip_address", "pii_phone", "pii_iban", "pii_card_number"

# (language, text, [(kind, exact text redacted), ...])
POSITIVES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("en", "Write to jane.doe@example.com for details.", [(E, "jane.doe@example.com")]),
    ("en", "Call (415) 555-2671 today.", [(PH, "(415) 555-2671")]),
    ("en", "Our office: 212-555-0147, open 9 to 5.", [(PH, "212-555-0147")]),
    ("en", "Phone: +1 415 555 2671", [(PH, "+1 415 555 2671")]),
    ("en", "The server at 192.168.1.20 did not answer.", [(IP, "192.168.1.20")]),
    ("en", "Ping 10.0.0.1 and 8.8.8.8 first.", [(IP, "10.0.0.1"), (IP, "8.8.8.8")]),
    ("en", "UK office 020 7946 0018, ask for Sam.", [(PH, "020 7946 0018")]),
    ("en", "Mobile 07700 900123 after six.", [(PH, "07700 900123")]),
    ("en", "Pay to GB29 NWBK 6016 1331 9268 19 by Friday.", [(IB, "GB29 NWBK 6016 1331 9268 19")]),
    ("en", "Card 4111 1111 1111 1111 was charged.", [(CC, "4111 1111 1111 1111")]),
    ("fr", "Appelez le 01 42 68 53 00 demain.", [(PH, "01 42 68 53 00")]),
    ("fr", "Portable : 06.12.34.56.78", [(PH, "06.12.34.56.78")]),
    ("fr", "Joignable au +33 6 12 34 56 78.", [(PH, "+33 6 12 34 56 78")]),
    ("fr", "Tél. : 04 72 10 30 30", [(PH, "04 72 10 30 30")]),
    ("fr", "RIB : FR76 3000 6000 0112 3456 7890 189", [(IB, "FR76 3000 6000 0112 3456 7890 189")]),
    ("fr", "Écrivez à marie.dupont@exemple.fr.", [(E, "marie.dupont@exemple.fr")]),
    ("de", "Telefon: 030 12345678", [(PH, "030 12345678")]),
    ("de", "Rufen Sie 030/1234 5678 an.", [(PH, "030/1234 5678")]),
    ("de", "Mobil 0171 1234567, abends.", [(PH, "0171 1234567")]),
    ("de", "Tel.: +49 (0) 30 1234567", [(PH, "+49 (0) 30 1234567")]),
    ("de", "IBAN: DE89 3704 0044 0532 0130 00", [(IB, "DE89 3704 0044 0532 0130 00")]),
    ("de", "IBAN DE89370400440532013000.", [(IB, "DE89370400440532013000")]),
    (
        "de",
        "IBAN: DE89 3704 0044 0532 0130 00BIC: COBADEFFXXX",
        [(IB, "DE89 3704 0044 0532 0130 00")],
    ),
    (
        "de",
        "Konto DE89\u00a03704\u00a00044\u00a00532\u00a00130\u00a000 bei der Bank.",
        [(IB, "DE89\u00a03704\u00a00044\u00a00532\u00a00130\u00a000")],
    ),
    (
        "de",
        "Spenden: AT61 1904 3002 3457 3201 oder CH93 0076 2011 6238 5295 7.",
        [(IB, "AT61 1904 3002 3457 3201"), (IB, "CH93 0076 2011 6238 5295 7")],
    ),
    ("de", "Mail an max.mustermann@beispiel.de senden.", [(E, "max.mustermann@beispiel.de")]),
    ("es", "Teléfono: 91 123 45 67", [(PH, "91 123 45 67")]),
    ("es", "Móvil 612 345 678 (WhatsApp).", [(PH, "612 345 678")]),
    ("es", "Cuenta ES91 2100 0418 4502 0005 1332.", [(IB, "ES91 2100 0418 4502 0005 1332")]),
    ("it", "Chiamate lo 06 1234 5678.", [(PH, "06 1234 5678")]),
    ("it", "IBAN IT60 X054 2811 1010 0000 0123 456", [(IB, "IT60 X054 2811 1010 0000 0123 456")]),
    (
        "nl",
        "Bel 020-1234567 of mail info@voorbeeld.nl.",
        [(PH, "020-1234567"), (E, "info@voorbeeld.nl")],
    ),
    ("nl", "Rekening NL91 ABNA 0417 1643 00.", [(IB, "NL91 ABNA 0417 1643 00")]),
    ("pt", "Ligue (11) 91234-5678 hoje.", [(PH, "(11) 91234-5678")]),
    ("ru", "Тел. 8 (495) 123-45-67, звоните.", [(PH, "8 (495) 123-45-67")]),
    ("ru", "Пишите на ivan.petrov@example.ru.", [(E, "ivan.petrov@example.ru")]),
    (
        "pl",
        "Numer konta PL61 1090 1014 0000 0712 1981 2874.",
        [(IB, "PL61 1090 1014 0000 0712 1981 2874")],
    ),
    ("ja", "電話: +81 3-1234-5678まで。", [(PH, "+81 3-1234-5678")]),
    ("ja", "お問い合わせは03-1234-5678へ。", [(PH, "03-1234-5678")]),
    ("ja", "サーバー192.168.0.10に接続する。", [(IP, "192.168.0.10")]),
    ("zh", "电话 138 1234 5678，请联系。", [(PH, "138 1234 5678")]),
    ("ko", "전화 010-1234-5678로 연락하세요.", [(PH, "010-1234-5678")]),
    ("ko", "서울 02-123-4567 번으로.", [(PH, "02-123-4567")]),
    ("th", "โทร 02 123 4567 ได้ทุกวัน", [(PH, "02 123 4567")]),
    ("tr", "Bizi 0212 123 45 67 numaradan arayın.", [(PH, "0212 123 45 67")]),
    ("en", "IPv6 gateway fe80::1ff:fe23:4567:890a here.", [(IP, "fe80::1ff:fe23:4567:890a")]),
    ("en", "Amex 3782 822463 10005 on file.", [(CC, "3782 822463 10005")]),
]

# texts with no personal data in them: each looks like one kind
NEGATIVES: list[tuple[str, str]] = [
    ("de", "Aktualisiert am 06.11.2023 13:45 Uhr von der Redaktion."),
    ("de", "Am 19.06.2022, 20:10 Uhr begann das Konzert."),
    ("fr", "Le 08.07.2020 à 03h52, plus de 60 000 nouveaux cas."),
    ("es", "Actualizado: 08/07/2020 - 03:52 h"),
    ("en", "Posted 05/06/2021 10:30 by admin"),
    ("pt", "Publicado em 06-11-2023 13:45"),
    ("en", "Install version 17.0.4.1 before the update."),
    ("en", "Fixed in v1.2.3.4 and later."),
    ("en", "Tested on Chrome 120.0.6099.109 and Firefox."),
    ("en", "Release 2.0.1.5 is out now."),
    ("en", "Build 10.0.19041.1 of Windows."),
    ("de", "Die Version 4.2.1.0 bringt neue Funktionen."),
    ("fr", "La versión 3.1.0.2 corrige le bug."),
    ("ru", "Вышла версия 1.0.2.3 программы."),
    ("ja", "バージョン1.2.3.4をインストールする。"),
    ("zh", "版本 2.1.0.7 已发布。"),
    ("en", "The package 1.2.3.4-beta ships today."),
    ("en", "See section 1.2.3.4 of the standard."),
    ("de", "Gemäß § 2.1.3.4 der Satzung."),
    ("en", "ISBN 0-306-40615-2 is on the back."),
    ("en", "Price: $1,299.99, was 1.499,00 €."),
    ("de", "Einwohner: 3.645.000 im Jahr 2023."),
    ("en", "Download logo@2x.png and icon@3x.webp."),
    ("en", "Install react@18.2.0 with npm."),
    ("de", "IBAN DE89 3704 0044 0532 0130 01 ist ungültig."),
    ("de", "Beispiel: DE00 1234 5678 9012 3456 78"),
    ("en", "Order 4111 1111 1111 1112 shipped."),
    ("en", "Times: 12:30:45 and 08:15."),
    ("en", "Call of Duty 2 sold 5,200,000 copies."),
    ("en", "In 2019-2020 the team won 12-3."),
    ("fr", "Score final : 03.04.2024"),
    ("en", "Coordinates 0.123456 0.654321 mark the spot."),
    ("en", "The ratio was 0.25 0.50 0.75 across runs."),
    ("ja", "2023年3月14日 09:41、作業員が働いている。"),
    ("ko", "입력 2021.03.12 14:05 수정"),
    ("th", "วันที่ 06.11.2566 เวลา 13:45 น."),
    ("en", "Model number 0-8044-2957-X is discontinued."),
    ("en", "From 1.1.2020 to 31.12.2020 prices rose."),
    ("de", "Bestellnummer 0123-4567-89 ist vergriffen."),
    ("en", "Kernel 5.15.0.91 fixed the issue."),
    ("it", "Aggiornato il 06/11/2023 13:45"),
    ("en", "The gene map 1.2.3.4b is outdated."),
]


# Written after the rules above were set, as a check on them (one rule was added after
# it: a version glued by "/" or "=", as in "Chrome/120.0.0.0"); its two errors stay listed.
HELD_OUT_POSITIVES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("de", "Kontakt: info@firma-beispiel.de oder 089 / 1234 5678", [(E, "info@firma-beispiel.de")]),
    (
        "en",
        "Contact us at +44 20 7946 0958 or sales@shop.co.uk.",
        [(PH, "+44 20 7946 0958"), (E, "sales@shop.co.uk")],
    ),
    ("fr", "Numéro : 01 23 45 67 89", [(PH, "01 23 45 67 89")]),
    ("de", "Per WhatsApp: 0176 98765432", [(PH, "0176 98765432")]),
    ("en", "Call us: 1-800-555-0199", [(PH, "1-800-555-0199")]),
    ("it", "Telefono 02 8765 4321, Milano", [(PH, "02 8765 4321")]),
    ("nl", "IBAN BE68 5390 0754 7034, BIC GKCCBEBB", [(IB, "BE68 5390 0754 7034")]),
    ("de", "Überweisung an DE02120300000000202051 bitte", [(IB, "DE02120300000000202051")]),
    ("es", "Cuenta: ES7921000813610123456789", [(IB, "ES7921000813610123456789")]),
    ("en", "the host 172.16.254.1 responded", [(IP, "172.16.254.1")]),
    ("de", "IP-Adresse 85.214.132.117 gesperrt", [(IP, "85.214.132.117")]),
    ("ru", "Телефон: +7 912 345-67-89", [(PH, "+7 912 345-67-89")]),
    ("ja", "お電話は 090-1234-5678 まで", [(PH, "090-1234-5678")]),
    ("zh", "联系电话：010-12345678", [(PH, "010-12345678")]),
    ("fr", "Tel 0 800 123 456", [(PH, "0 800 123 456")]),
    ("en", "visa 4012 8888 8888 1881 expired", [(CC, "4012 8888 8888 1881")]),
    ("fi", "Puhelin 09 123 4567", [(PH, "09 123 4567")]),
    ("pt", "Telefone: (21) 3456-7890", [(PH, "(21) 3456-7890")]),
    ("el", "Αριθμός τηλ. 210 123 4567", [(PH, "210 123 4567")]),
    ("da", "tlf. 12 34 56 78 (Danmark)", [(PH, "12 34 56 78")]),
]
HELD_OUT_NEGATIVES = [
    "Updated 2024/03/05 08:00",
    "Stand: 01.02.2024, 09:15 Uhr",
    "Firmware 3.10.2.4 released",
    "Android 4.4.2.1 devices",  # taken for an address: a product name is no version word
    "see clause 4.1.2.3 below",
    "Postleitzahl 01067 Dresden",
    "The years 0 100 200 300 were notable",
    "ratio 0.1 0.2 0.3 0.4",
    "Tickets 0 10 20 30 40 50",
    "from 10:00 to 18:00 daily",
    "pip install pkg==1.2.3.4",
    "GTIN 0 12345 67890 5",
    "Published 12.12.2012 12:12",
    "Score 3-1, 2-2, 0-0",
    "Lot 0123 4567 89 recalled",  # taken for a phone: trunk 0, one separator throughout
    "Chrome/120.0.0.0 Safari/537.36",
    "SHA 0a1b2c3d4e5f",
    "Invoice 2024-0001-17",
    "At 06.11.23 13:45",
    "Fr 06.11.2023 - 13:00",
]


def _score(found_fn, positives=POSITIVES, negatives=NEGATIVES) -> tuple[float, float, int, int]:
    tp = fp = fn = 0
    for _, text, gold in positives:
        got = [(str(k), text[a:b]) for a, b, k in found_fn(text)]
        tp += sum(1 for g in gold if g in got)
        fn += sum(1 for g in gold if g not in got)
        fp += sum(1 for g in got if g not in gold)
    for negative in negatives:
        fp += len(found_fn(negative if isinstance(negative, str) else negative[1]))
    precision = tp / max(tp + fp, 1)
    recall = tp / max(tp + fn, 1)
    return precision, recall, fp, fn


def test_labelled_set_is_large_enough():
    assert sum(len(g) for _, _, g in POSITIVES) >= 40
    assert len(NEGATIVES) >= 40
    assert len({lang for lang, _, _ in POSITIVES}) >= 10


def test_precision_and_recall_on_the_labelled_set():
    # before context checks (same set): precision 0.656, recall 0.840; after: 1.0, 1.0
    precision, recall, fp, fn = _score(lambda t: find_pii(t, set(PiiType)))
    assert precision >= 0.98, (precision, fp)
    assert recall >= 0.95, (recall, fn)


def test_precision_and_recall_on_the_held_out_set():
    # before: precision 0.708, recall 0.810; after: 0.913, 1.0 (two false positives)
    precision, recall, fp, fn = _score(
        lambda t: find_pii(t, set(PiiType)), HELD_OUT_POSITIVES, HELD_OUT_NEGATIVES
    )
    assert precision >= 0.9, (precision, fp)
    assert recall >= 0.95, (recall, fn)


@pytest.mark.parametrize(("lang", "text", "gold"), POSITIVES, ids=lambda x: str(x)[:30])
def test_positive_is_redacted_whole(lang, text, gold):
    doc = Document(id="p", text=text, lang=lang)
    PiiRedactor().apply(doc)
    got = [(e.reason, text[e.start : e.end]) for e in doc.edits]
    assert sorted(got) == sorted(gold)


@pytest.mark.parametrize(("lang", "text"), NEGATIVES, ids=lambda x: str(x)[:30])
def test_hard_negative_is_left_alone(lang, text):
    doc = Document(id="n", text=text, lang=lang)
    PiiRedactor().apply(doc)
    assert doc.text == text, [(e.reason, text[e.start : e.end]) for e in doc.edits]


def test_iban_is_whole_or_nothing():
    good = "DE89 3704 0044 0532 0130 00"
    assert iban_ok(good) and iban_ok(good.replace(" ", "\u00a0"))
    assert not iban_ok(good + " 12")  # longer than Germany's 22
    assert not iban_ok("DE89 3704 0044 0532 0130 01")  # checksum
    # a wrong checksum: nothing redacted, not even its digits as a phone or a card
    for bad in ("DE89 3704 0044 0532 0130 01", "DE89 3704 0044 0532 0130 01BIC"):
        assert find_pii(f"IBAN: {bad} x", set(PiiType)) == []
    # a longer number is not an IBAN with digits after it
    assert find_pii("Ref DE89 3704 0044 0532 0130 0012", {PiiType.IBAN}) == []
    # with IBANs off, an IBAN's middle is still not a phone number
    assert find_pii(f"IBAN: {good}BIC", {PiiType.PHONE, PiiType.CARD}) == []


def test_phone_needs_grouping_or_a_phone_word():
    kinds = {PiiType.PHONE}
    assert find_pii("Tel. 91 123 45 67", kinds)  # a phone word: any grouping
    assert find_pii("Sala 91 123 45 67", kinds) == []  # no word, no trunk 0, not 3-3-4
    assert find_pii("ruf 030 1234-5678 an", kinds)  # area code's separator may differ
    assert find_pii("am 030 12.34 5678", kinds) == []  # mixed separators, no phone word
    assert find_pii("Telefon 06.11.2023 13:45", kinds) == []  # a date, even after the word
    assert find_pii("hotel 91 123 45 67", kinds) == []  # "tel" inside a word is not one


def test_ip_version_context():
    kinds = {PiiType.IP}
    assert find_pii("host 10.1.2.3 is up", kinds)
    assert find_pii("version 10.1.2.3 is up", kinds) == []
    assert find_pii("versions: 10.1.2.3", kinds) == []
    assert find_pii("10.1.2.3, version 2", kinds)  # the word after it does not count
    assert find_pii("1.2.3.256", kinds) == []


@pytest.mark.parametrize(
    "unit",
    ["DE89 ", "DE891", "AB12CDEF ", "Tel 0 ", "(1) ", "v1.2.3.4 ", "0-1 2.3/4 ", "電話 1-"],
)
def test_pii_stays_linear_on_number_runs(unit):
    """Runs of IBAN-, phone- and IP-like pieces: each pattern looks a bounded distance ahead,
    the context a fixed window behind (the growth check of tests/test_linear_time.py)."""
    from test_linear_time import growth

    growth(lambda text: find_pii(text, set(PiiType)), lambda n: unit * max(1, n // len(unit)))


def test_bad_kind_is_a_config_error():
    with pytest.raises((ConfigError, ValueError), match="unknown PII kinds"):
        build_config(StepSpec("pii.redact", {"kinds": ["pii_passport"]}))
