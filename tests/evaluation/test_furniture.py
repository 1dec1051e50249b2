"""The article generator of the every-language measure (``winnow.evaluation.furniture``):
a well-formed table, deterministic articles, bodies from one side of the sentence split."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from winnow.evaluation import furniture as F

SENTENCES = [
    f"Sentence number {n} tells a short story about the town and its river." for n in range(400)
]


def fake_data(root: Path, langs=("en", "de", "lg")) -> Path:
    folder = root / F.LINGUA_DIR / "sentences"
    folder.mkdir(parents=True)
    for lang in langs:
        lines = [*SENTENCES, "Wiki markup -{IC}- is not clean text and is left out."]
        (folder / f"{lang}.txt.gz").write_bytes(gzip.compress("\n".join(lines).encode()))
    return root


def test_table_covers_the_lingua_languages_lid_176_knows():
    assert len(F.LANGUAGES) == 67
    assert not set(F.LANGUAGES) & F.NOT_IN_LID
    assert F.LANGUAGES["nb"].lid == "no" and F.LANGUAGES["fr"].lid == "fr"
    for lang in F.LANGUAGES.values():
        assert set(lang.phrases) == set(F.PHRASES) and "{n}" in lang.phrases["read_time"]
        for template in lang.dates:  # every template fills
            template.format(d=1, dd="01", m=1, mm="01", M="x", y=2020, H="10", I="05", wd="y")


def test_malformed_table_is_refused():
    with pytest.raises(ValueError, match="xx"):
        F._parse("xx A|B\nJan ; Mon ; {d}\n" + "|".join(F.PHRASES) + "\n")


def test_articles_are_deterministic_and_labelled(tmp_path):
    data = fake_data(tmp_path)
    assert F.languages(data) == ["de", "en"]  # lg: no lid.176 label
    first = list(F.articles(data, "dev", seed=3, per_language=2))
    again = list(F.articles(data, "dev", seed=3, per_language=2))
    other = list(F.articles(data, "dev", seed=4, per_language=2))
    assert [a.text for a in first] == [a.text for a in again]
    assert [a.text for a in first] != [a.text for a in other]
    assert [a.doc_id for a in first[:2]] == ["de/dev/000/clean", "de/dev/000/page"]
    clean, page = first[0], first[1]
    assert {k for _, k in clean.lines} == {"body"} and not clean.furnished
    assert [line for line, k in page.lines if k == "body"] == [line for line, _ in clean.lines]
    kinds = {k for _, k in page.lines}
    assert "date" in kinds and "rights" in kinds and kinds & {"menu", "menu_item"}
    assert page.lines[-1][1] == "rights"  # the footer closes the page
    assert "{IC}" not in "".join(a.text for a in first)


def test_sides_use_disjoint_sentences(tmp_path):
    data = fake_data(tmp_path, ("en",))
    dev = F.load_sentences(data, "en", "dev")
    held = F.load_sentences(data, "en", "heldout")
    assert not set(dev) & set(held) and len(dev) + len(held) == len(SENTENCES)
    assert 0.6 < len(dev) / len(SENTENCES) < 0.8
    bodies = {line for a in F.articles(data, "heldout") for line, k in a.lines if k == "body"}
    parts = [s if s.endswith(".") else s + "." for line in bodies for s in line.split(". ")]
    assert parts and set(parts) <= set(held)


def test_native_digits_and_calendars():
    import random

    page = F._Page(F.LANGUAGES["fa"], random.Random(1), SENTENCES)
    date = page.date()
    assert any(ch in date for ch in "۰۱۲۳۴۵۶۷۸۹") and not any(
        ch.isascii() and ch.isdigit() for ch in date
    )
    thai = F._Page(F.LANGUAGES["th"], random.Random(1), SENTENCES)
    years = [
        int(tok) for tok in thai.date().replace("/", " ").split() if len(tok) == 4 and tok.isdigit()
    ]
    assert all(y >= 2559 for y in years)  # Buddhist era
