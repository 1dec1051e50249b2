"""Quality gate for issue 33: whole pages through the ``web`` recipe, judged as a reader
would (``winnow.evaluation.web_eval``; figures in bench/RESULTS.md, ``bench/web_eval.py``).

The floors are the held-out side of each source (the 30% no setting is tuned on), a little
under the figures measured at the commit the harness was written against (d28a0f7,
2026-12-07), so that a regression fails CI and an improvement moves the floor up. The
scoring functions are checked first on hand-made cases.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest

from conftest import ROOT, shared_path
from winnow.document import Document, Edit, Rejection
from winnow.evaluation import web_eval as W
from winnow.evaluation.furniture import Article

# --------------------------------------------------------------- scoring, hand-made cases


def test_precision_and_recall_are_bags_of_lowercased_words():
    p, r = W.precision_recall("The cat sat. Share this!", "the CAT sat on the mat")
    assert (p, r) == (3 / 5, 3 / 6)
    assert W.precision_recall("", "") == (1.0, 1.0)
    assert W.precision_recall("", "words") == (0.0, 0.0)
    # multiset: a word repeated in the output beyond the gold's count is junk
    assert W.precision_recall("menu menu menu text", "menu text")[0] == 0.5


def test_snippets_count_long_ones_not_in_the_gold_text():
    text = "Body text here.\nAll rights  reserved by Example\nHome"
    snippets = [
        "All rights reserved by Example",
        "Home",
        "Newsletter sign-up form",
        "BODY TEXT HERE.",
    ]
    # "Home" is too short, "BODY TEXT HERE." (case kept, as trafilatura compares) is absent
    assert W.snippets_found(text, snippets) == (1, 3)
    # a snippet the gold text itself holds cannot be held against the output
    assert W.snippets_found(text, snippets, gold="All rights reserved by Example") == (0, 2)


def test_junk_lines_are_the_lines_not_in_the_gold_text():
    gold = "A long article about bees.\n\nBees make honey in summer, and people eat it."
    text = "A long article about bees.\nShare on Facebook\nBees make honey in summer,\n3 comments"
    assert W.junk_lines(text, gold) == ["Share on Facebook", "3 comments"]
    assert W.junk_kind("Share on Facebook") == "share/social"
    assert W.pattern("Posted 12 Mar  2024") == "posted 0 mar 0"


def _result(page_id, kept, reason="", gold=3000, precision=None):
    return W.PageResult(
        "wcxb",
        page_id,
        "heldout",
        "article",
        kept,
        reason,
        "",
        gold,
        precision,
        precision,
        (1, 4) if kept else (0, 0),
        (2, 2) if kept else (0, 0),
        [],
    )


def test_false_removals_count_good_pages_removed_by_a_filter_only():
    results = [
        _result("a", True, precision=0.9),
        _result("b", False, "quality.gopher_repetition/gopher_dup_lines"),
        _result("c", False, "quality.c4/c4_curly_bracket"),
        _result("d", False, "dedup.exact/exact_duplicate"),  # a copy: no loss
        _result("e", False, "quality.c4/c4_curly_bracket", gold=500),  # too short to count
    ]
    s = W.summarise_pages(results)
    assert s["good_pages"] == 4 and s["false_removals"] == 2 and s["false_removal_share"] == 0.5
    assert s["false_removals_by_reason"]["quality.c4/c4_curly_bracket"] == {
        "pages": 1,
        "examples": ["c"],
    }
    assert s["kept_precision"] == 0.9 and s["without_left"] == 0.25 and s["with_found"] == 1.0


def test_article_lines_scored_by_kind_with_the_step_that_removed_them():
    article = Article(
        "x/page",
        "en",
        "en",
        "heldout",
        True,
        [
            ("Home News Sport", "menu"),
            ("First paragraph of the story, long enough.", "body"),
            ("Second paragraph with the number 555 0134 in it.", "body"),
            ("Third paragraph that cleaning wrongly took.", "body"),
            ("All rights reserved.", "rights"),
        ],
    )
    doc = Document(
        id="x/page",
        text=(
            "First paragraph of the story, long enough.\n\n"
            "Second paragraph with the number <PHONE> in it.\n\nAll rights reserved.\n"
        ),
    )
    doc.edits = [
        Edit("clean.lines", "navigation", "Home News Sport"),
        Edit("clean.lines", "short_line", "Third paragraph that cleaning wrongly took."),
    ]
    r = W.score_article(article, doc)
    assert (r.furniture, r.furniture_removed, r.furniture_left) == (2, 1, Counter(rights=1))
    assert (r.body, r.body_altered) == (3, 1)
    assert r.body_lost == Counter({"clean.lines/short_line": 1})
    doc.rejection = Rejection("lang.filter", "lang_low_score", "0.3 < 0.5")
    removed = W.score_article(article, doc)
    assert not removed.kept and removed.body_lost == Counter() and removed.furniture_removed == 0
    s = W.summarise_languages([r, removed])
    assert s["languages"]["en"]["page_kept"] == 0.5
    assert s["overall"]["body_lost"] == round(1 / 3, 4)


# --------------------------------------------------------------- floors on held-out data

# measured 2026-12-07 after issue 33's first round (bench/RESULTS.md), held-out side, whole
# sets; before it (d28a0f7) in brackets.
# WCXB 391 pages: kept-page precision .881 (.890), recall .927 (.935), `without` left 7.8%
# of 1,184 (7.2% of 1,067), false removals 7.8%, 27 of 347 (15.6%, 54)
WCXB = {
    "kept_precision": 0.87,
    "kept_recall": 0.915,
    "without_left": 0.085,
    "false_removal_share": 0.10,
}
# trafilatura's set, 201 pages: kept 93.0% (90.5%), `without` left 18.1% of 535 (17.7% of
# 520), `with` found 95.9% (96.1%)
TRAFILATURA = {"without_left": 0.19, "with_found": 0.95}
# 67 languages, 955 articles, each clean and furnished: clean kept 99.8% mean over languages
# (92.2%), every language 91.7%+ (60 of 67 at 90%+), furniture lines removed 72.9% (66.5%),
# body lines lost 0.04% (0.05%). Second round (same session day): furniture removed 92.7%
# pooled, 81.3% in the worst language (44.1% after the first round), body lines lost 0.05%
LANGUAGES = {
    "clean_kept_mean": 0.98,
    "furniture_removed": 0.90,
    "furniture_removed_min": 0.78,
    "body_lost": 0.002,
}
LANGUAGES_KEEPING_90 = 67


@pytest.fixture(scope="module")
def data():
    return shared_path("data")


@pytest.mark.slow
def test_wcxb_held_out_pages_meet_floors(data):
    pages = W.load_wcxb(data, "heldout")
    assert 350 <= len(pages) <= 450 and {p.side for p in pages} == {"heldout"}
    s = W.summarise_pages(W.run_pages(pages))
    assert s["kept_precision"] >= WCXB["kept_precision"], s
    assert s["kept_recall"] >= WCXB["kept_recall"], s
    assert s["without_left"] <= WCXB["without_left"], s
    assert s["false_removal_share"] <= WCXB["false_removal_share"], s["false_removals_by_reason"]


@pytest.mark.slow
def test_trafilatura_held_out_pages_meet_floors(data):
    s = W.summarise_pages(W.run_pages(W.load_trafilatura(data, "heldout")))
    assert s["without_left"] <= TRAFILATURA["without_left"], s
    assert s["with_found"] >= TRAFILATURA["with_found"], s


@pytest.mark.slow
def test_every_language_held_out_meets_floors(data):
    from winnow.evaluation import furniture

    items = list(furniture.articles(data, "heldout"))
    summary = W.summarise_languages(W.run_articles(items))
    s = summary["overall"]
    assert s["languages"] == 67
    keeping = [k for k, f in summary["languages"].items() if (f["clean_kept"] or 0) >= 0.9]
    assert len(keeping) >= LANGUAGES_KEEPING_90, sorted(set(summary["languages"]) - set(keeping))
    assert s["clean_kept_mean"] >= LANGUAGES["clean_kept_mean"], s
    assert s["furniture_removed"] >= LANGUAGES["furniture_removed"], s
    assert s["furniture_removed_min"] >= LANGUAGES["furniture_removed_min"], s
    assert s["body_lost"] <= LANGUAGES["body_lost"], s


@pytest.mark.slow
def test_bench_script_runs(data, tmp_path):
    out = tmp_path / "eval.json"
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "web_eval.py"),
            "--limit",
            "4",
            "--per-language",
            "1",
            "--split",
            "heldout",
            "--data",
            str(data),
            "--json",
            str(out),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    assert "| word precision of kept pages (macro) |" in run.stdout
    assert "| furniture lines removed (pooled / worst language) |" in run.stdout
    assert out.exists()
