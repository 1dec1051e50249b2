"""Pages: HTML in, extraction + cleaning out, word-level F1 against WCXB's ground truth.

Runs winnow's per-document steps (extraction and line cleaning of a recipe) on the held-out
WCXB pages and scores them with the WCXB word-F1, side by side with plain trafilatura and plain
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

from winnow.evaluation.pages import cleaning_extractor, iter_pages, word_f1
from winnow.steps.extract import make_extractor

WCXB = Path(__file__).resolve().parents[2] / "shared" / "data" / "wcxb"


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
    if not WCXB.exists():
        sys.exit(f"WCXB data not found at {WCXB}")
    # the held-out 30% of WCXB (the line model may train on the other 70%)
    pages = [(i, h, t) for i, h, t in iter_pages(WCXB, training=False, limit=args.limit)]
    systems = {
        "trafilatura": make_extractor("trafilatura"),
        "resiliparse": make_extractor("resiliparse"),
        "winnow blocks": make_extractor("blocks"),
        "winnow (blocks + clean)": cleaning_extractor("blocks"),
        "winnow (resiliparse + clean)": cleaning_extractor("resiliparse"),
        "winnow (trafilatura + clean)": cleaning_extractor("trafilatura"),
    }
    results = {"pages": len(pages)}
    for name, extract in systems.items():
        results[name] = evaluate(pages, extract)
        print(name, results[name], flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
