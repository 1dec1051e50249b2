"""Quality gate: HTML → text on held-out extraction pages (word-level F1, WCXB's scoring).

The block model trains on the other side of the same split (scripts/train_block_model.py),
so these pages were never seen by it. Floors sit a little under the measured figures
(bench/RESULTS.md has the full held-out sets).
"""

import statistics

import pytest

from conftest import shared_path

pytestmark = pytest.mark.slow

WCXB_PAGES = 150  # held-out WCXB pages, first by id: enough to catch a regression, quick
# measured on these pages: resiliparse .858, trafilatura .876 (2026-11-25); blocks .895, with
# cleaning .908 (2026-11-28, main-run block features; .906 / .918 before, while the whole
# 391 held-out pages went .841 / .839 -> .841 / .845)
FLOORS = {"resiliparse": 0.84, "trafilatura": 0.86, "blocks": 0.89, "winnow-blocks": 0.90}
# Scrapinghub news articles, all 33 held-out pages: measured .910 (trafilatura .942)
ARTICLE_FLOORS = {"blocks": 0.87}
# Extraction + cleaning on the two sets no winnow model learns from (every page held out),
# measured 2026-11-29 (trafilatura in brackets): L3S-GN1 2008 news, 392 pages .862 (.858;
# .837 before the parse repairs for runaway titles and text in <head>, .851 before readers'
# comment sections were left out); Readability's real test pages, a dozen languages, 71
# pages .917 (.944; .903 with the comments, .911 with the blocks inside <aside> and <nav>)
CLEANED_FLOORS = {"l3s-gn1": 0.85, "readability": 0.90}


def load(source: str, limit: int | None):
    from winnow.evaluation.extraction_sets import iter_set

    pages = list(iter_set(shared_path("data"), source, training=False))[:limit]
    return [(p.html, p.truth) for p in pages]


@pytest.fixture(scope="module")
def pages():
    return load("wcxb", WCXB_PAGES)


def score(data, extract) -> float:
    from winnow.evaluation.pages import word_f1

    return statistics.fmean(word_f1(extract(html) or "", truth) for html, truth in data)


@pytest.mark.parametrize("engine", ["resiliparse", "trafilatura", "blocks"])
def test_extractors_meet_floors(pages, engine):
    from winnow.steps.html.extract import make_extractor

    assert score(pages, make_extractor(engine)) >= FLOORS[engine]


def test_blocks_at_least_as_good_as_trafilatura(pages):
    from winnow.steps.html.extract import make_extractor

    assert score(pages, make_extractor("blocks")) >= score(pages, make_extractor("trafilatura"))


def test_winnow_extraction_and_cleaning(pages):
    from winnow.evaluation.pages import cleaning_extractor

    assert score(pages, cleaning_extractor("blocks")) >= FLOORS["winnow-blocks"]


def test_blocks_on_news_articles():
    from winnow.steps.html.extract import make_extractor

    data = load("scrapinghub", None)
    assert score(data, make_extractor("blocks")) >= ARTICLE_FLOORS["blocks"]


@pytest.mark.parametrize("source", sorted(CLEANED_FLOORS))
def test_extraction_and_cleaning_on_the_other_sets(source):
    from winnow.evaluation.pages import cleaning_extractor

    data = load(source, None)
    assert len(data) >= 20
    assert score(data, cleaning_extractor("blocks")) >= CLEANED_FLOORS[source]
