"""quality.flagged_words: the share of words on the document language's flagged list."""

from __future__ import annotations

import re
import time

import pytest
import yaml

from articles import article
from winnow.document import Document
from winnow.errors import ConfigError
from winnow.recipe import parse_recipe
from winnow.steps.quality.flagged_words import FlaggedWords, _lists, covered_languages

DETAIL = re.compile(r"^(0\.\d+|1) of (\d+) words flagged > max_ratio ([\d.]+) \((\w+)\)$")
DENSE = (
    "You are a fucking asshole. Shut the fuck up, you piece of shit, you bastard. "
    "What a load of bullshit from that motherfucker."
)


def judged(text: str, lang: str | None, **config: object) -> Document:
    doc = Document(id="x", text=text, lang=lang)
    FlaggedWords(FlaggedWords.Config(**config)).apply(doc)
    return doc


def ratio(doc: Document) -> float:
    value = doc.signals["flagged_words_ratio"]
    assert isinstance(value, float)
    return value


def recipe(params: str) -> None:
    parse_recipe(yaml.safe_load(f"steps:\n  - quality.flagged_words: {params}\n"))


def test_text_dense_with_flagged_words_is_removed_with_its_share_and_bar() -> None:
    doc = judged(DENSE, "en")
    assert doc.rejection is not None
    assert doc.rejection.step == "quality.flagged_words"
    assert doc.rejection.reason == "flagged_words_ratio"
    match = DETAIL.match(doc.rejection.detail)
    assert match, doc.rejection.detail
    assert match.group(3, 4) == ("0.045", "en")
    assert int(match.group(2)) == 23
    # fucking, asshole, fuck, "piece of shit" (an entry of three words), bastard, bullshit,
    # motherfucker
    assert ratio(doc) == pytest.approx(9 / 23, abs=1e-4)


@pytest.mark.parametrize("lang", ["en", "de", "fr", "ja"])
def test_clean_prose_is_kept_with_a_zero_share(lang: str) -> None:
    doc = judged(article(lang), lang)
    assert doc.kept
    assert ratio(doc) == 0.0


def test_one_flagged_word_in_long_prose_is_kept() -> None:
    text = article("en") + "\n\nThe mayor called the plan bullshit."
    doc = judged(text, "en")
    assert doc.kept
    assert 0 < ratio(doc) < 0.01
    assert judged(text, "en", max_ratio=0.0).rejection is not None  # C4: none at all


def test_per_language_bar_overrides_the_default_for_that_language_only() -> None:
    body = article("de")
    text = body + "\n\nDas ist doch Scheiße, sagte er, so eine Scheiße."
    assert judged(text, "de").kept
    strict = judged(text, "de", max_ratio_by_lang={"de": 0.001})
    assert strict.rejection is not None
    assert strict.rejection.detail.endswith("> max_ratio 0.001 (de)")
    english = article("en") + "\n\nThe mayor called the plan bullshit."
    assert judged(english, "en", max_ratio_by_lang={"de": 0.001}).kept
    assert judged(DENSE, "en", max_ratio_by_lang={"en": 0.5}).kept


@pytest.mark.parametrize("lang", ["sw", None])
def test_language_without_a_list_is_annotated_none_and_kept(lang: str | None) -> None:
    doc = judged(DENSE, lang)
    assert doc.kept
    assert doc.signals["flagged_words_ratio"] is None


def test_lists_are_per_language() -> None:
    assert judged(DENSE, "de").kept  # English swearing is not on the German list
    assert judged(DENSE, "en").rejection is not None


def test_phrases_count_their_words_once_and_the_share_stays_below_one() -> None:
    # "2 girls 1 cup" is one entry of four words
    doc = judged("watch 2 girls 1 cup now", "en", max_ratio=1.0)
    assert ratio(doc) == pytest.approx(4 / 6, abs=1e-4)
    # "piece of shit" and "shit" overlap: three words flagged, not four
    assert ratio(judged("a piece of shit", "en")) == pytest.approx(3 / 4, abs=1e-4)
    assert judged("2 girls", "en").kept  # the start of a phrase alone is not flagged
    assert ratio(judged("fuck fuck shit", "en")) == 1.0


def test_chinese_and_japanese_entries_are_runs_of_characters() -> None:
    doc = judged("他妈的，这个地方很好。", "zh")
    assert ratio(doc) == pytest.approx(3 / 9, abs=1e-4)
    assert doc.rejection is not None
    # a single character (性, 乳) is not on the list: it would flag 可能性 and 乳製品
    assert ratio(judged("这种可能性很大，乳制品的性能也好。", "zh")) == 0.0
    assert ratio(judged("彼の話はエッチすぎる。", "ja")) > 0.045


def test_thai_entries_are_found_at_syllable_edges() -> None:
    assert ratio(judged("ไอ้เหี้ย มึงเป็นควย", "th")) > 0.3
    assert ratio(judged("กู้เงินธนาคารเพื่อซื้อบ้าน", "th")) == 0.0  # กู in กู้ (to borrow)
    # words are chunks of a Thai run (about a word each), not the runs between spaces: one
    # flagged word in a paragraph is a small share
    prose = "ห้องสมุดจะเปิดจนดึกในช่วงสอบเพื่อให้นักศึกษาทำงานได้ " * 5
    doc = judged(prose + "ควย", "th")
    assert doc.kept
    assert 0 < ratio(doc) < 0.045


def test_every_entry_of_every_list_is_found_in_its_language() -> None:
    missed = {
        lang: [w for w in words if ratio(judged(w, lang, max_ratio=1.0)) == 0.0]
        for lang, words in _lists().items()
    }
    assert not {lang: words for lang, words in missed.items() if words}


def test_matching_is_linear_on_hostile_text() -> None:
    # every character starts several entries (他妈的, 他奶奶的 …): still one pass
    text = "他" * 200_000 + "妈" * 200_000
    start = time.perf_counter()
    doc = judged(text, "zh")
    assert time.perf_counter() - start < 5
    assert doc.kept


def test_catalogue_line_names_the_languages_covered() -> None:
    langs = covered_languages()
    assert {"en", "de", "fr", "es", "ru", "zh", "ja", "th", "tr", "ar"} <= set(langs)
    assert FlaggedWords.covered_languages() == langs
    assert FlaggedWords.describe().endswith(f"(languages: {', '.join(langs)})")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ("{max_ratio: -0.1}", "max_ratio must be a number from 0 to 1"),
        ("{max_ratio: 1.5}", "max_ratio must be a number from 0 to 1"),
        ("{max_ratio_by_lang: {xx: 0.1}}", "no flagged-words list for 'xx'"),
        ("{max_ratio_by_lang: {sw: 0.1}}", "no flagged-words list for 'sw'"),
        ("{max_ratio_by_lang: {de: -1}}", r"max_ratio_by_lang\[de\] must be a number"),
        ("{max_ratio_by_lang: {no: 0.1}}", "quote 'no'"),
        ("{max_ratio_by_lang: [de]}", "must be a mapping"),
    ],
)
def test_bad_parameters_fail_before_any_work(params: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        recipe(params)


def test_good_parameters_parse() -> None:
    recipe("{max_ratio: 0, max_ratio_by_lang: {'no': 0.01, de: 1}}")
