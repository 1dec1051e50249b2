"""clean.encoding: mojibake repaired in English, French, German, Japanese and Russian; text
that only looks unusual (curly quotes, guillemets, full-width forms, Portuguese 'Ã') left
alone; every repair an edit that explain and the inspector can show."""

import pytest

from articles import CAPTION, LANGS, OTHER
from winnow.document import Document
from winnow.report.explain import render_text
from winnow.report.reconstruct import reconstruct
from winnow.steps.clean.encoding import TELLS, EncodingRepair


def run_step(text: str) -> Document:
    doc = Document(id="x", text=text)
    EncodingRepair().apply(doc)
    return doc


def as_windows_1252(text: str) -> str:
    """UTF-8 bytes read as Windows-1252 (bytes 1252 leaves undefined read as Latin-1)."""
    return "".join(
        bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8")
    )


# text with letters or marks outside ASCII, as every language has
PROSE = {**CAPTION, "en": "The café’s owner said it’s been a “great” year — and a long one."}


@pytest.mark.parametrize("lang", LANGS)
def test_utf8_read_as_windows_1252_is_repaired(lang):
    good = PROSE[lang] + " " + OTHER[lang]
    bad = as_windows_1252(good)
    assert bad != good
    doc = run_step("\n".join([OTHER[lang], bad, OTHER[lang]]))
    assert doc.text == "\n".join([OTHER[lang], good, OTHER[lang]])
    (edit,) = doc.edits
    assert edit.reason == "encoding_repaired" and edit.removed == good
    assert "read as" in edit.detail and repr(bad[:20])[1:-1] in edit.detail


@pytest.mark.parametrize("lang", LANGS)
def test_utf8_read_as_latin_1_is_repaired(lang):
    good = OTHER[lang] + " “Zitat” — ‘quote’ €5"
    doc = run_step(good.encode("utf-8").decode("latin-1"))
    assert doc.text == good


def test_cyrillic_read_as_windows_1251_is_repaired():
    good = "Привет, мир! Погода сегодня хорошая."
    doc = run_step(good.encode("utf-8").decode("cp1251"))
    assert doc.text == good
    assert "windows-1251" in doc.edits[0].detail


NOT_MOJIBAKE = {
    "en": "It’s a “naïve” café — façade, 5 €, ½ price… and ﬁne print",
    "fr": "« L’été à Noël » : Élise a payé 12 € ; À bientôt… Ça y est !",
    "de": "„Größe“ ÄÖÜ äöü ß — Straße, Maßnahmen, »Zitat« und ‚halb‘",
    "ja": "ＡＢＣ１２３、「全角」と『引用』。ｶﾀｶﾅ、〜ですね！",
}


@pytest.mark.parametrize("lang", LANGS)
def test_correct_text_is_left_alone(lang):
    doc = run_step(NOT_MOJIBAKE[lang] + "\n" + CAPTION[lang])
    assert doc.text == NOT_MOJIBAKE[lang] + "\n" + CAPTION[lang] and doc.edits == []


@pytest.mark.parametrize(
    "text", ["SÃO PAULO, IRMÃ E MÃE", "Norsk «på» og «nå»", "Русский текст: Рёрих, Сёма"]
)
def test_look_alikes_are_left_alone(text):
    """Letters that can start a mojibake pair in real words: ftfy is asked and declines."""
    doc = run_step(text)
    assert doc.text == text and doc.edits == []


def test_control_characters_are_removed_tab_and_newline_kept():
    doc = run_step("col\x00umn\x07\tnext\r\nline\x1b")
    assert doc.text == "column\tnext\r\nline"
    assert "remove_control_chars" in doc.edits[0].detail
    left = Document(id="y", text="col\x00umn")
    EncodingRepair(EncodingRepair.Config(remove_control_chars=False)).apply(left)
    assert left.text == "col\x00umn" and left.edits == []


