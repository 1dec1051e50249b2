"""Pages: HTML in, extraction + cleaning out, word-level F1 against WCXB's ground truth.

Runs winnow's per-document steps (extraction and line cleaning of a recipe) on every WCXB
page and scores them with the WCXB word-F1, side by side with plain trafilatura and plain
resiliparse on the same pages, with pages/s for each (one process).

    python bench/pages.py [--limit N] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from extraction import load_pages, word_f1

from winnow.document import Document
from winnow.pipeline import Pipeline
from winnow.recipe import parse_recipe
from winnow.steps.extract import make_extractor

CLEANING = ["lang.identify", "clean.lines", {"clean.repeats": {"window": 3}}]


def winnow_extractor(engine: str):
    pipeline = Pipeline.from_recipe(parse_recipe(
        {"steps": [{"html.extract": {"engine": engine}}, *CLEANING]}))
    pipeline.setup()
    (steps,) = pipeline.segments

    def run(html: str) -> str:
        doc = Document(id="p", text="", html=html)
        for step in steps:
            if doc.rejection is None:
                step.apply(doc)
        return doc.text if doc.rejection is None else ""

    return run


def evaluate(pages, extract) -> dict[str, float]:
    scores = []
    start = time.perf_counter()
    for _, html, truth in pages:
        try:
            text = extract(html) or ""
        except Exception:  # noqa: BLE001 - a crash scores 0 for that page
            text = ""
        scores.append(word_f1(text, truth))
    elapsed = time.perf_counter() - start
    return {"f1_macro": round(statistics.fmean(scores), 4),
            "pages_per_s": round(len(pages) / elapsed, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    pages = load_pages(args.limit)
    systems = {
        "trafilatura": make_extractor("trafilatura"),
        "resiliparse": make_extractor("resiliparse"),
        "winnow (resiliparse + clean)": winnow_extractor("resiliparse"),
        "winnow (trafilatura + clean)": winnow_extractor("trafilatura"),
    }
    results = {"pages": len(pages)}
    for name, extract in systems.items():
        results[name] = evaluate(pages, extract)
        print(name, results[name], flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
