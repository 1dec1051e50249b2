"""Quality gate: extraction + cleaning on trafilatura's multilingual evaluation set, scored as
trafilatura scores it (snippets that must and must not appear, pooled over pages).

Mostly German pages, then English, French, Polish and Spanish: the language mix the
full-text sets lack. The held-out 30% of the pages (``winnow.evaluation.snippets``); no
winnow model learns from any of them. trafilatura was developed against this set and
leads here (bench/RESULTS.md); the floors catch a regression of winnow's own figures.
"""

import pytest

from conftest import shared_path

pytestmark = pytest.mark.slow

# measured 2026-11-28 on the 201 held-out pages: blocks .854, blocks + cleaning .880 (the
# block model with main-run features; .862 / .881 before); with cleaning precision .823,
# recall .945; trafilatura .919
FLOORS = {"blocks": 0.84, "winnow-blocks": 0.865}


@pytest.fixture(scope="module")
def pages():
    from winnow.evaluation.snippets import iter_snippet_pages

    return list(iter_snippet_pages(shared_path("data"), training=False))


def test_held_out_pages_are_the_thirty_percent(pages):
    assert 180 <= len(pages) <= 220
    assert all(p.present for p in pages)


def test_block_extraction_meets_floor(pages):
    from winnow.evaluation.snippets import evaluate
    from winnow.steps.html.extract import make_extractor

    assert evaluate(pages, make_extractor("blocks")).scores()["f1"] >= FLOORS["blocks"]


def test_extraction_and_cleaning_meet_floor_and_cleaning_helps(pages):
    from winnow.evaluation.pages import cleaning_extractor
    from winnow.evaluation.snippets import evaluate
    from winnow.steps.html.extract import make_extractor

    cleaned = evaluate(pages, cleaning_extractor("blocks")).scores()
    raw = evaluate(pages, make_extractor("blocks")).scores()
    assert cleaned["f1"] >= FLOORS["winnow-blocks"]
    assert cleaned["precision"] > raw["precision"]  # cleaning removes furniture snippets


def test_snippet_counting():
    from winnow.evaluation.snippets import SnippetPage, count

    page = SnippetPage(
        "u", "", ["Die GEMA dreht  völlig am Zeiger!", "fehlt"], ["Impressum", "Twitter"]
    )
    counts = count("Text.\nDie GEMA dreht völlig\nam Zeiger! Impressum", page)
    assert (counts.tp, counts.fn, counts.fp, counts.tn) == (1, 1, 1, 1)
    assert counts.scores() == {"precision": 0.5, "recall": 0.5, "accuracy": 0.5, "f1": 0.5}
