"""Quality gate for dedup.crosslingual on the articles written for it (tests/eval/crosslingual):
translations into 15 languages (Arabic, Chinese, Greek, Hindi, Japanese and Russian among
them), distractors on the same topics, a third of the translations in a content site's
furniture, and real monolingual pages from ../shared mixed in.

Measured (order-insensitive skeleton, defaults: names off, min_tokens 6): articles 1–30
recall .987 (152/154 pairs; was .968 before scale words became whole words with the long
scale, stacked CJK units and Dutch/Swedish "miljard"), held-out 31–40 recall .875 (42/48:
a32's skeleton weighs 5, under min_tokens), precision 1.000 over every link with 296
monolingual pages (96 lingua, 200 WCXB) mixed in. Floors sit a little under those figures.
"""

from pathlib import Path

import pytest

from conftest import shared_path
from winnow.evaluation.crosslingual import (
    Item,
    evaluate,
    lingua_documents,
    read_set,
    wcxb_documents,
    wrapped,
)

SET = Path(__file__).parent / "crosslingual"
FLOORS = {"dev": 0.96, "held-out": 0.85}
PRECISION = 0.97


@pytest.fixture(scope="module")
def articles():
    return wrapped(read_set(SET))


def test_the_set_has_what_the_issue_asks(articles):
    families = {i.family for i in articles if i.family.startswith("a")}
    assert len(families) == 40
    langs = {i.lang for i in articles}
    assert {"ru", "ja", "zh", "ar", "el", "hi"} <= langs
    assert sum(i.role == "distractor" for i in articles) >= 10


def test_recall_and_precision_on_the_articles_alone(articles):
    scores = evaluate(articles)
    for split, floor in FLOORS.items():
        assert scores[split].recall >= floor, (split, scores[split].missed)
    assert scores["all"].precision >= PRECISION, scores["all"].false_links


@pytest.mark.slow
def test_monolingual_pages_are_linked_to_nothing_and_the_seed_is_linked(articles):
    shared = shared_path()
    seed = Item("seed-fr", "seed", "fr", (shared / "seed" / "fr-news-crawl.txt").read_text())
    pages = lingua_documents(shared) + wcxb_documents(shared)
    assert len(pages) >= 200
    scores = evaluate([*articles, seed, *pages])
    assert scores["all"].precision >= PRECISION, scores["all"].false_links
    real = ("lingua-", "wcxb-")
    assert not [p for p in scores["all"].false_links if any(x.startswith(real) for x in p)]
    assert ("seed-en", "seed-fr") not in scores["all"].missed
    for split, floor in FLOORS.items():
        assert scores[split].recall >= floor, (split, scores[split].missed)
