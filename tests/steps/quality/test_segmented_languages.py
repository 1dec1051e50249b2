"""The word-based quality rules on languages whose words are not what spaces delimit:
Thai-like runs segmented into words (winnow.text_segment), Korean's own mean word length
range, and clean prose of every lingua language kept (issue 33)."""

from __future__ import annotations

import gzip
import importlib.util
import random

import pytest

from conftest import shared_path
from winnow.document import Document
from winnow.errors import ConfigError
from winnow.recipe import StepSpec, build_config, load_recipe
from winnow.registry import get_step
from winnow.steps.quality.c4 import C4Quality
from winnow.steps.quality.common import gopher_tokens
from winnow.steps.quality.gopher import GopherQuality
from winnow.text_segment import segment_runs

HAS_ICU = importlib.util.find_spec("icu4py") is not None
SEGMENTERS = ["chunks", pytest.param("icu", marks=pytest.mark.skipif(not HAS_ICU, reason="icu4py"))]

# Thai phrases between spaces, each beside a number, as Thai news is written: one token per
# phrase made a third of the "words" digits.
THAI = " ".join(
    f"{phrase} {number}"
    for phrase, number in zip(
        ["ปล่อยเต่าทะเลและปลูกปะการัง", "เกาะทะลุเฉลิมพระเกียรติ", "บัญชีผู้สอบได้ให้ใช้ไม่เกิน"] * 12,
        [str(2559 + i) for i in range(36)],
        strict=True,
    )
)


def _alpha_ratio(words: list[str]) -> float:
    return sum(any(map(str.isalpha, w)) for w in words) / len(words)


@pytest.mark.parametrize("segmenter", SEGMENTERS)
def test_thai_phrases_count_their_words(segmenter):
    doc = Document(id="t", text=THAI, lang="th")
    assert _alpha_ratio(gopher_tokens(doc, "words")) < 0.8  # phrases as one token each
    assert _alpha_ratio(gopher_tokens(doc, "words", segmenter)) > 0.8
    step = GopherQuality(GopherQuality.Config(tokens="words", segmenter=segmenter))
    step.apply(doc)
    assert doc.rejection is None, doc.rejection
    assert doc.signals["alpha_words_ratio"] > 0.8


def test_numbers_alone_are_still_non_alpha():
    """Segmenting adds words only where there are letters: a page of figures still fails."""
    text = " ".join(f"{i}.{i % 7} ราคา" if i % 10 == 0 else str(i) for i in range(200))
    doc = Document(id="n", text=text, lang="th")
    GopherQuality(GopherQuality.Config(tokens="words")).apply(doc)
    assert doc.rejection is not None and doc.rejection.reason == "gopher_non_alpha_words"


@pytest.mark.skipif(not HAS_ICU, reason="icu4py")
def test_icu_segments_thai_lao_khmer_into_whole_runs():
    runs = ["ปล่อยเต่าทะเลและปลูกปะการัง", "ຂ້ອຍຮັກເຈົ້າຫຼາຍ", "ខ្ញុំស្រឡាញ់អ្នក"]
    tokens = ["a", runs[0], "12", runs[1], runs[2], runs[0]]
    out = segment_runs(tokens, "icu")
    assert out[0] == "a" and "12" in out
    assert "".join(out) == "".join(tokens)  # every character, in order
    assert "เต่า" in out and "ທະເລ" not in out and len(out) > len(tokens) + 6


def test_korean_uses_its_own_word_length_range():
    # eojeol of two syllable blocks: mean 2.5 < Gopher's 3, inside Korean's 2 to 6
    text = " ".join(["오늘 날씨가 아주 좋아서 공원에 갔다."] * 12)
    ko = Document(id="k", text=text, lang="ko")
    GopherQuality(GopherQuality.Config(tokens="words", min_stop_words=0)).apply(ko)
    assert ko.rejection is None, ko.rejection
    unknown = Document(id="u", text=text, lang=None)
    GopherQuality(GopherQuality.Config(tokens="words", min_stop_words=0)).apply(unknown)
    assert unknown.rejection is not None
    assert unknown.rejection.reason == "gopher_below_avg_word_length"
    short = Document(id="s", text=" ".join(["가 나 다 라 마 바 사."] * 12), lang="ko")
    GopherQuality(GopherQuality.Config(tokens="words", min_stop_words=0)).apply(short)
    assert short.rejection is not None and "< 2.0 (ko)" in short.rejection.detail


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("quality.gopher", {"segmenter": "spaces"}, "segmenter must be one of"),
        ("quality.gopher_repetition", {"segmenter": "x"}, "segmenter must be one of"),
        ("quality.fineweb", {"segmenter": "x"}, "segmenter must be one of"),
        ("quality.gopher", {"word_length_ranges": {"ko": [6, 2]}}, "0 <= min < max"),
    ],
)
def test_bad_parameters_are_config_errors(name, params, message):
    with pytest.raises(ConfigError, match=message):
        build_config(StepSpec(name, params))


def test_c4_braced_word_is_not_code_when_asked():
    sentences = " ".join(f"Sentence number {i} is here." for i in range(6))
    markup = f"Height 298 -{{m}}- above the sea. {sentences}"
    code = f"Call it as f() {{ return 1; }} in your file. {sentences}"
    for text, braced, removed in ((markup, True, False), (markup, False, True), (code, True, True)):
        doc = Document(id="c", text=text)
        C4Quality(C4Quality.Config(line_rules="off", ignore_braced_words=braced)).apply(doc)
        assert (doc.rejection is not None) == removed, (text, braced)


def _lingua_documents(lang: str, docs: int = 40, per_doc: int = 15) -> list[str]:
    path = shared_path("data", "lingua-language-testdata", "sentences", f"{lang}.txt.gz")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        pool = [s.strip() for s in f if s.strip()]
    rng = random.Random(lang)
    return ["\n".join(rng.sample(pool, per_doc)) for _ in range(docs)]


@pytest.mark.parametrize("lang", ["th", "ko", "ja", "zh", "en", "fi", "vi"])
def test_clean_prose_is_kept_by_the_web_recipe_gopher_rules(lang):
    """Before issue 33: th 38%, ko 84% (research/quality_languages.py, 200 documents)."""
    specs = {s.name: s for s in load_recipe("web").steps}
    steps = []
    for name in ("quality.gopher", "quality.gopher_repetition", "quality.fineweb"):
        steps.append(get_step(name)(build_config(specs[name])))
    texts = _lingua_documents(lang)
    kept = 0
    for i, text in enumerate(texts):
        doc = Document(id=str(i), text=text, lang=lang, lang_score=0.9)
        for step in steps:
            step.apply(doc)
        kept += doc.rejection is None
    assert kept / len(texts) >= 0.9, f"{lang}: {kept} of {len(texts)} kept"


@pytest.mark.parametrize("segmenter", SEGMENTERS)
@pytest.mark.parametrize("unit", ["ภาษาไทยง่ายมาก", "ภาษาไทย 1 ", "ຂ້ອຍຮັກ ខ្ញុំ "])
def test_segmenting_stays_linear(segmenter, unit):
    from test_linear_time import growth

    step = GopherQuality(GopherQuality.Config(tokens="words", segmenter=segmenter))
    growth(
        lambda text: step.apply(Document(id="g", text=text, lang="th")),
        lambda n: unit * max(1, n // len(unit)),
    )
