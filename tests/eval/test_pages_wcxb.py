"""Quality gate: HTML → text on WCXB pages (word-level F1, the benchmark's scoring)."""

import gzip
import json
import statistics

import pytest

from conftest import ROOT, shared_path

pytestmark = pytest.mark.slow

PAGES = 150  # the first pages by id: enough to catch a regression, quick enough for CI
# measured 2026-11-25 on these pages (bench/RESULTS.md has the full-set figures)
FLOORS = {"resiliparse": 0.89, "winnow-resiliparse": 0.89, "trafilatura": 0.90}  # .908 .905 .918


def load(limit: int):
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    from extraction import word_f1

    root = shared_path("data", "wcxb")
    pages = []
    for html_path in sorted((root / "html").glob("*.html.gz")):
        truth = json.loads(gzip.decompress(
            (root / "ground-truth" / html_path.name.replace(".html.gz", ".json.gz"))
            .read_bytes()))["ground_truth"].get("main_content")
        if truth:
            pages.append((gzip.decompress(html_path.read_bytes()).decode("utf-8", "replace"),
                          truth))
        if len(pages) >= limit:
            break
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
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    from pages import winnow_extractor

    assert score(pages, winnow_extractor("resiliparse")) >= FLOORS["winnow-resiliparse"]
