"""Pages: HTML in, extraction (+ cleaning) out, word-level F1 against the ground truth.

Scores the held-out 30% of each extraction set with full-text ground truth (WCXB,
Scrapinghub articles, CleanEval, CleanPortalEval, L3S-GN1, Readability's real test pages;
see ``winnow.evaluation.extraction_sets``) with WCXB's measure (bag of lowercased ``\\w+``
words, F1 per page, macro), for plain trafilatura, plain resiliparse, winnow's block
extractor and winnow's extraction + line cleaning steps, with pages/s (one process; the
clock covers extraction only, not scoring).
Then the same systems on the held-out 30% of trafilatura's multilingual evaluation set
(mostly German pages), scored as trafilatura scores it: snippets that must and must not
appear (``winnow.evaluation.snippets``).

    python bench/pages.py [--limit N] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from winnow.evaluation.extraction_sets import SOURCES, iter_set
from winnow.evaluation.pages import cleaning_extractor, word_f1
from winnow.evaluation.snippets import iter_snippet_pages, pooled
from winnow.steps.html.extract import make_extractor

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def crash_safe(extract):
    """``extract`` that gives empty text where it crashes: the page scores as found empty."""

    def run(html: str) -> str:
        try:
            return extract(html) or ""
        except Exception:  # noqa: BLE001 - one page's crash must not end the benchmark
            return ""

    return run


def timed_texts(pages, extract) -> tuple[list[str], float]:
    """Every page's text and the seconds the extraction alone took (scoring comes after,
    outside the clock: it costs the same for every system). winnow's cleaning extractor
    takes the pages as a list, a batch at a time as ``winnow run`` does (``many``); should
    that crash, the pages are timed again one by one."""
    start = time.perf_counter()
    if hasattr(extract, "many"):
        try:
            return extract.many([page.html for page in pages]), time.perf_counter() - start
        except Exception:  # noqa: BLE001 - fall back to page by page, crash-safe
            start = time.perf_counter()
    extract = crash_safe(extract)
    texts = [extract(page.html) for page in pages]
    return texts, time.perf_counter() - start


def evaluate(pages, extract) -> dict[str, float]:
    texts, elapsed = timed_texts(pages, extract)
    scores = [word_f1(text, page.truth) for text, page in zip(texts, pages, strict=True)]
    return {
        "f1_macro": round(statistics.fmean(scores), 4),
        "pages_per_s": round(len(pages) / elapsed, 1),
    }


def snippet_scores(pages, extract) -> dict[str, float]:
    texts, elapsed = timed_texts(pages, extract)
    return {**pooled(texts, pages).scores(), "pages_per_s": round(len(pages) / elapsed, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=None, help="pages per set")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    if not (DATA / "wcxb").exists():
        sys.exit(f"extraction sets not found under {DATA}")
    systems = {
        "trafilatura": make_extractor("trafilatura"),
        "resiliparse": make_extractor("resiliparse"),
        "winnow blocks": make_extractor("blocks"),
        "winnow (blocks + clean)": cleaning_extractor("blocks"),
    }
    results: dict = {"pages": {}}
    for source in SOURCES:
        pages = list(iter_set(DATA, source, training=False))[: args.limit]
        results["pages"][source] = len(pages)
        results[source] = {}
        for name, extract in systems.items():
            results[source][name] = evaluate(pages, extract)
            print(source, name, results[source][name], flush=True)
    # every system's pages/s over all held-out pages, and F1 averaged over the sets
    results["all"] = {
        name: {
            "f1_macro": round(statistics.fmean(results[s][name]["f1_macro"] for s in SOURCES), 4),
            "pages_per_s": round(
                sum(results["pages"].values())
                / sum(results["pages"][s] / results[s][name]["pages_per_s"] for s in SOURCES),
                1,
            ),
        }
        for name in systems
    }
    print("all", results["all"])
    snippet_pages = list(iter_snippet_pages(DATA, training=False))[: args.limit]
    results["snippets"] = {"pages": len(snippet_pages)}
    for name, extract in systems.items():
        results["snippets"][name] = snippet_scores(snippet_pages, extract)
        print("trafilatura-eval", name, results["snippets"][name], flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