def test_the_gate_sees_every_control_character_ftfy_removes():
    from ftfy.chardata import CONTROL_CHARS

    missed = [hex(c) for c in CONTROL_CHARS if TELLS.search(f"a{chr(c)}b") is None]
    assert not missed
    assert run_step("a\u206ab\ufff9c").text == "abc"


@pytest.mark.parametrize("lang", LANGS)
def test_clean_text_is_not_sent_to_ftfy(lang):
    """The gate: text without a tell of mojibake costs one regex scan."""
    for text in (CAPTION[lang], OTHER[lang], NOT_MOJIBAKE[lang]):
        assert TELLS.search(text) is None
    assert TELLS.search(as_windows_1252(PROSE[lang])) is not None


def test_repairs_keep_offsets_for_the_inspector():
    from winnow.steps.clean.lines.step import LineCleaner

    bad = as_windows_1252("Le café de la gare a fermé ses portes après trente ans.")
    text = f"Accueil\n\n{bad}\n\nLe maire a promis de trouver un repreneur avant l'été."
    doc = Document(id="x", text=text, lang="fr")
    EncodingRepair().apply(doc)
    LineCleaner().apply(doc)
    segments = reconstruct(doc.text, [e.to_dict() for e in doc.edits])
    assert sum(s.length for s in segments) == len(text)
    shown = [(s.text, s.edit["reason"] if s.edit else None) for s in segments]
    assert ("Le café de la gare a fermé ses portes après trente ans.", "encoding_repaired") in shown
    assert shown[0] == ("Accueil\n\n", "navigation")


def test_explain_says_replaced(tmp_path):
    from winnow.recipe import load_recipe
    from winnow.report.explain import explain_file

    body = (
        "Der Gemeinderat hat am Dienstag über die neuen Radwege entlang des Flusses "
        "beraten und eine Entscheidung für das Frühjahr angekündigt. "
    )
    path = tmp_path / "page.txt"
    path.write_text(as_windows_1252(body * 3) + "\n\n" + body * 2, encoding="utf-8")
    text = render_text(explain_file(str(path), load_recipe("web")))
    assert "clean.encoding [edit]" in text
    assert "replaced (encoding_repaired)" in text and "read as" in text


def test_the_gate_pattern_is_the_plain_rule():
    """TELLS (one leading class, then a lookbehind) against the rule written out: a lead
    character followed by one of its continuations, or a character that is a tell alone."""
    import itertools
    import random
    import re

    from winnow.steps.clean import encoding as enc

    def chars(ranges: str) -> set[str]:
        return {
            ch
            for lo, hi in re.findall(r"(.)(?:-(.))?", ranges, re.S)
            for ch in map(chr, range(ord(lo), ord(hi or lo) + 1))
        }

    latin, cyrillic = chars(enc._LATIN_LEAD), chars(enc._CYRILLIC_LEAD)
    after_latin, after_cyrillic = chars(enc._W1252_CONTINUATION), chars(enc._W1251_CONTINUATION)
    alone = chars(enc._ALONE)
    pool = sorted(latin | cyrillic | after_latin | after_cyrillic) + list("abc ЖжÿĀ€\u2116")
    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 6)))
        plain = any(ch in alone for ch in text) or any(
            (a in latin and b in after_latin) or (a in cyrillic and b in after_cyrillic)
            for a, b in itertools.pairwise(text)
        )
        assert (enc.TELLS.search(text) is not None) == plain, repr(text)


def test_line_scoring_matches_a_repaired_line_to_its_label():
    """The Turku gate runs clean.encoding: a line it repaired still counts as kept."""
    from winnow.evaluation.lines import kept_mask

    bad = as_windows_1252("Die Nächte werden wärmer.")
    lines = ["Startseite", bad, "Ein zweiter Satz über das Wetter."]
    cleaned = "Die Nächte werden wärmer.\nEin zweiter Satz über das Wetter."
    assert kept_mask(lines, cleaned) == [False, True, True]
    assert kept_mask(lines, "Ein zweiter Satz über das Wetter.") == [False, False, True]
