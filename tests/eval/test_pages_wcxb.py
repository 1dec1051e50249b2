"""Quality gate: HTML → text on WCXB pages (word-level F1, the benchmark's scoring)."""

import statistics

import pytest

from conftest import shared_path

pytestmark = pytest.mark.slow

PAGES = 150  # held-out pages, first by id: enough to catch a regression, quick for CI
# measured 2026-11-25 on these pages (bench/RESULTS.md has the full-set figures)
FLOORS = {"resiliparse": 0.84, "winnow-resiliparse": 0.84, "trafilatura": 0.86}  # .858 .858 .876


def load(limit: int):
    from winnow.evaluation.pages import iter_pages, word_f1

    root = shared_path("data", "wcxb")
    pages = [(html, truth) for _, html, truth in iter_pages(root, training=False, limit=limit)]
    return pages, word_f1


@pytest.fixture(scope="module")
def pages():
    return load(PAGES)


def score(pages, extract) -> float:
    data, word_f1 = pages
    return statistics.fmean(word_f1(extract(html) or "", truth) for html, truth in data)


@pytest.mark.parametrize("engine", ["resiliparse", "trafilatura"])
def test_extractors_meet_floors(pages, engine):
    from winnow.steps.extract import make_extractor

    assert score(pages, make_extractor(engine)) >= FLOORS[engine]


def test_winnow_extraction_and_cleaning(pages):
    from winnow.evaluation.pages import cleaning_extractor

    assert score(pages, cleaning_extractor("resiliparse")) >= FLOORS["winnow-resiliparse"]
