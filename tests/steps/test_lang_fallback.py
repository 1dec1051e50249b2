"""lang.identify's fallback (CLD2) and lang.filter's related groups (issue 33)."""

import sys

import pytest

from conftest import TEXTS, shared_path
from winnow.document import Document
from winnow.errors import ConfigError, MissingExtraError
from winnow.recipe import StepSpec, build_config
from winnow.steps import lang_fallback
from winnow.steps.lang import LanguageFilter, LanguageId

RELATED = list(lang_fallback.RELATED)


def lingua_article(lang: str, n: int = 14) -> str:
    from winnow.evaluation import furniture

    folder = shared_path("data", furniture.LINGUA_DIR).parent
    return " ".join(furniture.load_sentences(folder, lang, "dev")[:n])


def run(text: str, identify: dict, filt: dict) -> Document:
    doc = Document(id="x", text=text)
    steps = [
        LanguageId(LanguageId.Config(**identify)),
        LanguageFilter(LanguageFilter.Config(**filt)),
    ]
    for step in steps:
        step.setup()
        if doc.rejection is None:
            step.apply(doc)
    return doc


AFTER = ({"fallback": "cld2"}, {"min_score": 0.5, "related": RELATED})
TODAY: tuple[dict, dict] = ({}, {"min_score": 0.5})


@pytest.mark.parametrize("lang", ["so", "yo"])
def test_weak_language_is_lost_by_lid_alone_and_kept_with_the_fallback(lang):
    pytest.importorskip("pycld2")
    text = lingua_article(lang)
    before = run(text, *TODAY)
    assert before.rejection is not None and before.rejection.reason == "lang_low_score"
    after = run(text, *AFTER)
    assert after.rejection is None
    assert after.lang == lang and after.signals["lang_by"] == "cld2"
    assert after.lang_score >= 0.7 and after.signals["lang_top"][before.lang] < 0.5


def test_bosnian_kept_as_its_serbo_croatian_group():
    text = lingua_article("bs")
    before = run(text, *TODAY)
    assert before.rejection is not None  # lid.176 splits it between hr, sh and bs
    after = run(text, {}, {"min_score": 0.5, "related": RELATED})
    assert after.rejection is None and after.lang in {"bs", "hr", "sh", "sr"}
    assert after.signals["lang_group_score"] >= 0.5 > after.lang_score


def test_related_groups_summed_and_explained_in_the_detail():
    step = LanguageFilter(LanguageFilter.Config(min_score=0.5, related=["bs hr sh sr"]))
    step.setup()
    top = {"hr": 0.2, "en": 0.3, "sr": 0.1}
    low = Document(id="a", text="x", lang="hr", lang_score=0.2, signals={"lang_top": dict(top)})
    step.apply(low)
    assert low.rejection is not None
    assert "hr score 0.20 (related bs+hr+sh+sr summed: 0.30) < min_score 0.5" in (
        low.rejection.detail
    )
    top = {"hr": 0.35, "sh": 0.3, "en": 0.1}
    ok = Document(id="b", text="x", lang="hr", lang_score=0.35, signals={"lang_top": top})
    step.apply(ok)
    assert ok.rejection is None and ok.signals["lang_group_score"] == 0.65
    alone = LanguageFilter(LanguageFilter.Config(min_score=0.5))  # FineWeb's: each on its own
    alone.setup()
    same = Document(id="c", text="x", lang="hr", lang_score=0.35, signals={"lang_top": top})
    alone.apply(same)
    assert same.rejection is not None and "related" not in same.rejection.detail


def test_fallback_does_not_rescue_a_page_in_a_language_lid_knows():
    pytest.importorskip("pycld2")
    doc = run("esk8.news esk8 calc donate now", *AFTER)  # lid.176: eu, low; CLD2: en
    assert doc.rejection is not None and doc.rejection.reason == "lang_low_score"
    assert doc.signals["lang_fallback"].startswith("en ") and "lang_by" not in doc.signals


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_confident_languages_unchanged_and_fallback_not_consulted(lang):
    pytest.importorskip("pycld2")
    plain, fallback = run(TEXTS[lang], *TODAY), run(TEXTS[lang], *AFTER)
    assert (plain.lang, plain.lang_score) == (fallback.lang, fallback.lang_score)
    assert "lang_fallback" not in fallback.signals


def test_cld2_reads_text_it_would_refuse():
    pytest.importorskip("pycld2")
    detect = lang_fallback.Cld2()
    text = TEXTS["fr"] + "\x00\x07 \ud800 " + TEXTS["fr"]
    assert detect(text) is not None and detect(text)[0] == "fr"  # type: ignore[index]
    assert detect("") is None


def test_missing_pycld2_is_one_clear_line(monkeypatch):
    monkeypatch.setitem(sys.modules, "pycld2", None)
    step = LanguageId(LanguageId.Config(fallback="cld2"))
    with pytest.raises(MissingExtraError, match=r"pycld2 is missing, although winnow depends"):
        step.setup()


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("lang.identify", {"fallback": "heliport"}, "unknown fallback 'heliport'"),
        ("lang.identify", {"fallback_min": 1.5}, "fallback_min must be within"),
        ("lang.identify", {"related": ["hr"]}, "needs two labels or more"),
        ("lang.filter", {"related": ["hr sr", "sr bs"]}, "in two related groups"),
    ],
)
def test_bad_parameters_are_config_errors(name, params, message):
    with pytest.raises(ConfigError, match=message):
        build_config(StepSpec(name, params))


def test_groups_parse():
    parsed = lang_fallback.groups(["bs+hr sh", "nn no"])
    assert parsed["sh"] == frozenset({"bs", "hr", "sh"}) and parsed["no"] == {"nn", "no"}
    score = lang_fallback.group_score("hr", {"hr": 0.4, "bs": 0.2, "en": 0.3}, parsed)
    assert score == pytest.approx(0.6)
    assert lang_fallback.group_score("en", {"hr": 0.4, "en": 0.3}, parsed) == 0.3


def with_fake_fallback(answer, **params):
    """lang.identify whose fallback answers ``answer`` (label, share) or None."""
    pytest.importorskip("pycld2")
    step = LanguageId(LanguageId.Config(fallback="cld2", **params))
    step.setup()
    step._fallback = lambda text: answer  # type: ignore[assignment]
    return step


@pytest.mark.parametrize(
    ("answer", "params", "lang", "by"),
    [
        (("bs", 0.99), {}, "bs", "cld2"),  # lid.176 says hr (group): the group member wins
        (("en", 0.99), {}, "hr", None),  # outside the group: lid.176's label stands
        (("bs", 0.6), {}, "hr", None),  # below fallback_min
        (None, {}, "hr", None),  # the fallback is unsure
        (("bs", 0.99), {"related": []}, "hr", None),  # no groups, hr confident: not consulted
    ],
)
def test_fallback_picks_within_the_related_group(answer, params, lang, by):
    step = with_fake_fallback(answer, **params)
    doc = Document(id="x", text=lingua_article("hr"))
    step.apply(doc)
    assert doc.lang == lang and doc.signals.get("lang_by") == by
