import time

import pytest

from conftest import TEXTS, page, shared_path
from winnow.document import Document
from winnow.steps.html.extract import HtmlExtract
from winnow.steps.lang import LanguageFilter, LanguageId
from winnow.util.timeout import StepTimeout, time_limit


@pytest.fixture(scope="module")
def langid():
    step = LanguageId()
    step.setup()
    return step


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_language_of_each_sample_text(langid, lang):
    doc = Document(id="x", text=TEXTS[lang])
    langid.apply(doc)
    assert doc.lang == lang and doc.lang_score > 0.8


def test_seed_is_french_with_high_confidence(langid):
    seed = shared_path("seed", "fr-news-crawl.txt")
    doc = Document(id="seed", text=seed.read_text(encoding="utf-8"))
    langid.apply(doc)
    assert doc.lang == "fr" and doc.lang_score >= 0.9


def test_all_caps_copy_keeps_its_language(langid):
    doc = Document(id="x", text=TEXTS["fr"].upper())
    langid.apply(doc)
    assert doc.lang == "fr"


def test_language_id_reads_the_head_or_with_max_chars_0_the_whole_text():
    """The default reads the first max_chars characters; 0 reads everything (the fineweb
    recipe, as datatrove does). A negative limit is refused."""
    head = TEXTS["en"] + "\n"
    text = head + ("\n" + TEXTS["fr"]) * 40  # a short English head, a long French body
    short = LanguageId(LanguageId.Config(max_chars=len(head)))
    whole = LanguageId(LanguageId.Config(max_chars=0))
    for step in (short, whole):
        step.setup()
    a, b = Document(id="a", text=text), Document(id="b", text=text)
    short.apply(a)
    whole.apply(b)
    assert a.lang == "en" and b.lang == "fr"
    with pytest.raises(ValueError, match="max_chars"):
        LanguageId.Config(max_chars=-1).validate()


def test_language_filter_reasons():
    step = LanguageFilter(LanguageFilter.Config(languages=["fr", "de"], min_score=0.7))
    low = Document(id="a", text="x", lang="fr", lang_score=0.4)
    other = Document(id="b", text="x", lang="en", lang_score=0.99)
    good = Document(id="c", text="x", lang="de", lang_score=0.95)
    unknown = Document(id="d", text="", lang=None)
    for d in (low, other, good, unknown):
        step.apply(d)
    assert low.rejection.reason == "lang_low_score"
    assert "0.40 < min_score 0.7" in low.rejection.detail
    assert other.rejection.reason == "lang_unwanted"
    assert good.rejection is None
    assert unknown.rejection.reason == "lang_unknown"


@pytest.mark.parametrize("engine", ["trafilatura", "resiliparse", "blocks"])
def test_extraction_keeps_article_drops_navigation(engine):
    step = HtmlExtract(HtmlExtract.Config(engine=engine))
    step.setup()
    body = " ".join([TEXTS["en"]] * 3)
    doc = Document(id="p", text="", html=page("Beach clean-up", body))
    step.apply(doc)
    assert doc.rejection is None
    assert TEXTS["en"][:60] in doc.text
    assert "© 2026 Example" not in doc.text
    assert doc.html is None and doc.metadata["title"] == "Beach clean-up"


def test_extraction_rejects_empty_and_oversized_pages():
    step = HtmlExtract(HtmlExtract.Config(max_html_bytes=1000))
    step.setup()
    empty = Document(id="e", text="", html="<html><body></body></html>")
    step.apply(empty)
    assert empty.rejection.reason == "no_text"
    big = Document(id="b", text="", html="<p>" + "x" * 5000 + "</p>")
    step.apply(big)
    assert big.rejection.reason == "html_too_large" and "5,007" in big.rejection.detail


def test_hostile_html_does_not_crash():
    step = HtmlExtract(HtmlExtract.Config(timeout_s=5))
    step.setup()
    for html in [
        "<div>" * 20000 + "deep" + "</div>" * 20000,
        "<html><body><p>\x00\x01\x02 binary \xff junk</p>",
        "<script>" + "a" * 100000,
        "<<<<>>>>&&&;;;",
        "<table>" * 5000,
    ]:
        doc = Document(id="h", text="", html=html)
        step.apply(doc)  # either text or a reason, never an exception
        assert doc.rejection is None or doc.rejection.step == "html.extract"


def test_time_limit_interrupts_a_slow_call():
    start = time.perf_counter()
    with pytest.raises(StepTimeout), time_limit(0.2):
        while True:
            sum(range(1000))
    assert time.perf_counter() - start < 2
